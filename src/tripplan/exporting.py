"""`tripplan export`: which calendars to build, where to write them, safely."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tripplan.checking import check, known_person
from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.ical import Exported, export, read_previous
from tripplan.loader import parse_file
from tripplan.model import Itinerary
from tripplan.values import parse_duration


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


def parse_alarm(text: str) -> timedelta | None:
    if text.strip().lower() in ("none", "off", "0", "0m"):
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise TripplanError(f"--alarm {text!r}: write a duration like 15m or 1h, or none") from None


def safe_name(text: str) -> str:
    """A file name from an id or a date: no separators, no dots in front, never empty."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-.")
    return name or "calendar"


def export_calendars(
    path: Path,
    *,
    output: str | None,
    persons: list[str],
    split: str,
    alarm: timedelta | None,
    now: datetime | None = None,
    transfers: bool = False,
) -> list[Written]:
    itinerary = _load(path)
    for person in persons:
        known_person(itinerary, person, path)
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
        previous = _previous_export(target)
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
    for target, data, _ in files:
        write_atomically(target, data)
    return [w for _, _, w in files]


@dataclass(frozen=True, slots=True)
class _Plan:
    person: str | None
    day: date | None
    file: str


def _previous_export(target: Path) -> dict[str, Exported] | None:
    """The events of the calendar at `target`, which export is about to replace.

    A file there that is not a calendar (say, the itinerary itself after a slip of the
    keyboard) is never overwritten.
    """
    if not target.exists():
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
    return read_previous(data)


def _load(path: Path) -> Itinerary:
    """The itinerary, refused if `tripplan check` finds errors: calendars go to people."""
    loaded = parse_file(path)
    problems = loaded.problems + (check(loaded.itinerary) if loaded.itinerary else [])
    errors = [p for p in problems if p.severity == "error"]
    if errors or loaded.itinerary is None:
        raise TripplanError(f"{InvalidItinerary(str(path), errors)}; nothing was exported")
    return loaded.itinerary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place.

    A file rewritten in place (an itinerary being pinned) keeps its permissions, and a
    symbolic link keeps pointing at it: the file it points to is the one replaced.
    """
    try:
        if target.is_symlink():
            target = target.resolve()
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            # mkstemp makes the file private (0600); calendars are for sharing.
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:
        raise TripplanError(f"{target}: cannot be written ({e.strerror})") from None
