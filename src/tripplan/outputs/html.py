"""Briefing sheets as one HTML file that prints one A4 page per day from any browser."""

from __future__ import annotations

from tripplan.outputs.sheet import DaySheet, Sketch, labels
from tripplan.safe import html as escape  # every text: controls shown, markup escaped

_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei",
       "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0; }
.day { page-break-after: always; break-after: page; padding: 0; }
.day:last-child { page-break-after: auto; break-after: auto; }
header h1 { font-size: 13pt; margin: 0 0 2mm; }
header h2 { font-size: 12pt; margin: 0 0 1mm; }
header p { margin: 0 0 3mm; }
table.run { width: 100%; border-collapse: collapse; }
table.run td { vertical-align: top; padding: 1.2mm 1mm; border-top: 0.2mm solid #bbb; }
td.time { width: 24mm; white-space: nowrap; font-weight: bold; }
.title { font-weight: bold; }
.detail { font-size: 9pt; color: #333; }
.cancelled { text-decoration: line-through; color: #777; }
.status { color: #a60; font-size: 9pt; }
tr.transfer td { border-top: none; padding-top: 0; color: #666; }
.bottom { display: flex; gap: 6mm; margin-top: 4mm; page-break-inside: avoid; }
.bottom h3 { font-size: 10pt; margin: 0 0 1mm; }
.bottom ul { margin: 0; padding-left: 4mm; font-size: 9pt; }
svg text { font-size: 3px; }
@media screen { body { max-width: 210mm; margin: 8mm auto; }
                .day { border-bottom: 1px dashed #999; margin-bottom: 10mm; } }
"""


def render_html(sheets: list[DaySheet]) -> str:
    """A standalone page: every user text escaped, so notes cannot inject markup."""
    title = escape(sheets[0].trip) if sheets else "Briefing"
    days = "\n".join(_day(sheet) for sheet in sheets)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{days}\n"
        "</body>\n</html>\n"
    )


def _day(sheet: DaySheet) -> str:
    hotel = f"<p>Hotel: {escape(sheet.hotel)}</p>" if sheet.hotel else ""
    rows = []
    for entry in sheet.entries:
        if not entry.time:  # a transfer between two events
            rows.append(
                f'<tr class="transfer"><td></td><td class="detail">{escape(entry.title)}</td></tr>'
            )
            continue
        css = ' class="cancelled"' if entry.cancelled else ""
        status = f' <span class="status">{escape(entry.status)}</span>' if entry.status else ""
        details = "".join(f'<div class="detail">{escape(line)}</div>' for line in entry.details)
        rows.append(
            f'<tr{css}><td class="time">{escape(entry.time)}</td><td>'
            f'<div class="title">{escape(entry.title)}{status}</div>{details}</td></tr>'
        )
    members = "".join(f"<li>{escape(m)}</li>" for m in sheet.delegation)
    missing = (
        f'<p class="detail">Not on the sketch (no coordinates): '
        f"{escape(', '.join(sheet.unplaced))}</p>"
        if sheet.unplaced
        else ""
    )
    route = _svg(sheet.sketch) if sheet.sketch else ""
    return (
        f'<section class="day">\n<header><h1>{escape(sheet.trip)}</h1>'
        f"<h2>{escape(sheet.heading)}</h2>{hotel}</header>\n"
        f'<table class="run">{"".join(rows)}</table>\n'
        f'<div class="bottom"><div><h3>Delegation</h3><ul>{members}</ul></div>'
        f"<div><h3>Route</h3>{route}{missing}</div></div>\n</section>"
    )


def _svg(sketch: Sketch) -> str:
    w, h = sketch.width, sketch.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="none" stroke="#999" '
        'stroke-width="0.3"/>'
    ]
    points = " ".join(f"{s.x:.2f},{s.y:.2f}" for s in sketch.stops)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#36c" stroke-width="0.5"/>')
    for stop, label in zip(sketch.stops, labels(sketch), strict=True):
        anchor = "end" if label.right_aligned else "start"
        x = stop.x - 2.4 if label.right_aligned else label.x
        parts.append(
            f'<circle cx="{stop.x:.2f}" cy="{stop.y:.2f}" r="2" fill="#36c"/>'
            f'<text x="{stop.x:.2f}" y="{stop.y + 1:.2f}" text-anchor="middle" fill="#fff">'
            f"{stop.number}</text>"
            f'<text x="{x:.2f}" y="{label.y + 2.2:.2f}" text-anchor="{anchor}">'
            f"{escape(label.text)}</text>"
        )
    y = h - 4
    parts.append(
        f'<line x1="4" y1="{y}" x2="{4 + sketch.bar_mm:.2f}" y2="{y}" stroke="#111" '
        f'stroke-width="0.6"/><text x="4" y="{y - 1}">{sketch.bar_km:g} km</text></svg>'
    )
    return "".join(parts)
