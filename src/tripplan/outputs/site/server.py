"""`tripplan serve`: the published site, served from memory by a small Starlette app on
uvicorn, and built again whenever an itinerary changes.

Only the files of the site can be had, each by its exact path: any other path — a token
that was rotated or never was, a hidden file, `..` in any spelling — is the same plain
404, and no folder is ever listed. Calendar clients poll cheaply: every file has a
strong ETag (a hash of its bytes) and a Last-Modified, a conditional GET that matches
gets 304 with no body, and HEAD answers the headers alone.

Imported only by `tripplan serve` (starlette and uvicorn are not needed elsewhere).
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_HEADERS = {
    "Cache-Control": "no-cache",  # always ask again; a 304 makes asking cheap
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # a page's secret address never leaves in a Referer
    "X-Robots-Tag": "noindex, nofollow",
}


@dataclass(frozen=True, slots=True)
class Served:
    body: bytes
    media_type: str
    etag: str
    modified: float  # seconds since the epoch

    @property
    def last_modified(self) -> str:
        return email.utils.formatdate(self.modified, usegmt=True)


def load(folder: Path) -> dict[str, Served]:
    """Every file of the site in `folder` by its URL path ("/TOKEN/FILE"), hidden ones
    left out; a folder's index.html also under "/TOKEN/"."""
    files: dict[str, Served] = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            body = path.read_bytes()
            url = "/" + path.relative_to(folder).as_posix()
            served = Served(
                body,
                _TYPES.get(path.suffix, "application/octet-stream"),
                '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
                path.stat().st_mtime,
            )
            files[url] = served
            if name == "index.html":
                files[url.removesuffix("index.html")] = served
    return files


class LiveSite:
    """The site being served; `replace` swaps it whole (readers see old or new, never a mix)."""

    def __init__(self, files: dict[str, Served]) -> None:
        self.files = files

    def replace(self, files: dict[str, Served]) -> None:
        self.files = files


def app(site: LiveSite) -> Starlette:
    async def serve(request: Request) -> Response:
        path: str = request.scope["path"]
        found = site.files.get(path)
        if found is None and f"{path}/" in site.files and path != "/":
            # "/TOKEN" without its slash: the page's relative links need it.
            return RedirectResponse(f"{path}/", status_code=308, headers=_HEADERS)
        if found is None:
            return PlainTextResponse("Not found\n", status_code=404, headers=_HEADERS)
        headers = {**_HEADERS, "ETag": found.etag, "Last-Modified": found.last_modified}
        if _not_modified(request, found):
            return Response(status_code=304, headers=headers)
        return Response(found.body, media_type=found.media_type, headers=headers)

    return Starlette(routes=[Route("/{path:path}", serve, methods=["GET", "HEAD"])])


def _not_modified(request: Request, found: Served) -> bool:
    """RFC 9110 13.1: If-None-Match decides when it is sent; else If-Modified-Since."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in match.split(",")]
        return "*" in tags or found.etag in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False
    return int(found.modified) <= when.timestamp()


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `folder` (hidden ones and `skip`
    left out): what the watcher compares."""
    seen: dict[str, tuple[int, int]] = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = [
            d for d in dirs if not d.startswith(".") and (skip is None or Path(root, d) != skip)
        ]
        for name in names:
            if name.startswith("."):
                continue
            try:
                stat = os.stat(Path(root, name))
            except OSError:
                continue  # removed while we looked
            seen[os.path.join(root, name)] = (stat.st_mtime_ns, stat.st_size)
    return seen


def watch(
    folder: Path,
    rebuild: Callable[[], None],
    stop: threading.Event,
    *,
    every: float = 0.5,
    skip: Path | None = None,
) -> threading.Thread:
    """A thread calling `rebuild` after files under `folder` change and then stay still
    for `every` seconds (an editor saves in several steps)."""

    def loop() -> None:
        last = snapshot(folder, skip)
        while not stop.wait(every):
            now = snapshot(folder, skip)
            if now == last:
                continue
            while not stop.wait(every):
                settled = snapshot(folder, skip)
                if settled == now:
                    break
                now = settled
            last = now
            rebuild()

    thread = threading.Thread(target=loop, name="tripplan-watch", daemon=True)
    thread.start()
    return thread
