"""Text laid out for a terminal of a given width: words kept whole, columns, styles.

Pure, and in time linear in the text: `show` of a 10,000-event trip spent most of its run
in rich's table layout, which measures every cell again for each way it tries to fit a
table. A timeline needs less: columns whose widths follow from the longest word of each
(so no word is ever broken and an id stays readable), shared out by ratio, and when even
that does not fit the terminal, the caller puts one field on each line instead.

A line is a list of spans, each a text and a rich style ("" for none); the CLI prints
them plain to a pipe or styled to a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

Span = tuple[str, str]
Line = list[Span]

GAP = 2  # spaces between two columns
LONGEST_WORD = 24  # a longer word (a URL) may be cut rather than widen its column
# Marks that must not start a line, and marks that must not end one (kinsoku shori).
_CLOSING = frozenset("，。、；：！？）」』》〉】〕…．,.;:!?)]}%’”")
_OPENING = frozenset("（「『《〈【〔([{‘“")
_SPACES = re.compile(r"[ \t]+")
# After the hyphen of a compound ("spatial-intelligence"), as in print; not in numbers,
# nor in a word that a colon or a comma ends: an id in a list of who goes ("chan-siu-ming,
# ko: from …") or a problem's code ("missing-document:") reads as one word or not at all.
_WHOLE = r"(?!\S*[:,](?:\s|$))"
_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])" + _WHOLE)
# A number keeps its unit on its line ("17.2 km", "~39 min"): the space between is no
# break. `_GAP` is every other space (one not after a digit, or not before a unit).
_UNIT = re.compile(r"(?:km|min)\b")
_GAP = r"(?<!\d) | (?!(?:km|min)\b)"


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes in a terminal (a Chinese character takes two)."""
    if text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=65536)  # the same names and words come back on every day
def _wide_width(text: str) -> int:
    # Every ASCII character takes one column: only the others are looked at (a
    # transfer's line has one arrow in ninety characters).
    others = _NON_ASCII.findall(text)
    return len(text) - len(others) + sum(map(_char_width, others))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def pieces(word: str, hyphens: bool = True) -> Iterator[str]:
    """`word` in the smallest parts a line may break between: after the hyphens of a
    compound (unless `hyphens` is false: ids stay whole), and between CJK characters
    (not before a closing mark, not after an opening one)."""
    if hyphens and "-" in word:
        parts = _HYPHEN.split(word)
        if len(parts) > 1:
            for part in parts:
                yield from pieces(part, hyphens=False)
            return
    if word.isascii():
        yield word
        return
    piece = ""
    for char in word:
        between = piece and (_wide(char) or _wide(piece[-1]))
        if between and char not in _CLOSING and piece[-1] not in _OPENING:
            yield piece
            piece = ""
        piece += char
    if piece:
        yield piece


# A piece of text a line may not break inside: its text, style, width, and whether a
# space comes before it.
_Token = tuple[str, str, int, bool]


class Measured:
    """A paragraph (a list of spans) cut into pieces and measured once: laying out a
    table needs each cell's widest piece and whole width, then its lines. Most cells are
    plain ASCII on one line; they are measured without being cut into pieces."""

    __slots__ = ("spans", "hyphens", "_tokens", "_laid", "_plain", "natural", "longest")

    def __init__(self, spans: Sequence[Span], hyphens: bool = True) -> None:
        self.spans = spans
        self.hyphens = hyphens
        self._tokens: list[_Token] | None = None
        self._laid: dict[int, list[tuple[Line, int]]] = {}  # by room: `laid_out`
        self._plain = False  # one plain text (`_plain`), wrapped by `_plain_lines`
        if len(spans) == 1 and _plain(spans[0][0]):  # most cells: one plain text
            text = spans[0][0]
            self._plain = text[-1:] != " "
            self.natural = len(text)
            # str.split at spaces where no hyphen nor unit keeps words together: a regex
            # costs more.
            if hyphens and "-" in text:
                pieces = _ASCII_PIECES.split(text)
            elif " km" in text or " min" in text:
                pieces = _ASCII_WORDS.split(text)
            else:
                pieces = text.split(" ")
            self.longest = max(map(len, pieces))
        elif all(_plain(text) for text, _ in spans):
            self.natural = sum(len(text) for text, _ in spans)
            split = (_ASCII_PIECES if hyphens else _ASCII_WORDS).split
            self.longest = max((len(p) for text, _ in spans for p in split(text)), default=0)
        else:
            tokens = self.tokens
            self.natural = sum(size + (1 if spaced else 0) for _, _, size, spaced in tokens)
            if tokens and tokens[0][3]:
                self.natural -= 1  # no space before the first piece
            self.longest = max((size for _, _, size, _ in tokens), default=0)

    @property
    def tokens(self) -> list[_Token]:
        if self._tokens is None:
            self._tokens = _tokens(self.spans, self.hyphens)
        return self._tokens

    def laid_out(self, room: int) -> list[tuple[Line, int]]:
        """`lines(room)` with the width of each, worked out once per room: a paragraph
        `measured` shares is laid out in many rows."""
        found = self._laid.get(room)
        if found is None:
            lines = self.lines(room)
            if self._plain:  # one span a line, as wide as it is long
                found = [(line, len(line[0][0]) if line else 0) for line in lines]
            else:
                found = [(line, text_width(line)) for line in lines]
            self._laid[room] = found
        return found

    def lines(self, room: int) -> list[Line]:
        """The paragraph as lines of at most `room` columns; a piece wider than a whole
        line is cut."""
        if self.natural <= room:  # one line, as written (the common case)
            if self._tokens is None:
                spans = self.spans
                if len(spans) == 1:
                    return [[spans[0]]] if spans[0][0] else [[]]
                return [_merged(spans)]
            return [_joined(self.tokens)]
        if self._plain and self.longest <= room:  # a long plain text: a transfer's words
            text, style = self.spans[0]
            return [[(part, style)] for part in _plain_lines(text, room, self.hyphens)]
        lines: list[Line] = []
        line: Line = []
        used = 0
        for piece, style, size, spaced in self.tokens:
            gap = 1 if spaced and line else 0
            if line and used + gap + size > room:
                lines.append(line)
                line, used, gap = [], 0, 0
            while size > room and not line:  # a piece wider than the line: cut it
                head, piece = _cut(piece, room)
                lines.append([(head, style)])
                size = width(piece)
            if not piece:
                continue
            text = " " + piece if gap else piece
            if line and line[-1][1] == style:
                line[-1] = (line[-1][0] + text, style)
            else:
                line.append((text, style))
            used += gap + size
        lines.append(line)
        return lines


@lru_cache(maxsize=8192)
def measured(spans: tuple[Span, ...], hyphens: bool = True) -> Measured:
    """The paragraph measured once for every table it is in: a long trip's days repeat
    the same venues, people and statuses in thousands of cells. Its lines are shared
    too (`Measured.laid_out`): callers copy them, never change them."""
    return Measured(spans, hyphens)


def _plain(text: str) -> bool:
    """Narrow words (ASCII, or such as – → ↳ ·) between single spaces: its width is its
    length, a line may break only at its spaces (or hyphens), its line is as written."""
    if "  " in text or "\t" in text or text[:1] == " ":
        return False
    return text.isascii() or _wide_width(text) == len(text)


def _plain_lines(text: str, room: int, hyphens: bool) -> list[str]:
    """A plain text (`_plain`, no word wider than `room`) as lines of at most `room`
    columns, each as long as it can be: the lines `Measured.lines` makes of its pieces,
    found with a few searches per line instead of a step per word."""
    breaks = [m.start() for m in _HYPHEN.finditer(text)] if hyphens and "-" in text else []
    lines: list[str] = []
    start = 0
    while len(text) - start > room:
        end = start + room
        space = text.rfind(" ", start, end + 1)  # the line ends before it
        while space > start and text[space - 1].isdigit() and _UNIT.match(text, space + 1):
            space = text.rfind(" ", start, space)  # a number and its unit: not here
        after = bisect_right(breaks, end) - 1  # after a compound's hyphen
        if after >= 0 and breaks[after] > max(space, start):
            lines.append(text[start : breaks[after]])
            start = breaks[after]
        else:
            lines.append(text[start:space])
            start = space + 1
    lines.append(text[start:])
    return lines


_ASCII_WORDS = re.compile(_GAP)
_ASCII_PIECES = re.compile(_GAP + r"|(?<=[A-Za-z]-)(?=[A-Za-z])" + _WHOLE)


def _tokens(spans: Sequence[Span], hyphens: bool) -> list[_Token]:
    tokens: list[_Token] = []
    spaced = False
    for text, style in spans:
        first = len(tokens)  # a unit joins its number in one span only, as `longest` counts
        for index, word in enumerate(_SPACES.split(text)):
            if index:
                spaced = True
            if not word:
                continue
            if word.isascii() and not (hyphens and "-" in word):
                last = tokens[-1] if len(tokens) > first else None
                if spaced and last and last[0][-1:].isdigit() and _UNIT.match(word):
                    tokens[-1] = (f"{last[0]} {word}", style, last[2] + 1 + len(word), last[3])
                else:
                    tokens.append((word, style, len(word), spaced))
            else:
                for number, (piece, size) in enumerate(_measured_pieces(word, hyphens)):
                    tokens.append((piece, style, size, spaced and number == 0))
            spaced = False
        if text[-1:] in (" ", "\t"):
            spaced = True
    return tokens


def _merged(spans: Sequence[Span]) -> Line:
    line: Line = []
    for text, style in spans:
        if not text:
            continue
        if line and line[-1][1] == style:
            line[-1] = (line[-1][0] + text, style)
        else:
            line.append((text, style))
    return line


@lru_cache(maxsize=65536)
def _measured_pieces(word: str, hyphens: bool) -> tuple[tuple[str, int], ...]:
    return tuple((piece, width(piece)) for piece in pieces(word, hyphens))


def _joined(tokens: list[_Token]) -> Line:
    line: Line = []
    for piece, style, _, spaced in tokens:
        text = " " + piece if spaced and line else piece
        if line and line[-1][1] == style:
            line[-1] = (line[-1][0] + text, style)
        else:
            line.append((text, style))
    return line


def wrap(spans: Sequence[Span], room: int, *, hyphens: bool = True) -> list[Line]:
    """The spans (one paragraph) as lines of at most `room` columns; a piece wider than
    a whole line is cut."""
    return Measured(spans, hyphens).lines(room)


def _cut(piece: str, room: int) -> tuple[str, str]:
    """A piece wider than a whole line, cut to fit: after its last hyphen that fits (an id
    longer than its column reads as "chan-siu-ming-senior-" then "administrative-"…),
    else where the line ends."""
    used = 0
    for index, char in enumerate(piece):
        used += _char_width(char)
        if used > room:
            hyphen = piece.rfind("-", 0, index)
            at = hyphen + 1 if hyphen > 0 else max(index, 1)
            return piece[:at], piece[at:]
    return piece, ""


def text_width(line: Line) -> int:
    if len(line) == 1:
        return width(line[0][0])
    return sum(width(text) for text, _ in line)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    ratio: int = 0  # 0: as wide as its widest cell, never wrapped
    min_width: int = 0
    hyphens: bool = True  # false: words are not broken at their hyphens (ids)


# A cell: paragraphs, each a list of spans, each paragraph starting on a line of its own.
Cell = list[list[Span]]


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], room: int) -> list[Line]:
    """The rows under a header and a rule, in columns that fit `room`; [] when they cannot
    fit with every word whole (the caller then shows one field per line)."""
    cells = [
        [
            [measured(tuple(paragraph), column.hyphens) for paragraph in cell]
            for cell, column in zip(row, columns, strict=True)
        ]
        for row in rows
    ]
    widths = column_widths(columns, cells, room)
    if widths is None:
        return []
    total = sum(widths) + GAP * (len(widths) - 1)
    header: Line = []
    for column, size in zip(columns, widths, strict=True):
        header += [(column.header, "bold"), (" " * (size + GAP - width(column.header)), "")]
    out = [_trimmed(header), [("─" * total, "")]]
    starts = [sum(widths[:i]) + GAP * i for i in range(len(widths))]
    spaces = [" " * n for n in range(total + 1)]
    for row in cells:
        # Most cells are one paragraph: its shared lines as they are (read, never changed).
        # Only the columns with something in them (a transfer's row has one or two).
        laid = [
            (cell[0].laid_out(size) if len(cell) == 1 else _stacked(cell, size), start)
            for cell, size, start in zip(row, widths, starts, strict=True)
            if cell
        ]
        for number in range(max((len(lines) for lines, _ in laid), default=0)):
            line: Line = []
            at = 0  # columns written so far
            for lines, start in laid:
                if number >= len(lines) or not lines[number][0]:
                    continue
                if start > at:
                    line.append((spaces[start - at], ""))
                text, size = lines[number]
                line += text
                at = start + size
            out.append(line)
    return out


def _stacked(cell: list[Measured], size: int) -> list[tuple[Line, int]]:
    return [line for paragraph in cell for line in paragraph.laid_out(size)]


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[list[Measured]]], room: int
) -> list[int] | None:
    natural = [width(c.header) for c in columns]
    least = [max(width(c.header), c.min_width) for c in columns]
    for row in rows:
        for index, cell in enumerate(row):
            for paragraph in cell:
                if columns[index].ratio:
                    least[index] = max(least[index], min(paragraph.longest, LONGEST_WORD))
                else:
                    natural[index] = max(natural[index], paragraph.natural)
    widths = [0 if c.ratio else natural[i] for i, c in enumerate(columns)]
    free = room - sum(widths) - GAP * (len(columns) - 1)
    flexible = [i for i, c in enumerate(columns) if c.ratio]
    if free < sum(least[i] for i in flexible):
        return None
    # Share out by ratio; a column whose share is below its least width gets that, and
    # the others share what is left.
    open_ = list(flexible)
    while open_:
        ratios = sum(columns[i].ratio for i in open_)
        shares = {i: free * columns[i].ratio // ratios for i in open_}
        short = [i for i in open_ if shares[i] < least[i]]
        if not short:
            for i in open_:
                widths[i] = shares[i]
            widths[open_[0]] += free - sum(shares.values())  # what rounding left over
            break
        for i in short:
            widths[i] = least[i]
            free -= least[i]
            open_.remove(i)
    return widths


def _trimmed(line: Line) -> Line:
    """The line without trailing spaces (and without empty spans)."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        text, style = line[-1]
        line = [*line[:-1], (text.rstrip(), style)]
    return [span for span in line if span[0]]


def indented(
    paragraph: Sequence[Span], room: int, first: str, rest: str, *, hyphens: bool = True
) -> list[Line]:
    """A paragraph wrapped with `first` before its first line and `rest` before the others
    (a hanging indent); without `hyphens`, words are not broken at theirs."""
    lines = wrap(paragraph, max(room - max(width(first), width(rest)), 1), hyphens=hyphens)
    out = []
    for number, line in enumerate(lines):
        lead = first if number == 0 else rest
        out.append(_trimmed([(lead, ""), *line]) if lead else line)
    return out
