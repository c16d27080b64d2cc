"""The CJK font a PDF is drawn in: a subset shipped with tripplan, or the whole collection.

The whole collection (Noto Sans CJK from the `noto-cjk-sans-otc` package: 19.5 MB, faces
of 65,535 glyphs) took most of the time of a one-day brief to parse and to subset.
`fonts/NotoSansCJK{sc,tc}-tripplan.otf` hold the same glyphs for about 10,000 characters
(Latin, punctuation, GB 2312 and Big5 level 1 hanzi; `scripts/build_font.py` builds
them): a text they cover is drawn from the subset, pixel for pixel as from the
collection; a text with any other character (a rare name) is drawn from the collection.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"
# Faces by their number in the collection (NotoSansCJK-Regular.ttc): the glyph forms of
# Simplified and of Traditional Chinese.
SC, TC = 2, 3
_SUBSETS = {SC: "NotoSansCJKsc-tripplan.otf", TC: "NotoSansCJKtc-tripplan.otf"}
# Not drawn as glyphs: line breaks and tabs are layout.
LAYOUT = frozenset("\n\r\t")


def subset_path(face: int = SC) -> Path | None:
    """The shipped subset of the collection's face `face`, if there is one."""
    name = _SUBSETS.get(face)
    return FONTS / name if name else None


@cache
def covered(face: int = SC) -> frozenset[str]:
    """The characters the shipped subset of `face` has glyphs for (none if it is missing)."""
    path = subset_path(face)
    if path is None or not path.is_file():
        return frozenset()
    from fontTools.ttLib import TTFont  # fpdf2's own dependency, for its fonts

    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(chr(code) for code in font.getBestCmap())
    finally:
        font.close()


def cjk_font(texts: Iterable[str], face: int = SC) -> tuple[str, int]:
    """The font file to draw `texts` in with the collection's face `face`, and the face's
    number in that file: the subset (a single font, 0) when it has every character of
    them, else the collection itself."""
    used = set().union(*texts) - LAYOUT
    path = subset_path(face)
    if path is not None and used <= covered(face):
        return str(path), 0
    return str(collection()), face


def collection() -> Path:
    """The whole collection (every face, every glyph), from the font package."""
    import noto_cjk_sans_otc

    return Path(noto_cjk_sans_otc.FONT_PATH)
