"""`tripplan brief`: the pack for each audience, language and format, read back as text.

Each combination is rendered for real (PDF by fpdf2, HTML, Word by python-docx) and its
text extracted the way a reader's tools would (pdfium, an HTML parser, python-docx);
what must be there is asserted, and what must not (a host's or driver's paper never
holds a note, a booking reference or a delegation member's phone).
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import (
    AUDIENCES,
    LANGUAGES,
    TRIP,
    docx_text,
    flat,
    html_text,
    model_text,
    pack_of,
    pdf_pages,
)
from conftest import BASE, EXAMPLES
from tripplan import load
from tripplan.format.logistics import DocumentNumber, TalkingPoint
from tripplan.format.model import Itinerary
from tripplan.outputs.brief.docx import render_docx
from tripplan.outputs.brief.html import render_html
from tripplan.outputs.brief.model import Heading, Table
from tripplan.outputs.brief.pdf import render_pdf

PHONES = ("+852 0000 0000", "+852 0000 0001", "+852 0000 0002", "+852 0000 0003")
# Internal to the delegation in the bundled trip: internal notes, a talking point, a
# host's biography, booking references, a document number whole.
SECRETS = (
    "No photos without host",
    "Delegation pays; no gifts",
    "Hong Kong's talent schemes",
    "Ask about their timetable",
    "joined the company at its founding",
    "PNR ABC123",
    "E000000001",
    "H00000001",
)
GLANCE = {"en": "Programme at a glance", "zh-hant": "行程一覽", "zh-hans": "行程一览"}
PAGE_ONE = {"en": "Page 1 of", "zh-hant": "第1頁", "zh-hans": "第1页"}
DAY_TWO = {"en": "Day 2 of 3", "zh-hant": "第2天（共3天）", "zh-hans": "第2天（共3天）"}
DATE_TWO = {
    "en": "Tuesday 25 February 2025",
    "zh-hant": "2025年2月25日（星期二）",
    "zh-hans": "2025年2月25日（星期二）",
}
PICK_UP = {"en": "Pick up at", "zh-hant": "上車地點", "zh-hans": "上车地点"}
ARRIVAL = {"en": "Arrival", "zh-hant": "抵達", "zh-hans": "到达"}


@cache
def trip() -> Itinerary:
    return load(TRIP)


def parts(lang: str) -> list[str]:
    return ["en", "zh-hant"] if lang == "en+zh-hant" else [lang]


@cache
def rendered(audience: str, lang: str) -> dict[str, str]:
    """The pack's text as extracted from each format (the HTML without its font: the
    text is the same, and the font is tested on its own)."""
    pack = pack_of(trip(), audience, lang)
    pages = pdf_pages(render_pdf(pack))
    return {
        "model": model_text(pack),
        "pdf": "\n".join(pages),
        "html": html_text(render_html(pack, embed_font=False)),
        "docx": docx_text(render_docx(pack)),
        "pages": str(len(pages)),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_each_audience_language_and_format(audience: str, lang: str, fmt: str):
    text = rendered(audience, lang)[fmt]
    words = flat(text)
    itinerary = trip()
    assert itinerary.trip.title in words
    if fmt == "pdf":  # page numbers are fields in Word and CSS counters in HTML
        for part in parts(lang):
            assert PAGE_ONE[part] in words
    if audience in ("principal", "delegation"):
        for part in parts(lang):
            assert GLANCE[part] in words
            assert DAY_TWO[part] in words
            assert DATE_TWO[part] in words
        for event in itinerary.events():
            if event.kind != "travel":
                assert flat(event.title) in words, event.title
        assert "杭钢科技大楼" in text  # Chinese venue names are real, searchable text
    if audience == "delegation":
        for phone in PHONES:
            assert phone in text
        assert "PNR ABC123" in text
        assert "1A" in text  # seats and rooms
        assert "HZ-0000-1" in text
        assert "…0001" in text  # document numbers masked but for their last 4
        assert "H00000001" not in text
        assert "浙A·00000" in text  # the car plan
    if audience == "principal":
        assert "Ask about their timetable" in text  # talking points, internal ones too
        assert "joined the company at its founding" in text  # the host's biography
        assert "Ms Chen (placeholder)" in text  # how to address them
    if audience == "driver":
        for part in parts(lang):
            assert PICK_UP[part] in words
        assert "杭州东站" in text
        assert "Wong Hoi-ying" in text  # passengers by name
        assert "张师傅" in text  # one sheet per vehicle, with its driver
    if audience in ("driver", "host"):
        for secret in SECRETS:
            assert secret not in text, secret
        for event in itinerary.events():
            if event.notes:
                assert flat(event.notes)[:40] not in words
        # The delegation's phones: only the duty officer's, listed as a contact for
        # drivers; none at all for hosts (their liaison is not a delegation member).
        shown = PHONES[:3] if audience == "driver" else PHONES
        for phone in shown:
            assert phone not in text, phone
    if audience == "driver":  # no meeting content at all
        for event in itinerary.events():
            if event.kind in ("meeting", "visit", "meal"):
                assert flat(event.title) not in words
    if audience == "host":
        for part in parts(lang):
            assert ARRIVAL[part] in words
        assert "Building management office (placeholder)" in words
        assert "+86 755 0000 0010" in text  # the liaison
    if audience == "principal":
        assert "Rooming" not in words
        assert "住宿安排" not in words


def test_every_pdf_page_says_page_n_of_m_and_the_version():
    pack = pack_of(trip(), "delegation", "zh-hant")
    pages = pdf_pages(render_pdf(pack))
    version = pack.version
    for number, page in enumerate(pages, 1):
        assert f"第{number}頁，共{len(pages)}頁" in page
        assert version in page
        assert "截至2025年2月20日 17:00" in page  # "as at", in the trip's zone


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_bundled_trip_briefs_for_everyone(tripplan, tmp_path, path, audience):
    out = tmp_path / "pack.docx"
    run = tripplan("brief", path, "--for", audience, "--lang", "en+zh-hant", "-o", out)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(f"wrote {out}")
    assert load(path).trip.title in docx_text(out.read_bytes())


def test_the_marking_and_the_draft_warning_are_on_every_page(tripplan, write, tmp_path):
    text = BASE.replace("  end: 2025-02-26\n", "  end: 2025-02-26\n  classification: RESTRICTED\n")
    text = text.replace("venue: studio", "venue: studoi")  # an error: unknown-ref
    path = write(text)
    out = tmp_path / "draft.pdf"
    refused = tripplan("brief", path, "-o", out)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"error: {path}:54:16: unknown-ref: event 'studio-visit'")
    assert "— 1 error, not briefed: fix them" in refused.stderr
    assert "--draft" in refused.stderr
    assert not out.exists()
    run = tripplan("brief", path, "--draft", "-o", out)
    assert run.exit_code == 0, run.stderr
    pages = pdf_pages(out.read_bytes())
    assert len(pages) >= 3
    for page in pages:
        assert "RESTRICTED" in page
        assert "DRAFT — not checked: 1 error" in page
    html = tmp_path / "draft.html"
    assert tripplan("brief", path, "--draft", "-o", html).exit_code == 0
    assert '@top-center { content: "RESTRICTED"' in html.read_text(encoding="utf-8")


def test_a_file_that_does_not_load_is_refused_even_as_a_draft(tripplan, write, tmp_path):
    broken = write(BASE.replace("venue: campus", "venue: [campus]"), "broken.yaml")
    run = tripplan("brief", broken, "-o", tmp_path / "b.pdf")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"error: {broken}:45:16: schema:")
    assert not (tmp_path / "b.pdf").exists()
    # A schema error leaves the rest of the trip: a draft can be printed, marked.
    run = tripplan("brief", broken, "--draft", "-o", tmp_path / "b.pdf")
    assert run.exit_code == 0, run.stderr
    assert "DRAFT — not checked: 1 error" in pdf_pages((tmp_path / "b.pdf").read_bytes())[0]
    # Not YAML at all: nothing to print.
    unreadable = write("version: 1\ntrip: [\n", "bad.yaml")
    run = tripplan("brief", unreadable, "--draft", "-o", tmp_path / "c.pdf")
    assert run.exit_code == 1
    assert run.stderr.startswith(f"error: {unreadable}:")
    assert "--draft" not in run.stderr
    assert not (tmp_path / "c.pdf").exists()


def test_options_that_do_not_fit(tripplan, write, tmp_path):
    path = write(BASE)
    assert tripplan("brief", path, "-o", tmp_path / "x.txt").exit_code == 2
    assert tripplan("brief", path, "--day", "2030-01-01").exit_code == 2
    assert tripplan("brief", path, "--lang", "fr").exit_code == 2
    run = tripplan("brief", path, "--vehicle", "car-1", "-o", tmp_path / "v.pdf")
    assert run.exit_code == 2
    assert "--vehicle goes with --for driver" in run.stderr
    run = tripplan(
        "brief", TRIP, "--for", "host", "--host", "Founders office", "-o", tmp_path / "h.pdf"
    )
    assert run.exit_code == 2
    assert "did you mean 'Founder's office (placeholder)'" in run.stderr
    # A driver's or a host's pack is a vehicle's or a host's: not one person's.
    for audience in ("driver", "host"):
        run = tripplan(
            "brief", TRIP, "--for", audience, "--person", "yan", "-o", tmp_path / "p.pdf"
        )
        assert run.exit_code == 2
        assert "--person goes with --for principal or delegation" in run.stderr
        assert not (tmp_path / "p.pdf").exists()


def test_one_host_and_one_person(tripplan, tmp_path):
    out = tmp_path / "host.html"
    run = tripplan(
        "brief",
        TRIP,
        "--for",
        "host",
        "--host",
        "building management office (placeholder)",
        "-o",
        out,
    )
    assert run.exit_code == 0, run.stderr
    text = html_text(out.read_text(encoding="utf-8"))
    assert "Visit to the Hanggang Technology Building" in text
    assert "Founder's office" not in text
    out = tmp_path / "leung.html"
    assert tripplan("brief", TRIP, "--person", "leung", "-o", out).exit_code == 0
    text = flat(html_text(out.read_text(encoding="utf-8")))
    assert "For: Leung Chun-kit" in text
    assert "Working lunch hosted by the spatial-intelligence enterprise" not in text


@pytest.mark.parametrize(
    ("lang", "crossing", "where"),
    [
        ("en", "Hong Kong → Mainland: Hong Kong West Kowloon Station", "Mainland"),
        ("zh-hant", "香港 → 內地: 香港西九龍站 → 杭州东站", "內地"),
        ("zh-hans", "香港 → 内地: ", "内地"),
    ],
)
def test_regions_are_named_in_the_packs_language(lang: str, crossing: str, where: str):
    pack = pack_of(trip(), "delegation", lang)
    text = flat(model_text(pack))
    assert crossing in text
    assert "HK → CN" not in text
    emergency = [b for s in pack.sections if s.key == "contacts" for b in s.blocks]
    rows = [r for b in emergency if isinstance(b, Table) for r in b.rows]
    assert where in {r[0] for r in rows}
    assert not {"CN", "HK"} & {r[0] for r in rows}


def test_the_brief_says_how_many_days_its_sheets_cover(tripplan, tmp_path):
    # Four vehicles' sheets over the trip's three days: three days, not four sheets.
    out = tmp_path / "drivers.html"
    run = tripplan("brief", TRIP, "--for", "driver", "-o", out)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"wrote {out}: Driver's sheet, 6 sections, 3 days\n"
    run = tripplan("brief", TRIP, "--for", "driver", "--vehicle", "sz-car", "-o", out)
    assert run.stdout.endswith("Driver's sheet, 3 sections, 1 day\n")


def test_transfers_say_who_travels_and_the_day_its_first_and_last_local_times():
    pack = pack_of(trip(), "delegation", "en")
    text = flat(model_text(pack))
    assert "By car — Leung Chun-kit to Hotel near West Lake" in text
    assert "By car — Peter Yan, Wong Hoi-ying, Ko Wing-sze to Large language model AI" in text
    assert "First: 08:32 HKT (Train G3002" in text
    assert "Last ends: 20:30 CST (Beijing) (Working dinner" in text
    assert "Last ends: 18:50 HKT (Car: Shenzhen Bay Port" in text
    # Back to the hotel at night, each group when its last event ends.
    assert (
        "By car — Peter Yan, Wong Hoi-ying from Robotics enterprise, Binjiang District "
        "(滨江区机器人企业) to Hotel near West Lake (Hubin area)" in text
    )
    day_three = " ".join(b.text for b in pack.sections[4].blocks if hasattr(b, "text"))
    assert "Day 3 of 3" in day_three


@pytest.mark.parametrize(
    ("lang", "expiry"),
    [
        ("en", "…0001 expires 31 May 2031"),
        ("zh-hant", "…0001 2031年5月31日到期"),
        ("zh-hans", "…0001 2031年5月31日到期"),
    ],
)
def test_document_expiry_dates_say_their_year(lang: str, expiry: str):
    # Read in a 2025 pack, "expires Sat 31 May" looks like this year's May.
    text = flat(model_text(pack_of(trip(), "delegation", lang)))
    assert expiry in text


def test_a_bilingual_pack_says_each_thing_once_in_each_half():
    text = flat(model_text(pack_of(trip(), "principal", "en+zh-hant")))
    assert "Journey: 6 h 23 min / 行程時間：6小時23分鐘" in text
    assert "about 15 min (busy) / 前往" in text
    assert "約15分鐘（交通較繁忙）" in text
    assert "Peter Yan coach 1 seat 1A E000000001; Wong Hoi-ying coach 1" in text
    assert "座位：Peter Yan 1號車廂 座位1A E000000001; Wong Hoi-ying 1號車廂" in text
    assert "First: 08:32 HKT (Train" in text
    assert "首項：08:32 香港時間（Train" in text
    # Nothing English in the Chinese half, nothing said twice.
    for twice in ("/ 6小時23分鐘 /", "（busy", "(busy / ", "coach 1 / 1號車廂", "HKT / 香港時間（"):
        assert twice not in text, twice


def test_day_notes_are_printed(write):
    path = write(
        BASE.replace(
            "  - date: 2025-02-26\n", "  - date: 2025-02-26\n    notes: Bring umbrellas.\n"
        )
    )
    assert "Bring umbrellas." in model_text(pack_of(path, "delegation"))


def test_html_escapes_the_trip_and_embeds_its_font(write):
    path = write(
        BASE.replace(
            "        duration: 1h\n",
            "        duration: 1h\n        notes: <script>alert('x')</script> & 香港\n",
        )
    )
    html = render_html(pack_of(path, "delegation", "zh-hant"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 香港" in html
    assert re.search(
        r'@font-face \{ font-family: "TripplanCJK"; src: url\(data:font/otf;base64,[A-Za-z0-9+/=]{1000,}\)',
        html,
    )
    assert '<html lang="zh-Hant-HK">' in html
    # The title is also in the style sheet (the page footer): it cannot end it.
    titled = write(
        BASE.replace("title: Test trip", 'title: "</style><script>x</script>"'), "t.yaml"
    )
    html = render_html(pack_of(titled, "delegation"), embed_font=False)
    assert "<script>" not in html
    assert "\\3c /style\\3e \\3c script\\3e x" in html
    assert "@page { size: A4" in html


_SECRET = st.text(alphabet=string.ascii_letters + string.digits, min_size=6, max_size=14).map(
    lambda s: "Zq" + s
)


def _with_secrets(secret: str) -> Itinerary:
    """The bundled trip with `secret` in every field that stays inside the delegation:
    internal notes everywhere, talking points (internal or not), background, the hosts'
    biographies, document numbers, internal contacts, the phones of everyone not listed
    as a contact, event notes (which the packs for outside readers never print)."""
    itinerary = trip().model_copy(deep=True)
    itinerary.trip.internal_notes = secret
    contacts = {c.person for c in itinerary.contacts if c.person}
    for pid, person in itinerary.people.items():
        person.internal_notes = secret
        for document in person.documents:
            document.number = DocumentNumber(f"{secret}-{pid}-0000")
        if pid not in contacts:
            person.phone = f"{secret} {pid}"
    for contact in itinerary.contacts:
        if contact.internal:
            contact.phones = [secret]
    for day in itinerary.days:
        day.internal_notes = secret
        for event in day.events:
            event.internal_notes = secret
            event.notes = secret
            event.background = secret
            event.talking_points = [
                TalkingPoint(text=f"{secret} said"),
                TalkingPoint(text=f"{secret} kept", internal=True),
            ]
            if event.host is not None:
                event.host.bio = secret
    return itinerary


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secret=_SECRET, lang=st.sampled_from(LANGUAGES))
def test_host_and_driver_papers_never_carry_what_is_internal(secret, lang):
    itinerary = _with_secrets(secret)
    for audience in ("host", "driver"):
        assert secret not in model_text(pack_of(itinerary, audience, lang)), audience
    # The same fields do reach the principal: the test would see them.
    assert f"{secret} kept" in model_text(pack_of(itinerary, "principal", lang))


@pytest.mark.parametrize("audience", ["principal", "delegation"])
def test_the_trips_and_each_persons_internal_notes_reach_the_delegations_papers(audience):
    itinerary = trip().model_copy(deep=True)
    itinerary.trip.internal_notes = "Read-out to the Secretary after each day."
    itinerary.people["ko"].internal_notes = "Prefers to be briefed in the car."
    pack = pack_of(itinerary, audience)
    [cover] = [s for s in pack.sections if s.key == "cover"]
    assert "Internal: Read-out to the Secretary after each day." in model_text(
        replace(pack, sections=(cover,))
    )
    [people] = [s for s in pack.sections if s.key == "delegation"]
    assert "Internal: Prefers to be briefed in the car." in model_text(
        replace(pack, sections=(people,))
    )
    chinese = model_text(pack_of(itinerary, audience, "zh-hant"))
    assert "Prefers to be briefed in the car." in chinese


@pytest.mark.parametrize(
    ("lang", "known", "unknown"),
    [
        ("en", "— Guangzhou", "— Atlantis"),
        ("zh-hant", "— 廣州", "— Atlantis"),
        ("zh-hans", "— 广州", "— Atlantis"),
        ("en+zh-hant", "— Guangzhou 廣州", "— Atlantis"),
    ],
)
def test_a_chinese_pack_names_the_cities_it_knows_in_chinese(lang, known, unknown):
    itinerary = trip().model_copy(deep=True)
    itinerary.days[0].city, itinerary.days[1].city = "Guangzhou", "Atlantis"
    headings = [
        b.text
        for s in pack_of(itinerary, "delegation", lang).sections
        for b in s.blocks
        if isinstance(b, Heading)
    ]
    assert any(h.endswith(known) for h in headings), headings
    assert any(h.endswith(unknown) for h in headings), headings


@pytest.mark.parametrize("audience", ["host", "driver"])
def test_internal_strings_stay_out_of_every_format(audience):
    itinerary = _with_secrets("SECRET7")
    pack = pack_of(itinerary, audience, "en+zh-hant")
    for text in (
        "\n".join(pdf_pages(render_pdf(pack))),
        html_text(render_html(pack, embed_font=False)),
        docx_text(render_docx(pack)),
    ):
        assert "SECRET7" not in text
        assert "Hanggang Technology Building" in text


def test_readme_shows_the_real_output_of_brief(tripplan, tmp_path, monkeypatch):
    root = TRIP.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ tripplan brief itineraries/hangzhou-shenzhen-2025-02.yaml "
    args = readme.split(command, 1)[1].split("\n", 1)[0]
    shown = readme.split(command + args + "\n", 1)[1].split("```", 1)[0]
    (tmp_path / "itineraries").symlink_to(root / "itineraries")
    monkeypatch.chdir(tmp_path)
    run = tripplan("brief", "itineraries/hangzhou-shenzhen-2025-02.yaml", *args.split())
    assert run.stdout == shown


@pytest.mark.parametrize("code", ["en", "zh-hant", "zh-hans"])
def test_dates_are_written_as_babel_formats_them(code: str):
    """The names of days and months are the CLDR's: every day of two years, in every
    form a pack prints, reads as Babel's `format_date` writes it in the pack's locale."""
    import datetime as dt

    from babel.dates import format_date

    from tripplan.outputs.brief.i18n import Lang

    locale = {"en": "en_GB", "zh-hant": "zh_Hant_HK", "zh-hans": "zh_Hans_CN"}[code]

    def babel(day: dt.date, pattern: str) -> str:
        return format_date(day, pattern, locale=locale)

    lang = Lang(code)
    for n in range(731):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        if code == "en":
            expected = (
                babel(day, "EEEE d MMMM y"),
                babel(day, "EEE d MMM"),
                babel(day, "d MMM y"),
                babel(day, "d MMMM y") + " 09:05",
            )
        else:
            expected = (
                f"{babel(day, 'y年M月d日')}（{babel(day, 'EEEE')}）",
                f"{babel(day, 'M月d日')}（{babel(day, 'EEE')}）",
                babel(day, "y年M月d日"),
                babel(day, "y年M月d日") + " 09:05",
            )
        moment = dt.datetime.combine(day, dt.time(9, 5))
        written = (lang.date(day), lang.short_date(day), lang.day(day), lang.moment(moment))
        assert written == expected, day


def test_a_pdf_brief_loads_only_what_the_pdf_needs(tmp_path):
    """Start-up is most of a small brief: written to a pipe, `brief -o x.pdf` loads neither
    rich (its one line is plain text), nor Babel (its locale data brings `babel.dates`,
    which looks up the machine's time zone), nor the font package (the shipped subset
    has every character of the bundled trip), nor the Word and HTML writers."""
    import os
    import subprocess
    import sys

    watched = (
        "rich",
        "babel",
        "noto_cjk_sans_otc",
        "docx",
        "tripplan.outputs.brief.html",
        "tripplan.outputs.brief.docx",
    )
    pdf = tmp_path / "pack.pdf"
    code = (
        "import sys\n"
        "from tripplan.cli import run\n"
        f"sys.argv = ['tripplan', 'brief', {str(TRIP)!r}, '-o', {str(pdf)!r}]\n"
        "try:\n    run()\n"
        "except SystemExit:\n    pass\n"
        f"print('IMPORTED', [m for m in {watched!r} if m in sys.modules])"
    )
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert f"wrote {pdf}: Delegation brief" in done.stdout, done.stderr
    assert "IMPORTED []" in done.stdout, done.stdout + done.stderr


def test_traditional_chinese_says_dress_in_traditional_characters():
    text = model_text(pack_of(TRIP, "delegation", "zh-hant"))
    assert "衣著：business" in text
    assert "衣着" not in text  # the Simplified form


def test_a_bilingual_sketch_names_the_city_it_goes_to_once_in_each_language():
    from tripplan.outputs.brief.model import Sketches

    pack = pack_of(TRIP, "delegation", "en+zh-hant")
    exits = [
        e.label.text
        for s in pack.sections
        for b in s.blocks
        if isinstance(b, Sketches)
        for sketch in b.sketches
        for e in sketch.exits
    ]
    assert "to Shenzhen / 往深圳" in exits  # not "to Shenzhen 深圳 / 往Shenzhen 深圳"
    assert "from Hangzhou / 來自杭州" in exits
