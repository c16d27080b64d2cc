"""The OSRM client, against a real HTTP server on 127.0.0.1 that answers like OSRM's /table.

Only the outside world is faked: the server parses the coordinates from the path as OSRM
does (lon,lat), so a client that swapped them would get other numbers back.
"""

from __future__ import annotations

import json
import math
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import tripplan
from tripplan.errors import TripplanError
from tripplan.plan.routing import Osrm, RouterUnavailable

# (lat, lon): the AI campus and the games studio from conftest, and Hangzhou East station.
CAMPUS = (30.2800, 120.0300)
STUDIO = (30.1900, 120.1900)
HZ_EAST = (30.2906, 120.2126)
POINTS = [CAMPUS, STUDIO, HZ_EAST]


def _seconds(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The fake server's road model: 90 s per great-circle km, on (lon, lat) pairs."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * 6371.0 * math.asin(math.sqrt(h)) * 90, 1)


def _expected(points: list[tuple[float, float]]) -> list[list[float]]:
    return [[_seconds((a[1], a[0]), (b[1], b[0])) for b in points] for a in points]


@dataclass
class FakeOsrm:
    """What the server does (`mode`) and what it was asked (`requests`)."""

    url: str = ""
    mode: str = "ok"
    unreachable: set[int] = field(default_factory=set)  # indices OSRM finds no road to/from
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    stop: threading.Event = field(default_factory=threading.Event)

    def answer(self, path: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        prefix = "/table/v1/"
        if not parts.path.startswith(prefix) or parse_qs(parts.query) != {
            "annotations": ["duration"]
        }:
            return 400, json.dumps(
                {"code": "InvalidUrl", "message": "URL string malformed"}
            ).encode()
        _, coordinates = parts.path[len(prefix) :].split("/", 1)
        points = [(float(c.split(",")[0]), float(c.split(",")[1])) for c in coordinates.split(";")]
        table: list[list[float | None]] = [[_seconds(a, b) for b in points] for a in points]
        for i in range(len(points)):
            table[i][i] = 0  # as OSRM writes it: an integer
        for i in self.unreachable:
            for j in range(len(points)):
                if i != j:
                    table[i][j] = table[j][i] = None
        if self.mode == "500":
            return 500, b"<html>Internal Server Error</html>"
        if self.mode == "garbage":
            return 200, b'{"code": "Ok", "durations": [[0, 1'
        if self.mode == "invalid-200":
            return 200, json.dumps(
                {"code": "InvalidQuery", "message": "Query string malformed close to position 28"}
            ).encode()
        if self.mode == "invalid-400":
            return 400, json.dumps(
                {"code": "InvalidQuery", "message": "Query string malformed\nclose to position 28"}
            ).encode()
        if self.mode == "short":
            return 200, json.dumps({"code": "Ok", "durations": table[:-1]}).encode()
        if self.mode == "ragged":
            table[0] = table[0][:-1]
            return 200, json.dumps({"code": "Ok", "durations": table}).encode()
        if self.mode == "strings":
            return 200, json.dumps(
                {"code": "Ok", "durations": [[str(c) for c in r] for r in table]}
            ).encode()
        if self.mode == "missing":
            return 200, json.dumps({"code": "Ok"}).encode()
        if self.mode == "slow":
            self.stop.wait(1.0)
        return 200, json.dumps({"code": "Ok", "durations": table}).encode()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path))
    return tmp_path


@contextmanager
def _serve(fake: FakeOsrm, port: int = 0) -> Iterator[FakeOsrm]:
    """Run `fake` on 127.0.0.1:`port` (0: any free port) until the block ends."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            # The path as sent: http.server turns a leading '//' into '/' in self.path.
            path = self.requestline.split()[1]
            fake.requests.append((path, self.headers.get("User-Agent", "")))
            status, body = fake.answer(path)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (the timeout test): nobody to answer

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    # A short poll keeps shutdown() from waiting half a second in every test.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield fake
    finally:
        fake.stop.set()  # let a slow answer finish now rather than outlive the test
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def osrm(cache_dir: Path) -> Iterator[FakeOsrm]:
    with _serve(FakeOsrm()) as fake:
        yield fake


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- answers ------------------------------------------------------------------------------


def test_matrix_from_one_request_in_lon_lat_order(osrm: FakeOsrm):
    assert Osrm(osrm.url).durations(POINTS) == _expected(POINTS)
    assert [path for path, _ in osrm.requests] == [
        "/table/v1/driving/120.030000,30.280000;120.190000,30.190000;120.212600,30.290600"
        "?annotations=duration"
    ]


def test_rows_and_columns_follow_the_points_and_are_floats(osrm: FakeOsrm):
    points = [HZ_EAST, CAMPUS]
    table = Osrm(osrm.url).durations(points)
    assert table == _expected(points)
    assert (table[0][1] or 0) > 600  # about 17 km apart
    assert table[0][0] == table[1][1] == 0.0
    assert all(isinstance(c, float) for row in table for c in row)


def test_profile_and_user_agent_are_sent(osrm: FakeOsrm):
    Osrm(osrm.url, profile="foot").durations([CAMPUS, STUDIO])
    [(path, agent)] = osrm.requests
    assert path.startswith("/table/v1/foot/120.030000,30.280000;")
    assert agent == f"tripplan/{tripplan.__version__}"


def test_trailing_slash_in_the_url(osrm: FakeOsrm):
    assert Osrm(osrm.url + "/").durations(POINTS) == _expected(POINTS)
    assert osrm.requests[0][0].startswith("/table/v1/driving/")


def test_no_route_is_kept_as_none(osrm: FakeOsrm):
    osrm.unreachable = {1}
    table = Osrm(osrm.url).durations(POINTS)
    assert table[0][1] is None
    assert table[1][2] is None
    assert table[2][1] is None
    assert table[1][1] == 0.0
    assert table[0][2] == _expected(POINTS)[0][2]


@pytest.mark.parametrize("points", [[], [CAMPUS]])
def test_no_request_for_fewer_than_two_points(points: list[tuple[float, float]]):
    nobody = Osrm(f"http://127.0.0.1:{_unused_port()}")
    assert nobody.durations(points) == ([[0.0]] if points else [])


def test_swapped_coordinates_are_refused_before_asking(osrm: FakeOsrm):
    with pytest.raises(ValueError, match="120.03"):
        Osrm(osrm.url).durations([(120.03, 30.28), STUDIO])
    assert osrm.requests == []


# --- cache ----------------------------------------------------------------------------------


def test_second_call_is_served_from_the_cache(osrm: FakeOsrm, cache_dir: Path):
    first = Osrm(osrm.url).durations(POINTS)
    assert len(list(cache_dir.glob("osrm-*.json"))) == 1
    assert Osrm(osrm.url).durations(POINTS) == first
    assert len(osrm.requests) == 1


def test_refresh_asks_again(osrm: FakeOsrm):
    Osrm(osrm.url).durations(POINTS)
    osrm.unreachable = {0}  # the roads changed since
    fresh = Osrm(osrm.url, refresh=True).durations(POINTS)
    assert len(osrm.requests) == 2
    assert fresh[0][1] is None
    assert Osrm(osrm.url).durations(POINTS) == fresh  # and the fresh answer was stored


def test_other_points_or_profile_are_not_served_from_the_cache(osrm: FakeOsrm):
    Osrm(osrm.url).durations(POINTS)
    Osrm(osrm.url).durations(POINTS[::-1])
    Osrm(osrm.url, profile="foot").durations(POINTS)
    assert len(osrm.requests) == 3


def test_cache_answers_when_the_server_is_down(cache_dir: Path):
    port = _unused_port()
    url = f"http://127.0.0.1:{port}"
    with pytest.raises(RouterUnavailable):
        Osrm(url).durations(POINTS)
    with _serve(FakeOsrm(), port) as fake:  # the server comes up, is asked, goes away
        warm = Osrm(url).durations(POINTS)
    assert len(fake.requests) == 1
    assert Osrm(url).durations(POINTS) == warm == _expected(POINTS)
    with pytest.raises(RouterUnavailable):
        Osrm(url, refresh=True).durations(POINTS)


def test_a_failed_answer_is_not_cached(osrm: FakeOsrm):
    osrm.mode = "500"
    with pytest.raises(RouterUnavailable):
        Osrm(osrm.url).durations(POINTS)
    osrm.mode = "ok"
    assert Osrm(osrm.url).durations(POINTS) == _expected(POINTS)
    assert len(osrm.requests) == 2


def test_a_corrupt_cache_entry_is_asked_again(osrm: FakeOsrm, cache_dir: Path):
    Osrm(osrm.url).durations(POINTS)
    [entry] = cache_dir.glob("osrm-*.json")
    entry.write_text('[[0, "x"]]')
    assert Osrm(osrm.url).durations(POINTS) == _expected(POINTS)
    assert len(osrm.requests) == 2


# --- failures ---------------------------------------------------------------------------


def test_server_down(cache_dir: Path):
    url = f"http://127.0.0.1:{_unused_port()}"
    started = time.monotonic()
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(url, timeout=5).durations(POINTS)
    assert time.monotonic() - started < 2
    assert str(raised.value) == f"OSRM at {url} did not answer (connection refused)"


def test_http_500(osrm: FakeOsrm):
    osrm.mode = "500"
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url).durations(POINTS)
    assert str(raised.value) == f"OSRM at {osrm.url} answered HTTP 500 (Internal Server Error)"


def test_osrm_refusal_with_http_400_says_why_on_one_line(osrm: FakeOsrm):
    osrm.mode = "invalid-400"
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url).durations(POINTS)
    assert str(raised.value) == (
        f"OSRM at {osrm.url} answered HTTP 400 "
        "(InvalidQuery: Query string malformed close to position 28)"
    )


def test_code_other_than_ok(osrm: FakeOsrm):
    osrm.mode = "invalid-200"
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url).durations(POINTS)
    assert str(raised.value) == (
        f"OSRM at {osrm.url} refused the request "
        "(InvalidQuery: Query string malformed close to position 28)"
    )


def test_malformed_json(osrm: FakeOsrm):
    osrm.mode = "garbage"
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url).durations(POINTS)
    assert str(raised.value).startswith(
        f"OSRM at {osrm.url} answered something that is not usable JSON ("
    )


@pytest.mark.parametrize(
    ("mode", "why"),
    [
        ("short", "expected 3 rows"),
        ("ragged", "expected 3 columns in each row"),
        ("strings", "'0' is not a duration"),
        ("missing", "expected 3 rows"),
    ],
)
def test_wrong_shape(osrm: FakeOsrm, mode: str, why: str):
    osrm.mode = mode
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url).durations(POINTS)
    assert str(raised.value) == f"OSRM at {osrm.url} answered an unusable table ({why})"


def test_slow_server_times_out(osrm: FakeOsrm):
    osrm.mode = "slow"
    started = time.monotonic()
    with pytest.raises(RouterUnavailable) as raised:
        Osrm(osrm.url, timeout=0.3).durations(POINTS)
    assert time.monotonic() - started < 0.9
    assert str(raised.value) == f"OSRM at {osrm.url} did not answer (no answer within 0.3 s)"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1:5000",
        "127.0.0.1:5000",
        "localhost:5000",
        "http://",
        "http://localhost:port",
        "http://localhost:5000/?profile=car",
    ],
)
def test_url_must_be_http(url: str):
    with pytest.raises(TripplanError) as raised:
        Osrm(url)
    message = str(raised.value)
    assert message.startswith("--osrm-url must be an http(s) URL such as http://localhost:5000")
    assert "\n" not in message


@pytest.mark.parametrize("url", ["http://localhost:5000", "https://osrm.example.org/route/"])
def test_url_accepted(url: str):
    assert Osrm(url).url == url


@pytest.mark.parametrize("timeout", [0, -1, float("nan")])
def test_timeout_must_be_positive(timeout: float):
    with pytest.raises(TripplanError, match="--osrm-timeout"):
        Osrm("http://localhost:5000", timeout=timeout)
