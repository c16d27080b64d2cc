"""Keep the briefing pack's gettext catalogues in step with the code.

    python scripts/catalogues.py            # extract, update every .po, compile every .mo
    python scripts/catalogues.py --check    # fail if a message lacks a translation or a
                                            # .mo is older than its .po (tests run this)

Messages are extracted with Babel from `src/tripplan/outputs/brief/*.py` and the
published site's pages, `src/tripplan/outputs/site/*.py` (the keywords `_`, `pair`,
`ngettext` and `N_`); translators edit the `.po` files, one per language in
`src/tripplan/outputs/brief/locale/<lang>/LC_MESSAGES/tripplan.po`.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ROOT / "src/tripplan/outputs"
CODE = OUTPUTS / "brief"
LOCALE = CODE / "locale"
SOURCES = ("brief", "site")  # folders of outputs/ whose words are in the catalogues
LANGUAGES = ("en", "zh_Hant", "zh_Hans")
KEYWORDS = {"_": None, "pair": None, "N_": None, "ngettext": (1, 2)}


def template() -> Catalog:
    catalog = Catalog(project="tripplan", domain="tripplan")
    for source in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(OUTPUTS / source),
            method_map=[("*.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("i18n:",),
        ):
            catalog.add(
                message,
                None,
                [(f"outputs/{source}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "tripplan.po"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="tripplan", domain="tripplan")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def problems() -> list[str]:
    """Messages missing from a catalogue or untranslated, and stale .mo files."""
    wanted = {m.id for m in template() if m.id}
    found = []
    for lang in LANGUAGES:
        catalog = load(lang)
        have = {m.id for m in catalog if m.id}
        for missing in sorted(wanted - have, key=str):
            found.append(f"{po_path(lang)}: no entry for {missing!r}")
        if lang != "en":
            for message in catalog:
                if message.id and message.id in wanted and not message.string:
                    found.append(f"{po_path(lang)}: {message.id!r} is not translated")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            found.append(f"{mo}: out of date; run python scripts/catalogues.py")
    return found


def update() -> None:
    pot = template()
    for lang in LANGUAGES:
        catalog = load(lang)
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(
                f, catalog, width=100, omit_header=False, sort_output=False, include_previous=False
            )
        path.with_suffix(".mo").write_bytes(compiled(load(lang)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
