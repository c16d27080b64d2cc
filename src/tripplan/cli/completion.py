"""Shell completion of what an itinerary names: person ids, day dates, venue and vehicle ids.

Completion is typer's (`tripplan --install-completion` sets it up for bash, zsh, fish or
PowerShell); these functions give the values, from the itinerary already on the command
line (`tripplan show trip.yaml --person <TAB>`). The file is read as the loader reads it
but not validated, so a file being edited (broken in a place) still completes, and
quickly: no model is built. A file that cannot be read completes nothing.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

from tripplan import safe

Item = tuple[str, str]  # a value and what it is

# typer passes each function the word being completed.


def people(incomplete: str) -> list[Item]:
    """Person ids, each with the person's name."""
    table = _itinerary(_words()).get("people")
    return _matching(_named(table), incomplete)


def days(incomplete: str) -> list[Item]:
    """Day dates (YYYY-MM-DD), each with its city."""
    found = []
    for day in _list(_itinerary(_words()).get("days")):
        if isinstance(day, dict) and isinstance(day.get("date"), str):
            city = day.get("city")
            found.append((day["date"], city if isinstance(city, str) else ""))
    return _matching(found, incomplete)


def venues(incomplete: str) -> list[Item]:
    """Venue ids, each with the venue's name."""
    return _matching(_named(_itinerary(_words()).get("venues")), incomplete)


def vehicles(incomplete: str) -> list[Item]:
    """Vehicle ids, each with the vehicle's name."""
    return _matching(_named(_itinerary(_words()).get("vehicles")), incomplete)


# A description longer than this is cut: the shells print it beside the value, and typer
# breaks a long one across lines inside zsh's completion list.
DESCRIPTION = 50


def _matching(items: list[Item], incomplete: str) -> list[Item]:
    """The items that complete `incomplete`, as a shell may print them: a value with a
    control character is no id the file can use (its check says so), and a description's
    controls are shown as their escapes (`safe.terminal`), as everywhere else."""
    from rich.markup import escape  # typer renders a description as rich markup

    found = []
    for value, help in items:
        if not value.startswith(incomplete) or safe.terminal(value) != value:
            continue
        said = safe.terminal(help)
        if len(said) > DESCRIPTION:
            said = said[: DESCRIPTION - 1].rstrip() + "…"
        found.append((value, escape(said)))
    return found


def _named(table: Any) -> list[Item]:
    if not isinstance(table, dict):
        return []
    found = []
    for key, entry in table.items():
        name = entry.get("name") if isinstance(entry, dict) else None
        found.append((str(key), name if isinstance(name, str) else ""))
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _words() -> list[str]:
    """The words of the command line being completed, as the shell gave them to typer's
    completion (bash's COMP_WORDS; zsh, fish and PowerShell's _TYPER_COMPLETE_ARGS):
    typer hands a completion function neither the words nor, while completing, the
    values of the arguments before it."""
    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS") or ""
    try:
        return shlex.split(line)
    except ValueError:  # an unclosed quote: the words as typed
        return line.split()


def _itinerary(args: list[str]) -> dict[str, Any]:
    """The itinerary named on the command line so far, as plain data ({} if none)."""
    from tripplan.format.yamldoc import MAX_BYTES, decode, read_yaml

    for word in args:
        if not word.endswith((".yaml", ".yml")) or word.startswith("-"):
            continue
        path = Path(word).expanduser()
        try:
            # A regular file of an itinerary's size: a pipe or a device would hang the
            # shell at every Tab.
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                continue
            data = read_yaml(decode(path.read_bytes())).data
        except (OSError, UnicodeError):
            continue
        if isinstance(data, dict):
            return data
    return {}
