"""The CJK fonts PDFs are drawn in: tripplan's subsets draw exactly as the collection."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from briefing import pdf_pages
from conftest import BASE
from tripplan.outputs.fonts import SC, TC, cjk_font, covered

pdfium = pytest.importorskip("pypdfium2")

SAMPLE = (
    "Hangzhou–Shenzhen · 08:30 → 09:45 ★ ⚠ ① №\n"
    "杭州东站，深圳北站（福田）「会议」\n"
    "香港西九龍站、臺灣、廣東省，會議。"
)


def _page(font: str, face: int) -> bytes:
    pdf = FPDF(unit="mm", format=(105, 60))
    pdf.add_font("CJK", "", font, collection_font_number=face)
    pdf.add_page()
    pdf.set_font("CJK", size=10)
    for number, line in enumerate(SAMPLE.splitlines()):
        pdf.text(5, 10 + 8 * number, line)
    document = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        bitmap = document[0].render(scale=3).to_pil()
        return bitmap.tobytes()
    finally:
        document.close()


@pytest.mark.parametrize("face", [SC, TC])
def test_the_subset_draws_pixel_for_pixel_as_the_collection(face):
    import noto_cjk_sans_otc

    subset, number = cjk_font([SAMPLE], face)
    assert number == 0
    assert subset.endswith("-tripplan.otf")
    assert _page(subset, 0) == _page(str(noto_cjk_sans_otc.FONT_PATH), face)


def test_a_character_outside_the_subset_is_drawn_from_the_collection():
    import noto_cjk_sans_otc

    assert cjk_font(["杭州", "Visit"])[1] == 0
    rare = "𠮷野家"  # outside GB 2312 and Big5 level 1
    assert cjk_font(["杭州", rare], TC) == (str(noto_cjk_sans_otc.FONT_PATH), TC)


def test_the_subsets_hold_simplified_and_traditional_chinese():
    for face in (SC, TC):
        chars = covered(face)
        assert len(chars) > 9000
        assert set("杭州深圳广东发展会议国际机场") <= chars  # GB 2312
        assert set("廣東發展會議國際機場臺灣") <= chars  # Big5 level 1
        assert set("，。、（）「」“”") <= chars


def _brief(tripplan, tmp_path, title: str):
    trip = tmp_path / "trip.yaml"
    trip.write_text(BASE.replace("title: Test trip", f"title: {title}"), encoding="utf-8")
    pdf = tmp_path / "trip.pdf"
    done = tripplan("brief", trip, "--lang", "zh-hant", "-o", pdf)
    assert done.exit_code == 0, done.stderr
    return done, pdf_pages(pdf.read_bytes())


def test_a_pdf_with_a_character_outside_the_subset_draws_it_from_the_collection(tripplan, tmp_path):
    done, pages = _brief(tripplan, tmp_path, "訪問𠮷野家")
    assert "no glyph" not in done.stderr
    assert "訪問𠮷野家" in pages[0]


def test_a_character_no_face_has_is_named_in_a_warning(tripplan, tmp_path):
    done, pages = _brief(tripplan, tmp_path, "Visit 杭州 \U0001f600")
    assert "no glyph for \U0001f600 (U+1F600)" in done.stderr
    assert "Visit 杭州" in pages[0]
