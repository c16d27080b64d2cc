"""Times written in the hour a daylight-saving change skips or repeats.

On the night the clocks go forward, the times of the skipped hour never show on a clock
(01:30 in London on 30 March 2025): such a time is an error saying what the clock reads
instead. On the night they go back, the times of the repeated hour happen twice: a
warning says which of the two is used (the first, or for an end the one after the start).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tripplan.checks.words import day_name, named
from tripplan.format.model import Event, Itinerary
from tripplan.format.values import ClockTime
from tripplan.problems import Problem

# No change of the clocks in the tz database moves them by more than this.
_LONGEST_CHANGE = timedelta(hours=3)


def clock_changes(itinerary: Itinerary) -> Iterator[Problem]:
    steady: dict[tuple[ZoneInfo, date], bool] = {}
    for event in itinerary.events():
        if event.is_cancelled or event.times_unknown:
            continue
        written: list[tuple[str, ClockTime, ZoneInfo, datetime | None]] = []
        if event.start is not None:
            written.append(("start", event.start, event.zone, event.start_at))
        if event.end is not None:
            zone = event.end_timezone or event.zone
            written.append(("end", event.end, zone, event.end_at))
        if event.window is not None:
            written += [("window", clock, event.zone, None) for clock in event.window]
        for key, clock, zone, used in written:
            day = event.day + timedelta(days=clock.days)
            if (zone, day) not in steady:
                steady[(zone, day)] = _steady(zone, day)
            if steady[(zone, day)]:
                continue
            problem = _check(event, key, clock, zone, used)
            if problem is not None:
                yield problem


def _steady(zone: ZoneInfo, day: date) -> bool:
    """True if the clocks of `zone` do not change on `day` (the offset at midnight is
    the offset at the next midnight, either side of any fold): most days of a trip, whose
    times need no closer look. No zone in the tz database changes twice in one day."""
    midnight = datetime.combine(day, time(0), zone)
    offsets = {
        moment.utcoffset()
        for moment in (midnight, midnight.replace(fold=1), midnight + timedelta(days=1))
    }
    later = (midnight + timedelta(days=1)).replace(fold=1)
    return len(offsets) == 1 and later.utcoffset() in offsets


def skipped(moment: datetime) -> bool:
    """True if the wall-clock time of `moment` never shows in its zone (a skipped hour)."""
    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != moment.replace(
        tzinfo=None
    )


def _check(
    event: Event, key: str, clock: ClockTime, zone: ZoneInfo, used: datetime | None
) -> Problem | None:
    day = event.day + timedelta(days=clock.days)
    wall = datetime.combine(day, clock.time)
    first, second = wall.replace(tzinfo=zone), wall.replace(tzinfo=zone, fold=1)
    before, after = first.utcoffset(), second.utcoffset()
    if before is None or after is None or before == after:
        return None
    path = (*event.path, key)
    where = f"on {day_name(first)} in {zone.key}"
    shown = f"{clock.time:%H:%M}"
    if skipped(first):
        start = _gap_start(wall, zone)
        reads = first.astimezone(UTC).astimezone(zone)
        return Problem.of(
            "clock-change",
            f"event {named(event)}: {key} {shown} does not exist {where}: the clocks go "
            f"forward from {start:%H:%M} to {start + (after - before):%H:%M} "
            f"({first.tzname()} to {reads.tzname()}), so the clock reads {reads:%H:%M} then; "
            f'write "{reads:%H:%M}" or the time you mean',
            path,
            event.id,
        )
    # The hour that happens twice: which of the two does the event use?
    chosen = used if used is not None else first
    which, other = ("second", first) if chosen.fold else ("first", second)
    why = " (the first is before the start)" if key == "end" and chosen.fold else ""
    begins, ends = _repeated_hour(wall, zone)
    zone_key = "end_timezone" if key == "end" else "timezone"
    fixed = _fixed_zone(other)
    hint = (
        f"; for the other, write {zone_key}: {fixed} (a zone that keeps {other.tzname()} all year)"
        if fixed
        else ""
    )
    return Problem.of(
        "clock-change",
        f"event {named(event)}: {key} {shown} happens twice {where}: the clocks go back from "
        f"{ends:%H:%M} to {begins:%H:%M} ({first.tzname()} to {second.tzname()}); the {which} "
        f"({chosen.tzname()}) is used{why}{hint}",
        path,
        event.id,
        severity="warning",
    )


def _gap_start(wall: datetime, zone: ZoneInfo) -> datetime:
    """The first wall-clock minute that does not exist, before `wall` (which does not)."""
    moment = wall
    while moment > wall - _LONGEST_CHANGE and skipped(
        (moment - timedelta(minutes=1)).replace(tzinfo=zone)
    ):
        moment -= timedelta(minutes=1)
    return moment


def _repeated_hour(wall: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Where the repeated hour around `wall` begins and ends, on the wall clock."""

    def repeated(moment: datetime) -> bool:
        local = moment.replace(tzinfo=zone)
        return local.utcoffset() != local.replace(fold=1).utcoffset()

    first = last = wall
    while first > wall - _LONGEST_CHANGE and repeated(first - timedelta(minutes=1)):
        first -= timedelta(minutes=1)
    while last < wall + _LONGEST_CHANGE and repeated(last + timedelta(minutes=1)):
        last += timedelta(minutes=1)
    return first, last + timedelta(minutes=1)


def _fixed_zone(moment: datetime) -> str | None:
    """The Etc/GMT zone that keeps `moment`'s offset all year (IANA inverts the sign)."""
    offset = moment.utcoffset() or timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()) // 60, 60)
    if rest or not -12 <= hours <= 14:
        return None  # no such zone for a half hour
    if hours == 0:
        return "Etc/UTC"
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
