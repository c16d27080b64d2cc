"""The one error handler: every TripplanError, whatever the command, becomes one line.

So do the command line's own mistakes (an unknown option, a missing argument): one line
saying what and where to look, never a usage box; and a bug of ours.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from tripplan import safe
from tripplan.cli.options import EXIT_CANNOT_RUN, EXIT_PROBLEMS, stderr
from tripplan.errors import InvalidItinerary, TripplanError

# click's base exception, vendored by recent typer versions and imported by older ones.
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def _error(message: str) -> None:
    from rich.markup import escape  # only when there is an error to show

    stderr().print(f"[bold red]error:[/] {escape(safe.terminal(message))}")


class Commands(TyperGroup):
    """Turns every TripplanError into one line on stderr and exit 2 (1 for an itinerary
    with errors: it has problems, the command could run); a bug of ours too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone_mode: bool = kwargs.pop("standalone_mode", True)
        try:
            kwargs["standalone_mode"] = False
            status = super().main(*args, **kwargs)
        except _ClickException as e:
            usage: Any = e
            if type(e).__name__ == "NoArgsIsHelpError":  # `tripplan` alone: the help
                usage.show()
            else:
                context = getattr(e, "ctx", None)
                where = f"; see '{context.command_path} --help'" if context is not None else ""
                # typer checks a value with pydantic, whose message starts "Value error, ".
                said = usage.format_message().replace(": Value error, ", ": ")
                _error(f"{said.rstrip('.')}{where}")
            status = getattr(e, "exit_code", EXIT_CANNOT_RUN)
        except typer.Abort:
            _error("interrupted")
            status = 1
        if not standalone_mode:
            return status
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidItinerary as e:  # the itinerary has problems: 1, as check says
            _error(str(e))
            raise typer.Exit(EXIT_PROBLEMS) from None
        except TripplanError as e:
            _error(str(e))
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except BrokenPipeError:
            # The reader went away (`tripplan show trip.yaml | head`): nothing to say, and
            # nothing left to write; the CLI framework ends the command quietly.
            raise
        except Exception as e:  # a bug of ours: the user still gets one line, not a trace
            # Usage errors and exits belong to the CLI framework (click, vendored or not).
            if os.environ.get("TRIPPLAN_DEBUG") or type(e).__module__.startswith(
                ("click", "typer")
            ):
                raise
            from rich.markup import escape

            stderr().print(
                "[bold red]internal error:[/] "
                f"{escape(safe.terminal(f'{type(e).__name__}: {e}'))}; "
                "please report it with the file (TRIPPLAN_DEBUG=1 shows the details)"
            )
            raise typer.Exit(EXIT_CANNOT_RUN) from None
