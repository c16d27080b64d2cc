"""Reading an itinerary in order to rewrite it, and writing it back: every byte as it was
but for the edit.

The text is edited where the parsed file says a key is, so what is read must be what was
parsed: a byte-order mark is set aside (YAML positions count from after it) and put
back, new lines end as the file's lines do (CRLF, LF, or a lone CR as old Mac editors
write), and the file must still hold the bytes the command started from when the new
text replaces it (a colleague saving the file meanwhile is not overwritten, nor are
their events pinned by our positions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.files import regular_or_absent, write_atomically

BOM = b"\xef\xbb\xbf"
_BREAK = re.compile("\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Original:
    """A file as read for rewriting."""

    path: Path
    raw: bytes  # every byte, as on disk
    text: str  # decoded, without the byte-order mark
    bom: bool
    newline: str  # how its lines end: "\r\n", "\n" or "\r"


def read_original(path: Path, *, expected: bytes | None = None) -> Original:
    """The file at `path`; with `expected`, it must still hold those bytes (those the
    command planned from), else nothing is done."""
    if regular_or_absent(path) is None:
        raise TripplanError(f"{path}: no such file; check the path")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise TripplanError(f"{path}: cannot be read ({e.strerror})") from None
    if expected is not None and raw != expected:
        raise TripplanError(
            f"{path}: changed on disk while tripplan was working; nothing written (run "
            "the command again)"
        )
    bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise TripplanError(f"{path}: is not UTF-8 text; nothing written") from None
    return Original(path, raw, text, bom, line_end(text))


def line_end(text: str) -> str:
    """How the lines of `text` end: its first line break ("\n" if it has none)."""
    found = _BREAK.search(text)
    return found.group() if found else "\n"


def line_start(text: str, at: int) -> int:
    """Where the line holding offset `at` starts, whatever its line ends."""
    return max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1


def write_back(original: Original, new_text: str) -> None:
    """Replace the file with `new_text` (its byte-order mark kept), atomically, only if
    it still holds what was read."""
    data = (BOM if original.bom else b"") + new_text.encode("utf-8")
    write_atomically(original.path, data, expected=original.raw)
