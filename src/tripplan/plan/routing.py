"""Road travel times from an OSRM server, for offices that run their own.

`tripplan.plan.travel` estimates a transfer from straight-line distance, which is good enough to
check a plan but knows nothing of rivers, ring roads or one-way streets. An office that runs
OSRM (https://project-osrm.org) can ask it instead: one `/table` request gives the driving
time between every pair of a day's venues.

This is opt-in and never required: nothing here runs unless an `Osrm` is built from a URL
the user gave. Requests go through `tripplan.net` (a deadline for the whole answer, a cap
on its size, no redirect to another scheme, JSON of bounded depth with finite numbers),
and the table is checked cell by cell. Answers are cached on disk, keyed by server,
profile and coordinates, so checking the same day again costs no request and works with
the server down. Every way the server can fail becomes `RouterUnavailable` with a
one-line message, so a caller can fall back to the distance model instead of showing a
traceback.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tripplan import cache, net
from tripplan.errors import TripplanError
from tripplan.version import __version__

Matrix = list[list[float | None]]


class RouterUnavailable(Exception):
    """The routing server cannot be used now; the message is one line naming URL and reason."""


@dataclass(frozen=True, slots=True)
class Osrm:
    """An OSRM server: `url` is its root, e.g. http://127.0.0.1:5000."""

    url: str
    profile: str = "driving"
    timeout: float = 10.0  # seconds for the whole answer of one request
    refresh: bool = False  # ignore the cache when reading; answers are still stored

    def __post_init__(self) -> None:
        # Checked here, where the user's option is still at hand, rather than at the first
        # request, where a typo would read like a server failure.
        hint = "--osrm-url must be an http(s) URL such as http://localhost:5000"
        try:
            parts = urllib.parse.urlsplit(self.url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise TripplanError(f"{hint}, not {self.url!r}") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TripplanError(f"{hint}, not {self.url!r}")
        if parts.query or parts.fragment:
            # The request path is appended to the URL; a query would end up in the middle.
            raise TripplanError(f"{hint} without '?' or '#', not {self.url!r}")
        if not self.profile:
            raise TripplanError("--osrm-profile must name a profile such as driving")
        if not self.timeout > 0:  # also refuses NaN; 0 would make the socket non-blocking
            raise TripplanError(
                f"--osrm-timeout must be a positive number of seconds, not {self.timeout}"
            )

    def durations(self, points: Sequence[tuple[float, float]]) -> Matrix:
        """Seconds from each point to each other (lat, lon in WGS-84), one /table request.

        An entry is None where the server found no route. Raises RouterUnavailable when
        the server cannot be reached or its answer cannot be used.
        """
        for lat, lon in points:
            # Catches the classic swap: OSRM itself takes lon,lat, callers give lat,lon.
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                raise ValueError(f"({lat}, {lon}) is not a WGS-84 (lat, lon) point")
        n = len(points)
        if n <= 1:  # nothing to route; not worth a request or a server
            return [[0.0]] if n else []
        coordinates = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        root = self.url.rstrip("/")
        key = json.dumps([root, self.profile, coordinates]).encode()
        name = f"osrm-{hashlib.sha256(key).hexdigest()}.json"
        if not self.refresh:
            try:
                return _matrix(cache.read_json(name), n)
            except ValueError:
                pass  # absent, or written by something else: ask the server
        profile = urllib.parse.quote(self.profile, safe="")
        answer = self._get(f"{root}/table/v1/{profile}/{coordinates}?annotations=duration")
        code = answer.get("code") if isinstance(answer, dict) else None
        if code != "Ok":
            raise RouterUnavailable(f"OSRM at {root} refused the request ({_reason(answer)})")
        try:
            matrix = _matrix(answer.get("durations"), n)
        except ValueError as e:
            raise RouterUnavailable(f"OSRM at {root} answered an unusable table ({e})") from None
        cache.write_json(name, matrix)
        return matrix

    def _get(self, request_url: str) -> Any:
        """The decoded JSON answer, or RouterUnavailable for any way of not getting one."""
        root = self.url.rstrip("/")
        headers = {"User-Agent": f"tripplan/{__version__}", "Accept": "application/json"}
        try:
            answer = net.get(request_url, headers=headers, deadline=time.monotonic() + self.timeout)
        except net.TimedOut:
            raise RouterUnavailable(
                f"OSRM at {root} did not answer (no answer within {self.timeout:g} s)"
            ) from None
        except net.NetError as e:
            what = str(e)
            said = (
                what if what.startswith(("answered", "redirected")) else f"did not answer ({what})"
            )
            raise RouterUnavailable(f"OSRM at {root} {said}") from None
        if answer.status != 200:
            # OSRM answers a bad query with HTTP 400 and a JSON body saying why.
            try:
                detail = _reason(answer.json())
            except net.NetError:
                detail = ""
            status = f"HTTP {answer.status} ({detail or answer.reason or 'no reason given'})"
            raise RouterUnavailable(f"OSRM at {root} answered {status}")
        try:
            return answer.json()
        except net.NetError as e:
            raise RouterUnavailable(f"OSRM at {root} {e}") from None


def _matrix(value: object, n: int) -> Matrix:
    """`value` as an n x n table of seconds or None; ValueError saying what is wrong."""
    if not isinstance(value, list) or len(value) != n:
        raise ValueError(f"expected {n} rows")
    matrix: Matrix = []
    for row in value:
        if not isinstance(row, list) or len(row) != n:
            raise ValueError(f"expected {n} columns in each row")
        cells: list[float | None] = []
        for cell in row:
            if cell is None:
                cells.append(None)
            # bool is an int to Python but not a duration; NaN and Infinity parse as JSON.
            elif isinstance(cell, int | float) and not isinstance(cell, bool):
                if not math.isfinite(cell) or cell < 0:
                    raise ValueError(f"{cell} is not a duration")
                cells.append(float(cell))
            else:
                raise ValueError(f"{cell!r} is not a duration")
        matrix.append(cells)
    return matrix


def _reason(answer: object) -> str:
    """OSRM's own code and message for a refusal, on one line."""
    if not isinstance(answer, dict):
        return "no code in the answer"
    text = f"{answer.get('code', 'no code')}: {answer.get('message', '')}".rstrip(": ")
    return net.detail(text)
