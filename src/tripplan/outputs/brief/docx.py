"""The pack as a Word document staff can edit and circulate again (python-docx).

Real Word styles, so the navigation pane, a table of contents and restyling work:
Title for the pack's title, Heading 1 for each section, Heading 2 for its parts, tables
in "Table Grid" whose first row is a header row that Word repeats on every page. Each
section that starts a page starts one; the header of every page carries the marking
and the draft warning, the footer the version, "as at" and "page N of M" (Word fields).
Chinese is set in the pack's Noto Sans CJK face, with the East Asian language set so
Word falls back to a Chinese face of the right script where Noto is not installed.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from tripplan import safe
from tripplan.outputs.brief.model import Heading, Pack, Para, Run, Section, Sketches, Table
from tripplan.outputs.brief.picture import png

_WIDTH_MM = 180.0
_ALERT = RGBColor(0xA0, 0x14, 0x14)
_GREY = RGBColor(0x69, 0x69, 0x69)
_EAST_ASIAN_LANG = {"zh-hant": "zh-HK", "zh-hans": "zh-CN", "en+zh-hant": "zh-HK", "en": "zh-CN"}


def render_docx(pack: Pack) -> bytes:
    # Word's XML allows no control characters: they are shown as escapes, as in a PDF.
    pack = safe.within(pack, safe.pdf)
    doc = Document()
    _styles(doc, pack)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    _furniture(doc, pack)
    doc.core_properties.title = pack.title
    doc.core_properties.subject = pack.audience
    doc.core_properties.language = pack.html_lang
    first = True
    for part in pack.sections:
        _section(doc, part, pack.face, page_break=part.new_page and not first)
        first = False
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _fonts(element: object, family: str, lang: str) -> None:
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), family)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), lang)


def _styles(doc: DocumentType, pack: Pack) -> None:
    lang = _EAST_ASIAN_LANG.get(pack.lang, "zh-HK")
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        _fonts(style.element, pack.font_family, lang)
    doc.styles["Normal"].font.size = Pt(9.5)
    doc.styles["Title"].font.size = Pt(22)
    doc.styles["Heading 1"].font.size = Pt(14)
    doc.styles["Heading 2"].font.size = Pt(11)


def _field(paragraph: Paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _furniture(doc: DocumentType, pack: Pack) -> None:
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (pack.marking, pack.draft):
        if text:
            run = head.add_run(text + "  ")
            run.bold, run.font.color.rgb, run.font.size = True, _ALERT, Pt(9)
    foot = section.footer.paragraphs[0]
    run = foot.add_run(f"{pack.title} · {pack.footer}    ")
    run.font.size, run.font.color.rgb = Pt(7), _GREY
    for part in re.split(r"(\{page\}|\{pages\})", pack.page_words):
        if part == "{page}":
            _field(foot, "PAGE")
        elif part == "{pages}":
            _field(foot, "NUMPAGES")
        elif part:
            words = foot.add_run(part)
            words.font.size, words.font.color.rgb = Pt(7), _GREY


def _section(doc: DocumentType, section: Section, face: int, *, page_break: bool) -> None:
    first = True
    for block in section.blocks:
        paragraph: Paragraph | None = None
        if isinstance(block, Heading):
            paragraph = doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            paragraph = _para(doc, block)
        elif isinstance(block, Table):
            _table(doc, block, page_break and first)
        elif isinstance(block, Run):
            _run(doc, block, page_break and first)
        else:
            _sketches(doc, block, face)
        if paragraph is not None and first and page_break:
            paragraph.paragraph_format.page_break_before = True
        first = False


def _para(doc: DocumentType, para: Para) -> Paragraph:
    paragraph = doc.add_paragraph()
    _lines(paragraph, para.text, size={"lead": 11.0, "small": 8.0, "warning": 13.0}.get(para.style))
    for run in paragraph.runs:
        if para.style == "warning":
            run.bold, run.font.color.rgb = True, _ALERT
        elif para.style == "small":
            run.font.color.rgb = _GREY
        elif para.style == "note":
            run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x8C)
    return paragraph


def _lines(
    paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool = False
) -> None:
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if i:
            run._r.addprevious(OxmlElement("w:br"))
        if size:
            run.font.size = Pt(size)
        run.bold = bold or None


def _header_row(table: DocxTable) -> None:
    row = table.rows[0]._tr
    props = row.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _no_wrap(cell: object) -> None:
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    props.append(OxmlElement("w:noWrap"))


def _shade(cell: object) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), "ECF0F6")
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _grid(
    doc: DocumentType, header: tuple[str, ...], widths: tuple[float, ...], first: bool
) -> DocxTable:
    if first:  # the section's first block is a table: start its page with an empty line
        doc.add_paragraph().paragraph_format.page_break_before = True
    table: DocxTable = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    total = sum(widths)
    for i, text in enumerate(header):
        table.columns[i].width = Mm(_WIDTH_MM * widths[i] / total)  # the grid LibreOffice reads
        cell = table.rows[0].cells[i]
        cell.width = Mm(_WIDTH_MM * widths[i] / total)
        _lines(cell.paragraphs[0], text, size=8, bold=True)
        _shade(cell)
    _header_row(table)
    return table


def _table(doc: DocumentType, block: Table, first: bool) -> None:
    table = _grid(doc, block.header, block.widths, first)
    total = sum(block.widths)
    for row in block.rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for i, text in enumerate(row):
            cells[i].width = Mm(_WIDTH_MM * block.widths[i] / total)
            _lines(cells[i].paragraphs[0], text, size=8.5)
            if i in block.nowrap:
                _no_wrap(cells[i])
    doc.add_paragraph()


def _run(doc: DocumentType, block: Run, first: bool) -> None:
    table = _grid(doc, block.header, (22.0, 158.0), first)
    for row in block.rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        cells[0].width, cells[1].width = Mm(22), Mm(158)
        transfer = row.kind == "transfer"
        _lines(cells[0].paragraphs[0], row.time, size=8 if transfer else 9, bold=not transfer)
        _no_wrap(cells[0])
        title = cells[1].paragraphs[0]
        _lines(title, row.title, size=8 if transfer else 9.5, bold=not transfer)
        if row.status:
            status = title.add_run(f"  [{row.status}]")
            status.font.color.rgb, status.font.size = _ALERT if row.alert else _GREY, Pt(8.5)
        if row.kind == "cancelled":
            for run in title.runs:
                run.font.strike = True
        for line in row.lines:
            detail = cells[1].add_paragraph()
            _lines(detail, line, size=8)
            for run in detail.runs:
                run.font.color.rgb = _GREY if transfer else None
        if transfer:
            for run in cells[0].paragraphs[0].runs + title.runs:
                run.font.color.rgb = _GREY
    doc.add_paragraph()


def _sketches(doc: DocumentType, block: Sketches, face: int) -> None:
    for sketch in block.sketches:
        caption = doc.add_paragraph()
        caption.paragraph_format.keep_with_next = True
        caption.add_run(sketch.title).bold = True
        doc.add_picture(io.BytesIO(png(sketch, face)), width=Mm(sketch.width))
        for name in sketch.route_names:
            doc.add_paragraph().add_run(f"— {name}").font.size = Pt(7)
        for name in sketch.legend:
            doc.add_paragraph().add_run(name).font.size = Pt(7)
    if block.missing:
        _para(doc, Para(block.missing, "small"))
