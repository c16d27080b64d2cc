"""Text from outside made safe for each place it is written to: the one place that does it.

An itinerary circulates by e-mail, a venue registry is shared, a geocoder or an OSRM
server answers what it likes, a file name is whatever is on disk: any of them may hold
characters a terminal obeys instead of showing (ESC starts the sequences that clear the
screen, set the window title, plant hidden OSC 8 links or write the clipboard with OSC
52; BEL rings; a C1 control such as U+009B is an escape on its own), bidirectional
controls that make text read differently from what it is (Trojan Source), line breaks
that split a one-line message, and lone surrogates a UTF-8 stream cannot even encode.

Each sink has its function here, and every renderer goes through it:

- `terminal` for text on stdout and stderr (messages one line; `lines=True` keeps breaks);
- `markdown` for Markdown meant for e-mail: the above, and Markdown and HTML escaped;
- `calendar` for iCalendar TEXT before RFC 5545 escaping (controls are not allowed there);
- `pdf` for text drawn in a PDF, `html` for HTML;
- `json` for JSON documents on stdout (what `json.dumps` leaves raw is escaped).

Such a character is never dropped silently nor obeyed: it is shown as its escape,
`\\x1b` or `\\u202e`, so whoever reads the output sees that something is there. Pure
and cheap (one regular expression), so it costs nothing on `check`'s start-up.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")

# C0 controls, DEL, C1 controls; the bidirectional marks, embeddings, overrides and
# isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069); the line and paragraph
# separators; lone surrogates (a JSON answer may hold "\ud800", which no UTF-8 stream
# can encode).
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
# The same but the newline, which a value of several lines keeps (one search, where
# checking UNSAFE again without the newlines copied every description of an export).
UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)
# What each of those is shown as, apart from line breaks and tabs.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029\x0b\x0c]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` with every unsafe character shown as its escape, but newlines if `newlines`
    (one pattern each: keeping each newline of a long document through a Python call
    was a tenth of `show`'s output)."""
    if not UNSAFE.search(text):
        return text
    return (UNSAFE_BUT_NEWLINE if newlines else UNSAFE).sub(_escape, text)


def _breaks(text: str, into: str) -> str:
    """Every way of ending a line (CRLF, a lone CR, NEL, U+2028...) as `into`; tabs as a
    space."""
    return _BREAKS.sub(into, text).replace("\t", " ")


def terminal(text: object, *, lines: bool = False) -> str:
    """Text for a terminal: one line, or with `lines` its line breaks kept as newlines."""
    text = str(text)
    if not UNSAFE.search(text):
        return text
    return visible(_breaks(text, "\n" if lines else " "), newlines=lines)


# Markdown's inline syntax, and table pipes: shown as themselves when escaped. A tilde
# after a space and before a digit ("~30 min") can open a strikethrough but never close
# one, and every other tilde is escaped: it is left as people write it.
_MARKDOWN = re.compile(r"([\\`*_\[\]|#]|(?<!\s)~|~(?!\d))")
# What starts a block when it starts a line (a list item's text included): a list marker
# followed by a space or nothing, a line of only dashes or equals signs (a thematic break,
# a setext underline). A phone number ("+852 …"), "-5 °C" or "1.5 km" starts none, and
# stays as written: a backslash there shows in a plain-text e-mail.
_BLOCK_START = re.compile(r"^(\s*)([-+](?=[ \t]|$)|[-=]+(?=[ \t]*$)|\d{1,9}(?=[.)](?:[ \t]|$)))")
# An HTML character reference: "&lt;" written in a title must stay those four characters.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def markdown(text: object) -> str:
    """Inline Markdown text (a table cell, a list item, a heading) that reads as written:
    one line, no HTML (an `<img onerror>` stays text), no links or images, no emphasis
    that was not meant."""
    text = terminal(text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN.sub(r"\\\1", text)
    return _BLOCK_START.sub(_unblock, text, count=1)


def _unblock(match: re.Match[str]) -> str:
    lead, mark = match.groups()
    # "- x" becomes "\- x"; "1. x" becomes "1\. x".
    return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"


def calendar(text: object) -> str:
    """A calendar TEXT value before RFC 5545 escaping: line breaks as newlines (escaped
    as \\n there), every other control shown as its escape (RFC 5545 allows none)."""
    text = str(text)
    # Newlines alone (every description of an export has some) need no work.
    if not UNSAFE_BUT_NEWLINE.search(text):
        return text
    return visible(_breaks(text, "\n"), newlines=True)


def pdf(text: object) -> str:
    """Text drawn in a PDF: line breaks as newlines, other controls as escapes (a font
    has no glyph for them, and the PDF library would warn with them raw)."""
    return calendar(text)


def html(text: object, *, quote: bool = True) -> str:
    """Text in HTML, as a text node or a quoted attribute value."""
    from html import escape  # here: html.entities is a tenth of `safe`'s import

    return escape(calendar(text), quote=quote)


def within(value: _T, sink: Callable[[str], str]) -> _T:
    """`value` with every string in it (in dataclasses, tuples and lists, however deep)
    passed through `sink`: a whole document made safe before a renderer draws it."""
    result: Any = value
    if isinstance(value, str):
        result = sink(value)
    elif isinstance(value, tuple | list):
        result = type(value)(within(item, sink) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {
            f.name: within(getattr(value, f.name), sink)
            for f in dataclasses.fields(value)
            if f.init
        }
        result = dataclasses.replace(value, **changed)
    return result  # type: ignore[no-any-return]


# What json.dumps(ensure_ascii=False) leaves as it is: DEL, C1, bidirectional controls,
# the separators and lone surrogates. They only occur inside strings.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def json(value: Any, *, indent: int | None = 2) -> str:
    """`value` as a JSON document that keeps Chinese readable but escapes every control."""
    import json  # here, not on `check`'s start-up (which prints text)

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        # A lone surrogate is no character: its JSON escape would read as one that a strict
        # parser refuses. Said as the terminal says it ("caf\\xe9.yaml"), as text.
        return "\\" + _escape(match)
    return f"\\u{code:04x}"
