"""Which calendars `tripplan export` builds, and where it writes them, safely."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.files import regular_or_absent, safe_name, write_all
from tripplan.format.model import Itinerary
from tripplan.outputs.calendar import export
from tripplan.outputs.calendar_previous import Exported, Unreadable, read_previous


@dataclass(frozen=True, slots=True)
class Written:
    path: Path | str
    name: str
    events: int
    person: str | None = None
    day: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "calendar": self.name,
            "events": self.events,
            "person": self.person,
            "day": self.day,
        }


def write_calendars(
    itinerary: Itinerary,
    *,
    output: str | None,
    persons: list[str],
    split: str,
    alarm: timedelta | None,
    now: datetime | None = None,
    transfers: bool = False,
    warnings: list[str] | None = None,
) -> list[Written]:
    """Build the calendars asked for and write them (or one to stdout), all or none.

    Each is written beside its target and the set is swapped in only once all are
    written. What is worth saying without stopping (an earlier export that cannot be
    read back) is added to `warnings`.
    """
    if len(persons) > 1 and split == "none":
        split = "person"  # one calendar per person asked for
    trip = safe_name(itinerary.trip.id)
    only = persons[0] if len(persons) == 1 else None
    suffix = f"-{safe_name(only)}" if only else ""
    plans: list[_Plan]
    if split == "person":
        plans = [_Plan(p, None, f"{trip}-{safe_name(p)}.ics") for p in persons or itinerary.people]
    elif split == "day":
        days = sorted({d.date for d in itinerary.days})
        who: list[str | None] = list(persons) or [None]
        plans = [
            _Plan(p, d, f"{trip}{f'-{safe_name(p)}' if p else ''}-{d.isoformat()}.ics")
            for p in who
            for d in days
        ]
    else:
        plans = [_Plan(only, None, f"{trip}{suffix}.ics")]
    if output == "-":
        if len(plans) != 1:
            raise TripplanError("-o - writes one calendar to stdout; drop --split")
        calendar = export(itinerary, person=only, now=now, alarm=alarm, transfers=transfers)
        sys.stdout.buffer.write(calendar.data)
        sys.stdout.flush()
        return [Written("-", calendar.name, calendar.events, only)]
    if split == "none":
        targets = [Path(output) if output else Path(plans[0].file)]
    else:
        folder = Path(output) if output else Path(trip)
        if folder.exists() and not folder.is_dir():
            raise TripplanError(f"{folder}: with --split, -o names a folder, not a file")
        targets = [folder / plan.file for plan in plans]
    # Build every calendar first: an error never leaves some written and others not.
    files = []
    for plan, target in zip(plans, targets, strict=True):
        previous = _previous_export(target, warnings if warnings is not None else [])
        calendar = export(
            itinerary,
            person=plan.person,
            day=plan.day,
            now=now,
            alarm=alarm,
            previous=previous,
            transfers=transfers,
        )
        day = plan.day.isoformat() if plan.day else None
        files.append(
            (
                target,
                calendar.data,
                Written(target, calendar.name, calendar.events, plan.person, day),
            )
        )
    # With --split, -o names the folder to write in: made if missing (its parent not).
    write_all([(target, data) for target, data, _ in files], make_folder=split != "none")
    return [w for _, _, w in files]


@dataclass(frozen=True, slots=True)
class _Plan:
    person: str | None
    day: date | None
    file: str


def _previous_export(target: Path, warnings: list[str]) -> dict[str, Exported] | None:
    """The events of the calendar at `target`, which export is about to replace.

    A file there that is not a calendar (say, the itinerary itself after a slip of the
    keyboard) is never overwritten; nor is anything but a regular file read (a FIFO
    would wait forever). A calendar that cannot be read back is taken as no earlier
    export, with a warning.
    """
    if regular_or_absent(target) is None:
        return None
    try:
        data = target.read_bytes()
    except OSError as e:
        raise TripplanError(f"{target}: cannot be read ({e.strerror})") from None
    if not data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
        raise TripplanError(
            f"{target}: exists and is not a calendar; the previous export cannot be read "
            "(not iCalendar): choose another output name or move it aside"
        )
    try:
        return read_previous(data)
    except Unreadable as e:
        warnings.append(
            f"{target}: the earlier export cannot be read back ({e}); exported as new, so "
            "calendars that imported it may keep its events: remove them there"
        )
        return None
