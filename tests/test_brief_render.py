"""The pack as people see it: pages rendered to pictures, the Word file opened by
LibreOffice, Word's own structure, and the catalogues every word comes from."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import TRIP, docx_text, pack_of, pdf_pages
from tripplan import load
from tripplan.outputs.brief.docx import render_docx
from tripplan.outputs.brief.fonts import font_path
from tripplan.outputs.brief.pdf import render_pdf

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: poppler-utils / libreoffice-writer-nogui)")
    return found


def _inked(png: Path) -> float:
    from PIL import Image

    with Image.open(png) as image:
        grey = image.convert("L")
    return sum(grey.histogram()[:200]) / (grey.width * grey.height)


def test_pdf_pages_render_to_pictures_with_ink(tmp_path):
    pdftoppm = _tool("pdftoppm")
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(render_pdf(pack_of(load(TRIP), "principal", "zh-hant")))
    subprocess.run([pdftoppm, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pictures = sorted(tmp_path.glob("page-*.png"))
    assert len(pictures) == len(pdf_pages(pdf.read_bytes()))
    from PIL import Image

    for picture in pictures:
        with Image.open(picture) as image:
            assert image.height / image.width == pytest.approx(297 / 210, rel=0.02)  # A4
        assert _inked(picture) > 0.002, picture.name  # not a blank page


def _fontconfig(tmp_path: Path) -> dict[str, str]:
    """LibreOffice finds Noto Sans CJK where pip put it, as Word would find it installed."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{Path(font_path()).parent}</dir><cachedir>{tmp_path / 'fc'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    import os

    return {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}


def test_word_file_opens_in_libreoffice_with_every_page(tmp_path):
    soffice = _tool("soffice")
    docx = tmp_path / "pack.docx"
    docx.write_bytes(render_docx(pack_of(load(TRIP), "driver", "zh-hant")))
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        env=_fontconfig(tmp_path),
        timeout=180,
    )
    pages = pdf_pages((tmp_path / "pack.pdf").read_bytes())
    # LibreOffice spaces Chinese from digits and Latin letters; compare without spaces.
    squeezed = ["".join(page.split()) for page in pages]
    assert "司機行車表" in squeezed[0]
    assert any("杭州东站" in page for page in squeezed)
    for number, page in enumerate(squeezed, 1):
        assert f"第{number}頁，共{len(pages)}頁" in page  # Word's PAGE and NUMPAGES fields


def test_word_uses_real_styles_and_header_rows():
    import docx

    document = docx.Document(io.BytesIO(render_docx(pack_of(load(TRIP), "delegation", "en"))))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Title") == 1
    assert "Heading 1" in styles
    assert document.paragraphs[styles.index("Title")].text == load(TRIP).trip.title
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Programme at a glance" in headings
    assert "Rooming list" in headings
    assert document.tables
    for table in document.tables:
        assert table.style.name == "Table Grid"
        first = table.rows[0]._tr
        assert first.trPr is not None
        assert first.trPr.xpath("./w:tblHeader"), "header row"
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer
    assert 'w:instr="NUMPAGES"' in footer
    assert "Peter Yan" in docx_text(render_docx(pack_of(load(TRIP), "host", "en")))


def test_catalogues_are_complete_and_compiled():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalogues.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
