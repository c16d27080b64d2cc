"""The pack as a PDF: the laid-out pages drawn with fpdf2 in Noto Sans CJK.

Only the face the language is set in is embedded (SC or TC: tripplan's own subset of it,
or the collection for a rare character, see `outputs/fonts.py`), as a subset, so the
Chinese is real, selectable text and a fresh machine needs no fonts.
Text is drawn line by line where the layout measured it (never through fpdf's own line
breaking), which keeps the run linear in the size of the pack.
"""

from __future__ import annotations

import math
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import TTFFont

from tripplan import safe
from tripplan.outputs.brief.fonts import PT_MM
from tripplan.outputs.brief.layout import Arrow, Dot, Line, Op, Rect, Text, layout
from tripplan.outputs.brief.model import Pack
from tripplan.outputs.fonts import LAYOUT, collection, subset_path

_ASCENT = 0.88  # of the em above the baseline, Noto Sans CJK


def render_pdf(
    pack: Pack, pages: list[list[Op]] | None = None, *, missing: list[str] | None = None
) -> bytes:
    """The pack as a PDF (from `pages` if already laid out); characters the font has no
    glyph for are added to `missing` (fpdf2 would only log them)."""
    if pages is None:
        pages = layout(safe.within(pack, safe.pdf))
    texts = [op.text for ops in pages for op in ops if isinstance(op, Text)]
    pdf = _document(texts, pack.face)
    pdf.set_title(pack.title)
    pdf.set_subject(pack.audience)
    pdf.set_creator("tripplan")
    pdf.set_lang(pack.html_lang)
    pdf.set_font("Noto", size=9)
    for ops in pages:
        pdf.add_page()
        for op in ops:
            _draw(pdf, op)
    data = bytes(pdf.output())
    if missing is not None:
        for font in pdf.fonts.values():
            missing.extend(chr(c) for c in getattr(font, "missing_glyphs", ()))
    return data


def _document(texts: list[str], face: int) -> FPDF:
    """An empty A4 document with the face `face` as its font "Noto": the subset shipped
    with tripplan when it has every character of `texts`, else the whole collection."""
    used = set().union(*texts) - LAYOUT
    shipped = subset_path(face)
    if shipped is not None and shipped.is_file():
        pdf, font = _with_font(shipped, 0, used)
        # Whether the subset covers the text, from the character map fpdf2 has just read
        # (reading it a second time for the question was a tenth of a small pack).
        if used <= {chr(code) for code in font.cmap}:
            return pdf
        font.ttfont.close()
    return _with_font(collection(), face, used)[0]


def _with_font(path: Path, number: int, used: set[str]) -> tuple[FPDF, TTFFont]:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    # Only the characters drawn: fpdf2 reads the width and glyph of every character it
    # is given (10,000 in the shipped subset, 65,000 in the collection) otherwise.
    pdf.add_font(
        "Noto",
        "",
        path,
        collection_font_number=number,
        unicode_range=sorted(map(ord, used)) or None,
    )
    font = pdf.fonts["noto"]
    assert isinstance(font, TTFFont)
    # fpdf2 subsets the face with fontTools, which by default recomputes the bounding box
    # of every glyph kept by interpreting its outline: most of the time of a small pack.
    # The boxes stored in the font are right already.
    font.ttfont.recalcBBoxes = False
    return pdf, font


def _draw(pdf: FPDF, op: Op) -> None:
    if isinstance(op, Text):
        pdf.set_font_size(op.size)
        pdf.set_text_color(*op.colour)
        if op.bold:  # the font has one weight: bold is drawn by stroking the outline too
            pdf.text_mode = TextMode.FILL_STROKE
            pdf.set_draw_color(*op.colour)
            pdf.set_line_width(op.size * 0.012)
        pdf.text(op.x, op.y + op.size * PT_MM * _ASCENT, op.text)
        if op.bold:
            pdf.text_mode = TextMode.FILL
    elif isinstance(op, Line):
        pdf.set_draw_color(*op.colour)
        pdf.set_line_width(op.width)
        if op.dash:
            pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.line(op.x1, op.y1, op.x2, op.y2)
        if op.dash:
            pdf.set_dash_pattern()
    elif isinstance(op, Rect):
        style = "".join(s for s, c in (("F", op.fill), ("D", op.stroke)) if c)
        if op.fill:
            pdf.set_fill_color(*op.fill)
        if op.stroke:
            pdf.set_draw_color(*op.stroke)
            pdf.set_line_width(0.2)
        pdf.rect(op.x, op.y, op.w, op.h, style=style or "D")
    elif isinstance(op, Dot):
        pdf.set_fill_color(*op.fill)
        pdf.ellipse(op.x - op.r, op.y - op.r, 2 * op.r, 2 * op.r, style="F")
    else:
        _arrow(pdf, op)


def _arrow(pdf: FPDF, arrow: Arrow) -> None:
    pdf.set_draw_color(*arrow.colour)
    pdf.set_fill_color(*arrow.colour)
    pdf.set_line_width(0.35)
    pdf.set_dash_pattern(dash=1.0, gap=0.7)
    pdf.line(arrow.x1, arrow.y1, arrow.x2, arrow.y2)
    pdf.set_dash_pattern()
    angle = math.atan2(arrow.y2 - arrow.y1, arrow.x2 - arrow.x1)
    size = 2.2
    points = [
        (arrow.x2, arrow.y2),
        (arrow.x2 - size * math.cos(angle - 0.45), arrow.y2 - size * math.sin(angle - 0.45)),
        (arrow.x2 - size * math.cos(angle + 0.45), arrow.y2 - size * math.sin(angle + 0.45)),
    ]
    pdf.polygon(points, style="F")
