"""Make the README's picture of a programme page: `python docs/screenshot_programme.py`.

docs/programme.png is Peter Yan's page of the bundled Hangzhou–Shenzhen trip as
`tripplan publish` writes it, opened in headless Chromium on a 390-px-wide phone at
10:00 on the trip's second day (the page works out "today" and "next" for that time),
top of the page. Chinese is drawn with the Noto Sans CJK font that tripplan installs for
its PDFs (Chromium finds it through a fontconfig file made for the run), so the picture
is the same on a machine without CJK fonts. Needs Chromium (Debian's `chromium`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import noto_cjk_sans_otc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import chromium  # noqa: E402  (the tests' driver, found above)
from tripplan.cli.publish import publish_site, site_settings  # noqa: E402

TRIP = HERE.parent / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
NOW = datetime(2025, 2, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def main() -> None:
    executable = chromium.find()
    if executable is None:
        sys.exit("docs/screenshot_programme.py: Chromium is needed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / TRIP.name).write_bytes(TRIP.read_bytes())
        done = publish_site(
            folder,
            folder / "site",
            site_settings("15m", False, "1h"),
            url="https://trips.example.org/",
            now=datetime(2025, 2, 24, 6, 0, tzinfo=UTC),
        )
        (yan,) = [e for e in done.site.entries if e.person == "yan"]
        fonts = folder / "fonts.conf"
        fonts.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{Path(noto_cjk_sans_otc.FONT_PATH).parent}</dir>"
            f"<cachedir>{folder / 'fontcache'}</cachedir></fontconfig>",
            encoding="utf-8",
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        with chromium.chromium(executable, env=env) as browser:
            page = browser.open((folder / "site" / yan.page / "index.html").as_uri(), now=NOW)
            (HERE / "programme.png").write_bytes(page.screenshot())


if __name__ == "__main__":
    main()
