"""The consoles results and errors are printed on, and the last guard in front of the
terminal.

Renderers make text from outside safe with `tripplan.safe` before laying it out (so
widths are right); this guard sees every segment a console is about to write, and shows
as an escape any control character that got past them, and drops hyperlinks (tripplan
makes none; a markup `[link=...]` from a file must not become an OSC 8). Imported only
when something is printed through rich: `check` to a pipe never needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.segment import Segment

from tripplan import safe


def guarded_stdout(*, soft_wrap: bool = True) -> Console:
    return _guarded(Console(highlight=False, emoji=False, soft_wrap=soft_wrap))


def guarded_stderr() -> Console:
    return _guarded(Console(stderr=True, highlight=False, emoji=False, soft_wrap=True))


class _Shown:
    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _shown(console.render(self.inner, options))


def _shown(segments: Iterable[Segment]) -> Iterator[Segment]:
    for segment in segments:
        text, style, control = segment
        if control:
            yield segment
            continue
        if style is not None and style.link:
            style = style.update_link(None)
        yield Segment(safe.visible(text, newlines=True), style)


class _Guard(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Shown(r) for r in renderables]


def _guarded(console: Console) -> Console:
    console.push_render_hook(_Guard())
    return console
