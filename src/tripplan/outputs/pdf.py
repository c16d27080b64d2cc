"""Briefing sheets as a PDF, drawn with fpdf2 in a CJK font that comes from PyPI.

The font is Noto Sans CJK (OFL) from the `noto-cjk-sans-otc` package, face 2 of the
collection (Simplified Chinese); fpdf2 embeds only the glyphs used, so text stays
selectable and searchable and a fresh machine needs no system fonts.
"""

from __future__ import annotations

from fpdf import FPDF

from tripplan import safe
from tripplan.outputs.sheet import DaySheet, Sketch, labels

_FACE = 2  # Noto Sans CJK SC in the collection
_MARGIN = 12.0


def _font_path() -> str:
    import noto_cjk_sans_otc

    return str(noto_cjk_sans_otc.FONT_PATH)


def render_pdf(sheets: list[DaySheet], missing: list[str] | None = None) -> bytes:
    """The sheets as a PDF; the characters the font has no glyph for are added to
    `missing` (fpdf2 would only log them)."""
    sheets = [safe.within(sheet, safe.pdf) for sheet in sheets]
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN)
    pdf.add_font("NotoCJK", "", _font_path(), collection_font_number=_FACE)
    pdf.set_title(sheets[0].trip if sheets else "Briefing")
    pdf.set_creator("tripplan")
    for sheet in sheets:
        _day(pdf, sheet)
    data = bytes(pdf.output())
    if missing is not None:
        for font in pdf.fonts.values():
            missing.extend(chr(c) for c in getattr(font, "missing_glyphs", ()))
    return data


def _day(pdf: FPDF, sheet: DaySheet) -> None:
    pdf.add_page()
    width = pdf.w - 2 * _MARGIN
    pdf.set_font("NotoCJK", size=12)
    pdf.multi_cell(width, 6, sheet.trip, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoCJK", size=11)
    pdf.multi_cell(width, 6, sheet.heading, new_x="LMARGIN", new_y="NEXT")
    if sheet.hotel:
        pdf.set_font("NotoCJK", size=9)
        pdf.multi_cell(width, 4.5, f"Hotel: {sheet.hotel}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for entry in sheet.entries:
        if not entry.time:  # a transfer: one small grey line between two events
            pdf.set_font("NotoCJK", size=7.5)
            pdf.set_text_color(110, 110, 110)
            pdf.set_x(_MARGIN + 27)
            pdf.multi_cell(width - 27, 3.3, entry.title, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            continue
        pdf.set_draw_color(190, 190, 190)
        pdf.line(_MARGIN, pdf.get_y(), _MARGIN + width, pdf.get_y())
        pdf.ln(1)
        top = pdf.get_y()
        grey = 120 if entry.cancelled else 0
        pdf.set_text_color(grey, grey, grey)
        pdf.set_font("NotoCJK", size=9.5)
        pdf.set_xy(_MARGIN, top)
        pdf.multi_cell(26, 4.6, entry.time)
        pdf.set_xy(_MARGIN + 27, top)
        status = f"  [{entry.status}]" if entry.status else ""
        title = f"{'CANCELLED: ' if entry.cancelled else ''}{entry.title}{status}"
        pdf.multi_cell(width - 27, 4.6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("NotoCJK", size=7.5)
        for line in entry.details:
            pdf.set_x(_MARGIN + 27)
            pdf.multi_cell(width - 27, 3.3, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(0.8)
    pdf.ln(3)
    sketch_w = sheet.sketch.width if sheet.sketch else 0.0
    sketch_h = sheet.sketch.height if sheet.sketch else 0.0
    if pdf.get_y() + max(sketch_h, 30) > pdf.h - _MARGIN:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font("NotoCJK", size=9.5)
    pdf.cell(0, 5, "Delegation", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoCJK", size=8)
    for member in sheet.delegation:
        pdf.multi_cell(width - sketch_w - 4, 3.8, member, new_x="LMARGIN", new_y="NEXT")
    if sheet.sketch:
        _sketch(pdf, sheet.sketch, _MARGIN + width - sketch_w, top)
        if sheet.unplaced:
            pdf.set_xy(_MARGIN + width - sketch_w, top + sketch_h + 1)
            pdf.multi_cell(
                sketch_w, 3.5, "Not on the sketch (no coordinates): " + ", ".join(sheet.unplaced)
            )


def _sketch(pdf: FPDF, sketch: Sketch, left: float, top: float) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.rect(left, top, sketch.width, sketch.height)
    pdf.set_draw_color(51, 102, 204)
    pdf.set_line_width(0.5)
    for a, b in zip(sketch.stops, sketch.stops[1:], strict=False):
        pdf.line(left + a.x, top + a.y, left + b.x, top + b.y)
    pdf.set_line_width(0.2)
    pdf.set_font("NotoCJK", size=6)
    for stop, label in zip(sketch.stops, labels(sketch), strict=True):
        pdf.set_fill_color(51, 102, 204)
        pdf.ellipse(left + stop.x - 2, top + stop.y - 2, 4, 4, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_xy(left + stop.x - 2, top + stop.y - 2)
        pdf.cell(4, 4, str(stop.number), align="C")
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(left + label.x, top + label.y)
        pdf.cell(label.width, 3, label.text, align="R" if label.right_aligned else "L")
    y = top + sketch.height - 4
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    pdf.line(left + 4, y, left + 4 + sketch.bar_mm, y)
    pdf.set_line_width(0.2)
    pdf.set_xy(left + 4, y - 3.5)
    pdf.cell(0, 3, f"{sketch.bar_km:g} km")
