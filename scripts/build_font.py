"""Build the pre-subset CJK fonts tripplan ships for its PDFs.

`tripplan brief -o x.pdf` draws in Noto Sans CJK (the `noto-cjk-sans-otc` package, a
19.5 MB collection of 65,535-glyph faces). Parsing that file and subsetting it for every
PDF took most of a one-day brief; these subsets hold what Hong Kong and mainland
programmes are written in, and the PDF writer falls back to the whole collection for a
text with a character outside them (see `tripplan/outputs/fonts.py`).

What each subset holds (the same characters for every face; the face decides how the
shared characters are drawn, e.g. 骨 or 角 in Simplified or Traditional style):

- Latin: ASCII, Latin-1, Latin Extended-A; general punctuation, currency, letterlike
  symbols (℃, №), arrows (→ ↳), enclosed numbers (①), geometric shapes and
  miscellaneous symbols (★ ⚠ ●);
- CJK symbols and punctuation (、。「」), full- and half-width forms (，：（）);
- every hanzi of GB 2312 (6,763, simplified Chinese) and of Big5's frequently used
  level 1 (5,401, traditional Chinese), together about 10,000 characters.

The outlines and metrics of those glyphs are copied unchanged (a page drawn with a
subset is pixel for pixel the page drawn with the collection). Output:
`src/tripplan/outputs/fonts/NotoSansCJK{sc,tc}-tripplan.otf`, each about 2.6 MB.

Usage::

    python scripts/build_font.py            # needs the test extra (fontTools via fpdf2)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parent.parent / "src" / "tripplan" / "outputs" / "fonts"
FACES = {"sc": 2, "tc": 3}  # index in NotoSansCJK-Regular.ttc
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x017F),  # Latin-1, Latin Extended-A
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x214F),  # letterlike symbols
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x25A0, 0x26FF),  # geometric shapes, miscellaneous symbols
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # half- and full-width forms
)


def _decoded(codec: str, lead: range, trail: range) -> Iterator[int]:
    for a in lead:
        for b in trail:
            try:
                text = bytes((a, b)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                yield ord(text)


def characters() -> set[int]:
    """The code points every subset holds."""
    wanted = {c for low, high in RANGES for c in range(low, high + 1)}
    # GB 2312's hanzi: rows 16-87 (lead bytes 0xB0-0xF7).
    wanted |= set(_decoded("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)))
    # Big5 level 1, the frequently used hanzi: 0xA440-0xC67E.
    big5 = _decoded("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    wanted |= {c for c in big5 if c >= 0x3400}
    return wanted


def build(collection: Path, face: str, out: Path) -> tuple[int, int]:
    """Write the subset of `face`; its number of characters and of bytes."""
    font = TTCollection(str(collection), lazy=False).fonts[FACES[face]]
    present = set(font.getBestCmap())
    wanted = characters() & present
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    # fpdf2 draws each character's own glyph: no shaping, so no layout features (with
    # them, `locl` alone would bring in the Japanese and Korean forms of every glyph).
    options.layout_features = []
    # Outlines without subroutines: fpdf2 subsets the face again for every PDF, and
    # pruning the unused subroutines of 10,000 glyphs was half of that (0.1 s of a
    # one-day brief); the file grows by 1 %.
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return len(wanted), out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faces", nargs="*", default=list(FACES), choices=list(FACES))
    args = parser.parse_args(argv)
    import noto_cjk_sans_otc

    collection = Path(noto_cjk_sans_otc.FONT_PATH)
    for face in args.faces:
        out = OUT / f"NotoSansCJK{face}-tripplan.otf"
        count, size = build(collection, face, out)
        print(
            f"{out.relative_to(OUT.parent.parent.parent.parent)}: {count:,} characters, "
            f"{size / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
