"""What several commands share: exit statuses, options declared once, and their checks."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
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
from tripplan.errors import TripplanError
from tripplan.format.model import Itinerary

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class Language(StrEnum):
    """--lang: the briefing pack's and the published pages' languages."""

    en = "en"
    zh_hant = "zh-hant"
    zh_hans = "zh-hans"
    en_zh_hant = "en+zh-hant"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="The office's venue registry (default: venues.yaml beside the itinerary, if any).",
    ),
]
DayOption = Annotated[
    str | None, typer.Option("--day", help="Only this day (YYYY-MM-DD); default: every day.")
]
PersonOption = Annotated[
    str | None, typer.Option("--person", help="Only the events this person attends.")
]
HideCancelledOption = Annotated[
    bool, typer.Option("--hide-cancelled", help="Leave cancelled events out.")
]


def stdout(*, soft_wrap: bool = True) -> Console:
    """The console for results; nothing printed on it can reach the terminal as a control."""
    return _guarded(Console(highlight=False, emoji=False, soft_wrap=soft_wrap))


def stderr() -> Console:
    """The console for errors and warnings, guarded as stdout is."""
    return _guarded(Console(stderr=True, highlight=False, emoji=False, soft_wrap=True))


def emit(text: str) -> None:
    """Write a finished document (Markdown, JSON) to stdout; a control character that
    slipped past its renderer is shown as its escape, never obeyed."""
    sys.stdout.write(safe.visible(text, keep="\n"))


# --- the last guard in front of the terminal ------------------------------------------
#
# Renderers make text from outside safe with `tripplan.safe` before laying it out (so
# widths are right); this guard sees every segment a console is about to write, and
# shows as an escape any control character that got past them, and drops hyperlinks
# (tripplan makes none; a markup `[link=...]` from a file must not become an OSC 8).


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
        yield Segment(safe.visible(text, keep="\n"), style)


class _Guard(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Shown(r) for r in renderables]


def _guarded(console: Console) -> Console:
    console.push_render_hook(_Guard())
    return console


def chosen_day(itinerary: Itinerary, day: str | None) -> date | None:
    """The --day option as a date of the trip; TripplanError if it is not one."""
    if day is None:
        return None
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise TripplanError(f"--day {day}: write the date as YYYY-MM-DD") from None
    if chosen not in {d.date for d in itinerary.days}:
        raise TripplanError(f"--day {day}: the trip has no such day")
    return chosen


def known_person(
    itinerary: Itinerary | Collection[str],
    person: str | None,
    source: object,
    option: str = "--person",
) -> None:
    """TripplanError unless `person` (if given) is one of the people (of an itinerary, or
    these ids), with the likely one."""
    people = itinerary.people if isinstance(itinerary, Itinerary) else itinerary
    if person is None or person in people:
        return
    close = difflib.get_close_matches(person, list(people), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise TripplanError(f"{option} {person}: not one of the people of {source}{hint}")


def itinerary_files(paths: list[Path]) -> list[Path]:
    """The itineraries named, folders searched for *.yaml and *.yml (hidden folders and
    the office's venue registry skipped); TripplanError for a path that is not there."""
    from tripplan.pipeline import REGISTRY_NAME

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.name != REGISTRY_NAME  # the office's venue registry, not a trip
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise TripplanError(f"{path}: no itineraries (*.yaml, *.yml) in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise TripplanError(f"{path}: no such file or folder; check the path")
    return files
