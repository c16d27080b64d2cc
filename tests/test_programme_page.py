"""The programme page and the staff's index: what each shows (and does not), as written
for the moment of publishing; then in headless Chromium at a phone's width, where the
page works out "today" and "next" again for the moment it is read and nothing may stick
out sideways.

The browser tests need Chromium (Debian's `chromium`, or $TRIPPLAN_CHROMIUM); without it
they are skipped, saying so. .ci/run installs it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import chromium
import tripplan
from conftest import BASE, ROOT
from tripplan.cli.publish import publish_site, site_settings
from tripplan.outputs.site.tokens import STATE_NAME

HZ = ROOT / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE_THE_TRIP = datetime(2025, 2, 20, 9, 0, tzinfo=UTC)


class _Text(HTMLParser):
    """The text of an element (by id) and every link, from the page's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if found.get("id"):
            self.ids.append(found["id"] or "")
        self.handle_data(" ")  # an element's text is apart from the one before
        if tag not in ("br", "meta", "link", "input"):
            self.stack.append(found.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "meta", "link", "input") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for key in self.stack:
            if key:
                self.texts.setdefault(key, []).append(data)

    def text(self, key: str) -> str:
        return re.sub(r"\s+", " ", "".join(self.texts.get(key, []))).strip()


def parsed(path: Path) -> _Text:
    page = _Text()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def publish(source: Path, site: Path, now: datetime, url: str | None = None):
    return publish_site(source, site, site_settings("15m", False, "1h"), now=now, url=url)


def tokens(folder: Path, trip: str) -> dict[str, object]:
    return json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))["trips"][trip]


@pytest.fixture(scope="module")
def hz_site(tmp_path_factory: pytest.TempPathFactory):
    """The bundled Hangzhou-Shenzhen trip published at 10:00 on its second day."""
    tmp = tmp_path_factory.mktemp("hz")
    source = tmp / HZ.name
    source.write_bytes(HZ.read_bytes())
    now = datetime(2025, 2, 25, 10, 0, tzinfo=SHANGHAI)
    publish(source, tmp / "site", now, url="https://trips.example.org/")
    return tmp, tmp / "site", tokens(tmp, "oases-hz-sz-2025-02")


def test_a_persons_page_holds_their_events_only(hz_site):
    _, site, mine = hz_site
    it = tripplan.load(HZ)
    for person, token in mine["people"].items():
        page = parsed(site / token / "index.html")
        shown = {i.removeprefix("e-") for i in page.ids if i.startswith("e-")}
        assert shown == {e.id for e in it.events() if person in it.attendees(e)}, person
    staff = parsed(site / mine["staff"] / "programme.html")
    assert {i.removeprefix("e-") for i in staff.ids if i.startswith("e-")} == {
        e.id for e in it.events()
    }


def test_today_and_next_as_published(hz_site):
    _, site, mine = hz_site
    page = parsed(site / mine["people"]["yan"] / "index.html")
    assert page.text("today-title") == "Today · Tue 25 Feb"
    today = page.text("today")
    assert today.startswith("07:45–08:15 Delegation briefing for the day's visits 09:15–10:30")
    assert today.endswith("17:55–18:55 Visit to a robotics enterprise and demonstration")
    assert (
        "12:25–13:20 Working lunch hosted by the spatial-intelligence enterprise tentative" in today
    )
    assert page.text("next") == (
        "11:15–12:15 Meeting with representatives of a spatial-intelligence enterprise "
        "Spatial-intelligence enterprise, Xihu District (西湖区空间智能企业)"
    )
    html = (site / mine["people"]["yan"] / "index.html").read_text(encoding="utf-8")
    # The event on at 10:00 is marked.
    assert '<li class="on"><a href="#e-hanggang-visit">' in html


def test_phones_to_tap_and_maps_where_the_delegation_is(hz_site):
    _, site, mine = hz_site
    page = parsed(site / mine["people"]["yan"] / "index.html")
    # The host's number, dialable; the delegation's (Hong Kong) numbers too.
    assert "tel:+8657100000002" in page.links
    assert "tel:+85200000003" in page.links
    maps = [link for link in page.links if "amap" in link or "google" in link]
    # On the mainland Amap, at the point in GCJ-02 (Hanggang: WGS-84 30.2863, 120.1655);
    # in Hong Kong Google Maps at the WGS-84 point.
    (hanggang,) = [m for m in maps if "%E6%9D%AD%E9%92%A2" in m]
    match = re.search(r"position=([\d.]+)%2C([\d.]+)", hanggang)
    assert match is not None
    lon, lat = float(match.group(1)), float(match.group(2))
    it = tripplan.load(HZ)
    point = it.point("hanggang-building")
    assert point is not None
    assert 0.001 < abs(lat - point[0]) + abs(lon - point[1]) < 0.01  # shifted, not moved away
    assert "coordinate=gaode" in hanggang
    assert any(m.startswith("https://www.google.com/maps/search/?api=1&query=22.30") for m in maps)


def test_check_problems_on_staff_pages_only(hz_site):
    _, site, mine = hz_site
    warning = "is tentative; confirm it with Government relations team (placeholder)"
    for token in mine["people"].values():
        assert warning not in (site / token / "index.html").read_text(encoding="utf-8")
    for page in ("programme.html", "index.html"):
        assert warning in (site / mine["staff"] / page).read_text(encoding="utf-8")


def test_the_staff_index_lists_every_page_and_feed_with_both_links(hz_site):
    _, site, mine = hz_site
    page = parsed(site / mine["staff"] / "index.html")
    for person, token in mine["people"].items():
        feed = f"trips.example.org/{token}/oases-hz-sz-2025-02-{person}.ics"
        assert f"https://trips.example.org/{token}/" in page.links
        assert f"webcal://{feed}" in page.links
        assert f"https://{feed}" in page.links
    text = (site / mine["staff"] / "index.html").read_text(encoding="utf-8")
    for client in ("Outlook (Windows):", "Outlook on the web", "Google Calendar:", "iPhone"):
        assert client in text
    assert "--rotate PERSON" in text


def test_the_page_as_written_before_and_after_the_trip(write, tmp_path):
    source = write(BASE)
    for now, said in (
        (BEFORE_THE_TRIP, "The programme starts on Tue 25 Feb."),
        (datetime(2025, 3, 1, tzinfo=UTC), "The programme ended on Wed 26 Feb."),
    ):
        publish(source, tmp_path / "site", now)
        yan = tokens(tmp_path, "test-trip")["people"]["yan"]
        page = parsed(tmp_path / "site" / yan / "index.html")
        assert page.text("today-none") == said
        expected = "Nothing more on the programme." if now.month == 3 else "08:05 HKT–15:05"
        assert page.text("next").startswith(expected)


HOSTILE = (
    BASE.replace("title: Test trip", 'title: "<script>alert(1)</script> & co"')
    .replace("name: Peter Yan", 'name: "Peter <b>Yan</b>"')
    .replace(
        "title: Studio visit",
        'title: "Studio visit '
        + "W" * 120
        + '"\n        notes: "javascript:alert(1) '
        + "https://example.org/"
        + "x" * 150
        + '\\u202e reversed"\n        host: {name: "<img src=x onerror=alert(1)> & co"}',
    )
)


def test_text_from_the_itinerary_stays_text(write, tmp_path):
    source = write(HOSTILE)
    publish(source, tmp_path / "site", BEFORE_THE_TRIP)
    mine = tokens(tmp_path, "test-trip")
    (host,) = mine["outside"].values()
    for path in (
        tmp_path / "site" / mine["people"]["yan"] / "index.html",
        tmp_path / "site" / mine["staff"] / "index.html",
        tmp_path / "site" / mine["staff"] / "programme.html",
        tmp_path / "site" / host / "index.html",
    ):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
        assert "<b>Yan</b>" not in html
        assert "<img" not in html
        assert "\u202e" not in html
        assert 'href="javascript' not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in (
        tmp_path / "site" / host / "index.html"
    ).read_text(encoding="utf-8")


# --- in a browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    executable = chromium.find()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium, or $TRIPPLAN_CHROMIUM)")
    with chromium.chromium(executable) as running:
        yield running


def test_in_a_browser_today_and_next_follow_the_clock(browser, hz_site):
    _, site, mine = hz_site
    url = (site / mine["people"]["yan"] / "index.html").as_uri()
    page = browser.open(url, now=datetime(2025, 2, 25, 11, 30, tzinfo=SHANGHAI))
    assert page.evaluate("document.getElementById('today-title').innerText") == (
        "Today · Tue 25 Feb"
    )
    on = page.evaluate("document.querySelector('#today .on').innerText")
    assert on == "11:15–12:15 Meeting with representatives of a spatial-intelligence enterprise"
    assert page.evaluate("document.getElementById('next').innerText").startswith(
        "12:25–13:20 Working lunch hosted by the spatial-intelligence enterprise tentative"
    )
    later = browser.open(url, now=datetime(2025, 3, 2, 9, 0, tzinfo=SHANGHAI))
    assert later.evaluate("document.getElementById('today-none').innerText") == (
        "The programme ended on Wed 26 Feb."
    )
    assert later.evaluate("document.getElementById('next').innerText") == (
        "Nothing more on the programme."
    )


def test_in_a_browser_nothing_is_wider_than_a_phone(browser, hz_site, write, tmp_path):
    _, site, mine = hz_site
    source = write(HOSTILE)
    publish(source, tmp_path / "site", BEFORE_THE_TRIP, url="https://trips.example.org/")
    hostile = tokens(tmp_path, "test-trip")
    pages = [
        site / mine["people"]["yan"] / "index.html",
        site / mine["people"]["leung"] / "index.html",
        site / mine["staff"] / "index.html",
        site / mine["staff"] / "programme.html",
        *(site / token / "index.html" for token in mine["outside"].values()),
        tmp_path / "site" / hostile["people"]["yan"] / "index.html",
        tmp_path / "site" / hostile["staff"] / "index.html",
        *(tmp_path / "site" / token / "index.html" for token in hostile["outside"].values()),
    ]
    for path in pages:
        page = browser.open(path.as_uri())
        measured = page.overflow()
        assert measured["scrollWidth"] <= measured["clientWidth"] == 390, (path, measured)
        assert measured["offenders"] == [], path
        assert page.evaluate("document.body.innerText.length") > 200


# --- in Chinese -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory: pytest.TempPathFactory):
    """The bundled trip published in Traditional Chinese at 10:00 on its second day."""
    tmp = tmp_path_factory.mktemp("zh")
    source = tmp / HZ.name
    source.write_bytes(HZ.read_bytes())
    now = datetime(2025, 2, 25, 10, 0, tzinfo=SHANGHAI)
    settings = site_settings("15m", False, "1h", "zh-hant")
    publish_site(source, tmp / "site", settings, now=now, url="https://trips.example.org/")
    return tmp / "site", tokens(tmp, "oases-hz-sz-2025-02")


def test_pages_in_chinese_when_asked(chinese_site):
    site, mine = chinese_site
    path = site / mine["people"]["yan"] / "index.html"
    page = parsed(path)
    html = path.read_text(encoding="utf-8")
    assert '<html lang="zh-Hant-HK">' in html
    assert page.text("today-title") == "今天・2月25日（週二）"
    assert page.text("next").startswith("11:15–12:15 Meeting with representatives")
    assert page.text("next").endswith("西湖区空间智能企业")  # the venue's own name
    assert "<h2>下一項</h2>" in html
    assert ">地圖</a>" in html
    assert "把這份行程加入你的日曆" in html
    assert "第2天（共3天）" in html
    assert ">第3天（共3天） · 2月26日（週三） · 深圳</h3>" in html  # the city in Chinese too
    driver = (site / mine["outside"]["vehicle:hz-car-1"] / "index.html").read_text("utf-8")
    assert "上車地點" in driver
    assert "乘客" in driver
    index = (site / mine["staff"] / "index.html").read_text(encoding="utf-8")
    assert "代表團以外：司機及接待方" in index
    assert "<h2>全體行程" in index  # the staff's own page, named as it names itself


def test_in_a_browser_the_chinese_page_follows_the_clock(browser, chinese_site):
    site, mine = chinese_site
    url = (site / mine["people"]["yan"] / "index.html").as_uri()
    page = browser.open(url, now=datetime(2025, 2, 26, 9, 0, tzinfo=SHANGHAI))
    assert page.evaluate("document.getElementById('today-title').innerText") == (
        "今天・2月26日（週三）"
    )
    later = browser.open(url, now=datetime(2025, 3, 2, 9, 0, tzinfo=SHANGHAI))
    assert later.evaluate("document.getElementById('today-none').innerText") == (
        "行程已於2月26日（週三）結束。"
    )
    assert later.evaluate("document.getElementById('next').innerText") == "行程已無其他項目。"
    measured = later.overflow()
    assert measured["scrollWidth"] <= measured["clientWidth"]
