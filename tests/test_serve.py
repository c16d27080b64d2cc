"""`tripplan serve` as a calendar client meets it: the real command started on 127.0.0.1,
fetched with a real HTTP client (httpx) — conditional GET, HEAD, 404s, no traversal, a
rebuild after an edit — and subscribed to by a real calendar client: vdirsyncer syncs
the feed into a folder and khal lists it, before and after an event moves.

vdirsyncer and khal come with the test extra; where they are missing the subscription
test is skipped, saying so.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import icalendar
import pytest

from conftest import BASE
from tripplan.outputs.site.tokens import STATE_NAME

TRIP = "test-trip"


@dataclass
class Server:
    url: str
    folder: Path
    lines: queue.Queue[str]
    said: list[str]

    def tokens(self) -> dict[str, object]:
        state = json.loads((self.folder / STATE_NAME).read_text(encoding="utf-8"))
        return state["trips"][TRIP]

    def feed(self, person: str) -> str:
        token = self.tokens()["people"][person]
        return f"{self.url}{token}/{TRIP}-{person}.ics"

    def wait_for(self, words: str, timeout: float = 60) -> str:
        """The next line the server prints containing `words`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(
                    f"no line with {words!r} in {timeout} s: {self.said}"
                ) from None
            self.said.append(line)
            if words in line:
                return line


@contextmanager
def served(folder: Path, *options: str) -> Iterator[Server]:
    """`tripplan serve FOLDER --port 0` running, until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tripplan", "serve", str(folder), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "1000"},
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    server = Server("", folder, lines, [])
    try:
        first = server.wait_for("serving")
        server.url = first.split(" at ", 1)[1].split(" ", 1)[0]
        assert server.url.startswith("http://127.0.0.1:")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=20)
        reader.join(timeout=20)
        assert process.stdout is not None
        process.stdout.close()


def edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    folder = tmp_path / "trips"
    folder.mkdir()
    (folder / "trip.yaml").write_text(BASE, encoding="utf-8")
    return folder


def test_feeds_pages_and_what_is_refused(trip):
    with served(trip) as server, httpx.Client(timeout=10) as client:
        feed = client.get(server.feed("yan"))
        assert feed.status_code == 200
        assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(feed.content)
        assert len(calendar.walk("VEVENT")) == 3
        etag, modified = feed.headers["etag"], feed.headers["last-modified"]
        assert etag.startswith('"')
        assert email.utils.parsedate_to_datetime(modified).tzinfo is not None
        # A client that has it already gets "not modified" and no body, by ETag or date.
        for asked in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
            again = client.get(server.feed("yan"), headers=asked)
            assert (again.status_code, again.content) == (304, b"")
            assert again.headers["etag"] == etag
        assert (
            client.get(server.feed("yan"), headers={"If-None-Match": '"other"'}).status_code == 200
        )
        head = client.head(server.feed("yan"))
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["content-length"] == str(len(feed.content))
        assert head.headers["etag"] == etag
        # The pages.
        tokens = server.tokens()
        page = client.get(f"{server.url}{tokens['people']['ko']}/")
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "Ko Wing-sze" in page.text
        staff = client.get(f"{server.url}{tokens['staff']}/")
        assert server.feed("ko").replace("http://", "webcal://") in staff.text
        bare = client.get(f"{server.url}{tokens['people']['ko']}")
        assert (bare.status_code, bare.headers["location"]) == (308, f"/{tokens['people']['ko']}/")
        root = client.get(server.url)
        assert root.status_code == 200
        assert not any(str(token) in root.text for token in tokens["people"].values())
        # Anything else is the same plain 404: unknown tokens, hidden files, traversal.
        for path in (
            "AAAAAAAAAAAAAAAAAAAAAA/test-trip-yan.ics",
            f"{tokens['people']['yan']}/test-trip-ko.ics",
            ".tripplan-site",
            f"{tokens['people']['yan']}/..%2f..%2ftrips%2ftrip.yaml",
            "%2e%2e/%2e%2e/etc/passwd",
            "..%5c..%5cetc%5cpasswd",
        ):
            missing = client.get(server.url + path)
            assert (missing.status_code, missing.text) == (404, "Not found\n"), path
        host, port = server.url.removeprefix("http://").rstrip("/").split(":")
        for raw in ("/../trips/trip.yaml", "/../../../../etc/passwd", "//etc/passwd"):
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", raw)  # sent as written: httpx would tidy the dots
            answer = connection.getresponse()
            assert (answer.status, answer.read()) == (404, b"Not found\n"), raw
            connection.close()
        assert client.post(server.feed("yan")).status_code == 405


def test_an_edit_changes_the_feed_and_an_error_keeps_it(trip):
    with served(trip) as server, httpx.Client(timeout=10) as client:
        first = client.get(server.feed("yan"))
        edit(trip / "trip.yaml", lambda text: text.replace('start: "10:00"', 'start: "10:30"'))
        server.wait_for("rebuilt")
        second = client.get(server.feed("yan"), headers={"If-None-Match": first.headers["etag"]})
        assert second.status_code == 200
        events = {
            str(e["UID"]): e for e in icalendar.Calendar.from_ical(second.content).walk("VEVENT")
        }
        moved = events[f"studio-visit.{TRIP}@tripplan"]
        assert moved["DTSTART"].dt.strftime("%H:%M") == "10:30"
        assert int(moved["SEQUENCE"]) == 1
        # A mistake is not published: the error is said, the feed stays as it was.
        edit(trip / "trip.yaml", lambda text: text.replace("venue: campus", "venue: campsu"))
        error = server.wait_for("error:")
        assert "venue 'campsu' is not one of the venues" in error
        assert error.endswith("nothing was published; still serving the site as it was")
        third = client.get(server.feed("yan"), headers={"If-None-Match": second.headers["etag"]})
        assert third.status_code == 304


def test_a_rotated_token_is_gone_from_the_running_server(trip, tripplan, tmp_path):
    with served(trip) as server, httpx.Client(timeout=10) as client:
        old = server.feed("ko")
        assert client.get(old).status_code == 200
        run = tripplan("publish", trip, "-o", tmp_path / "site", "--rotate", "ko")
        assert run.exit_code == 0, run.stderr
        server.wait_for("rebuilt")
        assert client.get(old).status_code == 404
        assert client.get(server.feed("ko")).status_code == 200


def test_a_port_in_use_is_one_line(trip):
    with served(trip) as server:
        port = server.url.rstrip("/").rsplit(":", 1)[1]
        done = subprocess.run(
            [sys.executable, "-m", "tripplan", "serve", str(trip), "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: --host 127.0.0.1 --port {port}: cannot listen there (")
    assert len(done.stderr.splitlines()) == 1


# --- a real calendar client -------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(
        name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]' installs it)")
    return found


def test_vdirsyncer_and_khal_see_a_moved_event_once(trip, tmp_path):
    vdirsyncer, khal = _tool("vdirsyncer"), _tool("khal")
    local = tmp_path / "calendar"
    with served(trip) as server:
        sync_config = tmp_path / "vdirsyncer.conf"
        sync_config.write_text(
            f'[general]\nstatus_path = "{tmp_path / "status"}/"\n\n'
            '[pair yan]\na = "yan_feed"\nb = "yan_local"\ncollections = null\n'
            'conflict_resolution = "a wins"\n\n'
            f'[storage yan_feed]\ntype = "http"\nurl = "{server.feed("yan")}"\n\n'
            f'[storage yan_local]\ntype = "filesystem"\npath = "{local}/"\nfileext = ".ics"\n',
            encoding="utf-8",
        )
        khal_config = tmp_path / "khal.conf"
        khal_config.write_text(
            f"[calendars]\n[[yan]]\npath = {local}/\ntype = calendar\nreadonly = True\n\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
            "local_timezone = Asia/Shanghai\ndefault_timezone = Asia/Shanghai\n\n"
            f"[sqlite]\npath = {tmp_path / 'khal.db'}\n",
            encoding="utf-8",
        )

        def sync() -> None:
            for step in ("discover", "sync"):
                done = subprocess.run(
                    [vdirsyncer, "-c", str(sync_config), step],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                    input="y\n" * 5,
                )
                assert done.returncode == 0, done.stderr

        def listed() -> list[tuple[str, str]]:
            done = subprocess.run(
                [
                    khal,
                    "-c",
                    str(khal_config),
                    "list",
                    "--once",
                    "--json",
                    "start",
                    "--json",
                    "title",
                    "2025-02-25",
                    "3d",
                ],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            # One JSON array per day, one per line.
            return [
                (item["start"], item["title"])
                for line in done.stdout.splitlines()
                if line.strip()
                for item in json.loads(line)
            ]

        sync()
        assert len(list(local.glob("*.ics"))) == 3
        before = listed()
        assert ("2025-02-26 10:00", "Studio visit") in before
        edit(trip / "trip.yaml", lambda text: text.replace('start: "10:00"', 'start: "10:30"'))
        server.wait_for("rebuilt")
        sync()
        after = listed()
    # vdirsyncer's http storage names items by a hash of their content, so a moved event
    # is removed and added: once, at its new time, never twice.
    studio = [item for item in after if item[1] == "Studio visit"]
    assert studio == [("2025-02-26 10:30", "Studio visit")]
    assert len(after) == len(before) == 3
    assert len(list(local.glob("*.ics"))) == 3


def test_the_server_collects_its_garbage(trip):
    """Commands run with the cyclic collector off (they exit soon); `serve` lives on, and
    the reference cycles its requests and rebuilds leave must be collected."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = textwrap.dedent(
        """
        import gc, os, signal, socket, sys, threading, time
        from tripplan.cli import main

        folder, port = sys.argv[1], int(sys.argv[2])

        def probe():
            # Until the server answers: the port accepts connections while the site is
            # first built, with the collector off for the build.
            for _ in range(1200):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                        s.sendall(b"GET /robots.txt HTTP/1.0\\r\\n\\r\\n")
                        if s.recv(64).startswith(b"HTTP/1.1 200"):
                            break
                except OSError:
                    pass
                time.sleep(0.1)
            print("collector on:", gc.isenabled(), flush=True)
            # The port may accept before the server's signal handlers are in place (a
            # Ctrl-C then is lost): asked again until it stops.
            while True:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(2)

        threading.Thread(target=probe, daemon=True).start()
        sys.argv = ["tripplan", "serve", folder, "--port", str(port)]
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(trip), str(port)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert "collector on: True" in done.stdout, (done.stdout, done.stderr)
