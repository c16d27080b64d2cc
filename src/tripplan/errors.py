"""The few exceptions tripplan raises; the CLI turns each into a one-line message."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tripplan.problems import Problem


class TripplanError(Exception):
    """Something the user can fix; its message is one sentence saying what and how."""


class InvalidItinerary(TripplanError):
    """The itinerary has errors that keep it from being used (the CLI exits 1: the
    itinerary has problems, as `tripplan check` would say, not "could not run")."""

    def __init__(self, source: str, problems: list[Problem], refusal: str = "") -> None:
        self.source = source
        self.problems = problems
        first = problems[0] if problems else None
        where = f"{source}:{first.line}:{first.column}" if first and first.line else source
        more = (
            f" (and {len(problems) - 1} more; run 'tripplan check {source}')"
            if len(problems) > 1
            else ""
        )
        refused = f"; {refusal}" if refusal else ""
        super().__init__(
            f"{where}: {first.message if first else 'invalid itinerary'}{more}{refused}"
        )
