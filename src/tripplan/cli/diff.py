"""`tripplan diff`: what changed in meaning between two versions of an itinerary."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan import pipeline, safe
from tripplan.cli import completion
from tripplan.cli.options import EXIT_PROBLEMS, emit, print_lines
from tripplan.errors import TripplanError

if TYPE_CHECKING:
    from tripplan.outputs.diff import Change


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def diff(
    old: Annotated[
        str,
        typer.Argument(metavar="OLD", help="The earlier version: a file, or REV:path in git."),
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="NEW", help="The later version (a file or REV:path); with --since, omit it."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare OLD as it was at this git revision with OLD now."),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar="ID",
            autocompletion=completion.people,
            help="Only changes that concern this person.",
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (for e-mail) or json.")
    ] = DiffFormat.text,
    outside: Annotated[
        bool,
        typer.Option(
            "--outside",
            help="Leave out the changes marked (internal) — documents, rooms, seats, talking "
            "points, internal contacts and notes — for a note to hosts or drivers.",
        ),
    ] = False,
) -> None:
    """What changed in meaning between two versions of an itinerary.

    Comments, key order and formatting are not changes; flexible events are compared
    where the sequencer places them. Logistics are changes too: drivers, who rides in
    which car, rooms, seats, documents (masked), contacts, talking points; what hosts and
    drivers are never given is marked (internal). Exit status: 0 no change in meaning,
    1 changes (or a side has errors: the diff is refused, naming the first), 2 a side
    could not be read.

    Examples:  tripplan diff old.yaml new.yaml
               tripplan diff itineraries/trip.yaml --since HEAD~1 --format markdown
               tripplan diff HEAD~3:itineraries/trip.yaml itineraries/trip.yaml
               tripplan diff old.yaml new.yaml --outside --format markdown
    """
    from tripplan.format.sources import from_spec
    from tripplan.outputs.diff import diff as compare

    if since is not None:
        if new is not None:
            raise TripplanError("give either --since REV with one file, or two versions")
        specs = [from_spec(old, since=since), from_spec(old)]
    elif new is None:
        raise TripplanError("give two versions to compare, or one file and --since REV")
    else:
        specs = [from_spec(old), from_spec(new)]
    before, after = (pipeline.parse(spec) for spec in specs)
    sides = [pipeline.usable(side, "the diff is refused") for side in (before, after)]
    # Where the sequencer places each flexible event: a new place changes someone's day.
    pipeline.place_pair(pipeline.locate(before), pipeline.locate(after))
    if person is not None and not any(person in it.people for it in sides):
        raise TripplanError(f"person '{person}' is in neither version; check the id")
    changes = compare(sides[0], sides[1], person=person)
    if outside:
        changes = [c for c in changes if not c.internal]
    _print_changes(changes, before.source, after.source, sides[1].trip.title, output_format)
    if changes:
        raise typer.Exit(EXIT_PROBLEMS)


def _print_changes(
    changes: list[Change], old: str, new: str, title: str, output_format: DiffFormat
) -> None:
    from tripplan.outputs.diff import as_markdown, as_text

    if output_format is DiffFormat.json:
        document = {"old": old, "new": new, "changes": [c.as_json() for c in changes]}
        emit(safe.json(document) + "\n")
        return
    # Plain text to a pipe, as `check` prints: rich only for a terminal.
    if not changes:
        shown = [safe.terminal(side) for side in (old, new)]
        print_lines([[(f"No change in meaning between {shown[0]} and {shown[1]}.", "")]])
        return
    if output_format is DiffFormat.text:
        print_lines([[(line, "")] for line in as_text(changes)])
        return
    emit(as_markdown(changes, title, old, new))
