"""Filling in `location:` keys of an itinerary without touching anything else.

The new key is written as text where the parsed file says it belongs: on a new line
after the venue's name in a block mapping, or before the `}` of a flow mapping. Every
other byte stays as it was, comments and quoting included; a round trip through a YAML
library re-indents and re-spaces what it does not understand, which staff would see as
noise in `git diff`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from tripplan.errors import TripplanError
from tripplan.format.yamldoc import entry, read_yaml


def add_locations(text: str, locations: Mapping[str, tuple[float, float]]) -> tuple[str, list[str]]:
    """`text` with `location: [lat, lon]` added to each venue of `locations`.

    Returns the new text and the venue ids that could not be written (unusual layouts).
    """
    document = read_yaml(text)
    if document.data is None or any(p.code == "yaml" for p in document.problems):
        raise TripplanError("the file is not valid YAML; run 'tripplan check' first")
    lines = text.splitlines(keepends=True)
    inserts: list[tuple[int, int, str]] = []  # (line, column or -1 for a new line, text)
    skipped = []
    for vid, (lat, lon) in locations.items():
        point = f"[{_number(lat)}, {_number(lon)}]"
        _, venue = document.positions.node(("venues", vid))
        if not isinstance(venue, yaml.MappingNode) or any(
            isinstance(k, yaml.ScalarNode) and k.value == "location" for k, _ in venue.value
        ):
            skipped.append(vid)
            continue
        if venue.flow_style:
            end = venue.end_mark  # just after the closing brace
            inserts.append((end.line, end.column - 1, f", location: {point}"))
            continue
        after = entry(venue, "name_local") or entry(venue, "name")
        if after is None or after[1].end_mark.line != after[0].start_mark.line:
            skipped.append(vid)  # a multi-line name: leave it to a person
            continue
        key_node = after[0]
        newline = "\n" if not lines[key_node.start_mark.line].endswith("\r\n") else "\r\n"
        indent = " " * key_node.start_mark.column
        inserts.append((key_node.start_mark.line + 1, -1, f"{indent}location: {point}{newline}"))
    for line, column, addition in sorted(inserts, reverse=True):
        if column < 0:
            lines.insert(line, addition)
        else:
            lines[line] = lines[line][:column] + addition + lines[line][column:]
    return "".join(lines), skipped


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def write_locations(path: Path, locations: Mapping[str, tuple[float, float]]) -> list[str]:
    """Add the locations to the file at `path` atomically; the ids that were skipped."""
    from tripplan.files import write_atomically

    text = path.read_bytes().decode("utf-8")  # as written: CRLF line ends stay CRLF
    new_text, skipped = add_locations(text, locations)
    if new_text != text:
        write_atomically(path, new_text.encode("utf-8"))
    return skipped
