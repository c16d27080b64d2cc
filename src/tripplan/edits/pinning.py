"""Freezing the sequencer's choice in the file: `window` becomes `start`.

Like `geo/rewrite.py`, the change is made as text where the parsed file says the key
is, so every other byte (comments, quoting, indentation) stays; the old window is kept
as a comment on the line above. The result is parsed again before it is written, and
must say exactly what was chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import yaml

from tripplan.edits.rewrite import line_end, line_start, read_original, write_back
from tripplan.errors import TripplanError
from tripplan.format.yamldoc import entry, read_yaml


def pin_text(
    text: str, starts: Mapping[tuple[int, int], tuple[str, str]], newline: str | None = None
) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each event at (day index, event index) given `start: "HH:MM"`.

    `starts` maps an event's indexes to (its start as written, its old window for the
    comment). Returns the new text and the events left alone: a window that is not
    written in the event itself (an alias or a merge key), carries an anchor others use,
    or has a comment inside it is left for a person. New lines end with `newline`.
    """
    newline = newline or line_end(text)
    document = read_yaml(text)
    if document.data is None or any(p.code == "yaml" for p in document.problems):
        raise TripplanError("the file is not valid YAML; run 'tripplan check' first")
    edits: list[tuple[int, int, str]] = []  # (from offset, to offset, new text)
    skipped = []
    for (i, j), (start, window) in starts.items():
        _, event = document.positions.node(("days", i, "events", j))
        found = entry(event, "window") if isinstance(event, yaml.MappingNode) else None
        if found is None or event is None:
            skipped.append((i, j))
            continue
        key, value = found
        begin = key.start_mark.index
        # A block sequence ends where the next token starts; its last item is its end.
        last = value.value[-1] if isinstance(value, yaml.SequenceNode) and value.value else value
        flow = getattr(value, "flow_style", False)
        end = max(value.end_mark.index if flow else 0, last.end_mark.index)
        written = text[begin:end]
        if (
            not event.start_mark.index <= begin < end <= event.end_mark.index
            or value.start_mark.index < key.end_mark.index  # an alias to a window elsewhere
            or any(sign in written for sign in "#&*")
        ):
            skipped.append((i, j))
            continue
        edits.append((begin, end, f'start: "{start}"'))
        at = line_start(text, begin)
        line = text[at:begin]
        indent = line[: len(line) - len(line.lstrip(" "))]
        edits.append((at, at, f"{indent}# window: {window} (pinned by tripplan sequence){newline}"))
    for begin, end, new in sorted(edits, reverse=True):
        text = text[:begin] + new + text[end:]
    return text, skipped


def ambiguous(moment: datetime) -> bool:
    """True for the second time a wall-clock time happens (the hour repeated when clocks
    go back): written as "HH:MM" it would read back as the first."""
    return moment.fold == 1 and moment.replace(fold=0).utcoffset() != moment.utcoffset()


def written_start(start: datetime, day: date) -> str:
    """The start as the format writes it: "09:40", or "00:20+1" past midnight."""
    days = (start.date() - day).days
    return f"{start:%H:%M}" + (f"+{days}" if days else "")


def pin_file(
    path: Path,
    starts: Mapping[tuple[int, int], tuple[str, str]],
    expected: Mapping[tuple[int, int], datetime],
    *,
    planned_from: bytes | None = None,
) -> list[tuple[int, int]]:
    """Pin the events in the file at `path`, atomically; the events that were skipped.

    The new text must load to the same itinerary but for the pinned events, each now
    starting at its `expected` moment; otherwise nothing is written. With
    `planned_from`, the file must still hold those bytes (the ones the starts were
    chosen from), up to the moment it is replaced.
    """
    from tripplan.format.loader import parse

    original = read_original(path, expected=planned_from)
    text = original.text
    new_text, skipped = pin_text(text, starts, original.newline)
    if new_text == text:
        return skipped
    before, after = parse(text, str(path)), parse(new_text, str(path))
    errors = [p for p in after.problems if p.severity == "error"]
    if before.itinerary is None or after.itinerary is None or errors:
        first = errors[0].message if errors else "it does not load"
        raise TripplanError(f"{path}: pinning would break the file ({first}); nothing written")
    old, new = before.itinerary, after.itinerary
    pinned = {where for where in starts if where not in skipped}
    same = old.model_dump(exclude={"days"}) == new.model_dump(exclude={"days"}) and len(
        old.days
    ) == len(new.days)
    for i, (was, now) in enumerate(zip(old.days, new.days, strict=False)):
        same = same and was.model_dump(exclude={"events"}) == now.model_dump(exclude={"events"})
        same = same and len(was.events) == len(now.events)
        for j, (a, b) in enumerate(zip(was.events, now.events, strict=False)):
            if (i, j) in pinned:
                same = (
                    same
                    and a.model_dump(exclude={"start", "window"})
                    == b.model_dump(exclude={"start", "window"})
                    and b.window is None
                    and b.start_at is not None
                    and b.start_at == expected[(i, j)]
                )
            else:
                same = same and a.model_dump() == b.model_dump()
    if not same:
        raise TripplanError(
            f"{path}: the pinned file would not read back as the same trip with the chosen "
            "starts (an unusual layout); nothing written — give the starts by hand"
        )
    write_back(original, new_text)
    return skipped
