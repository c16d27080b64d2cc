"""Line breaking measured before placing: where a text may break, and how many lines it takes.

Pure. Breaks after spaces, between Chinese characters (not before closing punctuation
nor after opening, the usual kinsoku rules), after a hyphen inside a word, and at
newlines; never at a no-break space or hyphen (phone numbers are kept whole that way),
and inside a word only when the word alone is wider than the line (after an "@" or a "."
where it can). Linear in the text:
each character is measured once.
"""

from __future__ import annotations

import string
from collections.abc import Callable

Measure = Callable[[str], float]  # text -> width in the writer's unit

_NO_BREAK_BEFORE = set("，。、；：？！）」』〉》】〕”’…・·%％,.;:?!)]}")
_NO_BREAK_AFTER = set("（「『〈《【〔“‘([{")
# Between two of these a line never breaks (most pairs of a pack's English text).
_WORD = frozenset(string.ascii_letters + string.digits)


def _wide(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end between `before` and `after`."""
    if after in _NO_BREAK_BEFORE or before in _NO_BREAK_AFTER:
        return False
    if before == " ":
        return True
    if before in "-/–—" and after.isalnum() and after not in "0123456789":
        return True
    return _wide(before) or _wide(after)


def _pieces(text: str) -> list[str]:
    """`text` cut at every place a line may break (spaces stay at the end of a piece)."""
    pieces, start = [], 0
    before = text[:1]
    for i in range(1, len(text)):
        after = text[i]
        if after != " " and not (before in _WORD and after in _WORD) and _may_break(before, after):
            pieces.append(text[start:i])
            start = i
        before = after
    pieces.append(text[start:])
    return pieces


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """The lines `text` takes in `width`; every line fits unless one character does not."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_one(paragraph, width, measure))
    return lines


def _wrap_one(text: str, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    line, used = "", 0.0
    for piece in _pieces(text):
        trimmed = piece.rstrip(" ")
        trimmed_width = measure(trimmed)
        if line and used + trimmed_width > width:
            lines.append(line.rstrip(" "))
            line, used = "", 0.0
        if not line and trimmed_width > width:  # a word longer than the line
            parts = _by_character(trimmed, width, measure)
            lines.extend(parts[:-1])
            line = parts[-1] + piece[len(trimmed) :]
            used = measure(line)
            continue
        line += piece
        used += measure(piece)
    lines.append(line.rstrip(" "))
    return lines


# Where a word too long for its line is best cut: after its "@", else after one of these,
# as an e-mail or a web address is broken in print ("meiling.cheung@" / "example.gov.hk").
_CUT_AFTER = "./-_"


def _by_character(word: str, width: float, measure: Measure) -> list[str]:
    parts, part = [], ""
    for ch in word:
        if part and measure(part + ch) > width:
            # An address's own two halves first, else its last dot (or slash, hyphen).
            at = part.rfind("@") + 1 or max(part.rfind(mark) for mark in _CUT_AFTER) + 1
            if 0 < at < len(part):
                parts.append(part[:at])
                part = part[at:]
            else:
                parts.append(part)
                part = ""
        part += ch
    parts.append(part)
    return parts


def joined_lines(parts: list[str], sep: str, width: float, measure: Measure) -> list[str]:
    """`parts` joined by `sep` in lines of `width`, a line breaking between two parts
    rather than inside one (a date in a footer stays on its line) unless a part alone is
    wider than the line."""
    lines: list[str] = []
    line = ""
    for part in parts:
        longer = f"{line}{sep}{part}" if line else part
        if measure(longer) <= width:
            line = longer
            continue
        if line:
            lines.append(line)
        wrapped = wrap(part, width, measure)
        lines.extend(wrapped[:-1])
        line = wrapped[-1]
    lines.append(line)
    return lines
