"""Locating venues: offline layers, an online provider on a local server, writing back.

The online provider is geopy's own Nominatim client, pointed at a real HTTP server on
127.0.0.1 started by the test: nothing here touches the internet.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

import tripplan
from conftest import BASE, EXAMPLES, dedent
from tripplan import check_text
from tripplan.edits.locations import add_locations
from tripplan.geo.locate import OfflineGeocoder, Online, locate

TRIP = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25}
    venues:
      # hubs the gazetteer knows
      hz-east:
        name: Hangzhou East Railway Station   # the station, not the city
        city: Hangzhou
      wk: {name: 香港西九龍站, city: Hong Kong}
      office:
        name: "Some unnamed office"
        city: Hangzhou
      nowhere: {name: Nowhere Inc}
    days:
      - date: 2025-02-25
        events:
          - {id: a, title: A, kind: travel, mode: train, from: wk, to: hz-east, start: "08:00", end: "14:00"}
          - {id: b, title: B, venue: office, start: "15:00", duration: 1h}
          - {id: c, title: C, venue: nowhere, start: "17:00", duration: 1h}
""")


# --- check ----------------------------------------------------------------------------


def test_check_warns_for_venues_without_coordinates():
    found = {(p.code, p.message.split("'")[1]) for p in check_text(TRIP).problems}
    assert found == {("coarse-location", "office"), ("no-location", "nowhere")}


def test_check_is_quiet_when_every_venue_is_located():
    assert (
        check_text(
            TRIP.replace(
                "{name: Nowhere Inc}", "{name: Nowhere Inc, location: [30.2, 120.1]}"
            ).replace(
                '    name: "Some unnamed office"\n',
                '    name: "Some unnamed office"\n    location: [30.25, 120.2]\n',
            )
        ).problems
        == []
    )


def test_check_uses_the_registry_beside_the_itinerary(tmp_path):
    (tmp_path / "venues.yaml").write_text(
        dedent("""
        venues:
          nowhere-hq:
            name: Nowhere Inc
            aliases: [Nowhere Incorporated]
            city: Hangzhou
            location: [30.27, 120.15]
    """)
    )
    path = tmp_path / "trip.yaml"
    path.write_text(TRIP)
    codes = {p.code for p in tripplan.check_file(path).problems}
    assert codes == {"coarse-location"}


def test_bundled_trips_resolve_offline():
    for path in EXAMPLES:
        itinerary = tripplan.load(path)
        offline = OfflineGeocoder()
        for vid, venue in itinerary.venues.items():
            found = locate(vid, venue, offline)
            assert found is not None
            assert found.usable, (vid, found)


def test_hubs_found_without_coordinates_for_the_bundled_trip():
    itinerary = tripplan.load(EXAMPLES[0])
    offline = OfflineGeocoder()
    for vid in ("west-kowloon", "hangzhou-east", "hgh-airport", "szx-airport"):
        venue = itinerary.venues[vid].model_copy(update={"location": None})
        found = locate(vid, venue, offline)
        assert found is not None
        assert found.layer == "gazetteer-hub"
        assert found.precision == "exact"
        assert itinerary.venues[vid].location is not None
        assert abs(found.lat - itinerary.venues[vid].location.lat) < 0.01


def test_far_result_is_refused():
    from tripplan.format.model import Venue

    venue = Venue(name="Hangzhou East Railway Station", city="Shenzhen")
    found = locate("x", venue, OfflineGeocoder())
    assert found is not None
    assert not found.usable
    assert "km from Shenzhen" in (found.refused or "")


# --- writing ----------------------------------------------------------------------------


def test_write_adds_only_location_lines(tripplan, write):
    path = write(TRIP)
    run = tripplan("geocode", path, "--write")
    assert run.exit_code == 1  # 'nowhere' stays unknown
    new = path.read_text()
    added = [line for line in new.splitlines() if line not in TRIP.splitlines()]
    assert added == [
        "    location: [30.2901, 120.2125]",
        "  wk: {name: 香港西九龍站, city: Hong Kong, location: [22.304, 114.1655]}",
    ]
    removed = [line for line in TRIP.splitlines() if line not in new.splitlines()]
    assert removed == ["  wk: {name: 香港西九龍站, city: Hong Kong}"]
    assert (
        new.replace("    location: [30.2901, 120.2125]\n", "").replace(
            ", location: [22.304, 114.1655]}", "}"
        )
        == TRIP
    )
    again = tripplan("geocode", path, "--write", "--format", "json")
    assert path.read_text() == new  # nothing left to add
    statuses = {r["venue"]: r["status"] for r in json.loads(again.stdout)["venues"]}
    assert statuses["hz-east"] == statuses["wk"] == "in the itinerary"


def test_write_failure_leaves_the_file_untouched(tripplan, write, monkeypatch):
    path = write(TRIP)
    import tripplan.files as exporting

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting.os, "replace", fail)
    run = tripplan("geocode", path, "--write")
    assert run.exit_code == 2
    assert path.read_text() == TRIP
    assert sorted(p.name for p in path.parent.iterdir()) == ["trip.yaml"]


def test_add_locations_in_crlf_files_and_after_name_local():
    text = "venues:\r\n  a:\r\n    name: A\r\n    name_local: 甲\r\n    city: X\r\n"
    new, skipped = add_locations(text, {"a": (1.0, 2.0)})
    assert skipped == []
    assert (
        new
        == "venues:\r\n  a:\r\n    name: A\r\n    name_local: 甲\r\n    location: [1, 2]\r\n    city: X\r\n"
    )


def test_datum_option_prints_gcj02(tripplan, write):
    run = tripplan("geocode", write(TRIP), "--datum", "gcj02", "--format", "json")
    rows = {r["venue"]: r for r in json.loads(run.stdout)["venues"]}
    assert rows["hz-east"]["datum"] == "gcj02"
    assert rows["hz-east"]["lat"] != 30.2901


# --- online, against a local server -------------------------------------------------------


class Nominatim(BaseHTTPRequestHandler):
    answers: dict[str, object] = {}
    seen: list[tuple[float, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        self.seen.append((time.monotonic(), query))
        answer = self.answers.get(query, [])
        if answer == "500":
            self.send_response(500)
            self.end_headers()
            return
        if answer == "slow":
            time.sleep(1.5)
            answer = []
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[Nominatim]]]:
    Nominatim.answers = {}
    Nominatim.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Nominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}", Nominatim
    httpd.shutdown()
    httpd.server_close()


def _hit(lat: float, lon: float, name: str) -> list[dict[str, str]]:
    return [{"lat": str(lat), "lon": str(lon), "display_name": name, "place_id": "1"}]


def test_online_success_then_cache(server):
    domain, handler = server
    handler.answers["Nowhere Inc"] = _hit(30.2, 120.1, "Nowhere Inc, Hangzhou")
    online = Online(
        "nominatim", user_agent="tripplan-tests", domain=domain, scheme="http", min_delay=0.0
    )
    found = online.lookup("Nowhere Inc")
    assert found is not None
    assert (found.lat, found.lon, found.layer) == (30.2, 120.1, "nominatim")
    again = Online("nominatim", user_agent="tripplan-tests", domain=domain, scheme="http")
    assert again.lookup("Nowhere Inc") == found
    assert [q for _, q in handler.seen] == ["Nowhere Inc"]  # the second came from the cache


def test_online_empty_error_and_timeout(server):
    domain, handler = server
    handler.answers = {"boom": "500", "slow": "slow"}
    online = Online(
        "nominatim", user_agent="t", domain=domain, scheme="http", timeout=0.5, min_delay=0.0
    )
    assert online.lookup("nothing") is None
    assert online.lookup("boom") is None
    assert online.lookup("slow") is None
    assert any("boom" in w for w in online.warnings)
    assert any("slow" in w for w in online.warnings)
    assert len([q for _, q in handler.seen if q == "boom"]) == 3  # tried, then retried twice


def test_online_respects_the_rate_limit(server):
    domain, handler = server
    online = Online("nominatim", user_agent="t", domain=domain, scheme="http", min_delay=0.3)
    for name in ("a", "b", "c"):
        online.lookup(name)
    times = [t for t, _ in handler.seen]
    assert len(times) == 3
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.28


def test_online_stops_at_its_time_budget(server):
    domain, handler = server
    now = [0.0]
    online = Online(
        "nominatim",
        user_agent="t",
        domain=domain,
        scheme="http",
        min_delay=0.0,
        budget=10.0,
        clock=lambda: now[0],
    )
    online.lookup("first")
    now[0] = 100.0
    assert online.lookup("second") is None
    assert [q for _, q in handler.seen] == ["first"]
    assert "time budget" in online.warnings[-1]


def test_cli_online_provider(tripplan, write, server):
    domain, handler = server
    handler.answers["Nowhere Inc"] = _hit(30.21, 120.21, "Nowhere Inc")
    path = write(TRIP)
    needs_agent = tripplan("geocode", path, "--provider", "nominatim")
    assert needs_agent.exit_code == 2
    assert "--user-agent" in needs_agent.stderr
    run = tripplan(
        "geocode",
        path,
        "--provider",
        "nominatim",
        "--user-agent",
        "t",
        "--domain",
        domain,
        "--scheme",
        "http",
        "--format",
        "json",
    )
    rows = {r["venue"]: r for r in json.loads(run.stdout)["venues"]}
    assert rows["nowhere"]["layer"] == "nominatim"
    assert run.exit_code == 0


def test_unknown_provider(tripplan, write):
    run = tripplan("geocode", write(TRIP), "--provider", "nosuch", "--user-agent", "t")
    assert run.exit_code == 2
    assert "not a geopy provider" in run.stderr


def test_gazetteer_is_not_opened_when_every_venue_is_located(monkeypatch):
    from tripplan.geo import gazetteer

    def explode(*args: object, **kwargs: object) -> None:
        raise AssertionError("gazetteer opened")

    monkeypatch.setattr(gazetteer.Gazetteer, "__init__", explode)
    assert check_text(Path(EXAMPLES[0]).read_text()).problems


def test_check_of_a_folder_skips_the_registry(tripplan, tmp_path):
    (tmp_path / "venues.yaml").write_text("venues:\n  x: {name: X, location: [30.2, 120.1]}\n")
    (tmp_path / "trip.yaml").write_text(TRIP)
    run = tripplan("check", "--format", "json", tmp_path)
    assert [f["file"] for f in run.json()["files"]] == [str(tmp_path / "trip.yaml")]


def test_check_with_an_explicit_registry(tripplan, tmp_path, write):
    registry = tmp_path / "office.yaml"
    registry.write_text("venues:\n  n: {name: Nowhere Inc, location: [30.2, 120.1]}\n")
    run = tripplan("check", "--format", "json", "--registry", registry, write(TRIP))
    assert {p["code"] for p in run.json()["files"][0]["problems"]} == {"coarse-location"}


def test_trip_level_geocoder_setting(tripplan, write, server):
    domain, handler = server
    handler.answers["Nowhere Inc"] = _hit(30.21, 120.21, "Nowhere Inc")
    text = TRIP.replace(
        "trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25}",
        "trip:\n  {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25,\n"
        f"   geocoder: {{provider: nominatim, user_agent: t, domain: '{domain}', scheme: http}}}}",
    )
    run = tripplan("geocode", write(text), "--format", "json")
    rows = {r["venue"]: r for r in json.loads(run.stdout)["venues"]}
    assert rows["nowhere"]["layer"] == "nominatim", run.stderr
    offline = tripplan("geocode", write(text), "--provider", "offline", "--format", "json")
    assert {r["venue"]: r for r in json.loads(offline.stdout)["venues"]}["nowhere"]["layer"] is None


def test_a_broken_registry_beside_the_trip_is_reported_by_check_only(tripplan, write, tmp_path):
    from conftest import BASE

    path = write(BASE)  # Hangzhou East has no coordinates: the registry would be asked
    (tmp_path / "venues.yaml").write_text("venues: [oops\n", encoding="utf-8")
    check = tripplan("check", path)
    assert check.exit_code == 2
    assert check.stderr.startswith(f"error: {tmp_path / 'venues.yaml'}:1:1: not valid YAML: ")
    assert check.stderr.count("\n") == 1
    assert tripplan("show", path).exit_code == 0
    assert tripplan("export", path, "-o", tmp_path / "t.ics").exit_code == 0


DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ((DATA / "alias-bomb.yaml").read_bytes(), "alias bomb"),
        ((DATA / "deep.yaml").read_bytes(), "nested too deeply"),
        ((DATA / "not-utf8.yaml").read_bytes(), "not UTF-8"),
        (b"venues:\n  a: {name: A, location: [1, 2]}\n  a: {name: B}\n", "appears twice"),
        (b"venues:\n  a: {name: A, location: [91, 2]}\n", "venue 'a' location.lat"),
        (b"venues:\n  a: {name: A, \xe4\xbd\xbd: 1}\n", "venue 'a'"),
    ],
)
def test_a_registry_is_read_with_the_limits_of_itineraries(
    tripplan, write, tmp_path, content, says
):
    from conftest import BASE

    registry = tmp_path / "office.yaml"
    registry.write_bytes(content)
    run = tripplan("check", "--registry", registry, write(BASE))
    assert run.exit_code == 2, run.stdout
    assert run.stderr.startswith(f"error: {registry}:"), run.stderr
    assert says in run.stderr
    assert run.stderr.count("\n") == 1


def test_geocode_only_the_venues_asked_for(tripplan, write):
    path = write(BASE)
    run = tripplan("geocode", path, "--venue", "hangzhou-east", "--format", "json")
    assert run.exit_code == 0, run.stderr
    assert [row["venue"] for row in run.json()["venues"]] == ["hangzhou-east"]
    wrong = tripplan("geocode", path, "--venue", "hangzhou-est")
    assert wrong.exit_code == 2
    assert "--venue hangzhou-est: not one of the venues" in wrong.stderr
    assert "did you mean 'hangzhou-east'?" in wrong.stderr
