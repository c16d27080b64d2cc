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

from tripplan.errors import TripplanError
from tripplan.yamldoc import read_yaml


def pin_text(
    text: str, starts: Mapping[tuple[int, int], tuple[str, str]]
) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each event at (day index, event index) given `start: "HH:MM"`.

    `starts` maps an event's indexes to (its start as written, its old window for the
    comment). Returns the new text and the events left alone (unusual layouts).
    """
    document = read_yaml(text)
    if document.data is None or any(p.code == "yaml" for p in document.problems):
        raise TripplanError("the file is not valid YAML; run 'tripplan check' first")
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits: list[tuple[int, int, str]] = []  # (from offset, to offset, new text)
    skipped = []
    for (i, j), (start, window) in starts.items():
        _, event = document.positions.node(("days", i, "events", j))
        found = _key(event, "window") if isinstance(event, yaml.MappingNode) else None
        if found is None:
            skipped.append((i, j))
            continue
        key, value = found
        begin = offsets[key.start_mark.line] + key.start_mark.column
        end = offsets[value.end_mark.line] + value.end_mark.column
        if "#" in text[begin:end]:
            skipped.append((i, j))  # a comment inside the window: leave it to a person
            continue
        edits.append((begin, end, f'start: "{start}"'))
        line = lines[key.start_mark.line]
        indent = line[: len(line) - len(line.lstrip(" "))]
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        at = offsets[key.start_mark.line]
        edits.append((at, at, f"{indent}# window: {window} (pinned by tripplan sequence){newline}"))
    for begin, end, new in sorted(edits, reverse=True):
        text = text[:begin] + new + text[end:]
    return text, skipped


def _key(mapping: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            return key_node, value_node
    return None


def written_start(start: datetime, day: date) -> str:
    """The start as the format writes it: "09:40", or "00:20+1" past midnight."""
    days = (start.date() - day).days
    return f"{start:%H:%M}" + (f"+{days}" if days else "")


def pin_file(
    path: Path, starts: Mapping[tuple[int, int], tuple[str, str]]
) -> list[tuple[int, int]]:
    """Pin the events in the file at `path`, atomically; the events that were skipped.

    The new text must load with every pinned event fixed at its start; otherwise nothing
    is written.
    """
    from tripplan.exporting import write_atomically
    from tripplan.loader import parse

    text = path.read_text(encoding="utf-8")
    new_text, skipped = pin_text(text, starts)
    if new_text == text:
        return skipped
    loaded = parse(new_text, str(path))
    errors = [p for p in loaded.problems if p.severity == "error"]
    if loaded.itinerary is None or errors:
        first = errors[0].message if errors else "it does not load"
        raise TripplanError(f"{path}: pinning would break the file ({first}); nothing written")
    for (i, j), (start, _) in starts.items():
        if (i, j) in skipped:
            continue
        event = loaded.itinerary.days[i].events[j]
        if event.window is not None or str(event.start) != start:
            raise TripplanError(
                f"{path}: event '{event.id}' would not read back as pinned; nothing written"
            )
    write_atomically(path, new_text.encode("utf-8"))
    return skipped
