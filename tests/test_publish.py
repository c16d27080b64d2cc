"""`tripplan publish`: the static site of feeds and programme pages, its secret addresses
kept across publishing, rotation, SEQUENCE carried from the version published before,
what each page shows, and refusals that leave the site as it was.

The feeds are checked with ../shared/tools/ics_check like every export (`ics_check` in
conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE, EXAMPLES, ics_check
from test_audience import SECRETS_NEEDED
from test_audience import _trip as internal_trip
from tripplan.cli.publish import publish_site, site_settings
from tripplan.files import safe_name
from tripplan.outputs.site.tokens import STATE_NAME

NOW = datetime(2025, 2, 20, 9, 0, tzinfo=UTC)
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def trips_folder(tmp_path: Path) -> Path:
    """The bundled itineraries, copied: publish writes its state file beside them."""
    folder = tmp_path / "trips"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    return folder


def state(folder: Path) -> dict[str, object]:
    return json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))


def listing(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*"))


def publish(path: Path, site: Path, now: datetime = NOW, **options: object):
    settings = site_settings(
        str(options.pop("alarm", "15m")),
        bool(options.pop("transfers", False)),
        str(options.pop("refresh", "1h")),
    )
    return publish_site(path, site, settings, now=now, **options)  # type: ignore[arg-type]


def feed_events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory):
    """The bundled trips published once, with the site's address."""
    tmp = tmp_path_factory.mktemp("bundled")
    folder = trips_folder(tmp)
    site = tmp / "site"
    done = publish(folder, site, url="https://trips.example.org/delegations")
    return folder, site, done


# --- the site -------------------------------------------------------------------------


def test_site_layout_from_the_bundled_trips(bundled):
    folder, site, done = bundled
    tokens = state(folder)
    trips = tokens["trips"]
    assert sorted(trips) == ["oases-hz-sz-2025-02", "oases-sz-day-2025-06"]
    assert sorted(trips["oases-hz-sz-2025-02"]["people"]) == ["ko", "leung", "wong", "yan"]
    expected = [".tripplan-site", "index.html", "robots.txt"]
    for trip, mine in trips.items():
        staff = mine["staff"]
        expected += [staff, f"{staff}/index.html", f"{staff}/programme.html", f"{staff}/{trip}.ics"]
        for person, token in mine["people"].items():
            assert TOKEN.fullmatch(token)
            expected += [token, f"{token}/index.html", f"{token}/{trip}-{person}.ics"]
        for key, token in mine.get("outside", {}).items():
            kind, name = key.split(":", 1)
            file = f"driver-{name}" if kind == "vehicle" else f"host-{safe_name(name)}"
            expected += [token, f"{token}/index.html", f"{token}/{trip}-{file}.ics"]
    # The bundled Hangzhou trip's drivers and hosts get theirs too.
    assert sorted(trips["oases-hz-sz-2025-02"]["outside"]) == [
        "host:building management office (placeholder)",
        "host:dinner organiser (placeholder)",
        "host:founder's office (placeholder)",
        "host:government relations team (placeholder)",
        "host:studio producer's office (placeholder)",
        "vehicle:cross-boundary-car",
        "vehicle:hz-car-1",
        "vehicle:hz-car-2",
        "vehicle:sz-car",
    ]
    assert listing(site) == sorted(expected)
    # Nothing at the root leads anywhere: no token, no link; robots are sent away.
    root = (site / "index.html").read_text(encoding="utf-8")
    assert "href" not in root
    assert not any(t in root for t in re.findall(r"[A-Za-z0-9_-]{22}", json.dumps(tokens)))
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert oct((folder / STATE_NAME).stat().st_mode & 0o777) == "0o600"  # it holds secrets
    assert done.site.url == "https://trips.example.org/delegations/"


def test_every_feed_has_refresh_hints_and_the_uids_of_export(bundled):
    _, site, _ = bundled
    feeds = sorted(site.rglob("*.ics"))
    assert len(feeds) == len(bundled[2].site.entries) == 21
    for feed in feeds:
        text = feed.read_bytes().decode("utf-8")
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
        assert "X-PUBLISHED-TTL:PT1H\r\n" in text
        assert "METHOD:PUBLISH\r\n" in text
    yan = next(site.rglob("oases-hz-sz-2025-02-yan.ics"))
    assert "llm-founders.oases-hz-sz-2025-02@tripplan" in feed_events(yan)


def test_every_feed_passes_ics_check(bundled):
    _, site, _ = bundled
    ics_check(list(site.rglob("*.ics")))


# --- publishing again -------------------------------------------------------------------


def test_publishing_again_keeps_addresses_bytes_and_times(tmp_path):
    folder = trips_folder(tmp_path)
    site = tmp_path / "site"
    publish(folder, site)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    tokens = state(folder)
    # A day later, nothing changed: same addresses, every calendar byte for byte (DTSTAMP
    # and SEQUENCE carried), every file's time kept so servers answer "not modified".
    publish(folder, site, now=NOW + timedelta(days=1))
    assert state(folder) == tokens
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    changed = sorted(str(p.relative_to(site)) for p in after if after[p] != before.get(p))
    # Only the pages that say when they were published.
    assert all(name.endswith(".html") and name != "index.html" for name in changed), changed
    assert [p for p in after if p.suffix == ".ics" and after[p] != before[p]] == []
    assert sorted(after) == sorted(before)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_sequence_grows_from_the_version_published_before(write, tmp_path):
    path = write(BASE)
    site = tmp_path / "site"
    publish(path, site)
    path.write_text(BASE.replace('start: "10:00"', 'start: "10:30"'), encoding="utf-8")
    publish(path, site, now=NOW + timedelta(days=1))
    (feed,) = site.glob("*/test-trip-yan.ics")
    events = feed_events(feed)
    moved = events["studio-visit.test-trip@tripplan"]
    kept = events["founders.test-trip@tripplan"]
    assert (int(moved["SEQUENCE"]), moved["DTSTAMP"].dt) == (1, NOW + timedelta(days=1))
    assert (int(kept["SEQUENCE"]), kept["DTSTAMP"].dt) == (0, NOW)
    # An event Yan no longer attends stays in his feed, cancelled, so his calendar drops it.
    path.write_text(
        BASE.replace('end: "11:00"\n', 'end: "11:00"\n        attendees: [ko]\n'),
        encoding="utf-8",
    )
    publish(path, site, now=NOW + timedelta(days=2))
    gone = feed_events(feed)["studio-visit.test-trip@tripplan"]
    assert (str(gone["STATUS"]), int(gone["SEQUENCE"])) == ("CANCELLED", 2)


def test_rotating_a_person_moves_their_addresses_and_the_old_ones_are_gone(write, tmp_path):
    path = write(BASE)
    site = tmp_path / "site"
    publish(path, site)
    old = state(tmp_path)["trips"]["test-trip"]
    path.write_text(BASE.replace('start: "10:00"', 'start: "10:30"'), encoding="utf-8")
    done = publish(path, site, now=NOW + timedelta(days=1), rotate=["yan"])
    new = state(tmp_path)["trips"]["test-trip"]
    assert new["people"]["ko"] == old["people"]["ko"]
    assert new["staff"] == old["staff"]
    assert new["people"]["yan"] != old["people"]["yan"]
    assert not (site / old["people"]["yan"]).exists()
    feed = site / new["people"]["yan"] / "test-trip-yan.ics"
    # SEQUENCE carries on from the feed at the old address.
    assert int(feed_events(feed)["studio-visit.test-trip@tripplan"]["SEQUENCE"]) == 1
    assert done.rotated == ["yan"]
    index = (site / new["staff"] / "index.html").read_text(encoding="utf-8")
    assert new["people"]["yan"] in index
    assert old["people"]["yan"] not in index
    publish(path, site, rotate_staff=True)
    assert state(tmp_path)["trips"]["test-trip"]["staff"] != old["staff"]
    assert not (site / old["staff"]).exists()


# --- the command ------------------------------------------------------------------------


def test_publish_says_where_the_staff_index_is(tripplan, write, tmp_path):
    path = write(BASE)
    site = tmp_path / "site"
    run = tripplan("publish", path, "-o", site, "--url", "https://trips.example.org")
    assert run.exit_code == 0, run.stderr
    staff = state(tmp_path)["trips"]["test-trip"]["staff"]
    assert run.stdout == (
        f"published 1 trip to {site}: 3 calendars and pages; addresses kept in "
        f"{tmp_path / STATE_NAME}\n"
        f"staff index of test-trip: https://trips.example.org/{staff}/\n"
    )
    assert state(tmp_path)["url"] == "https://trips.example.org/"
    # The address is remembered; without it, the index is named as a file.
    again = tripplan("publish", path, "-o", site, "--format", "json")
    document = json.loads(again.stdout)
    assert document["staff_pages"] == {"test-trip": f"https://trips.example.org/{staff}/"}
    yan = next(c for c in document["calendars"] if c["person"] == "yan")
    token = state(tmp_path)["trips"]["test-trip"]["people"]["yan"]
    assert yan == {
        "trip": "test-trip",
        "person": "yan",
        "audience": "principal",
        "name": "Peter Yan",
        "page": f"{token}/",
        "feed": f"{token}/test-trip-yan.ics",
        "page_url": f"https://trips.example.org/{token}/",
        "feed_url": f"https://trips.example.org/{token}/test-trip-yan.ics",
        "webcal_url": f"webcal://trips.example.org/{token}/test-trip-yan.ics",
        "events": 3,
    }


def test_a_file_with_errors_is_refused_and_the_site_stays(tripplan, write, tmp_path):
    path = write(BASE)
    site = tmp_path / "site"
    assert tripplan("publish", path, "-o", site).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    tokens = state(tmp_path)
    path.write_text(BASE.replace("venue: campus", "venue: campsu"), encoding="utf-8")
    run = tripplan("publish", path, "-o", site, "--rotate", "yan")
    assert run.exit_code == 1  # the itinerary has problems, as every command says
    assert run.stdout == ""
    assert run.stderr == (
        f"error: {path}:45:16: event 'founders': venue 'campsu' is not one of the venues; "
        "did you mean 'campus'?; nothing was published\n"
    )
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert state(tmp_path) == tokens


def test_a_folder_publish_did_not_make_is_never_replaced(tripplan, write, tmp_path):
    path = write(BASE)
    site = tmp_path / "www"
    site.mkdir()
    (site / "report.docx").write_bytes(b"keep me")
    run = tripplan("publish", path, "-o", site)
    assert run.exit_code == 2
    assert run.stderr == (
        f"error: {site}: is not a site made by tripplan publish and not empty; publishing "
        "replaces the whole folder, so choose a new or empty one\n"
    )
    assert listing(site) == ["report.docx"]
    assert not (tmp_path / STATE_NAME).exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["--rotate", "yna"],
            "--rotate yna: not one of the people of {path}; did you mean 'yan'?",
        ),
        (
            ["--url", "trips.example.org"],
            "--url 'trips.example.org': give the address the site is served at, "
            "e.g. https://calendars.example.org/trips/",
        ),
        (["--refresh", "1m"], "--refresh '1m': write a duration of 5m or more, e.g. 1h"),
    ],
)
def test_bad_options_exit_2_naming_them(tripplan, write, tmp_path, option, message):
    path = write(BASE)
    run = tripplan("publish", path, "-o", tmp_path / "site", *option)
    assert run.exit_code == 2
    assert run.stderr == f"error: {message.format(path=path)}\n"
    assert not (tmp_path / "site").exists()


def test_a_broken_state_file_is_named_not_replaced(tripplan, write, tmp_path):
    path = write(BASE)
    (tmp_path / STATE_NAME).write_text('{"version": 1, "trips": {"t": {"staff": "x"}}}')
    run = tripplan("publish", path, "-o", tmp_path / "site")
    assert run.exit_code == 2
    assert run.stderr.startswith(f"error: {tmp_path / STATE_NAME}: not a tripplan publish state")
    assert (tmp_path / STATE_NAME).read_text() == '{"version": 1, "trips": {"t": {"staff": "x"}}}'


def test_a_failed_write_leaves_the_site_as_it_was(write, tmp_path, monkeypatch):
    path = write(BASE)
    site = tmp_path / "site"
    publish(path, site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    written = []

    def disk_full(self: Path, data: bytes) -> int:
        written.append(self)
        if len(written) > 3:
            raise OSError(28, "No space left on device")
        return original(self, data)

    original = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", disk_full)
    path.write_text(BASE.replace('start: "10:00"', 'start: "10:30"'), encoding="utf-8")
    with pytest.raises(Exception, match="No space left on device"):
        publish(path, site, now=NOW + timedelta(days=1))
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", STATE_NAME, "trip.yaml"])


def test_help_shows_an_example(tripplan):
    run = tripplan("publish", "--help")
    assert run.exit_code == 0
    assert "tripplan publish itineraries/ -o /var/www/trips" in run.stdout


# --- outside the delegation -------------------------------------------------------------


def test_each_driver_gets_their_runs_chinese_first(bundled):
    folder, site, _ = bundled
    token = state(folder)["trips"]["oases-hz-sz-2025-02"]["outside"]["vehicle:hz-car-1"]
    events = feed_events(site / token / "oases-hz-sz-2025-02-driver-hz-car-1.ics")
    first = events["run-hz-car-1-train-to-hangzhou-llm-founders.oases-hz-sz-2025-02@tripplan"]
    assert str(first["SUMMARY"]) == "杭州东站 → 拱墅区人工智能企业"
    assert first["DTSTART"].dt.strftime("%Y-%m-%d %H:%M") == "2025-02-24 14:55"
    assert first["DTEND"].dt.strftime("%H:%M") == "16:00"  # there by the meeting
    text = str(first["DESCRIPTION"])
    assert "Passengers: Peter Yan, Wong Hoi-ying, Ko Wing-sze" in text
    assert "Contact: Leung Chun-kit (duty officer) · +852 0000 0003" in text
    assert len(events) == 10  # 7 between events, 3 from the hotel or back to it
    page = (site / token / "index.html").read_text(encoding="utf-8")
    assert (
        "Driver&#x27;s sheet: Driver Zhang (placeholder), Lead car (7-seat MPV, placeholder)"
        in page
    )
    assert "https://uri.amap.com/marker?" in page


def test_a_host_gets_their_events_with_the_uids_of_export(bundled):
    folder, site, _ = bundled
    outside = state(folder)["trips"]["oases-hz-sz-2025-02"]["outside"]
    token = outside["host:government relations team (placeholder)"]
    feed = site / token / "oases-hz-sz-2025-02-host-government-relations-team-placeholder.ics"
    events = feed_events(feed)
    # The same (placeholder) name hosts in Hangzhou and in Shenzhen: one host.
    assert sorted(events) == [
        "ai-smartcity-meeting.oases-hz-sz-2025-02@tripplan",
        "spatial-intelligence-meeting.oases-hz-sz-2025-02@tripplan",
        "spatial-working-lunch.oases-hz-sz-2025-02@tripplan",
    ]
    lunch = events["spatial-working-lunch.oases-hz-sz-2025-02@tripplan"]
    assert str(lunch["X-MICROSOFT-CDO-BUSYSTATUS"]) == "TENTATIVE"


def test_the_staff_index_lists_drivers_and_hosts_apart(bundled):
    folder, site, _ = bundled
    mine = state(folder)["trips"]["oases-hz-sz-2025-02"]
    index = (site / mine["staff"] / "index.html").read_text(encoding="utf-8")
    apart = index.index("Outside the delegation: drivers and hosts")
    for key, token in mine["outside"].items():
        assert index.index(token) > apart, key
    for token in mine["people"].values():
        assert index.index(token) < apart


def test_rotating_a_drivers_address(tripplan, tmp_path):
    folder = trips_folder(tmp_path)
    site = tmp_path / "site"
    assert tripplan("publish", folder, "-o", site).exit_code == 0
    old = state(folder)["trips"]["oases-hz-sz-2025-02"]["outside"]["vehicle:hz-car-2"]
    run = tripplan("publish", folder, "-o", site, "--rotate", "vehicle:hz-car-2")
    assert run.exit_code == 0, run.stderr
    new = state(folder)["trips"]["oases-hz-sz-2025-02"]["outside"]["vehicle:hz-car-2"]
    assert new != old
    assert not (site / old).exists()
    assert (site / new / "index.html").exists()


MARK = "SECRET"
_SECRET = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Lo"]), min_size=1, max_size=16
).map(lambda s: MARK + s)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secrets=st.lists(_SECRET, min_size=SECRETS_NEEDED, max_size=SECRETS_NEEDED, unique=True))
def test_nothing_internal_reaches_a_driver_or_a_host(
    secrets: list[str], tmp_path_factory: pytest.TempPathFactory
):
    # The audience test's trip: a secret in every internal field and in everything that
    # never leaves the delegation (talking points, bios, bookings, the delegation's phones).
    folder = tmp_path_factory.mktemp("secrets")
    trip = folder / "trip.yaml"
    trip.write_text(json.dumps(internal_trip(secrets, "X123456789"), ensure_ascii=False))
    done = publish(folder, folder / "site")
    outside = [e for e in done.site.entries if e.audience in ("driver", "host")]
    assert {e.audience for e in outside} == {"driver", "host"}
    for entry in outside:
        for path in (entry.feed, entry.page + "index.html"):
            text = (folder / "site" / path).read_text(encoding="utf-8")
            assert MARK not in text, path
            assert "X123456789" not in text, path
    # The delegation's own pages are made from the itinerary: the test could fail.
    yan = next(e for e in done.site.entries if e.person == "yan")
    assert MARK in (folder / "site" / yan.page / "index.html").read_text(encoding="utf-8")
