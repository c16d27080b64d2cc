"""HTTP for the few things that go online (an online geocoder, an office's OSRM server),
each request bounded whatever the server does.

A server may answer one byte every five seconds, send 1.5 GiB, redirect to another
scheme, or answer JSON nested 200,000 deep, with numbers too large for a float, or of
the wrong types. So every request here has:

- a total deadline (not only a timeout per read: a slow drip resets those), enforced by
  closing the connection when it passes;
- a cap on the size of the answer, checked as it arrives;
- redirects followed only within the same scheme, and only a few;
- JSON read with finite numbers of sensible size and a bounded nesting depth;

and every failure is a `NetError` whose message is one line in our words (any text of
the server's in it is cut short and has its controls shown as escapes). Only the
standard library is used, and nothing here is imported unless a command goes online.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import math
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from tripplan import safe

MAX_BYTES = 8 * 1024 * 1024  # an OSRM table for 250 places is about 0.5 MiB
MAX_DEPTH = 32  # geocoders and OSRM answer a few levels deep
MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_DETAIL = 120  # characters of a server's own words in a message


class NetError(Exception):
    """A request that gave no usable answer; the message is one line saying why."""


class TimedOut(NetError):
    """The deadline passed before the whole answer arrived."""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    url: str  # after redirects
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    reason: str = ""  # the status line's words, e.g. "Internal Server Error"

    def text(self) -> str:
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise NetError("answered something that is not UTF-8 text") from None

    def json(self) -> Any:
        return parse_json(self.body)


def detail(text: str) -> str:
    """A server's words, fit for a one-line message: controls shown, cut short."""
    text = " ".join(safe.terminal(text).split())
    return text if len(text) <= _DETAIL else text[: _DETAIL - 3] + "..."


def get(
    url: str,
    *,
    deadline: float,
    headers: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    context: ssl.SSLContext | None = None,
) -> Answer:
    """GET `url`, done by `deadline` (a time.monotonic() value) or TimedOut.

    Any status is returned (the caller decides what a 404 means); a redirect is followed
    only to the same scheme, at most MAX_REDIRECTS times.
    """
    scheme = urlsplit(url).scheme.lower()
    for _ in range(MAX_REDIRECTS + 1):
        answer = _once(url, headers or {}, deadline, max_bytes, context)
        location = answer.headers.get("location")
        if answer.status not in _REDIRECTS or not location:
            return answer
        target = urljoin(url, location)
        if urlsplit(target).scheme.lower() != scheme:
            raise NetError(
                f"redirected to another scheme ({detail(target)}); not followed: give the "
                "server's own address"
            )
        url = target
    raise NetError(f"redirected more than {MAX_REDIRECTS} times; give the server's own address")


def _once(
    url: str,
    headers: dict[str, str],
    deadline: float,
    max_bytes: int,
    context: ssl.SSLContext | None,
) -> Answer:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise NetError(f"{detail(url)} is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NetError(f"{detail(url)} is not an http(s) URL")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimedOut("no time left to ask")
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, port, timeout=remaining, context=context or ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=remaining)
    # Timeouts apply to each read, which a server dripping a byte at a time resets: the
    # deadline itself is enforced by shutting the socket down when it passes.
    opened: list[socket.socket] = []
    response: http.client.HTTPResponse | None = None
    watchdog = threading.Timer(remaining, _shut, (opened,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()  # the connection lets go of its socket once the answer is in
        if connection.sock is not None:
            opened.append(connection.sock)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        declared = found.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise NetError(f"answered {int(declared):,} bytes; at most {max_bytes:,} are read")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise NetError(f"answered more than {max_bytes:,} bytes; not read further")
            chunks.append(chunk)
        if time.monotonic() >= deadline:
            raise TimedOut("the whole answer did not arrive in time")
        return Answer(response.status, b"".join(chunks), url, found, detail(response.reason))
    except NetError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as e:
        if time.monotonic() >= deadline:
            raise TimedOut("the whole answer did not arrive in time") from None
        raise NetError(_why(e)) from None
    finally:
        watchdog.cancel()
        if response is not None:
            response.close()
        connection.close()
        for sock in opened:
            sock.close()


def _shut(opened: list[socket.socket]) -> None:
    for sock in opened:
        # The plain socket's shutdown, also under TLS: it wakes a read in progress.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _why(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({detail(error.reason or str(error))})"
    if isinstance(error, socket.gaierror):
        return "no such host"
    return detail(str(error) or type(error).__name__)


# --- JSON --------------------------------------------------------------------------------


def parse_json(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """JSON with finite numbers of at most 18 digits, nested at most `max_depth` deep;
    NetError saying what is wrong otherwise."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        value = json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise NetError("answered JSON nested too deeply") from None
    except UnicodeDecodeError:
        raise NetError("answered something that is not UTF-8 text") from None
    except ValueError as e:
        raise NetError(f"answered something that is not usable JSON ({detail(str(e))})") from None
    _within_depth(value, max_depth)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 40:
        raise ValueError(f"{text[:20]} is not a usable number")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"{text[:20]}... is too large a number")
    return int(text)


def _within_depth(value: Any, max_depth: int) -> None:
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise NetError("answered JSON nested too deeply")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
