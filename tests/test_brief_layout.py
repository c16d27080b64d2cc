"""The pack's layout: text measured before it is placed, nothing printed over anything."""

from __future__ import annotations

import itertools
import math
from functools import cache

import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import AUDIENCES, LANGUAGES, TRIP, model_text, pack_of
from conftest import BASE, EXAMPLES, dedent
from tripplan import load
from tripplan.outputs.brief.fonts import width_mm
from tripplan.outputs.brief.layout import PAGE_H, PAGE_W, Text, layout
from tripplan.outputs.brief.model import NBSP, Sketch, Sketches, keep_whole
from tripplan.outputs.brief.pdf import render_pdf
from tripplan.outputs.brief.sketch import Leaving, Place, draw
from tripplan.outputs.brief.text import joined_lines, wrap


def measure(text: str) -> float:
    return width_mm(text, 9)


def overlapping(boxes: list[tuple[float, float, float, float]], slack: float = 0.05):
    found = []
    for a, b in itertools.combinations(boxes, 2):
        if (
            a[0] + a[2] - slack > b[0]
            and b[0] + b[2] - slack > a[0]
            and a[1] + a[3] - slack > b[1]
            and b[1] + b[3] - slack > a[1]
        ):
            found.append((a, b))
    return found


# --- line breaking ------------------------------------------------------------------------


def test_lines_fit_and_keep_every_word():
    text = "Meeting with founders of a large language model AI enterprise, Gongshu District"
    lines = wrap(text, 40, measure)
    assert len(lines) > 1
    assert all(measure(line) <= 40 for line in lines)
    assert " ".join(lines) == text


def test_chinese_breaks_between_characters_but_not_before_closing_punctuation():
    text = "與大型語言模型人工智能企業創始人會面，討論（香港）作為出海基地。"
    lines = wrap(text, 30, measure)
    assert "".join(lines) == text
    assert all(measure(line) <= 30 for line in lines)
    assert not any(line[0] in "，。）" for line in lines)
    assert not any(line[-1] in "（" for line in lines)


def test_an_address_too_long_for_its_line_is_cut_after_its_at_or_a_dot():
    address = "meiling.cheung@example.gov.hk"
    lines = wrap(address, measure("meiling.cheung@example.gov.h"), measure)
    assert lines == ["meiling.cheung@", "example.gov.hk"]


def test_a_footer_breaks_between_its_parts_not_inside_a_date():
    parts = [
        "Director-General visit to Shenzhen and Guangzhou",
        "Version 3f2a9c1b",
        "as at 2 December 2026 23:04",
    ]
    room = measure(" · ".join(parts[:2]) + " · as at 2")
    lines = joined_lines(parts, " · ", room, measure)
    assert lines == [" · ".join(parts[:2]), parts[2]]


@settings(max_examples=200, deadline=None)
@given(
    before=st.text(alphabet="abc 香港,.", max_size=40),
    after=st.text(alphabet="abc 香港,.", max_size=40),
    width=st.floats(min_value=32, max_value=120),
)
def test_a_phone_number_is_never_broken(before, after, width):
    phone = keep_whole("+86 571-0000 0000")
    lines = wrap(f"{before} {phone} {after}", width, measure)
    assert sum(phone in line for line in lines) == 1


# --- pages ----------------------------------------------------------------------------------


@cache
def pages_of(path_name: str, audience: str, lang: str):
    path = next(p for p in EXAMPLES if p.name == path_name)
    return layout(pack_of(load(path), audience, lang))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_no_two_texts_overlap_on_any_page(path, audience, lang):
    for number, page in enumerate(pages_of(path.name, audience, lang), 1):
        boxes = [op.box for op in page if isinstance(op, Text)]
        assert overlapping(boxes) == [], f"page {number}"
        for x, y, w, h in boxes:
            assert 0 <= x <= x + w <= PAGE_W, f"page {number}"
            assert 0 <= y <= y + h <= PAGE_H, f"page {number}"


def test_a_time_with_zone_labels_grows_its_row_instead_of_printing_over_the_next(write):
    # The 08:25 flight of an earlier sheet: times in two zones, in Chinese, in a row that
    # must grow. Every text box on the page, measured, stays clear of the others.
    path = write(
        BASE.replace(
            '        start: "08:05"\n        timezone: Asia/Hong_Kong\n        end: "15:05"\n',
            '        start: "08:25"\n        timezone: Asia/Hong_Kong\n        end: "15:05"\n'
            "        end_timezone: Asia/Tokyo\n",
        )
    )
    pack = pack_of(path, "principal", "en+zh-hant")
    assert "08:25 HKT / 香港時間\n– 15:05 JST" in model_text(pack)
    for page in layout(pack):
        boxes = [op.box for op in page if isinstance(op, Text)]
        assert overlapping(boxes) == []


def _pdfium_boxes(data: bytes) -> list[list[tuple[float, float, float, float]]]:
    pages = []
    for page in pypdfium2.PdfDocument(data):
        text = page.get_textpage()
        rects = [text.get_rect(i) for i in range(text.count_rects())]
        pages.append(
            [(left, bottom, right - left, top - bottom) for left, bottom, right, top in rects]
        )
    return pages


@pytest.mark.parametrize(("audience", "lang"), [("principal", "zh-hant"), ("driver", "zh-hans")])
def test_no_text_overlaps_in_the_pdf_as_a_viewer_reads_it(audience, lang):
    # Independent of our own boxes: the text runs pdfium finds on each page.
    data = render_pdf(pack_of(load(TRIP), audience, lang))
    for number, boxes in enumerate(_pdfium_boxes(data), 1):
        assert overlapping(boxes, slack=0.6) == [], f"page {number}"


# --- route sketches ---------------------------------------------------------------------------


def _sketches(audience: str = "delegation", lang: str = "en") -> list[list[Sketch]]:
    pack = pack_of(load(TRIP), audience, lang)
    return [
        list(block.sketches)
        for section in pack.sections
        if section.key == "day"
        for block in section.blocks
        if isinstance(block, Sketches)
    ]


def test_one_sketch_per_city_on_days_that_change_city_with_the_leg_as_an_arrow():
    days = _sketches()
    assert [[s.title for s in day] for day in days] == [
        ["Hong Kong", "Hangzhou"],
        ["Hangzhou"],
        ["Hangzhou", "Shenzhen", "Hong Kong"],
    ]
    hong_kong, hangzhou = days[0]
    assert [e.label.text for e in hong_kong.exits] == ["to Hangzhou"]
    assert [(e.label.text, e.incoming) for e in hangzhou.exits] == [("from Hong Kong", True)]
    # Leaving Hong Kong north-eastwards for Hangzhou: the arrow meets the top edge.
    [leaving] = hong_kong.exits
    assert leaving.edge_y < 2
    assert leaving.edge_x > leaving.x
    # A city's stops are spread over the sketch, not squashed by a 1,000 km leg.
    xs = [s.x for s in hangzhou.stops]
    assert max(xs) - min(xs) > 20


def test_each_group_has_its_own_path_and_says_who():
    day_one = _sketches()[0][1]
    assert day_one.route_names == ("Peter Yan, Wong Hoi-ying, Ko Wing-sze", "Leung Chun-kit")
    assert len(day_one.routes) == 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_never_overlap_each_other_nor_dots_and_stay_inside(lang):
    for day in _sketches("principal", lang):
        for sketch in day:
            boxes = [(lb.x, lb.y, lb.width, lb.height) for lb in sketch.labels]
            boxes += [(e.label.x, e.label.y, e.label.width, e.label.height) for e in sketch.exits]
            assert overlapping(boxes, slack=0) == []
            for box in boxes:
                assert box[0] >= 0
                assert box[0] + box[2] <= sketch.width
                assert box[1] >= 0
                assert box[1] + box[3] <= sketch.height
                for stop in sketch.stops:
                    dot = (
                        stop.x - stop.radius,
                        stop.y - stop.radius,
                        2 * stop.radius,
                        2 * stop.radius,
                    )
                    assert overlapping([box, dot], slack=0) == []


def test_crowded_places_get_leader_lines_or_a_legend_never_a_collision():
    # Twelve places within a few hundred metres, with long names.
    places = [
        Place(
            i + 1,
            f"Building {i + 1} of the science park, east gate",
            22.54 + 0.0004 * (i % 4),
            113.95 + 0.0005 * (i // 4),
        )
        for i in range(12)
    ]
    sketch = draw(
        "Shenzhen",
        places,
        [list(range(12))],
        [],
        [Leaving(0, 30.0, 120.0, "to Hangzhou", False)],
        width=88,
        height=62,
        measure=lambda t, s: width_mm(t, s),
        km_words=lambda k: f"{k:g} km",
    )
    boxes = [(lb.x, lb.y, lb.width, lb.height) for lb in sketch.labels]
    assert overlapping(boxes, slack=0) == []
    assert len(sketch.labels) + len(sketch.legend) == 12
    assert any(label.leader for label in sketch.labels)


def test_the_sketch_uses_the_coordinates_check_uses(write):
    # A venue without `location` that the offline gazetteer places exactly (a station):
    # it is on the sketch, where check's travel times put it.
    path = write(BASE)
    itinerary = load(path)
    assert itinerary.venues["hangzhou-east"].location is None
    assert itinerary.point("hangzhou-east") is not None
    [first, _] = list(itinerary.days)
    pack = pack_of(itinerary, "delegation")
    names = [
        label.text
        for section in pack.sections
        for block in section.blocks
        if isinstance(block, Sketches)
        for sk in block.sketches
        for label in sk.labels
    ]
    assert any("Hangzhou East Railway Station" in n for n in names)


def test_the_sketch_is_to_scale_north_up():
    places = [
        Place(1, "South", 22.50, 114.00),
        Place(2, "North", 22.59, 114.00),
        Place(3, "East", 22.50, 114.10),
    ]
    sketch = draw(
        "X",
        places,
        [[0, 1, 2]],
        [],
        [],
        width=88,
        height=62,
        measure=lambda t, s: width_mm(t, s),
        km_words=str,
    )
    s, n, e = sketch.stops
    assert n.y < s.y
    assert e.x > s.x
    mm_per_km = sketch.bar_mm / sketch.bar_km
    assert (s.y - n.y) / mm_per_km == pytest.approx(0.09 * 110.57, rel=0.01)
    assert (e.x - s.x) / mm_per_km == pytest.approx(
        0.10 * 111.32 * math.cos(math.radians(22.53)), rel=0.01
    )


def test_the_html_sketch_is_never_clipped():
    # Every text of the SVG, measured in the font it is set in, lies inside its viewBox,
    # and the SVG scales with the window instead of being cut.
    import html as markup
    import re

    from tripplan.outputs.brief.html import _CSS, svg

    for day in _sketches("principal", "zh-hant"):
        for sketch in day:
            drawn = svg(sketch)
            assert f'viewBox="0 0 {sketch.width:.2f} {sketch.height:.2f}"' in drawn
            size = float(re.search(r'font-size="([0-9.]+)"', drawn).group(1))
            texts = re.findall(r'<text x="([0-9.-]+)" y="([0-9.-]+)" fill="[^"]+">([^<]*)<', drawn)
            assert len(texts) >= len(sketch.labels) + 2
            for x, y, text in texts:
                width = width_mm(markup.unescape(text), size / 0.35278)
                assert 0 <= float(x) <= float(x) + width <= sketch.width, text
                assert size * 0.8 <= float(y) <= sketch.height, text
    assert "width: 100%%; height: auto; overflow: visible" in _CSS


def test_no_break_spaces_stay_in_phone_numbers_only():
    assert keep_whole("+852 0000 0001") == f"+852{NBSP}0000{NBSP}0001"
    assert dedent("x") == "x"
