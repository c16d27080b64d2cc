"""`tripplan brief`: A4 briefing sheets as PDF and HTML, checked as a reader would."""

from __future__ import annotations

import math

import pypdfium2
import pytest

import tripplan
from conftest import BASE, EXAMPLES
from tripplan.outputs.sheet import day_sheets, labels, sketch

TRIP = next(p for p in EXAMPLES if p.name.startswith("hangzhou-shenzhen"))
A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def trip_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from typer.testing import CliRunner

    from tripplan.cli import app

    out = tmp_path_factory.mktemp("brief") / "trip.pdf"
    result = CliRunner().invoke(app, ["brief", str(TRIP), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_pdf_has_one_a4_page_per_day_with_every_event(trip_pdf: bytes):
    # Text as a PDF viewer extracts it (pdfium is Chrome's PDF engine). pypdf 6 reads
    # fpdf2's two-byte CID text as UTF-16 noise, so it is not used here.
    document = pypdfium2.PdfDocument(trip_pdf)
    itinerary = tripplan.load(TRIP)
    assert len(document) == len(itinerary.days)
    for page in document:
        assert page.get_size() == pytest.approx(A4, abs=0.5)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    flat = " ".join(text.split())
    for event in itinerary.events():
        if event.kind != "travel":
            assert " ".join(event.title.split()) in flat, event.title
        if event.start_at:
            assert f"{event.start_at:%H:%M}" in flat
    assert "杭钢科技大楼" in text  # Chinese venue names are real, searchable text
    assert "Peter Yan" in text
    assert "Day 2 of 3" in text


def test_pdf_first_page_is_not_blank(trip_pdf: bytes):
    page = pypdfium2.PdfDocument(trip_pdf)[0]
    image = page.render(scale=0.5).to_pil().convert("L")
    histogram = image.histogram()  # 256 bins of grey levels
    inked = sum(histogram[:250])
    assert inked / (image.width * image.height) > 0.05
    assert image.height / image.width == pytest.approx(math.sqrt(2), rel=0.01)  # A4


def test_html_escapes_text_and_prints_a4(tripplan, write, tmp_path):
    text = BASE.replace(
        "        duration: 1h\n",
        "        duration: 1h\n        notes: <script>alert('x')</script> & more\n",
    )
    out = tmp_path / "sheet.html"
    run = tripplan("brief", write(text), "-o", out)
    assert run.exit_code == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in html
    assert "@page { size: A4" in html
    assert "page-break-after: always" in html
    assert html.count('<section class="day">') == 2


def test_one_day_one_person(tripplan, tmp_path):
    out = tmp_path / "day.html"
    run = tripplan("brief", TRIP, "--day", "2025-02-25", "--person", "leung", "-o", out)
    assert run.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('<section class="day">') == 1
    assert "Delegation briefing" in html
    assert "spatial-intelligence enterprise</div>" not in html.lower()


def test_errors(tripplan, write, tmp_path):
    path = write(BASE)
    assert tripplan("brief", path, "-o", tmp_path / "x.txt").exit_code == 2
    assert tripplan("brief", path, "--day", "2030-01-01").exit_code == 2
    broken = write(BASE.replace("venue: campus", "venue: [campus]"), "broken.yaml")
    run = tripplan("brief", broken, "-o", tmp_path / "b.pdf")
    assert run.exit_code == 2
    assert "broken.yaml:45:16" in run.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_sketch_is_to_scale_north_up():
    from tripplan.format.model import Venue

    south = Venue(name="South", location=[22.50, 114.00])  # type: ignore[arg-type]
    north = Venue(name="North", location=[22.59, 114.00])  # type: ignore[arg-type]  # ~10 km
    east = Venue(name="East", location=[22.50, 114.10])  # type: ignore[arg-type]
    drawn = sketch([("South", south), ("North", north), ("East", east)], 86, 62)
    assert drawn is not None
    s, n, e = drawn.stops
    assert n.y < s.y  # north is up
    assert e.x > s.x
    km_ns = 0.09 * 110.57
    km_ew = 0.10 * 111.32 * math.cos(math.radians(22.53))
    mm_per_km = drawn.bar_mm / drawn.bar_km
    assert (s.y - n.y) / mm_per_km == pytest.approx(km_ns, rel=0.01)
    assert (e.x - s.x) / mm_per_km == pytest.approx(km_ew, rel=0.01)
    assert drawn.bar_mm <= 86 / 3
    for stop in drawn.stops:
        assert 0 <= stop.x <= 86
        assert 0 <= stop.y <= 62


def test_labels_at_one_place_do_not_overlap():
    itinerary = tripplan.load(TRIP)
    [sheet] = day_sheets(itinerary, day=itinerary.days[1].date)
    assert sheet.sketch is not None
    placed = labels(sheet.sketch)
    spots = {(round(label.x), round(label.y)) for label in placed}
    assert len(spots) == len(placed)


def test_cancelled_events_struck_through_or_hidden(tripplan, write, tmp_path):
    text = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: cancelled\n"
    )
    path = write(text)
    run = tripplan("brief", path, "-o", tmp_path / "all.html")
    assert run.exit_code == 0
    html = (tmp_path / "all.html").read_text(encoding="utf-8")
    assert '<tr class="cancelled"><td class="time">16:30–17:30</td>' in html
    tripplan("brief", path, "--hide-cancelled", "-o", tmp_path / "hidden.html")
    assert "Meeting with founders" not in (tmp_path / "hidden.html").read_text(encoding="utf-8")


def test_transfers_are_in_the_run_of_the_day(tmp_path, tripplan):
    out = tmp_path / "day.html"
    tripplan("brief", TRIP, "--day", "2025-02-25", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "Transfer by car to Hanggang Technology Building, 7.1 km, ~34 min (peak)" in html
