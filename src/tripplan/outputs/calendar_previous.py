"""What an earlier export said: read back from its file, to carry SEQUENCE forward and to
cancel what is gone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from tripplan.outputs.ics import untext

FINGERPRINT = "X-TRIPPLAN-FINGERPRINT"
BUSY_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"


@dataclass(frozen=True, slots=True)
class Exported:
    """What an earlier export said about one event (read back from its file)."""

    sequence: int
    fingerprint: str
    stamp: str  # DTSTAMP as written
    text: str  # the VEVENT's unfolded content lines, BEGIN to END, joined by newlines

    @property
    def lines(self) -> list[str]:
        """Split only for the events that are gone: most of 10,000 are not."""
        return self.text.split("\n")


def withdrawn(gone: Exported, stamp: str) -> list[str]:
    """An event of the previous export that is no longer exported: now cancelled."""
    said = gone.lines
    if "STATUS:CANCELLED" in said:
        return said
    lines = []
    in_alarm = False
    for line in said:
        name = line.split(":", 1)[0].split(";", 1)[0]
        if line == "BEGIN:VALARM":
            in_alarm = True
        if not in_alarm and name not in (
            "DTSTAMP",
            "SEQUENCE",
            "STATUS",
            "TRANSP",
            BUSY_STATUS,
            "SUMMARY",
        ):
            lines.append(line)
        if name == "SUMMARY" and not in_alarm:
            title = line.split(":", 1)[1]
            lines.append(line if title.startswith("Cancelled: ") else f"SUMMARY:Cancelled: {title}")
        if line == "END:VALARM":
            in_alarm = False
    return [
        lines[0],
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{gone.sequence + 1}",
        "STATUS:CANCELLED",
        "TRANSP:TRANSPARENT",
        f"{BUSY_STATUS}:FREE",
        *lines[1:],
    ]


_TZID = re.compile(r";TZID=([^;:]+)")
_START = re.compile(r"^DTSTART;TZID=([^;:]+):(\d{8})T")


def day_of(gone: Exported) -> date | None:
    for line in gone.lines:
        match = _START.match(line)
        if match:
            return _date(match.group(2))
    return None


@cache  # a trip has a few hundred days and thousands of events
def _date(digits: str) -> date:
    return datetime.strptime(digits, "%Y%m%d").date()


class Unreadable(ValueError):
    """An earlier export that cannot be read back (edited by hand, cut short); the
    message says what is wrong."""


_SEQUENCE = re.compile(r"[0-9]{1,9}")
_STAMP = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_FINGERPRINTED = re.compile(r"[0-9a-f]{16}")


def read_previous(data: bytes) -> dict[str, Exported]:
    """The events of an earlier export by tripplan, by UID, to carry SEQUENCE forward.

    Events without a fingerprint (files from other programs) are not carried forward.
    Unreadable if an event tripplan wrote no longer reads as one.
    """
    try:
        text = data.replace(b"\r\n", b"\n").decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    # Unfolded (by a plain replace unless a continuation line begins with a tab), every
    # line after a newline, the first too: the searches below look for a newline and
    # what follows. An earlier export of 10,000 events has 200,000 lines; only those
    # that begin or end a component are looked at one by one, and the events' lines are
    # checked one by one only if some line of the file is not a property.
    text = "\n" + (text.replace("\n ", "") if "\n\t" not in text else _UNFOLD.sub("", text))
    suspect = _NOT_PROPERTY.search(text) is not None
    found: dict[str, Exported] = {}
    begun: int | None = None
    depth = 0
    for edge in _EDGE.finditer(text):
        line = edge.group(1)
        if begun is None:
            if line == "BEGIN:VEVENT":
                begun, depth = edge.start(), 0
        elif line.startswith("BEGIN:"):
            depth += 1
        elif line == "END:VEVENT" and depth == 0:
            event = _event(text[begun : edge.end()], suspect)
            if event is not None:
                found[event[0]] = event[1]
            begun = None
        else:
            depth -= 1
    if begun is not None:
        raise Unreadable("its last event has no END:VEVENT (the file is cut short)")
    return found


_UNFOLD = re.compile(r"\n[ \t]")
_EDGE = re.compile(r"\n((?:BEGIN|END):[^\n]*)")
_NOT_PROPERTY = re.compile(r"\n(?![^:\n]*:)([^\n]+)")  # a line, not empty, with no colon
# The properties read back; names are ASCII and any case (RFC 5545 3.1), with or without
# parameters. The first line of each name counts.
_READ = re.compile(
    rf"\n(UID|{FINGERPRINT}|SEQUENCE|DTSTAMP)(?:;[^:\n]*)?:([^\n]*)", re.IGNORECASE | re.ASCII
)
_FIRST_START = re.compile(r"\nDTSTART;TZID=[^;:\n]+:(\d{8})T")
# An event as tripplan writes it begins with what is read back: one match for all.
_AS_WRITTEN = re.compile(
    rf"\nBEGIN:VEVENT\nDTSTAMP:([^\n]*)\nSEQUENCE:([^\n]*)\n{FINGERPRINT}:([^\n]*)\n"
    r"UID:([^\n]*)\n(?:DTSTART;TZID=[^;:\n]+:(\d{8})T)?"
)


def _event(block: str, suspect: bool = True) -> tuple[str, Exported] | None:
    """The UID, and what the earlier export said, of the VEVENT whose lines are `block`
    (each after a newline); None for an event tripplan did not write. Unless `suspect`,
    every line is known to be a property."""
    wrong = _NOT_PROPERTY.search(block) if suspect else None
    if wrong:
        raise Unreadable(f"'{wrong.group(1)[:40]}' in an event is not a property (NAME:value)")
    written = _AS_WRITTEN.match(block)
    if written:  # the first lines are the ones read
        stamp, sequence, fingerprint, key, day = written.groups()
    else:
        props: dict[str, str] = {}
        for name, value in _READ.findall(block):
            props.setdefault(name.upper(), value)
        key, fingerprint = props.get("UID"), props.get(FINGERPRINT)
        if not key or fingerprint is None:
            return None  # not an event tripplan wrote
        sequence, stamp, day = props.get("SEQUENCE", "0"), props.get("DTSTAMP", ""), None
    if not key:
        return None
    uid = untext(key)
    for pattern, name, value in (
        (_SEQUENCE, "SEQUENCE", sequence),
        (_STAMP, "DTSTAMP", stamp),
        (_FINGERPRINTED, FINGERPRINT, fingerprint),
    ):
        if not pattern.fullmatch(value):
            raise Unreadable(
                f"event '{uid[:60]}' has {name} '{value[:20]}', which tripplan does not write"
            )
    if day is None:
        start = _FIRST_START.search(block)
        day = None if start is None else start.group(1)
    try:
        if day is not None:
            _date(day)
    except ValueError:
        raise Unreadable(f"event '{uid[:60]}' starts on a date that does not exist") from None
    return uid, Exported(int(sequence), fingerprint, stamp, block[1:])
