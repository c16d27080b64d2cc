"""A hostile network: every HTTP call ends by its deadline, reads a bounded answer, follows
no redirect to another scheme, validates the JSON it gets, and says what went wrong on
one line; nothing of the server's reaches the terminal as a control character.

The servers are real, on 127.0.0.1 (tests/hostile_http.py); tripplan's client is not faked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BASE
from hostile_http import BEHAVIOURS, ESCAPES, Hostile, serve
from tripplan import net
from tripplan.geo.online import Online
from tripplan.plan.routing import Osrm, RouterUnavailable

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
POINTS = [(30.28, 120.03), (30.19, 120.19), (30.29, 120.21)]
TABLE = {"code": "Ok", "durations": [[0, 600, 720], [600, 0, 540], [720, 540, 0]]}
PLACE = [{"lat": "30.2", "lon": "120.1", "display_name": "Nowhere Inc, Hangzhou", "place_id": 1}]
# Longer than any deadline below: a client that waited for the server would show it.
SLOW = 3.0
# A trip with one venue only an online geocoder can find.
ONLINE_TRIP = BASE.replace(
    "  campus:\n", "  nowhere:\n    name: Nowhere Inc\n    city: Hangzhou\n  campus:\n"
).replace("venue: studio", "venue: nowhere")


def one_clean_line(text: str) -> None:
    assert "\n" not in text.strip(), text
    assert not CONTROL.search(text), repr(text)
    assert len(text) < 400, text


@pytest.fixture
def osrm() -> Iterator[Hostile]:
    with serve(Hostile(ok=lambda path: TABLE)) as server:
        yield server


@pytest.fixture
def nominatim() -> Iterator[Hostile]:
    with serve(Hostile(ok=lambda path: PLACE)) as server:
        yield server


@pytest.mark.parametrize("mode", BEHAVIOURS)
def test_osrm_survives_every_hostile_server(osrm: Hostile, mode: str, tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path))
    osrm.mode = mode
    started = time.monotonic()
    try:
        matrix = Osrm(osrm.url, timeout=1.0).durations(POINTS)
    except RouterUnavailable as e:
        one_clean_line(str(e))
    else:
        assert mode == "controls"  # texts of a good answer are not used
        assert matrix == TABLE["durations"]
    assert time.monotonic() - started < SLOW


@pytest.mark.parametrize("mode", BEHAVIOURS)
def test_geocoder_survives_every_hostile_server(nominatim: Hostile, mode: str):
    nominatim.mode = mode
    online = Online(
        "nominatim",
        user_agent="tripplan-tests",
        domain=nominatim.url.removeprefix("http://"),
        scheme="http",
        timeout=1.0,
        min_delay=0.0,
        retries=0,
    )
    started = time.monotonic()
    found = online.lookup(f"Nowhere Inc {mode}")
    assert time.monotonic() - started < SLOW
    if mode == "controls":
        assert found is not None
        assert (found.lat, found.lon) == (30.2, 120.1)
        return
    assert found is None
    assert len(online.warnings) == 1
    one_clean_line(online.warnings[0])


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        ("drip", "no answer within 1 s"),
        ("drip-headers", "no answer within 1 s"),
        ("huge", "answered more than 8,388,608 bytes"),
        ("huge-declared", "answered 1,610,612,736 bytes; at most 8,388,608 are read"),
        ("redirect-scheme", "redirected to another scheme (file:///etc/passwd); not followed"),
        ("redirect-loop", "redirected more than 3 times"),
        ("deep", "answered JSON nested too deeply"),
        ("deep-object", "answered JSON nested too deeply"),
        ("huge-number", "is too large a number"),
        ("wrong-types", "refused the request"),
        ("html-500", "answered HTTP 500 (Internal Server Error)"),
        ("not-utf8", "answered something that is not UTF-8 text"),
    ],
)
def test_osrm_says_what_the_server_did(osrm: Hostile, mode: str, says: str, tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path))
    osrm.mode = mode
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url, timeout=1.0).durations(POINTS)
    assert says in str(raised.value)


def test_a_redirect_within_the_scheme_is_followed(osrm: Hostile):
    hops = []

    def ok(path: str) -> object:
        hops.append(path)
        return TABLE

    with serve(Hostile(ok=ok)) as target:
        osrm.mode = "redirect-same"
        answer = net.get(f"{target.url}/x", deadline=time.monotonic() + 2)
        assert answer.status == 200
        assert json.loads(answer.body) == TABLE


def test_json_numbers_and_depth_are_bounded():
    assert net.parse_json(b'{"a": [1, 2.5, -3]}') == {"a": [1, 2.5, -3]}
    for bad in (
        b"[1e999]",
        b"[NaN]",
        b"[-Infinity]",
        b"[" + b"9" * 30 + b"]",
        b"[" * 40 + b"]" * 40,
    ):
        with pytest.raises(net.NetError):
            net.parse_json(bad)


def test_geocode_command_against_a_hostile_server(tripplan, write, nominatim: Hostile):
    path = write(ONLINE_TRIP)
    for mode in ("drip", "html-500", "deep", "wrong-types", "redirect-scheme", "controls"):
        nominatim.mode = mode
        result = tripplan(
            "geocode",
            path,
            "--provider",
            "nominatim",
            "--user-agent",
            "t",
            "--refresh",
            "--domain",
            nominatim.url.removeprefix("http://"),
            "--scheme",
            "http",
        )
        assert result.exit_code in (0, 1), (mode, result.stderr)
        for line in result.stderr.splitlines():
            assert line.startswith("warning: nominatim: "), (mode, result.stderr)
        assert not CONTROL.search(result.stdout + result.stderr), (mode, result.stdout)


def test_sequence_falls_back_to_the_model_when_osrm_is_hostile(tripplan, write, osrm: Hostile):
    path = write(
        BASE.replace(
            'start: "16:30"\n        duration: 1h',
            'window: ["16:00", "19:00"]\n        duration: 1h',
        )
    )
    for mode in ("drip", "html-500", "deep", "redirect-ftp"):
        osrm.mode = mode
        result = tripplan("sequence", path, "--router", "osrm", "--osrm-url", osrm.url)
        assert result.exit_code == 0, (mode, result.stderr)
        assert result.stderr.startswith(f"warning: OSRM at {osrm.url} "), result.stderr
        assert result.stderr.strip().endswith("using the travel model instead")
        assert result.stderr.count("\n") == 1


def test_no_library_log_or_traceback_reaches_stderr(tmp_path: Path, nominatim: Hostile):
    # A real process: Python's last-resort logging prints geopy's retries and tracebacks
    # only where no test framework captures logs.
    nominatim.mode = "html-500"
    path = tmp_path / "trip.yaml"
    path.write_text(ONLINE_TRIP)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tripplan",
            "geocode",
            str(path),
            "--provider",
            "nominatim",
            "--user-agent",
            "t",
            "--domain",
            nominatim.url.removeprefix("http://"),
            "--scheme",
            "http",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TRIPPLAN_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode in (0, 1), done.stderr
    assert nominatim.paths, "the geocoder was not asked"
    lines = done.stderr.splitlines()
    assert lines, done.stderr
    assert all(line.startswith("warning: nominatim: ") for line in lines), done.stderr
    assert "Traceback" not in done.stderr
    assert ESCAPES not in done.stderr


def test_a_cache_entry_of_the_wrong_shape_is_asked_again_and_rewritten(
    nominatim: Hostile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path))
    cache = tmp_path / "geocode-nominatim.json"
    for broken in (
        {"Nowhere Inc": {"lat": "x"}},
        {"Nowhere Inc": [1, 2]},
        {
            "Nowhere Inc": {
                "lat": 1e308,
                "lon": 2,
                "layer": "a",
                "precision": "b",
                "source": "c",
                "matched": "d",
            }
        },
        ["not", "a", "mapping"],
    ):
        cache.write_text(json.dumps(broken))
        online = Online(
            "nominatim",
            user_agent="t",
            domain=nominatim.url.removeprefix("http://"),
            scheme="http",
            min_delay=0.0,
        )
        found = online.lookup("Nowhere Inc")
        assert found is not None
        assert (found.lat, found.lon) == (30.2, 120.1)
        assert json.loads(cache.read_text())["Nowhere Inc"]["lat"] == 30.2
    assert len(nominatim.paths) == 4


def test_a_holiday_cache_entry_of_the_wrong_shape_is_recomputed(
    tripplan, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from importlib import metadata

    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(folder))
    name = folder / f"holidays-{metadata.version('holidays')}.json"
    name.write_text(json.dumps({"CN-2025": ["not", "days"], "HK-2025": "x"}))
    from tripplan.checks import holidays

    holidays._stored.cache_clear()
    holidays._year.cache_clear()
    result = tripplan(
        "check", write(BASE.replace("2025-02-26", "2025-10-01").replace("2025-02-25", "2025-09-30"))
    )
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    assert isinstance(json.loads(name.read_text())["CN-2025"], dict)
    assert "holiday" in result.stdout
