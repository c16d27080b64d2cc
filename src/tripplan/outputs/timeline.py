"""The trip as staff read it in a terminal: a header, then each day as a timeline.

Pure: lays out styled lines (`layout.Line`) for a terminal of a given width, or Markdown
text, from an itinerary and its problems; the CLI decides where they are printed. `rows`
are in the itinerary's own words; each renderer makes them safe for its sink
(`tripplan.safe`) as it lays them out.

Each day is a table (time, event, where, who, status) as wide as the terminal; every
word stays whole and every attendee id readable. Narrower, the status moves under the
event; narrower still (about 50 columns), each event is a block with one field per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from tripplan import safe
from tripplan.format.model import Day, Event, Itinerary, between
from tripplan.format.values import format_clock, format_duration
from tripplan.outputs.day_moves import (
    HotelMoves,
    Move,
    clock,
    day_events,
    hotel_moves,
    placed,
    venue_name,
)
from tripplan.outputs.layout import Cell, Column, Line, Span, indented, table, wrap
from tripplan.problems import Problem

_KIND_MARK = {
    "meeting": "MTG",
    "visit": "VISIT",
    "meal": "MEAL",
    "travel": "TRAVEL",
    "press": "PRESS",
    "briefing": "BRIEF",
    "other": "",
}
_MODE = {"car": "Car", "walk": "Walk", "train": "Train", "flight": "Flight", "ferry": "Ferry"}


@dataclass(frozen=True, slots=True)
class Row:
    """One event as the timeline shows it."""

    event: Event
    time: str
    what: str
    where: str
    who: str
    status: str
    problems: tuple[Problem, ...]
    # The transfers listed just before this event, in the order they leave: a move is
    # listed when it leaves (after the event it leaves), not under where it goes.
    moves: tuple[Move, ...] = ()
    arrival_time: timedelta = timedelta(0)  # the longest way into this event (day totals)
    # After the day's last row: the ways back to the hotel that leave after it starts.
    after: tuple[Move, ...] = ()
    return_time: timedelta = timedelta(0)  # the longest way back to the hotel from it


def selected_days(itinerary: Itinerary, day: date | None) -> list[Day]:
    return [d for d in itinerary.days if day is None or d.date == day]


def rows(
    itinerary: Itinerary,
    day: Day,
    problems: Iterable[Problem],
    *,
    person: str | None = None,
    hide_cancelled: bool = False,
    hotel: HotelMoves | None = None,
) -> list[Row]:
    """The day's events, each with the transfers listed before it; with `hotel`, the
    ways from and to the hotel too, at the times their cars leave (as the driver's sheet
    and the delegation's pack say)."""
    by_event: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.event:
            by_event.setdefault(problem.event, []).append(problem)
    events = day_events(itinerary, day, person, hide_cancelled)
    moves = placed(itinerary, day, events, person, hotel)
    found = [
        Row(
            e,
            _time(itinerary, e),
            _what(itinerary, e),
            _where(itinerary, e),
            _who(itinerary, e),
            _status(e),
            tuple(by_event.get(e.id, ())),
            moves.at(i),
            moves.into.get(id(e), timedelta(0)),
            return_time=moves.back.get(id(e), timedelta(0)),
        )
        for i, e in enumerate(events)
    ]
    if found:
        found[-1] = replace(found[-1], after=moves.at(len(events)))
    return found


def _status(event: Event) -> str:
    words: list[str] = [] if event.status == "confirmed" else [event.status]
    if event.is_partial:
        words.insert(0, "schema error")  # its problems are under it; check lists them
    elif event.times_unknown:
        words.insert(0, "zone unknown")
    if event.is_flexible and event.start_at is None:
        length = format_duration(event.duration) if event.duration else "?"
        words.append(f"flexible {length}, does not fit")  # the time shown is its window
    elif event.window is not None and not event.is_cancelled:
        words.append("flexible")  # placed by the sequencer inside its window
    return ", ".join(words)


def _time(itinerary: Itinerary, event: Event) -> str:
    zone = itinerary.trip.timezone.key
    if event.start_at is not None and event.end_at is not None:
        # "+1" from the day the event is listed under (a start of "00:30+1" included).
        midnight = datetime.combine(event.day, datetime.min.time(), event.start_at.tzinfo)
        start = clock(event.start_at, zone, midnight)
        return f"{start}–{clock(event.end_at, zone, midnight)}"
    if event.start_at is not None:  # an end that could not be read (a schema error)
        midnight = datetime.combine(event.day, datetime.min.time(), event.start_at.tzinfo)
        return f"{clock(event.start_at, zone, midnight)}–?"
    if event.window is not None:
        return f"{event.window[0]}–{event.window[1]}"
    if event.start is not None:  # written, in a zone that could not be told
        return f"{event.start}–{event.end or '?'}"
    return "?" if event.is_partial else ""  # a time that could not be read


def _what(itinerary: Itinerary, event: Event) -> str:
    if event.kind == "travel" and event.from_ and event.to:
        mode = _MODE.get(event.mode or "", "Travel")
        service = f" {event.service}" if event.service else ""
        return (
            f"{mode}{service}: {venue_name(itinerary, event.from_)} → "
            f"{venue_name(itinerary, event.to)}"
        )
    return event.title


def _where(itinerary: Itinerary, event: Event) -> str:
    if event.kind == "travel" or not event.venue:
        return ""
    venue = itinerary.venues.get(event.venue)
    if venue is None:
        return event.venue
    return f"{venue.name} ({venue.name_local})" if venue.name_local else venue.name


def _who(itinerary: Itinerary, event: Event) -> str:
    if event.attendees is None or set(event.attendees) >= set(itinerary.people):
        return ""
    # Ids, not names: the staff's own short names, and they fit an 80-column terminal.
    return ", ".join(event.attendees)


def day_number(itinerary: Itinerary, day: Day) -> tuple[int, int]:
    """Which day of the trip `day` is, and of how many."""
    trip = itinerary.trip
    number, total = (day.date - trip.start).days + 1, (trip.end - trip.start).days + 1
    if not 1 <= number <= total:  # a day outside the trip (check reports it): list order
        dates = sorted(d.date for d in itinerary.days)
        number, total = dates.index(day.date) + 1, len(dates)
    return number, total


def day_title(itinerary: Itinerary, day: Day) -> str:
    """ "Day 2 of 3 · Tue 25 Feb 2025 · Hangzhou · night: Hotel" """
    number, total = day_number(itinerary, day)
    parts = [
        f"Day {number} of {total}",
        f"{day.date:%a} {day.date.day} {day.date:%b %Y}",
    ]
    if day.city:
        parts.append(day.city)
    if day.hotel:
        parts.append(f"night: {venue_name(itinerary, day.hotel)}")
    return " · ".join(parts)


# How the day's summary counts events of each kind: (one, several).
_COUNTED = (
    (("meeting", "visit"), ("meeting or visit", "meetings and visits")),
    (("meal",), ("meal", "meals")),
    (("press",), ("press event", "press events")),
    (("briefing",), ("briefing", "briefings")),
    (("other",), ("other event", "other events")),
)


def day_footer(day_rows: list[Row], zone: tzinfo) -> str:
    """ "2 meetings and visits, 1 meal · 1h25 on the road · first 08:05, last ends 17:30":
    on the road is the journeys and the transfers shown in the table (between events, and
    from and to the hotel)."""
    live = [r for r in day_rows if not r.event.is_cancelled]
    active = [r.event for r in live]
    counts = []
    for kinds, (one, several) in _COUNTED:
        n = sum(1 for e in active if e.kind in kinds)
        if n:
            counts.append(f"1 {one}" if n == 1 else f"{n} {several}")
    road = sum(
        (
            between(e.start_at, e.end_at)
            for e in active
            if e.kind == "travel" and e.start_at and e.end_at
        ),
        timedelta(0),
    ) + sum((r.arrival_time + r.return_time for r in live), timedelta(0))
    timed = [e for e in active if e.start_at and e.end_at]
    parts = [", ".join(counts)] if counts else []
    parts.append(f"{format_duration(road)} on the road" if road else "no travel")
    if timed:
        first = min(timed, key=lambda e: e.start_at.timestamp() if e.start_at else 0)
        last = max(timed, key=lambda e: e.end_at.timestamp() if e.end_at else 0)
        assert first.start_at is not None
        assert last.end_at is not None
        # In the trip's time, like the day itself (an event abroad keeps its own zone).
        begins, ends = first.start_at.astimezone(zone), last.end_at.astimezone(zone)
        parts.append(f"first {begins:%H:%M}, last ends {format_clock(ends, begins)}")
    return " · ".join(parts)


def header_lines(itinerary: Itinerary) -> list[str]:
    trip = itinerary.trip
    days = (trip.end - trip.start).days + 1
    lines = [
        f"{trip.start:%a} {trip.start.day} {trip.start:%b} – {trip.end:%a} {trip.end.day} "
        f"{trip.end:%b %Y} ({days} day{'s' if days != 1 else ''})"
    ]
    cities = list(
        dict.fromkeys(
            c
            for c in (
                [d.city for d in itinerary.days]
                + [
                    itinerary.venues[p].city
                    for e in itinerary.events()
                    for p in e.places
                    if p in itinerary.venues
                ]
            )
            if c
        )
    )
    if cities:
        lines.append("Cities: " + ", ".join(cities))
    people = []
    for person in itinerary.people.values():
        role = f" ({person.role})" if person.role else ""
        people.append(f"{'★ ' if person.principal else ''}{person.name}{role}")
    if people:
        lines.append("Delegation: " + "; ".join(people))
    if trip.internal_notes:  # the office's own view: as the day's and events' are shown
        lines.append(f"Internal: {trip.internal_notes}")
    return lines


def render(
    itinerary: Itinerary,
    problems: list[Problem],
    *,
    width: int = 80,
    day: date | None = None,
    person: str | None = None,
    hide_cancelled: bool = False,
) -> list[Line]:
    """The whole summary as styled lines of at most `width` columns."""
    shown = safe.terminal
    out = wrap([(shown(itinerary.trip.title), "bold")], width)
    for line in header_lines(itinerary):  # people's names: "Hoi-ying" stays whole
        out += wrap([(shown(line), "")], width, hyphens=False)
    by_event: dict[str, list[Problem]] = {}
    for problem in problems:
        if not problem.event:
            out += wrap([_problem_span(problem)], width)
        else:
            by_event.setdefault(problem.event, []).append(problem)
    days = selected_days(itinerary, day)
    hotel = hotel_moves(itinerary, days, person, hide_cancelled)
    for d in days:
        # Only the day's problems: each day's rows would otherwise go through all of them.
        ids = dict.fromkeys(e.id for e in d.events)
        mine = [p for i in ids for p in by_event.get(i, ())]
        day_rows = rows(
            itinerary, d, mine, person=person, hide_cancelled=hide_cancelled, hotel=hotel
        )
        out.append([])
        out += wrap([(shown(day_title(itinerary, d)), "bold cyan")], width, hyphens=False)
        if d.notes:
            out += wrap([(shown(f"Note: {d.notes}"), "italic")], width)
        out += _day_lines(day_rows, width)
        out += wrap([(shown(day_footer(day_rows, itinerary.trip.timezone)), "dim")], width)
    return out


_COLUMNS = (
    Column("Time"),
    Column("Event", ratio=3),
    Column("Where", ratio=2),
    Column("Who", ratio=1, min_width=8, hyphens=False),  # ids, never broken
    Column("Status"),
)


def _day_lines(day_rows: list[Row], width: int) -> list[Line]:
    """The day as a table if it fits `width` with every word whole (the status under the
    event if that is what makes it fit), else one block of lines per event."""
    laid = table(_COLUMNS, [cells for row in day_rows for cells in _cells(row)], width)
    if not laid:
        narrower = [cells[:4] for row in day_rows for cells in _cells(row, status_below=True)]
        laid = table(_COLUMNS[:4], narrower, width)
    return laid or [line for row in day_rows for line in _block(row, width)]


def _styles(row: Row) -> tuple[str, str]:
    """The style of the event's own texts, and of its status."""
    own = "strike dim" if row.event.is_cancelled else ""
    if row.event.is_partial or row.event.times_unknown:
        return own, "red"
    return own, "yellow" if "tentative" in row.status else ""


def _event_cell(row: Row, status_below: bool = False) -> Cell:
    own, status_style = _styles(row)
    mark = _KIND_MARK.get(row.event.kind or "other", "")
    title: list[Span] = [(f"{mark} ", "dim")] if mark else []
    title.append((safe.terminal(row.what), own))
    paragraphs = [title]
    if status_below and row.status:
        paragraphs.append([(safe.terminal(row.status), status_style)])
    # Problems are shown where they are: under the event's title.
    return paragraphs + [[_problem_span(problem)] for problem in row.problems]


def _cells(row: Row, *, status_below: bool = False) -> list[list[Cell]]:
    """The table rows of one event: the transfer that leads to it, then the event."""
    shown = safe.terminal
    own, status_style = _styles(row)
    out: list[list[Cell]] = [_move_cells(move) for move in row.moves]  # a row each
    out.append(
        [
            [[(shown(row.time), own)]],
            _event_cell(row, status_below),
            [[(shown(row.where), own)]] if row.where else [],
            [[(shown(row.who), own)]] if row.who else [],
            [[(shown(row.status), status_style)]] if row.status else [],
        ]
    )
    return out + [_move_cells(move) for move in row.after]


def _move_cells(move: Move) -> list[Cell]:
    """A transfer's table row: when it leaves, if not when the event before ends."""
    when: Cell = [[(safe.terminal(move.time), "dim")]] if move.time else []
    return [when, [[(f"↳ {safe.terminal(move.words)}", "dim")]], [], [], []]


def _block(row: Row, width: int) -> list[Line]:
    """One event for a narrow terminal: its time, then each field on lines of its own."""
    shown = safe.terminal
    own, _ = _styles(row)
    out: list[Line] = []
    for move in row.moves:
        out += _move_block(move, width)
    out += wrap([(shown(row.time), f"bold {own}".strip())], width)
    for paragraph in _event_cell(row, status_below=True):
        out += indented(paragraph, width, "  ", "    ")
    for label, text in (("at", row.where), ("who", row.who)):
        if text:
            out += indented([(f"{label}: ", "dim"), (shown(text), own)], width, "  ", "    ")
    for move in row.after:
        out += _move_block(move, width)
    return out


def _move_block(move: Move, width: int) -> list[Line]:
    when = f"{safe.terminal(move.time)} " if move.time else ""
    return indented([(f"↳ {when}{safe.terminal(move.words)}", "dim")], width, "", "  ")


def _problem_span(problem: Problem) -> Span:
    style = "red" if problem.severity == "error" else "yellow"
    return f"⚠ {problem.code}: {safe.terminal(problem.message)}", style


def markdown(
    itinerary: Itinerary,
    problems: list[Problem],
    *,
    day: date | None = None,
    person: str | None = None,
    hide_cancelled: bool = False,
) -> str:
    """The same summary as Markdown, for pasting into an e-mail."""
    _md = safe.markdown
    out = [f"## {_md(itinerary.trip.title)}", ""]
    out += [f"{_md(line)}  " for line in header_lines(itinerary)]
    out += [f"⚠ {_md(p.code)}: {_md(p.message)}  " for p in problems if not p.event]
    days = selected_days(itinerary, day)
    hotel = hotel_moves(itinerary, days, person, hide_cancelled)
    for d in days:
        day_rows = rows(
            itinerary, d, problems, person=person, hide_cancelled=hide_cancelled, hotel=hotel
        )
        out += ["", f"### {_md(day_title(itinerary, d))}", ""]
        if d.notes:
            out += [f"_Note: {_md(d.notes)}_", ""]
        out += ["| Time | Event | Where | Who | Status |", "| --- | --- | --- | --- | --- |"]
        for row in day_rows:
            out += [f"| {_md(m.time)} | ↳ {_md(m.words)} |  |  |  |" for m in row.moves]
            what = f"~~{_md(row.what)}~~" if row.event.is_cancelled else _md(row.what)
            out.append(
                f"| {_md(row.time)} | {what} | {_md(row.where)} | {_md(row.who)} "
                f"| {_md(row.status)} |"
            )
            out += [f"|  | ⚠ {_md(p.message)} |  |  |  |" for p in row.problems]
            out += [f"| {_md(m.time)} | ↳ {_md(m.words)} |  |  |  |" for m in row.after]
        out += ["", f"_{_md(day_footer(day_rows, itinerary.trip.timezone))}_"]
    return "\n".join(out) + "\n"
