"""What an earlier export said: read back from its file, to carry SEQUENCE forward and to
cancel what is gone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from tripplan.outputs.ics import untext

FINGERPRINT = "X-TRIPPLAN-FINGERPRINT"
BUSY_STATUS = "X-MICROSOFT-CDO-BUSYSTATUS"


@dataclass(frozen=True, slots=True)
class Exported:
    """What an earlier export said about one event (read back from its file)."""

    sequence: int
    fingerprint: str
    stamp: str  # DTSTAMP as written
    lines: tuple[str, ...]  # the VEVENT's unfolded content lines, BEGIN to END


def withdrawn(gone: Exported, stamp: str) -> list[str]:
    """An event of the previous export that is no longer exported: now cancelled."""
    if any(line == "STATUS:CANCELLED" for line in gone.lines):
        return list(gone.lines)
    lines = []
    in_alarm = False
    for line in gone.lines:
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
            return datetime.strptime(match.group(2), "%Y%m%d").date()
    return None


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
        text = data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    lines = re.sub(r"\n[ \t]", "", text).split("\n")
    found: dict[str, Exported] = {}
    current: list[str] | None = None
    depth = 0
    for line in lines:
        if line == "BEGIN:VEVENT" and current is None:
            current, depth = [line], 0
            continue
        if current is None:
            continue
        current.append(line)
        if line.startswith("BEGIN:"):
            depth += 1
        elif line == "END:VEVENT" and depth == 0:
            event = _event(current)
            if event is not None:
                found[event[0]] = event[1]
            current = None
        elif line.startswith("END:"):
            depth -= 1
    if current is not None:
        raise Unreadable("its last event has no END:VEVENT (the file is cut short)")
    return found


def _event(lines: list[str]) -> tuple[str, Exported] | None:
    props: dict[str, str] = {}
    for item in lines:
        name, colon, value = item.partition(":")
        if not colon and item:
            raise Unreadable(f"'{item[:40]}' in an event is not a property (NAME:value)")
        props.setdefault(name.split(";", 1)[0].upper(), value)
    key, fingerprint = props.get("UID"), props.get(FINGERPRINT)
    if not key or fingerprint is None:
        return None  # not an event tripplan wrote
    uid = untext(key)
    sequence, stamp = props.get("SEQUENCE", "0"), props.get("DTSTAMP", "")
    checks = (
        (_SEQUENCE.fullmatch(sequence), f"SEQUENCE '{sequence[:20]}'"),
        (_STAMP.fullmatch(stamp), f"DTSTAMP '{stamp[:20]}'"),
        (_FINGERPRINTED.fullmatch(fingerprint), f"{FINGERPRINT} '{fingerprint[:20]}'"),
    )
    for ok, what in checks:
        if not ok:
            raise Unreadable(f"event '{uid[:60]}' has {what}, which tripplan does not write")
    exported = Exported(int(sequence), fingerprint, stamp, tuple(lines))
    try:
        day_of(exported)
    except ValueError:
        raise Unreadable(f"event '{uid[:60]}' starts on a date that does not exist") from None
    return uid, exported
