"""The font every format sets the pack in: Noto Sans CJK (OFL), from the PyPI package.

`width_mm` measures text the same way for every writer (the font's own advance widths,
`_metrics`), so a sketch's labels are placed once for PDF, HTML and Word alike. The HTML
and Word writers embed a subset of the face with only the characters used.
"""

from __future__ import annotations

import io
from itertools import repeat

from tripplan.outputs.brief._metrics import WIDTHS
from tripplan.outputs.fonts import cjk_font

PT_MM = 25.4 / 72
# By character, for width_mm: the layout measures every piece of text it may break
# (45,000 measurements in a 30-day pack), so the sum is made in C, without a generator.
_BY_CHAR = {chr(code): width for code, width in WIDTHS.items()}


def em(ch: str) -> int:
    """Advance width of one character in 1/1000 em."""
    return WIDTHS.get(ord(ch), 1000)


def width_mm(text: str, size: float) -> float:
    """Width of `text` set at `size` points, in millimetres."""
    return sum(map(_BY_CHAR.get, text, repeat(1000))) * size / 1000 * PT_MM


def font_path() -> str:
    import noto_cjk_sans_otc

    return str(noto_cjk_sans_otc.FONT_PATH)


def subset(face: int, text: str) -> bytes:
    """An OpenType font holding only the glyphs `text` needs (and the basic Latin set)."""
    from fontTools import subset as subsetting
    from fontTools.ttLib import TTFont

    chars = set(text) | {chr(c) for c in range(0x20, 0x7F)}
    path, number = cjk_font(chars, face)  # tripplan's subset when it covers the text
    font = TTFont(path, fontNumber=number, recalcBBoxes=False, recalcTimestamp=False)
    options = subsetting.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []  # horizontal text needs no substitutions; closing over
    # the CJK font's GSUB (vertical forms, locales) would triple the time
    options.hinting = False
    subsetter = subsetting.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
