"""The `tripplan` command: one module per command, the shared options, the one error handler.

Exit status everywhere: 0 fine, 1 the itinerary has problems (or changes), 2 the command
could not run. Errors go to stderr as one line; results go to stdout. Imports every layer;
nothing imports it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from tripplan.cli.errors import Commands
from tripplan.version import __version__

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


def _command(name: str) -> Callable[..., None]:
    module = importlib.import_module(f"tripplan.cli.{name}")
    function: Callable[..., None] = getattr(module, name)
    return function


def build(commands: tuple[str, ...] = COMMANDS) -> typer.Typer:
    """The CLI with these commands (in help order)."""
    cli = typer.Typer(
        cls=Commands,
        help="Plan, check and share official delegation trips written as YAML itineraries.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    cli.callback()(_main)
    for name in commands:
        cli.command(name)(_command(name))
    return cli


def __getattr__(name: str) -> Any:
    # `app` (every command) is built on first use: `main` builds only the one asked for.
    if name == "app":
        return build()
    raise AttributeError(name)


def main() -> None:
    # typer turns every registered command into a click command on each run; `check`
    # runs on every save, so build only the command asked for (help lists them all).
    asked = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    build((asked,) if asked in COMMANDS else COMMANDS)()
