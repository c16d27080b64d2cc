"""The pack as one HTML file that prints on A4 from any browser, Chinese included.

The font is in the file: a subset of the Noto Sans CJK face the language is set in,
as a data URL in `@font-face`, so a PC without Chinese fonts prints the same glyphs.
CSS paged media puts the marking at the top of every printed page and the version and
"page N of M" at the bottom; a table's header row repeats on each page it runs onto.
Sketches are inline SVG in the same font and units as the PDF (labels were placed
inside the box, and the SVG scales down with the window rather than being cut).
Every text from the itinerary is escaped.
"""

from __future__ import annotations

import base64
import re

from tripplan import safe
from tripplan.outputs.brief.fonts import PT_MM, subset
from tripplan.outputs.brief.layout import ROUTES
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
from tripplan.safe import html as escape  # every text: controls shown, markup escaped

_FAMILY = "TripplanCJK"

_CSS = """
@page { size: A4; margin: 20mm 15mm 18mm;
  @top-center { content: %(marking)s; color: #a01414; font: bold 9pt %(family)s; }
  @top-right { content: %(draft)s; color: #a01414; font: bold 8pt %(family)s; }
  @bottom-left { content: %(footer)s; color: #666; font: 7pt %(family)s; }
  @bottom-right { content: %(pages)s; color: #666; font: 7pt %(family)s; } }
* { box-sizing: border-box; }
body { font-family: %(family)s, "%(face)s", sans-serif; font-size: 9pt; color: #141414;
       margin: 0; line-height: 1.35; }
section.page { break-before: page; page-break-before: always; }
section:first-child { break-before: auto; page-break-before: auto; }
section.cover { padding-top: 45mm; }
h1.title { font-size: 20pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; color: #1f4e8c; border-bottom: 0.4mm solid #1f4e8c; margin: 2mm 0 2mm;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; color: #1f4e8c; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 0 0 1.5mm; }
p.lead { font-size: 10.5pt; } p.small { font-size: 8pt; color: #696969; }
p.note { color: #1f4e8c; } p.warning { font-size: 12pt; font-weight: bold; color: #a01414; }
table { width: 100%%; border-collapse: collapse; margin: 0 0 3mm; font-size: 8.5pt; }
thead { display: table-header-group; }
th { background: #ecf0f6; color: #555; font-size: 7.5pt; text-align: left; font-weight: bold; }
th, td { padding: 1.2mm; vertical-align: top; border-bottom: 0.2mm solid #bebebe; }
tr { break-inside: avoid; page-break-inside: avoid; }
.nowrap { white-space: nowrap; }
table.run td.time { white-space: nowrap; font-weight: bold; width: 1%%; padding-right: 3mm; }
table.run .what { font-size: 9.5pt; font-weight: bold; }
table.run .line { font-size: 7.8pt; }
table.run tr.transfer td { color: #696969; font-size: 7.8pt; border-bottom: none;
                           padding-top: 0.3mm; padding-bottom: 0.3mm; }
table.run tr.transfer td.time { font-weight: normal; padding-left: 3mm; }
table.run tr.transfer .what { font-size: 7.8pt; font-weight: normal; }
table.run tr.cancelled { color: #696969; }
table.run tr.cancelled .what { text-decoration: line-through; }
.status { color: #696969; } .status.alert { color: #a01414; }
.sketches { display: flex; flex-wrap: wrap; gap: 4mm; break-inside: avoid;
            page-break-inside: avoid; }
.sketch { max-width: 100%%; }
.sketch h4 { font-size: 8.5pt; color: #1f4e8c; margin: 0 0 0.5mm; }
.sketch svg { display: block; width: 100%%; height: auto; overflow: visible; }
.legend { font-size: 6.5pt; margin: 0.5mm 0 0; }
.furniture { display: none; }
@media screen {
  body { max-width: 210mm; margin: 8mm auto; padding: 0 8mm; }
  section.page { border-top: 1px dashed #999; margin-top: 10mm; padding-top: 6mm; }
  .furniture { display: block; color: #a01414; font-weight: bold; text-align: center; }
}
"""


def _css_string(text: str) -> str:
    """A CSS string literal inside <style>: quotes and backslashes escaped, and < and >
    as CSS escapes, so a title holding "</style>" cannot end the style sheet."""
    cleaned = safe.terminal(text)  # one line, every control shown as its escape
    cleaned = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + cleaned.replace("<", "\\3c ").replace(">", "\\3e ") + '"'


def _pages_content(words: str) -> str:
    """ "Page {page} of {pages}" as CSS content with page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", words)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(_css_string(part))
    return " ".join(out) or '""'


def render_html(pack: Pack, *, embed_font: bool = True) -> str:
    body = "\n".join(_section(s, i) for i, s in enumerate(pack.sections))
    css = _CSS % {
        "marking": _css_string(pack.marking),
        "draft": _css_string(pack.draft),
        "footer": _css_string(f"{pack.title} · {pack.footer}"),
        "pages": _pages_content(pack.page_words),
        "family": _FAMILY,
        "face": pack.font_family,
    }
    font = ""
    if embed_font:
        data = base64.b64encode(subset(pack.face, _text_of(pack, body))).decode("ascii")
        font = (
            f'@font-face {{ font-family: "{_FAMILY}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}\n'
        )
    banner = "".join(
        f'<p class="furniture">{escape(t)}</p>' for t in (pack.marking, pack.draft) if t
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(pack.html_lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(pack.title)} — {escape(pack.audience)}</title>\n"
        f"<style>\n{font}{css}</style>\n</head>\n<body>\n{banner}\n{body}\n</body>\n</html>\n"
    )


def _text_of(pack: Pack, body: str) -> str:
    """Every character the page can show: the body and the page furniture."""
    return body + pack.marking + pack.draft + pack.footer + pack.page_words + pack.title


def _section(section: Section, index: int) -> str:
    classes = [section.key, "page" if section.new_page and index else ""]
    parts = []
    for block in section.blocks:
        if isinstance(block, Heading):
            tag = {0: 'h1 class="title"', 1: "h2", 2: "h3"}[block.level]
            parts.append(f"<{tag}>{_text(block.text)}</{tag.split()[0]}>")
        elif isinstance(block, Para):
            parts.append(f'<p class="{block.style}">{_text(block.text)}</p>')
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Run):
            parts.append(_run(block))
        else:
            parts.append(_sketches(block))
    return (
        f'<section class="{" ".join(c for c in classes if c)}">\n'
        + "\n".join(parts)
        + "\n</section>"
    )


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _table(table: Table) -> str:
    head = "".join(f"<th>{_text(h)}</th>" for h in table.header)
    rows = []
    for row in table.rows:
        cells = "".join(
            f"<td{' class=' + chr(34) + 'nowrap' + chr(34) if i in table.nowrap else ''}>"
            f"{_text(cell)}</td>"
            for i, cell in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _run(run: Run) -> str:
    rows = []
    for row in run.rows:
        css = "status alert" if row.alert else "status"
        status = f' <span class="{css}">[{escape(row.status)}]</span>' if row.status else ""
        lines = "".join(f'<div class="line">{_text(line)}</div>' for line in row.lines)
        rows.append(
            f'<tr class="{row.kind}"><td class="time">{_text(row.time)}</td>'
            f'<td><div class="what">{_text(row.title)}{status}</div>{lines}</td></tr>'
        )
    head = f'<th class="nowrap">{_text(run.header[0])}</th><th>{_text(run.header[1])}</th>'
    return (
        f'<table class="run"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _sketches(block: Sketches) -> str:
    parts = ['<div class="sketches">']
    for sketch in block.sketches:
        legend = [
            f'<div style="color: rgb{ROUTES[i % len(ROUTES)]}">— {escape(name)}</div>'
            for i, name in enumerate(sketch.route_names)
        ]
        legend += [f"<div>{escape(name)}</div>" for name in sketch.legend]
        parts.append(
            f'<figure class="sketch" style="margin:0; width:{sketch.width:.0f}mm">'
            f"<h4>{escape(sketch.title)}</h4>{svg(sketch)}"
            f'<div class="legend">{"".join(legend)}</div></figure>'
        )
    parts.append("</div>")
    if block.missing:
        parts.append(f'<p class="small">{escape(block.missing)}</p>')
    return "".join(parts)


def svg(sketch: Sketch) -> str:
    """The sketch in millimetre user units; text in the embedded font, as measured."""
    w, h = sketch.width, sketch.height
    size = sketch.label_size * PT_MM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.2f} {h:.2f}" '
        f'width="{w:.2f}mm" height="{h:.2f}mm" font-family="{_FAMILY}" font-size="{size:.3f}">',
        '<defs><marker id="head" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="4" '
        'markerHeight="4" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#696969"/>'
        "</marker></defs>",
        f'<rect x="0.1" y="0.1" width="{w - 0.2:.2f}" height="{h - 0.2:.2f}" fill="none" '
        'stroke="#bebebe" stroke-width="0.2"/>',
    ]
    for i, route in enumerate(sketch.routes):
        red, green, blue = ROUTES[i % len(ROUTES)]
        colour = f"rgb({red},{green},{blue})"
        points = " ".join(f"{sketch.stops[s].x:.2f},{sketch.stops[s].y:.2f}" for s in route)
        dash = ' stroke-dasharray="1.2 0.8"' if i else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="0.5"{dash}/>'
        )
    for exit_ in sketch.exits:
        a, b = (exit_.edge_x, exit_.edge_y), (exit_.x, exit_.y)
        if not exit_.incoming:
            a, b = b, a
        out.append(
            f'<line x1="{a[0]:.2f}" y1="{a[1]:.2f}" x2="{b[0]:.2f}" y2="{b[1]:.2f}" '
            'stroke="#696969" stroke-width="0.35" stroke-dasharray="1 0.7" '
            'marker-end="url(#head)"/>'
        )
        label = exit_.label
        if label.text:
            out.append(_svg_text(label.x, label.y, label.text, size, "#696969"))
    for stop in sketch.stops:
        out.append(
            f'<circle cx="{stop.x:.2f}" cy="{stop.y:.2f}" r="{stop.radius:.2f}" '
            'fill="rgb(51,102,204)"/>'
        )
        small = size * (0.85 if "·" in stop.number else 1.0)
        out.append(
            f'<text x="{stop.x:.2f}" y="{stop.y + small * 0.38:.2f}" text-anchor="middle" '
            f'font-size="{small:.3f}" fill="#fff">{escape(stop.number)}</text>'
        )
    for label in sketch.labels:
        if label.leader:
            stop = sketch.stops[label.stop]
            cx = min(max(stop.x, label.x), label.x + label.width)
            cy = min(max(stop.y, label.y), label.y + label.height)
            out.append(
                f'<line x1="{stop.x:.2f}" y1="{stop.y:.2f}" x2="{cx:.2f}" y2="{cy:.2f}" '
                'stroke="#696969" stroke-width="0.15"/>'
            )
        out.append(_svg_text(label.x, label.y + 0.2, label.text, size, "#141414"))
    bar_y = h - 3.0
    out.append(
        f'<line x1="4" y1="{bar_y:.2f}" x2="{4 + sketch.bar_mm:.2f}" y2="{bar_y:.2f}" '
        'stroke="#141414" stroke-width="0.6"/>'
    )
    out.append(_svg_text(4, bar_y - 3.4, sketch.bar_text, size, "#141414"))
    out.append(_svg_text(w - 4.5, 1.2, "N↑", size, "#141414"))
    out.append("</svg>")
    return "".join(out)


def _svg_text(x: float, top: float, text: str, size: float, colour: str) -> str:
    return f'<text x="{x:.2f}" y="{top + size * 0.88:.2f}" fill="{colour}">{escape(text)}</text>'
