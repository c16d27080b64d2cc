"""The one error handler: every TripplanError, whatever the command, becomes one line."""

from __future__ import annotations

import os
from typing import Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from tripplan.cli.options import EXIT_CANNOT_RUN, stderr
from tripplan.errors import TripplanError


class Commands(TyperGroup):
    """Turns every TripplanError into one line on stderr and exit 2; a bug of ours too."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TripplanError as e:
            stderr().print(f"[bold red]error:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except Exception as e:  # a bug of ours: the user still gets one line, not a trace
            # Usage errors and exits belong to the CLI framework (click, vendored or not).
            if os.environ.get("TRIPPLAN_DEBUG") or type(e).__module__.startswith(
                ("click", "typer")
            ):
                raise
            stderr().print(
                f"[bold red]internal error:[/] {escape(type(e).__name__)}: {escape(str(e))}; "
                "please report it with the file (TRIPPLAN_DEBUG=1 shows the details)"
            )
            raise typer.Exit(EXIT_CANNOT_RUN) from None
