"""A hostile HTTP server on 127.0.0.1 for tests: what a broken or malicious geocoder or
OSRM server may do. Only the outside world is faked; tripplan's own client runs as is.

Each behaviour answers every request the same way, whatever was asked:

- `drip`: a valid answer sent one byte every `drip` seconds (a read timeout never fires);
- `drip-headers`: the status line and headers themselves dripped;
- `huge`: an endless body (no Content-Length), and `huge-declared` one announcing 1.5 GiB;
- `redirect-scheme`: 302 to file:///etc/passwd; `redirect-ftp` to ftp://; `redirect-loop`
  to itself; `redirect-same`: to the same scheme, where the answer is `ok`;
- `deep`: JSON arrays nested 200,000 deep; `deep-object` the same with objects;
- `huge-number`: 1e999 and an integer of 4,000 digits where numbers go;
- `wrong-types`: every value of the right answer replaced by a list or a string;
- `html-500`: HTTP 500 with an HTML page (and ESC sequences in it);
- `controls`: a right answer whose texts hold terminal escape sequences;
- `not-json`, `not-utf8`, `empty`, `hang-up`: broken bodies and connections;
- `ok`: the `ok` answer given, for a baseline.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\u202e"

BEHAVIOURS = (
    "drip",
    "drip-headers",
    "huge",
    "huge-declared",
    "redirect-scheme",
    "redirect-ftp",
    "redirect-loop",
    "deep",
    "deep-object",
    "huge-number",
    "wrong-types",
    "html-500",
    "controls",
    "not-json",
    "not-utf8",
    "empty",
    "hang-up",
)


def _wrong_types(value: Any) -> Any:
    """Every leaf of `value` of the wrong type: numbers as lists, texts as objects."""
    if isinstance(value, dict):
        return {k: _wrong_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_wrong_types(v) for v in value] or {"a": 1}
    if isinstance(value, bool) or value is None:
        return "yes"
    if isinstance(value, int | float):
        return [value]
    return {"text": value}


def _huge(value: Any, depth: int = 0) -> Any:
    """Numbers too large for a float (as floats, as 4,000-digit integers, as text)."""
    if isinstance(value, dict):
        return {k: _huge(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_huge(v, depth + 1) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return "HUGE-INT" if depth % 2 else "HUGE-FLOAT"
    if isinstance(value, str) and value.replace(".", "", 1).lstrip("-").isdigit():
        return "1e999"
    return value


def _with_controls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _with_controls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_controls(v) for v in value]
    numeric = value.replace(".", "", 1).lstrip("-").isdigit() if isinstance(value, str) else True
    if isinstance(value, str) and value != "Ok" and not numeric:
        return value + ESCAPES
    return value


@dataclass
class Hostile:
    """The server's behaviour (`mode`), what it answers when it behaves (`ok`, a function
    of the request path), and what it was asked."""

    mode: str = "ok"
    ok: Callable[[str], Any] = lambda path: {}
    drip: float = 0.2
    url: str = ""
    paths: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def body(self, path: str) -> bytes:
        good = self.ok(path)
        if self.mode == "deep":
            return b"[" * 200_000 + b"]" * 200_000
        if self.mode == "deep-object":
            return b'{"a":' * 200_000 + b"1" + b"}" * 200_000
        if self.mode == "huge-number":
            text = json.dumps(_huge(good))
            return text.replace('"HUGE-FLOAT"', "1e999").replace('"HUGE-INT"', "9" * 4000).encode()
        if self.mode == "wrong-types":
            return json.dumps(_wrong_types(good)).encode()
        if self.mode == "controls":
            return json.dumps(_with_controls(good), ensure_ascii=False).encode()
        if self.mode == "not-json":
            return b"<html><body>Service \x1b[2J temporarily unavailable</body></html>"
        if self.mode == "not-utf8":
            return json.dumps(good).encode("utf-16")
        if self.mode == "empty":
            return b""
        return json.dumps(good).encode()


@contextmanager
def serve(hostile: Hostile) -> Iterator[Hostile]:
    """Run `hostile` on 127.0.0.1 (a free port) until the block ends."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            hostile.paths.append(self.path)
            with contextlib.suppress(OSError):  # the client gave up, as it should
                self._answer()

        def _answer(self) -> None:
            mode = hostile.mode
            here = f"http://127.0.0.1:{self.server.server_address[1]}"
            if mode.startswith("redirect"):
                target = {
                    "redirect-scheme": "file:///etc/passwd",
                    "redirect-ftp": "ftp://127.0.0.1/answer.json",
                    "redirect-loop": here + self.path,
                }[mode]
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if mode == "hang-up":
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if mode == "drip-headers":
                for byte in b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n":
                    if hostile.stop.wait(hostile.drip):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return
            if mode == "html-500":
                page = f"<html><h1>500 Internal Server Error</h1>{ESCAPES}</html>".encode()
                self.send_response(500)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            if mode in ("huge", "huge-declared"):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if mode == "huge-declared":
                    self.send_header("Content-Length", str(3 * 2**29))
                self.end_headers()
                chunk = b"[" + b"0," * 32_768
                while not hostile.stop.is_set():
                    self.wfile.write(chunk)
                return
            body = hostile.body(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "drip":
                for byte in body:
                    if hostile.stop.wait(hostile.drip):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    hostile.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield hostile
    finally:
        hostile.stop.set()
        httpd.shutdown()
        httpd.server_close()
        time.sleep(0)
