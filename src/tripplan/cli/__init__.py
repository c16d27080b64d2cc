"""The `tripplan` command: one module per command, the shared options, the one error handler.

Exit status everywhere: 0 fine, 1 the itinerary has problems (or changes), 2 the command
could not run. Errors go to stderr as one line; results go to stdout. Imports every layer;
nothing imports it.

The command line is defined once, with typer, and each command's module is imported only
when that command runs (click's lazy group: `get_command` loads it): `check` runs on
every save, and must not pay for the others.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tripplan.cli.errors import Commands
from tripplan.cli.help import Command as PlainCommand
from tripplan.cli.help import plainly_named
from tripplan.cli.process import end_now, no_pydantic_plugins, utf8_streams
from tripplan.version import __version__

if TYPE_CHECKING:
    from typer._click import Command  # typer's own copy of click

# Each command is a module of this package holding a function of the same name.
COMMANDS = (
    "check",
    "diff",
    "export",
    "publish",
    "serve",
    "show",
    "brief",
    "geocode",
    "sequence",
    "schema",
)


def _version(value: bool) -> None:
    if value:
        print(f"tripplan {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan, check and share official delegation trips written as YAML itineraries."""


class _Loaded(MutableMapping[str, "Command"]):
    """The commands by name, each built by typer from its module on first use."""

    def __init__(self, group: TyperGroup) -> None:
        self._group = group
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            module = importlib.import_module(f"tripplan.cli.{name}")
            one = typer.Typer(add_completion=False, rich_markup_mode=self._group.rich_markup_mode)
            one.command(name, cls=PlainCommand)(getattr(module, name))
            self._built[name] = typer.main.get_command(one)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class Tripplan(Commands):
    """The root command: its subcommands are loaded when asked for (help lists them all)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Loaded(self)

    def get_params(self, ctx: Any) -> Any:
        # typer adds --install-completion and --show-completion after building the group.
        params = super().get_params(ctx)
        for param in params:
            plainly_named(param)
        return params

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option


app = typer.Typer(
    cls=Tripplan,
    help="Plan, check and share official delegation trips written as YAML itineraries.",
    no_args_is_help=True,
    # --install-completion: typer's completion for bash, zsh, fish and PowerShell; person
    # ids, day dates and venue ids come from the itinerary on the line (cli/completion).
    add_completion=True,
    pretty_exceptions_enable=False,
)
app.callback()(_main)


def main() -> None:
    """The `tripplan` command: `run`, then the process ends as soon as its output is out."""
    try:
        run()
    except SystemExit as done:
        end_now(done.code)
        raise


def run() -> None:
    """The command on `sys.argv`, as the process runs it, ending in SystemExit (for a
    caller that goes on afterwards: `main` does not return)."""
    utf8_streams()
    no_pydantic_plugins()
    # A command runs once and exits: what it builds lives until then, and the cyclic
    # collector would only walk it again and again (a tenth of a large file's time).
    gc.disable()
    app()
