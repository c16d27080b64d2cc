"""What `tripplan sequence` shows: each day's chosen order, its transfers and its travel.

Pure: builds rich renderables and JSON-ready data from placed days; the CLI prints them.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tripplan import safe
from tripplan.format.model import Event, Itinerary
from tripplan.format.values import spoken_minutes
from tripplan.geo.distance import great_circle_km
from tripplan.outputs.day_moves import clock, venue_name
from tripplan.plan.nights import Nights, apart
from tripplan.plan.placing import DayPlan


def day_events(itinerary: Itinerary, plan: DayPlan) -> list[Event]:
    """The day's events of everyone the flexible ones involve: placed ones in time order."""
    people = {p for e in plan.flexible for p in itinerary.attendees(e)}
    day = next(d for d in itinerary.days if d.date == plan.day)
    shown = [
        e
        for e in day.events
        if not e.is_cancelled and e.start_at is not None and people & set(itinerary.attendees(e))
    ]
    return sorted(shown, key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)


Move = tuple[int, float, str]  # seconds as the plan counted them, straight-line km, traffic


def _move(
    itinerary: Itinerary,
    plan: DayPlan,
    first: Event | None,
    second: Event | None,
    here: str,
    there: str,
) -> Move | None:
    """The move from `first` (None: the hotel) at `here` to `second` at `there`, leaving
    when `first` ends (from the hotel: as late as arrives in time)."""
    depart = first.end_at if first is not None else None
    start = second.start_at if second is not None else None
    found = plan.seconds_between(here, there, depart, start)
    if here == there or not found or not found[0]:
        return None
    a, b = itinerary.point(here), itinerary.point(there)
    assert a is not None
    assert b is not None
    return found[0], great_circle_km(a, b), found[1]


def _words(move: Move) -> str:
    roads = f" ({move[2]})" if move[2] else ""
    return f"~{spoken_minutes(timedelta(seconds=move[0]))}{roads}, {move[1]:.1f} km"


Transfer = tuple[Event | None, Event | None, Move, tuple[str, ...]]


def transfers(itinerary: Itinerary, plan: DayPlan, nights: Nights) -> list[Transfer]:
    """(from, to, move, who) for each move of the day of the people the flexible events
    involve, a shared one once; None stands for the hotel (the previous night's, or
    tonight's), for those who sleep there (`plan.nights`, as `show` and the drivers'
    sheets have it; a hotel in another city is a journey, not a move)."""
    events = day_events(itinerary, plan)
    slept, slept_there = nights.hotel(plan.day - timedelta(1))
    tonight, sleeping = nights.hotel(plan.day)
    away = apart(itinerary)
    people = {p for e in plan.flexible for p in itinerary.attendees(e)}
    moves: dict[tuple[int, int], tuple[Event | None, Event | None, Move]] = {}
    who: dict[tuple[int, int], list[str]] = {}

    def add(first: Event | None, second: Event | None, here: str, there: str) -> None:
        key = (id(first) if first else 0, id(second) if second else 0)
        if key not in moves:
            found = _move(itinerary, plan, first, second, here, there)
            if not found:
                return
            moves[key] = (first, second, found)
        who.setdefault(key, []).append(person)

    for person in itinerary.by_precedence():
        if person not in people:
            continue
        mine = [e for e in events if person in itinerary.attendees(e) and e.places]
        if not mine:
            continue
        start, end = mine[0].places[0], mine[-1].places[-1]
        if slept and person in slept_there and not away(slept, start):
            add(None, mine[0], slept, start)
        for first, second in itertools.pairwise(mine):
            add(first, second, first.places[-1], second.places[0])
        if tonight and person in sleeping and not away(end, tonight):
            add(mine[-1], None, end, tonight)
    return [(*move, tuple(who[key])) for key, move in moves.items()]


def _line(itinerary: Itinerary, plan: DayPlan, transfer: Transfer) -> str:
    """ "ko: from Hotel to Science park: ~45 min (peak), 10.8 km": who moves unless it is
    everyone at both ends (of the people the flexible events involve)."""
    first, second, move, people = transfer
    here = "the hotel" if first is None else venue_name(itinerary, first.places[-1])
    there = "the hotel" if second is None else venue_name(itinerary, second.places[0])
    said = f"from {here} to {there}: {_words(move)}"
    involved = {p for e in plan.flexible for p in itinerary.attendees(e)}
    ends = [e for e in (first, second) if e is not None]
    everyone = {p for e in ends for p in itinerary.attendees(e)} & involved
    return said if set(people) >= everyone else f"{', '.join(people)}: {said}"


def _placed(events: list[Event], moves: list[Transfer]) -> dict[int, list[Transfer]]:
    """Each move listed where it happens: before the first of `events` (by index; their
    number for after the last) that starts after it leaves: after the event it leaves,
    and never below the one it goes to."""
    keys = [(e.start_ts or 0.0, 2 * i) for i, e in enumerate(events)]
    order = {id(e): i for i, e in enumerate(events)}
    found: list[tuple[tuple[float, int], int, Transfer]] = []
    for n, move in enumerate(moves):
        first, second = move[0], move[1]
        if first is None:  # leaves as late as arrives in time
            assert second is not None
            key = (keys[order[id(second)]][0] - move[2][0], 2 * order[id(second)] - 1)
        else:
            key = (first.end_ts or 0.0, 2 * order[id(first)] + 1)
            if second is not None:
                key = min(key, keys[order[id(second)]])
        found.append((key, n, move))
    placed: dict[int, list[Transfer]] = {}
    for key, _, move in sorted(found, key=lambda f: (f[0], f[1])):
        placed.setdefault(bisect_left(keys, key), []).append(move)
    return placed


def _quality(day: DayPlan) -> str:
    plan = day.plan
    if day.unplaced:
        return f"{len(plan.starts)} of {len(day.flexible)} fit"
    if plan.exact:
        return "best order (exact)"
    return f"good order (heuristic, within {plan.gap:.0%} of a lower bound)"


def _compared(day: DayPlan) -> str:
    chosen, written = day.plan, day.written
    total = f"On the road: {spoken_minutes(timedelta(seconds=chosen.travel))}"
    if day.unplaced:
        return f"{total} (with the flexible events that fit)"
    if len(day.flexible) == 1:
        return total
    if len(written.starts) < len(day.flexible):
        return f"{total} (the order as written does not fit)"
    if written.tight > chosen.tight:
        kept = written.moves - written.tight
        return f"{total} (the order as written keeps the buffer on {kept} of {written.moves} moves)"
    saved = written.travel - chosen.travel
    if saved <= 0:
        return f"{total} (the order as written is as good)"
    return (
        f"{total} (as written: {spoken_minutes(timedelta(seconds=written.travel))}; "
        f"{spoken_minutes(timedelta(seconds=saved))} saved)"
    )


def _buffers(day: DayPlan, buffer: timedelta) -> str:
    """ "Buffer of 10 min kept on 4 of 6 moves; the tightest leaves 3 min to spare" """
    plan = day.plan
    said = f"Buffer of {spoken_minutes(buffer)} kept on {plan.moves - plan.tight} of {plan.moves} "
    said += "move" if plan.moves == 1 else "moves"
    if plan.tight and plan.spare is not None:
        if plan.spare < 60:
            said += "; the tightest leaves no time to spare"
        else:
            spare = spoken_minutes(timedelta(seconds=plan.spare))
            said += f"; the tightest leaves {spare} to spare"
    return said


def render(
    itinerary: Itinerary, days: list[DayPlan], refused: Sequence[tuple[str, str]] = ()
) -> RenderableType:
    """The report for people; `refused` are flexible events no start can fit (event id,
    why), which the sequencer was not given."""
    buffer = itinerary.trip.buffer
    shown = safe.terminal
    parts: list[RenderableType] = []
    nights = Nights(itinerary)
    for day in days:
        count = len(day.flexible)
        title = (
            f"{day.day:%a} {day.day.day} {day.day:%b %Y} — {count} flexible event"
            f"{'s' if count != 1 else ''}, {_quality(day)}"
        )
        table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False)
        for column in ("#", "Time", "Event", "Window"):
            table.add_column(column, no_wrap=column != "Event")
        order = {id(day.flexible[v]): n for n, v in enumerate(day.plan.order, start=1)}
        events = day_events(itinerary, day)
        listed = _placed(events, transfers(itinerary, day, nights))
        midnight = datetime.combine(day.day, time(0), day.flexible[0].zone)
        for i, event in enumerate(events):
            for move in listed.get(i, []):
                line = f"↳ {shown(_line(itinerary, day, move))}"
                table.add_row("", "", Text(line, style="dim"), "")
            assert event.start_at is not None
            assert event.end_at is not None
            # As `show` says it: each end with its zone's name where that is not the trip's
            # (a train from Guangzhou to Hong Kong: "19:10–20:05 HKT").
            zone = itinerary.trip.timezone.key
            when = f"{clock(event.start_at, zone, midnight)}–{clock(event.end_at, zone, midnight)}"
            window = f"{event.window[0]}–{event.window[1]}" if event.window else ""
            number = str(order[id(event)]) if id(event) in order else ""
            # Text, not a string: rich would read "[link=...]" in a title as markup.
            table.add_row(number, when, Text(shown(f"{event.id}: {event.title}")), window)
        for move in listed.get(len(events), []):
            line = f"↳ {shown(_line(itinerary, day, move))}"
            table.add_row("", "", Text(line, style="dim"), "")
        for missed in day.unplaced:
            what = shown(f"{missed.event.id}: {missed.reason}")
            table.add_row("✗", "", Text(what, style="red"), "")
        if parts:
            parts.append(Text(""))
        parts += [table, Text(_compared(day))]
        if day.plan.moves:
            parts.append(Text(_buffers(day, buffer)))
    for event_id, why in refused:
        parts.append(Text(shown(f"✗ {event_id}: {why}"), style="red"))
    if not parts:
        parts.append(Text("No flexible events (window and duration): nothing to sequence."))
    return Group(*parts)


def as_json(itinerary: Itinerary, days: list[DayPlan]) -> dict[str, Any]:
    out = []
    nights = Nights(itinerary)
    for day in days:
        chosen, written = day.plan, day.written
        out.append(
            {
                "date": day.day.isoformat(),
                "exact": chosen.exact,
                "travel_minutes": round(chosen.travel / 60),
                # Moves between events to or from a flexible one, and those keeping the
                # trip's buffer; the least time any of them leaves to spare.
                "moves": chosen.moves,
                "moves_with_buffer": chosen.moves - chosen.tight,
                "least_spare_minutes": None if chosen.spare is None else chosen.spare // 60,
                # A bound on plans that place every flexible event: none when some cannot.
                "lower_bound_minutes": None if day.unplaced else round(chosen.lower_bound / 60),
                "written_travel_minutes": round(written.travel / 60)
                if len(written.starts) == len(day.flexible)
                else None,
                "order": [day.flexible[v].id for v in chosen.order],
                "events": [
                    {
                        "id": e.id,
                        "start": e.start_at.isoformat() if e.start_at else None,
                        "end": e.end_at.isoformat() if e.end_at else None,
                        "flexible": e.is_flexible,
                        "window": [str(w) for w in e.window] if e.window else None,
                    }
                    for e in day_events(itinerary, day)
                ],
                "transfers": [
                    {
                        "from": first.id if first else "hotel",
                        "to": second.id if second else "hotel",
                        "minutes": round(move[0] / 60),
                        "km": round(move[1], 1),
                        "traffic": move[2] or None,
                        "people": list(people),
                    }
                    for first, second, move, people in transfers(itinerary, day, nights)
                ],
                "unplaced": [{"id": m.event.id, "reason": m.reason} for m in day.unplaced],
            }
        )
    return {"days": out}
