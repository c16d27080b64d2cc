"""A briefing pack as plain blocks, every text already in the reader's language.

The writers (PDF, HTML, Word) lay these out; none of them decides what is said. Phone
numbers arrive with no-break spaces and hyphens (see `keep_whole`), so no writer can
break one across lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

NBSP, NBHYPHEN = "\u00a0", "\u2011"


def keep_whole(text: str) -> str:
    """A phone number (or a reference) that must never be broken across lines."""
    return text.replace(" ", NBSP).replace("-", NBHYPHEN)


def plain(text: str) -> str:
    """Text as typed: no-break characters back to their ordinary forms (for searches)."""
    return text.replace(NBSP, " ").replace(NBHYPHEN, "-")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: Literal[0, 1, 2] = 1  # 0 the pack's title (cover), 1 a section, 2 a part of one


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    style: Literal["body", "lead", "small", "note", "warning"] = "body"


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row (repeated on each page it runs onto)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative widths of the columns
    nowrap: frozenset[int] = frozenset()  # columns whose cells never wrap (times)


@dataclass(frozen=True, slots=True)
class RunRow:
    """One line of the run of a day: an event, or a transfer between two."""

    time: str  # may hold several lines ("08:32 HKT\n– 14:55")
    title: str
    lines: tuple[str, ...] = ()  # details, one per line
    kind: Literal["event", "transfer", "cancelled"] = "event"
    status: str = ""  # "tentative", "flexible"…
    alert: bool = False  # the status needs doing something (tentative, does not fit)


@dataclass(frozen=True, slots=True)
class Run:
    header: tuple[str, str]  # the two column headings: time, what
    rows: tuple[RunRow, ...]


@dataclass(frozen=True, slots=True)
class Stop:
    number: str  # "3", or "3·4" for two places at one spot
    x: float  # millimetres from the sketch's left edge
    y: float  # from its top edge
    radius: float


@dataclass(frozen=True, slots=True)
class Label:
    """A stop's name placed where it overlaps no other label nor dot; `leader` when far."""

    text: str
    x: float  # top-left corner, mm
    y: float
    width: float
    height: float
    stop: int  # the index of the stop (dot) it names
    leader: bool = False  # a line from the dot to the label, when it is not beside it


@dataclass(frozen=True, slots=True)
class Exit:
    """An inter-city leg: an arrow between a stop and the edge, towards the other city."""

    x: float  # the stop
    y: float
    edge_x: float  # where the arrow meets the edge
    edge_y: float
    incoming: bool  # the arrow points at the stop (arriving) or at the edge (leaving)
    label: Label  # "to Shenzhen: flight, 1,130 km"


@dataclass(frozen=True, slots=True)
class Sketch:
    """One city's stops of one day, to scale, north up, with a scale bar."""

    title: str
    width: float
    height: float
    stops: tuple[Stop, ...]
    routes: tuple[tuple[int, ...], ...]  # each group's path, as indexes into stops
    route_names: tuple[str, ...]  # who travels each path (empty: one path for everyone)
    labels: tuple[Label, ...]
    legend: tuple[str, ...]  # names that found no free place on the sketch: "5 Name"
    exits: tuple[Exit, ...]
    bar_km: float
    bar_mm: float
    bar_text: str
    label_size: float  # font size in points the labels were measured at


@dataclass(frozen=True, slots=True)
class Sketches:
    sketches: tuple[Sketch, ...]
    missing: str = ""  # "Not on the sketch (no coordinates): …"


Block = Heading | Para | Table | Run | Sketches


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the pack; `new_page` starts it on a page of its own."""

    key: str  # cover, glance, day, delegation, contacts, cars, rooming, documents, host, driver
    blocks: tuple[Block, ...]
    new_page: bool = True
    days: tuple[date, ...] = ()  # the days it gives the programme of (a day, a driver's sheet)


@dataclass(frozen=True, slots=True)
class Pack:
    title: str
    audience: str  # in the reader's language
    lang: str  # --lang value
    font_family: str  # the CJK face the language is set in
    face: int  # its number in the Noto Sans CJK collection
    html_lang: str
    version: str  # "Version 3" in words
    footer: str  # version, "as at", marking: printed on every page
    marking: str  # RESTRICTED… (empty: none), printed at the top of every page
    draft: str  # "DRAFT — not checked: 2 errors" on every page (empty: checked)
    page_words: str  # "Page {page} of {pages}" in the reader's language
    sections: tuple[Section, ...] = field(default=())
