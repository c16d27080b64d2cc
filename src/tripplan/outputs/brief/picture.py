"""A route sketch as a PNG (for Word, which takes no SVG from python-docx), drawn with
Pillow in the same font, at the positions the sketch computed."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from tripplan.outputs.brief.fonts import PT_MM, font_path
from tripplan.outputs.brief.layout import ROUTES
from tripplan.outputs.brief.model import Sketch

DPI = 300
_PX = DPI / 25.4  # pixels per millimetre


def png(sketch: Sketch, face: int) -> bytes:
    image = Image.new("RGB", (round(sketch.width * _PX), round(sketch.height * _PX)), "white")
    draw = ImageDraw.Draw(image)

    def px(value: float) -> float:
        return value * _PX

    def font(size_pt: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(font_path(), round(px(size_pt * PT_MM)), index=face)

    labels = font(sketch.label_size)
    draw.rectangle((0, 0, image.width - 1, image.height - 1), outline=(190, 190, 190), width=2)
    for i, route in enumerate(sketch.routes):
        points = [(px(sketch.stops[s].x), px(sketch.stops[s].y)) for s in route]
        if len(points) > 1:
            draw.line(points, fill=ROUTES[i % len(ROUTES)], width=round(px(0.5)))
    for exit_ in sketch.exits:
        a, b = (exit_.edge_x, exit_.edge_y), (exit_.x, exit_.y)
        if not exit_.incoming:
            a, b = b, a
        draw.line(
            (px(a[0]), px(a[1]), px(b[0]), px(b[1])), fill=(105, 105, 105), width=round(px(0.35))
        )
        angle = math.atan2(b[1] - a[1], b[0] - a[0])
        head = [
            (px(b[0]), px(b[1])),
            (px(b[0] - 2.2 * math.cos(angle - 0.45)), px(b[1] - 2.2 * math.sin(angle - 0.45))),
            (px(b[0] - 2.2 * math.cos(angle + 0.45)), px(b[1] - 2.2 * math.sin(angle + 0.45))),
        ]
        draw.polygon(head, fill=(105, 105, 105))
        draw.text(
            (px(exit_.label.x), px(exit_.label.y)),
            exit_.label.text,
            font=labels,
            fill=(105, 105, 105),
        )
    for stop in sketch.stops:
        r = px(stop.radius)
        draw.ellipse(
            (px(stop.x) - r, px(stop.y) - r, px(stop.x) + r, px(stop.y) + r), fill=ROUTES[0]
        )
        small = font(sketch.label_size * (0.85 if "·" in stop.number else 1.0))
        draw.text((px(stop.x), px(stop.y)), stop.number, font=small, fill="white", anchor="mm")
    for label in sketch.labels:
        if label.leader:
            stop = sketch.stops[label.stop]
            cx = min(max(stop.x, label.x), label.x + label.width)
            cy = min(max(stop.y, label.y), label.y + label.height)
            draw.line((px(stop.x), px(stop.y), px(cx), px(cy)), fill=(105, 105, 105), width=2)
        draw.text((px(label.x), px(label.y)), label.text, font=labels, fill=(20, 20, 20))
    bar_y = px(sketch.height - 3.0)
    draw.line((px(4), bar_y, px(4 + sketch.bar_mm), bar_y), fill=(20, 20, 20), width=round(px(0.6)))
    draw.text((px(4), bar_y - px(3.4)), sketch.bar_text, font=labels, fill=(20, 20, 20))
    draw.text((px(sketch.width - 4.5), px(1.2)), "N↑", font=labels, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), compress_level=6)
    return out.getvalue()
