"""`tripplan sequence`: the best order and start times of flexible events, and `--pin`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tripplan import pipeline, safe
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    DayOption,
    OutputFormat,
    OutputFormatOption,
    chosen_day,
    emit,
    quiet_libraries,
    stderr,
    stdout,
)
from tripplan.errors import TripplanError
from tripplan.pipeline import check_file


class RouterName(StrEnum):
    model = "model"
    osrm = "osrm"


def sequence(
    path: Annotated[Path, typer.Argument(help="The itinerary whose flexible events to place.")],
    day: DayOption = None,
    pin: Annotated[
        bool,
        typer.Option(
            "--pin",
            help="Write the chosen starts into the file (each window kept as a comment).",
        ),
    ] = False,
    router: Annotated[
        RouterName,
        typer.Option("--router", help="model (distance-based, offline) or osrm (road times)."),
    ] = RouterName.model,
    osrm_url: Annotated[
        str | None,
        typer.Option(
            "--osrm-url",
            envvar="TRIPPLAN_OSRM_URL",
            help="The office's OSRM server, for --router osrm.",
        ),
    ] = None,
    output_format: OutputFormatOption = OutputFormat.text,
) -> None:
    """Choose the order and start of flexible events (window + duration), day by day.

    Shows the chosen order and times around the fixed events, every transfer, and the
    day's travel against the order as written. Exact up to 12 flexible events a day,
    a heuristic (with its distance from a lower bound) beyond. --pin replaces each
    placed event's window with its start, keeping the window as a comment.
    Exit status: 0 every flexible event placed, 1 some cannot fit (or, pinned from OSRM's
    road times, check's travel model finds them too tight; or the file has errors), 2
    could not run.

    Examples:  tripplan sequence itineraries/shenzhen-day-2025-06.yaml
               tripplan sequence trip.yaml --day 2025-02-25 --pin
               tripplan sequence trip.yaml --router osrm --osrm-url http://localhost:5000
    """
    quiet_libraries()
    from tripplan.outputs import sequence as report

    # The bytes the starts are chosen from: --pin writes only into a file that still holds them.
    planned_from = _contents(path) if pin else None
    placed = pipeline.planned(path)
    itinerary = placed.itinerary
    assert itinerary is not None
    chosen = chosen_day(itinerary, day)
    warnings = []
    if router is RouterName.osrm:
        if not osrm_url:
            raise TripplanError("--router osrm needs --osrm-url (e.g. http://localhost:5000)")
        from tripplan.plan.routing import Osrm, RouterUnavailable

        server = Osrm(osrm_url)
        try:
            placed = pipeline.planned(path, router=server.durations)
        except RouterUnavailable as e:
            warnings.append(f"{e}; using the travel model instead")
            placed = pipeline.planned(path)
        itinerary = placed.itinerary
        assert itinerary is not None
    days = placed.days
    days = [d for d in days if chosen is None or d.day == chosen]
    refused = _not_sequenced(placed, chosen)
    pinned: list[str] = []
    late: list[Any] = []
    if pin:
        tight = ("travel-infeasible", "tight-transfer")
        road_times = router is RouterName.osrm and not warnings
        known = {(p.code, p.event) for p in check_file(path).problems} if road_times else set()
        pinned = _pin(path, days, planned_from)
        if pinned and road_times:
            # check measures with the travel model, whatever the router said: what the
            # pinned starts made too short by it, not what was so before.
            late = [
                p
                for p in check_file(path).problems
                if p.code in tight and (p.code, p.event) not in known
            ]
            if late:
                warnings.append(
                    f"the pinned starts use OSRM's road times, but check uses the travel "
                    f"model, by which {len(late)} transfer(s) are now too short; set "
                    "trip.travel.car.speed to what OSRM gives, or pin without --router osrm"
                )
    for warning in warnings:
        stderr().print(f"[yellow]warning:[/] {escape(safe.terminal(warning))}")
    if output_format is OutputFormat.json:
        data = report.as_json(itinerary, days) | {
            "not_sequenced": [{"id": event, "reason": why} for event, why in refused],
            "pinned": pinned,
            "warnings": warnings,
        }
        emit(safe.json(data) + "\n")
    else:
        out = stdout(soft_wrap=False)
        out.print(report.render(itinerary, days, refused))
        if pin:
            what = safe.terminal(", ".join(pinned) if pinned else "nothing")
            out.print(f"pinned in {escape(safe.terminal(path))}: {escape(what)}", soft_wrap=True)
    if late or refused or any(d.unplaced for d in days):
        raise typer.Exit(EXIT_PROBLEMS)


def _not_sequenced(placed: pipeline.Placed, chosen: Any) -> list[tuple[str, str]]:
    """Flexible events the sequencer was not given, because no start could be right (a
    duration longer than the window, or none): with check's reason for each."""
    itinerary = placed.itinerary
    assert itinerary is not None
    sequenced = {id(e) for d in placed.days for e in d.flexible}
    sequenced |= {id(u.event) for d in placed.days for u in d.unplaced}
    left = [
        e
        for e in itinerary.events()
        if e.is_flexible
        and not e.is_cancelled
        and e.start_at is None
        and id(e) not in sequenced
        and (chosen is None or e.day == chosen)
    ]
    if not left:
        return []
    reasons = {
        p.event: p.message
        for p in pipeline.check(placed).problems
        if p.severity == "error" and p.event is not None
    }
    return [(e.id, reasons.get(e.id, f"event '{e.id}' cannot be placed")) for e in left]


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # the read stage says why


def _pin(path: Path, days: list[Any], planned_from: bytes | None) -> list[str]:
    """Pin every placed flexible event of `days`; the ids pinned."""
    from tripplan.edits.pinning import ambiguous, pin_file, written_start

    starts, expected, ids = {}, {}, {}
    for day in days:
        for event in day.flexible:
            if event.start_at is None or event.window is None:
                continue
            where = (event.path[1], event.path[3])
            ids[where] = event.id
            if ambiguous(event.start_at):
                shown = escape(safe.terminal(event.id))
                stderr().print(
                    f"[yellow]warning:[/] event '{shown}' not pinned: its start "
                    f"{event.start_at:%H:%M} happens twice on that night's clock change; "
                    "give it its start by hand"
                )
                continue
            window = f'["{event.window[0]}", "{event.window[1]}"]'
            starts[where] = (written_start(event.start_at, event.day), window)
            expected[where] = event.start_at
    skipped = pin_file(path, starts, expected, planned_from=planned_from) if starts else []
    for where in skipped:
        shown = escape(safe.terminal(ids[where]))
        stderr().print(
            f"[yellow]warning:[/] event '{shown}' not pinned (its window is an "
            "alias, a merge, anchored or has a comment inside): give it its start by hand"
        )
    return [ids[w] for w in starts if w not in skipped]
