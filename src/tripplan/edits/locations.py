"""Filling in `location:` keys of an itinerary without touching anything else.

The new key is written as text where the parsed file says it belongs: on a new line
after the venue's name in a block mapping, or before the `}` of a flow mapping. Every
other byte stays as it was, comments and quoting included; a round trip through a YAML
library re-indents and re-spaces what it does not understand, which staff would see as
noise in `git diff`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from tripplan.edits.rewrite import line_end, read_original, write_back
from tripplan.errors import TripplanError
from tripplan.format.yamldoc import entry, read_yaml


def add_locations(
    text: str, locations: Mapping[str, tuple[float, float]], newline: str | None = None
) -> tuple[str, list[str]]:
    """`text` with `location: [lat, lon]` added to each venue of `locations`, new lines
    ending with `newline` (by default as the text's lines do).

    Returns the new text and the venue ids that could not be written (unusual layouts).
    """
    document = read_yaml(text)
    if document.data is None or any(p.code == "yaml" for p in document.problems):
        raise TripplanError("the file is not valid YAML; run 'tripplan check' first")
    newline = newline or line_end(text)
    inserts: list[tuple[int, str]] = []  # (offset in text, what goes there)
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
            # Just before the closing brace.
            inserts.append((venue.end_mark.index - 1, f", location: {point}"))
            continue
        after = entry(venue, "name_local") or entry(venue, "name")
        if after is None or after[1].end_mark.line != after[0].start_mark.line:
            skipped.append(vid)  # a multi-line name: leave it to a person
            continue
        key_node = after[0]
        indent = " " * key_node.start_mark.column
        added = f"{indent}location: {point}{newline}"
        # On a line of its own after the name's: after that line's end, whatever it is.
        found = _BREAK.search(text, after[1].end_mark.index)
        if found is None:
            inserts.append((len(text), newline + added.removesuffix(newline)))
        else:
            inserts.append((found.end(), added))
    for at, addition in sorted(inserts, reverse=True):
        text = text[:at] + addition + text[at:]
    return text, skipped


_BREAK = re.compile("\r\n|\r|\n")


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def write_locations(
    path: Path, locations: Mapping[str, tuple[float, float]], *, read_from: bytes | None = None
) -> list[str]:
    """Add the locations to the file at `path` atomically; the ids that were skipped.

    With `read_from`, the file must still hold those bytes (those the venues were looked
    up from), up to the moment it is replaced.
    """
    original = read_original(path, expected=read_from)
    new_text, skipped = add_locations(original.text, locations, original.newline)
    if new_text != original.text:
        write_back(original, new_text)
    return skipped
