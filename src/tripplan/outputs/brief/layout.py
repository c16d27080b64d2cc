"""A4 pages laid out from a pack: every text measured and wrapped before it is placed.

The layout is a list of pages, each a list of drawing operations with their boxes in
millimetres; the PDF writer only draws them. A row of a table or of the run of a day is
as tall as its tallest cell, so nothing prints over the next row; a row that does not
fit goes to the next page under the table's header again. Every page gets the marking
and the draft warning at the top and "page N of M", the version and the "as at" time
at the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tripplan.outputs.brief.fonts import PT_MM, width_mm
from tripplan.outputs.brief.model import (
    Heading,
    Pack,
    Para,
    Run,
    Section,
    Sketch,
    Sketches,
    Table,
)
from tripplan.outputs.brief.text import joined_lines, wrap

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 15.0, 15.0, 20.0, 18.0
WIDTH = PAGE_W - LEFT - RIGHT
Colour = tuple[int, int, int]
INK: Colour = (20, 20, 20)
GREY: Colour = (105, 105, 105)
ACCENT: Colour = (31, 78, 140)
ALERT: Colour = (170, 20, 20)
RULE: Colour = (190, 190, 190)
SHADE: Colour = (236, 240, 246)
ROUTES: tuple[Colour, ...] = ((51, 102, 204), (214, 96, 40), (40, 150, 90), (150, 60, 170))


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # top of the line box
    text: str
    size: float
    colour: Colour = INK
    bold: bool = False

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.x, self.y, width_mm(self.text, self.size), self.size * PT_MM


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.2
    colour: Colour = RULE
    dash: bool = False


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Colour | None = None
    stroke: Colour | None = None


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    fill: Colour = ROUTES[0]


@dataclass(frozen=True, slots=True)
class Arrow:
    x1: float
    y1: float
    x2: float  # the head
    y2: float
    colour: Colour = GREY


Op = Text | Line | Rect | Dot | Arrow


def line_height(size: float) -> float:
    return size * PT_MM * 1.35


@dataclass
class Layout:
    pack: Pack
    pages: list[list[Op]] = field(default_factory=list)
    y: float = TOP

    @property
    def bottom(self) -> float:
        return PAGE_H - BOTTOM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def fits(self, height: float) -> bool:
        return self.y + height <= self.bottom

    def ensure(self, height: float) -> None:
        if not self.pages or not self.fits(height):
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def lines(
        self,
        text: str,
        x: float,
        width: float,
        size: float,
        colour: Colour = INK,
        bold: bool = False,
    ) -> None:
        """Wrapped text at the cursor, moving to a new page between lines if need be."""
        step = line_height(size)
        for line in wrap(text, width, lambda t: width_mm(t, size)):
            self.ensure(step)
            if line:
                self.add(Text(x, self.y, line, size, colour, bold))
            self.y += step


def layout(pack: Pack) -> list[list[Op]]:
    """The pages of `pack`, each a list of drawing operations, furniture included."""
    page = Layout(pack)
    for section in pack.sections:
        _section(page, section)
    total = len(page.pages)
    for number, ops in enumerate(page.pages, 1):
        ops.extend(_furniture(pack, number, total))
    return page.pages


def _furniture(pack: Pack, number: int, total: int) -> list[Op]:
    ops: list[Op] = []
    size = 7.0
    top = 8.0
    if pack.marking:
        w = width_mm(pack.marking, 9)
        ops.append(Text((PAGE_W - w) / 2, top, pack.marking, 9, ALERT, True))
    if pack.draft:
        w = width_mm(pack.draft, 8)
        ops.append(
            Text(PAGE_W - RIGHT - w, top + (4.5 if pack.marking else 0), pack.draft, 8, ALERT, True)
        )
    y = PAGE_H - 11.0
    ops.append(Line(LEFT, y - 1.5, PAGE_W - RIGHT, y - 1.5))
    words = pack.page_words.format(page=number, pages=total)
    right = width_mm(words, size)
    room = WIDTH - right - 4
    parts = [pack.title, *pack.footer.split(" · ")]
    lines = joined_lines(parts, " · ", room, lambda t: width_mm(t, size))
    for i, line in enumerate(lines[:2]):
        ops.append(Text(LEFT, y + i * line_height(size), line, size, GREY))
    ops.append(Text(PAGE_W - RIGHT - right, y, words, size, GREY))
    if pack.marking:
        w = width_mm(pack.marking, 8)
        ops.append(Text((PAGE_W - w) / 2, PAGE_H - 5.0, pack.marking, 8, ALERT, True))
    return ops


def _section(page: Layout, section: Section) -> None:
    if section.new_page or not page.pages:
        page.new_page()
    else:
        page.y += 4
    if section.key == "cover":
        page.y = 70.0
    for block in section.blocks:
        if isinstance(block, Heading):
            _heading(page, block)
        elif isinstance(block, Para):
            _para(page, block)
        elif isinstance(block, Table):
            _table(page, block)
        elif isinstance(block, Run):
            _run(page, block)
        else:
            _sketches(page, block)


def _heading(page: Layout, heading: Heading) -> None:
    size = {0: 20.0, 1: 13.0, 2: 10.5}[heading.level]
    colour = INK if heading.level == 0 else ACCENT
    height = len(wrap(heading.text, WIDTH, lambda t: width_mm(t, size))) * line_height(size)
    page.ensure(height + 12)  # a heading is never alone at the foot of a page
    page.y += 2 if heading.level else 0
    page.lines(heading.text, LEFT, WIDTH, size, colour, bold=True)
    if heading.level == 1:
        page.add(Line(LEFT, page.y + 0.3, PAGE_W - RIGHT, page.y + 0.3, 0.4, ACCENT))
        page.y += 1.5
    page.y += 1.5


_PARA = {
    "body": (9.0, INK),
    "lead": (10.5, INK),
    "small": (8.0, GREY),
    "note": (9.0, ACCENT),
    "warning": (12.0, ALERT),
}


def _para(page: Layout, para: Para) -> None:
    size, colour = _PARA[para.style]
    page.ensure(line_height(size))
    page.lines(para.text, LEFT, WIDTH, size, colour, bold=para.style == "warning")
    page.y += 1.2


def _widths(table: Table, size: float) -> list[float]:
    """Column widths: the relative ones, but a no-wrap column as wide as its widest cell."""
    total = sum(table.widths)
    widths = [WIDTH * w / total for w in table.widths]
    for col in sorted(table.nowrap):
        if col >= len(widths):
            continue
        cells = [row[col] for row in table.rows if col < len(row)]
        need = max(
            (width_mm(line, size) for cell in cells for line in cell.split("\n")), default=0.0
        )
        need += 2.4
        if need > widths[col]:
            others = sum(w for i, w in enumerate(widths) if i != col)
            grow = min(need - widths[col], others * 0.5)
            widths = [
                w + grow if i == col else w * (1 - grow / others) for i, w in enumerate(widths)
            ]
    return widths


def _table(page: Layout, table: Table) -> None:
    size, head_size = 8.5, 7.5
    widths = _widths(table, size)
    pad = 1.2

    def cells(texts: tuple[str, ...], at: float) -> tuple[list[list[str]], float]:
        wrapped = [
            wrap(text, widths[i] - 2 * pad, lambda t: width_mm(t, at))
            for i, text in enumerate(texts)
        ]
        height = max(len(w) for w in wrapped) * line_height(at) + 2 * pad
        return wrapped, height

    head, head_h = cells(table.header, head_size)

    def header() -> None:
        page.add(Rect(LEFT, page.y, WIDTH, head_h, fill=SHADE))
        _cells(page, head, widths, head_size, pad, GREY, bold=True)
        page.y += head_h

    first_row = cells(table.rows[0], size)[1] if table.rows else 0.0
    page.ensure(head_h + first_row)
    header()
    for row in table.rows:
        wrapped, height = cells(row, size)
        if not page.fits(height):
            page.new_page()
            header()
        _cells(page, wrapped, widths, size, pad, INK)
        page.y += height
        page.add(Line(LEFT, page.y, PAGE_W - RIGHT, page.y))
    page.y += 3


def _cells(
    page: Layout,
    wrapped: list[list[str]],
    widths: list[float],
    size: float,
    pad: float,
    colour: Colour,
    bold: bool = False,
) -> None:
    x = LEFT
    for lines, width in zip(wrapped, widths, strict=False):
        for i, line in enumerate(lines):
            if line:
                page.add(
                    Text(x + pad, page.y + pad + i * line_height(size), line, size, colour, bold)
                )
        x += width


def _run(page: Layout, run: Run) -> None:
    time_size, title_size, detail_size = 9.0, 9.5, 7.8
    times = [line for row in run.rows for line in row.time.split("\n")]
    time_w = max((width_mm(t, time_size) for t in times), default=20.0) + 3
    time_w = max(time_w, 22.0)
    text_x, text_w = LEFT + time_w, WIDTH - time_w
    for row in run.rows:
        transfer = row.kind == "transfer"
        t_size = detail_size if transfer else time_size
        h_size = detail_size if transfer else title_size
        colour = GREY if transfer or row.kind == "cancelled" else INK
        title = row.title + (f"  [{row.status}]" if row.status else "")
        measure = lambda t, s=h_size: width_mm(t, s)  # noqa: E731
        title_lines = wrap(title, text_w, measure)
        detail_lines = [
            line for d in row.lines for line in wrap(d, text_w, lambda t: width_mm(t, detail_size))
        ]
        time_lines = row.time.split("\n")
        body_h = len(title_lines) * line_height(h_size) + len(detail_lines) * line_height(
            detail_size
        )
        height = max(body_h, len(time_lines) * line_height(t_size)) + (1.0 if transfer else 2.4)
        if not page.fits(height):
            page.new_page()
        top = page.y + (0.3 if transfer else 1.2)
        if not transfer:
            page.add(Line(LEFT, page.y, PAGE_W - RIGHT, page.y))
        for i, line in enumerate(time_lines):
            page.add(
                Text(
                    LEFT + (3 if transfer else 0),
                    top + i * line_height(t_size),
                    line,
                    t_size,
                    colour,
                    not transfer,
                )
            )
        y = top
        for line in title_lines:
            page.add(
                Text(
                    text_x,
                    y,
                    line,
                    h_size,
                    ALERT if row.alert else colour,
                    not transfer,
                )
            )
            if row.kind == "cancelled":
                page.add(
                    Line(
                        text_x,
                        y + h_size * PT_MM * 0.55,
                        text_x + width_mm(line, h_size),
                        y + h_size * PT_MM * 0.55,
                        0.3,
                        GREY,
                    )
                )
            y += line_height(h_size)
        for line in detail_lines:
            page.add(Text(text_x, y, line, detail_size, GREY if transfer else colour))
            y += line_height(detail_size)
        page.y += height
    page.y += 3


def _sketches(page: Layout, block: Sketches) -> None:
    title_size = 8.5
    gap = 4.0
    widest = max((s.width for s in block.sketches), default=WIDTH)
    per_row = max(1, int((WIDTH + gap) // (widest + gap)))
    for start in range(0, len(block.sketches), per_row):
        group = block.sketches[start : start + per_row]
        legends = [_legend_lines(s) for s in group]
        height = (
            line_height(title_size)
            + group[0].height
            + max((len(lines) * line_height(6.5) for lines in legends), default=0)
            + 3
        )
        page.ensure(height)
        top = page.y
        for i, sketch in enumerate(group):
            x = LEFT + i * (sketch.width + gap)
            page.add(Text(x, top, sketch.title, title_size, ACCENT, True))
            _sketch(page, sketch, x, top + line_height(title_size))
            y = top + line_height(title_size) + sketch.height + 1
            for colour, line in legends[i]:
                page.add(Text(x, y, line, 6.5, colour))
                y += line_height(6.5)
        page.y = top + height
    if block.missing:
        _para(page, Para(block.missing, "small"))


def _legend_lines(sketch: Sketch) -> list[tuple[Colour, str]]:
    lines = []
    for i, name in enumerate(sketch.route_names):
        for part in wrap(f"— {name}", sketch.width, lambda t: width_mm(t, 6.5)):
            lines.append((ROUTES[i % len(ROUTES)], part))
    for name in sketch.legend:
        for part in wrap(name, sketch.width, lambda t: width_mm(t, 6.5)):
            lines.append((INK, part))
    return lines


def _sketch(page: Layout, sketch: Sketch, left: float, top: float) -> None:
    page.add(Rect(left, top, sketch.width, sketch.height, stroke=RULE))
    for i, route in enumerate(sketch.routes):
        colour = ROUTES[i % len(ROUTES)]
        for a, b in zip(route, route[1:], strict=False):
            sa, sb = sketch.stops[a], sketch.stops[b]
            page.add(
                Line(left + sa.x, top + sa.y, left + sb.x, top + sb.y, 0.5, colour, dash=i > 0)
            )
    for exit_ in sketch.exits:
        start, end = (exit_.edge_x, exit_.edge_y), (exit_.x, exit_.y)
        if not exit_.incoming:
            start, end = end, start
        page.add(Arrow(left + start[0], top + start[1], left + end[0], top + end[1]))
        label = exit_.label
        if label.text:
            page.add(Text(left + label.x, top + label.y, label.text, sketch.label_size, GREY))
    for stop in sketch.stops:
        page.add(Dot(left + stop.x, top + stop.y, stop.radius))
    for stop in sketch.stops:
        size = sketch.label_size * (0.85 if "·" in stop.number else 1.0)
        w = width_mm(stop.number, size)
        page.add(
            Text(
                left + stop.x - w / 2,
                top + stop.y - size * PT_MM / 2,
                stop.number,
                size,
                (255, 255, 255),
            )
        )
    for label in sketch.labels:
        if label.leader:
            stop = sketch.stops[label.stop]
            cx = min(max(stop.x, label.x), label.x + label.width)
            cy = min(max(stop.y, label.y), label.y + label.height)
            page.add(Line(left + stop.x, top + stop.y, left + cx, top + cy, 0.15, GREY))
        page.add(Text(left + label.x, top + label.y + 0.2, label.text, sketch.label_size, INK))
    bar_y = top + sketch.height - 3.0
    page.add(Line(left + 4, bar_y, left + 4 + sketch.bar_mm, bar_y, 0.6, INK))
    page.add(Text(left + 4, bar_y - 3.4, sketch.bar_text, sketch.label_size, INK))
    page.add(Text(left + sketch.width - 4.5, top + 1.2, "N↑", sketch.label_size, INK))
