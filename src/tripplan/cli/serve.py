"""`tripplan serve`: the published site, live from a folder of itineraries."""

from __future__ import annotations

import gc
import hashlib
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from tripplan import safe
from tripplan.cache import cache_dir
from tripplan.cli.options import (
    AlarmOption,
    Language,
    PagesLanguageOption,
    RefreshOption,
    TransfersOption,
    stdout,
)
from tripplan.cli.publish import Published, publish_site, site_settings
from tripplan.errors import TripplanError

if TYPE_CHECKING:
    from tripplan.outputs.site.build import Settings


def serve(
    path: Annotated[
        Path, typer.Argument(help="A folder of itineraries (*.yaml, *.yml), or one itinerary.")
    ],
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on; 127.0.0.1 (this computer only) unless you open it, "
            "e.g. 0.0.0.0 for the office network.",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on (0: any free one).")
    ] = 8000,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to keep the site (default: in tripplan's cache folder).",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="The address people reach this server at, if not http://HOST:PORT/ "
            "(e.g. behind an https proxy).",
        ),
    ] = None,
    alarm: AlarmOption = "15m",
    transfers: TransfersOption = False,
    refresh: RefreshOption = "1h",
    lang: PagesLanguageOption = Language.en,
) -> None:
    """Serve the calendar feeds and programme pages live, for previews.

    The same site as `tripplan publish`, with the same addresses (the tokens
    in tripplan-publish.json beside the itineraries), rebuilt whenever an
    itinerary changes; a change with errors is shown and not published. Only
    this computer can connect unless --host opens it. Google Calendar and
    Outlook on the web fetch feeds from their own servers: for them, publish
    to a web server on the internet.

    Examples:  tripplan serve itineraries/
               tripplan serve itineraries/ --host 0.0.0.0 --port 8080
    """
    # Every other command runs with the cyclic collector off (tripplan.cli.main: they
    # exit soon); a server lives on, and the cycles its requests leave must be collected.
    gc.enable()
    settings = site_settings(alarm, transfers, refresh, lang.value)
    listening = _listen(host, port)
    try:
        _serve(path, output, settings, url, host, listening)
    finally:
        listening.close()


def _serve(
    path: Path,
    output: Path | None,
    settings: Settings,
    url: str | None,
    host: str,
    listening: socket.socket,
) -> None:
    import uvicorn

    from tripplan.outputs.site import server

    base = url or f"http://{_reachable(host)}:{listening.getsockname()[1]}/"
    folder = output or _site_in_cache(path)
    out = stdout()

    def say(line: str) -> None:
        out.print(escape(safe.terminal(line)))
        sys.stdout.flush()

    def build() -> Published:
        return publish_site(path, folder, settings, url=base, remember_url=False)

    done = build()
    live = server.LiveSite(server.load(done.folder))
    say(f"serving {path} at {base} (Ctrl-C to stop); rebuilt when an itinerary changes")
    for trip, page in done.staff_pages().items():
        say(f"staff index of {trip}: {page}")

    def rebuild() -> None:
        try:
            again = build()
            live.replace(server.load(again.folder))
        except TripplanError as e:
            say(f"error: {e}; still serving the site as it was")
            return
        except Exception as e:  # a bug of ours: the server goes on with the site it has
            say(f"internal error: {type(e).__name__}: {e}; still serving the site as it was")
            return
        say(f"rebuilt: {len(again.site.entries)} calendars and pages")

    stop = threading.Event()
    watched = path if path.is_dir() else path.parent
    server.watch(watched, rebuild, stop, skip=done.folder)
    config = uvicorn.Config(
        server.app(live),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
    )
    try:
        uvicorn.Server(config).run(sockets=[listening])
    finally:
        stop.set()


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port`, bound here so that port 0 gives a real port
    to print, and a port in use is a one-line error."""
    if not 0 <= port <= 65535:
        raise TripplanError(f"--port {port}: choose a port from 1 to 65535 (or 0 for any)")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(128)
    except (OSError, UnicodeError) as e:
        reason = getattr(e, "strerror", None) or str(e)
        raise TripplanError(
            f"--host {host} --port {port}: cannot listen there ({reason}); choose another "
            "--port, or a --host of this computer"
        ) from None
    listening.set_inheritable(True)
    return listening


def _reachable(host: str) -> str:
    """The host name to put in links: the machine's name when listening on every address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.getfqdn()
    return f"[{host}]" if ":" in host else host


def _site_in_cache(path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "serve" / key
