"""Route sketches: one per city of a day, to scale, labels placed where nothing else is.

Pure geometry in millimetres. Text is measured by the writer's `measure(text, size)`
before anything is placed, so a label is given a spot only where its whole box is free
of every other label, dot, arrow label and the scale bar; a label that finds no room
beside its dot goes further out with a leader line, and one that finds none at all is
listed under the sketch instead. Nothing can print over anything else.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tripplan.outputs.brief.model import Exit, Label, Sketch, Stop

Measure = Callable[[str, float], float]  # text, size in points -> width in mm

_NICE_KM = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
_PT = 0.3528  # mm per point
LABEL_SIZE = 6.0
_MARGIN = 7.0
_BAR_SPACE = 7.0
_DOT = 2.0
_MAX_LABEL_MM = 38.0
_MIN_SPAN_KM = 1.5


@dataclass(frozen=True, slots=True)
class Place:
    number: int  # visiting order over the day
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Leaving:
    """An inter-city leg seen from this city: from/to a place here, towards `lat, lon`."""

    place: int  # index into the places
    lat: float
    lon: float
    text: str
    incoming: bool


Box = tuple[float, float, float, float]  # x, y, width, height


def _overlaps(a: Box, b: Box, gap: float = 0.4) -> bool:
    return not (
        a[0] + a[2] + gap <= b[0]
        or b[0] + b[2] + gap <= a[0]
        or a[1] + a[3] + gap <= b[1]
        or b[1] + b[3] + gap <= a[1]
    )


def fit(text: str, width: float, measure: Measure, size: float) -> str:
    """`text` cut with an ellipsis to `width` mm."""
    if measure(text, size) <= width:
        return text
    while text and measure(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw(
    title: str,
    places: Sequence[Place],
    routes: Sequence[Sequence[int]],
    route_names: Sequence[str],
    leaving: Sequence[Leaving],
    *,
    width: float,
    height: float,
    measure: Measure,
    km_words: Callable[[float], str],
) -> Sketch:
    """The sketch of `places` (visited along `routes`, indexes into places)."""
    lat0 = sum(p.lat for p in places) / len(places)
    km_x = 111.32 * math.cos(math.radians(lat0))
    km = [((p.lon - places[0].lon) * km_x, (p.lat - places[0].lat) * 110.57) for p in places]
    xs, ys = [k[0] for k in km], [k[1] for k in km]
    span_x = max(max(xs) - min(xs), _MIN_SPAN_KM)
    span_y = max(max(ys) - min(ys), _MIN_SPAN_KM)
    inner_w, inner_h = width - 2 * _MARGIN, height - 2 * _MARGIN - _BAR_SPACE
    mm_per_km = min(inner_w / span_x, inner_h / span_y)
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    centre_y = _MARGIN + inner_h / 2
    at = [(width / 2 + (x - mid_x) * mm_per_km, centre_y - (y - mid_y) * mm_per_km) for x, y in km]
    # Places closer than a dot are one dot with both numbers.
    dot_of: list[int] = []
    dots: list[list[int]] = []
    for i, (x, y) in enumerate(at):
        near = next(
            (d for d, members in enumerate(dots) if math.dist(at[members[0]], (x, y)) < _DOT * 1.5),
            None,
        )
        if near is None:
            dots.append([i])
            dot_of.append(len(dots) - 1)
        else:
            dots[near].append(i)
            dot_of.append(near)
    stops = []
    for members in dots:
        number = "·".join(str(places[i].number) for i in members)
        size = LABEL_SIZE * (0.85 if len(members) > 1 else 1.0)
        radius = max(_DOT, measure(number, size) / 2 + 0.6)
        stops.append(Stop(number, at[members[0]][0], at[members[0]][1], radius))
    taken: list[Box] = [
        (s.x - s.radius - 0.3, s.y - s.radius - 0.3, 2 * s.radius + 0.6, 2 * s.radius + 0.6)
        for s in stops
    ]
    bar_km = max((k for k in _NICE_KM if k * mm_per_km <= width / 3), default=_NICE_KM[0])
    bar_text = km_words(bar_km)
    bar_w = max(bar_km * mm_per_km, measure(bar_text, LABEL_SIZE)) + 1
    taken.append((3.0, height - _BAR_SPACE - 1, bar_w + 1, _BAR_SPACE))
    taken.append((width - 6.0, 1.0, 5.0, 5.0))  # the north arrow
    line = LABEL_SIZE * _PT * 1.25
    bounds = (0.8, 0.8, width - 1.6, height - 1.6)

    def free(box: Box) -> bool:
        inside = (
            box[0] >= bounds[0]
            and box[1] >= bounds[1]
            and box[0] + box[2] <= bounds[0] + bounds[2]
            and box[1] + box[3] <= bounds[1] + bounds[3]
        )
        return inside and not any(_overlaps(box, t) for t in taken)

    exits, legend = [], []
    for leg in leaving:
        exit_ = _exit(leg, at[leg.place], places[0], km_x, width, height, measure, line, free)
        exits.append(exit_)
        if exit_.label.text:
            taken.append((exit_.label.x, exit_.label.y, exit_.label.width, exit_.label.height))
        else:
            legend.append(f"→ {leg.text}")
    # Lines a label should not sit on if it can help it: the paths and the arrows.
    segments = [(at[a], at[b]) for r in routes for a, b in zip(r, r[1:], strict=False)]
    segments += [((e.x, e.y), (e.edge_x, e.edge_y)) for e in exits]

    def clear(box: Box) -> bool:
        return free(box) and not any(_crosses(box, a, b) for a, b in segments)

    labels = []
    for d, members in enumerate(dots):
        for i in members:
            text = f"{places[i].number} {places[i].name}"
            text = fit(text, _MAX_LABEL_MM, measure, LABEL_SIZE)
            w = measure(text, LABEL_SIZE) + 0.4
            spot = _spot(stops[d], w, line, free, clear)
            if spot is None:
                legend.append(f"{places[i].number} {places[i].name}")
                continue
            box, leader = spot
            taken.append(box)
            labels.append(Label(text, box[0], box[1], box[2], box[3], d, leader))
    paths = tuple(tuple(dict.fromkeys(dot_of[i] for i in r)) for r in routes)
    return Sketch(
        title=title,
        width=width,
        height=height,
        stops=tuple(stops),
        routes=paths,
        route_names=tuple(route_names),
        labels=tuple(labels),
        legend=tuple(legend),
        exits=tuple(exits),
        bar_km=bar_km,
        bar_mm=bar_km * mm_per_km,
        bar_text=bar_text,
        label_size=LABEL_SIZE,
    )


def _crosses(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a-b passes through `box` (Liang-Barsky clipping)."""
    x, y, w, h = box
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x), (dx, x + w - a[0]), (-dy, a[1] - y), (dy, y + h - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


_RINGS = (0.8, 4.0, 8.0, 13.0, 19.0, 26.0)
# Beside the dot and clear of lines; beside it on a line; then further out with a
# leader line, clear of lines if possible.
_TRIES: tuple[tuple[int, bool], ...] = (
    (0, True), (1, True), (0, False), (1, False), (2, True), (3, True),
    (2, False), (3, False), (4, True), (4, False), (5, True), (5, False),
)  # fmt: skip


def _spot(
    stop: Stop,
    w: float,
    h: float,
    free: Callable[[Box], bool],
    clear: Callable[[Box], bool],
) -> tuple[Box, bool] | None:
    """The first free box for a label: beside the dot, then further out with a leader."""
    r = stop.radius
    for ring, strict in _TRIES:
        d = r + _RINGS[ring]
        candidates = (
            (stop.x + d, stop.y - h / 2),  # east
            (stop.x - d - w, stop.y - h / 2),  # west
            (stop.x - w / 2, stop.y - d - h),  # north
            (stop.x - w / 2, stop.y + d),  # south
            (stop.x + d * 0.7, stop.y - d * 0.7 - h),  # north-east
            (stop.x - d * 0.7 - w, stop.y - d * 0.7 - h),  # north-west
            (stop.x + d * 0.7, stop.y + d * 0.7),  # south-east
            (stop.x - d * 0.7 - w, stop.y + d * 0.7),  # south-west
        )
        for x, y in candidates:
            box = (x, y, w, h)
            if (clear if strict else free)(box):
                return box, ring > 0
    return None


def _exit(
    leg: Leaving,
    at: tuple[float, float],
    origin: Place,
    km_x: float,
    width: float,
    height: float,
    measure: Measure,
    line: float,
    free: Callable[[Box], bool],
) -> Exit:
    dx = (leg.lon - origin.lon) * km_x
    dy = -(leg.lat - origin.lat) * 110.57  # y grows downwards
    length = math.hypot(dx, dy)
    if length == 0:
        dx, dy, length = 1.0, 0.0, 1.0
    dx, dy = dx / length, dy / length
    x, y = at
    # Where the ray from the stop meets the box (1 mm inside it).
    limits = []
    if dx > 0:
        limits.append((width - 1 - x) / dx)
    if dx < 0:
        limits.append((1 - x) / dx)
    if dy > 0:
        limits.append((height - 1 - y) / dy)
    if dy < 0:
        limits.append((1 - y) / dy)
    t = max(min(limits), 0.0)
    edge_x, edge_y = x + dx * t, y + dy * t
    text = fit(leg.text, width * 0.6, measure, LABEL_SIZE)
    w = measure(text, LABEL_SIZE) + 0.4
    # Beside the arrow, near the edge, on the side that stays in the box.
    for back in (4.0, 9.0, 15.0, 22.0, 30.0):
        px, py = edge_x - dx * back, edge_y - dy * back
        for bx, by in (
            (px + 1.2, py - line - 0.5),
            (px - w - 1.2, py - line - 0.5),
            (px + 1.2, py + 0.5),
            (px - w - 1.2, py + 0.5),
        ):
            box = (bx, by, w, line)
            if free(box):
                return Exit(x, y, edge_x, edge_y, leg.incoming, Label(text, bx, by, w, line, -1))
    # No room beside the arrow: it is drawn, and named under the sketch.
    return Exit(x, y, edge_x, edge_y, leg.incoming, Label("", edge_x, edge_y, 0.0, 0.0, -1))
