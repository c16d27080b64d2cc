"""Helpers for the briefing pack tests: build packs, and read text back as a reader would."""

from __future__ import annotations

import io
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2

import tripplan
from conftest import EXAMPLES
from tripplan.format.model import Itinerary
from tripplan.outputs.brief.context import Reader
from tripplan.outputs.brief.i18n import Lang
from tripplan.outputs.brief.model import Heading, Pack, Para, Run, Sketches, Table, plain
from tripplan.outputs.brief.pack import build_pack

TRIP = next(p for p in EXAMPLES if p.name.startswith("hangzhou-shenzhen"))
AUDIENCES = ("principal", "delegation", "driver", "host")
LANGUAGES = ("en", "zh-hant", "zh-hans", "en+zh-hant")
AS_AT = datetime(2025, 2, 20, 17, 0)


def pack_of(
    itinerary: Itinerary | Path, audience: str = "delegation", lang: str = "en", **reader: object
) -> Pack:
    if isinstance(itinerary, Path):
        itinerary = tripplan.load(itinerary)
    draft = int(reader.pop("draft_errors", 0))  # type: ignore[call-overload]
    language = Lang(lang, chinese_first=audience == "driver")
    return build_pack(
        itinerary,
        Reader(audience, **reader),
        language,
        now=AS_AT,
        draft_errors=draft,  # type: ignore[arg-type]
    )


def model_text(pack: Pack) -> str:
    """Every word of the pack's blocks (what any writer could print), furniture included."""
    parts = [pack.title, pack.audience, pack.footer, pack.marking, pack.draft]
    for section in pack.sections:
        for block in section.blocks:
            if isinstance(block, Heading | Para):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [*block.header, *(c for row in block.rows for c in row)]
            elif isinstance(block, Run):
                for row in block.rows:
                    parts += [row.time, row.title, *row.lines, row.status]
            elif isinstance(block, Sketches):
                parts.append(block.missing)
                for sketch in block.sketches:
                    parts += [sketch.title, *sketch.route_names, *sketch.legend]
                    parts += [label.text for label in sketch.labels]
                    parts += [e.label.text for e in sketch.exits]
    return plain("\n".join(parts))


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page as pdfium (Chrome's PDF engine) extracts it."""
    document = pypdfium2.PdfDocument(data)
    return [plain(page.get_textpage().get_text_range()) for page in document]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return plain(" ".join(parser.parts))


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return plain("\n".join(parts))


def flat(text: str) -> str:
    return " ".join(text.split())
