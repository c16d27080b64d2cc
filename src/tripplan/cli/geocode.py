"""`tripplan geocode`: where each venue is, and filling in missing `location:` keys."""

from __future__ import annotations

import difflib
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tripplan import pipeline, safe
from tripplan.cli import completion
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    OutputFormat,
    OutputFormatOption,
    RegistryOption,
    emit,
    quiet_libraries,
    stderr,
    stdout,
)
from tripplan.errors import TripplanError


class Datum(StrEnum):
    wgs84 = "wgs84"
    gcj02 = "gcj02"
    bd09 = "bd09"


def geocode(
    path: Annotated[Path, typer.Argument(help="The itinerary whose venues to locate.")],
    venues: Annotated[
        list[str] | None,
        typer.Option(
            "--venue",
            metavar="ID",
            autocompletion=completion.venues,
            help="Only this venue (repeatable); default: every venue.",
        ),
    ] = None,
    provider: Annotated[
        str | None,
        typer.Option(
            "--provider",
            help="offline, or a geopy provider: nominatim, photon, ... (default: the trip's "
            "geocoder setting, else offline)",
        ),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Add the missing location: keys to the file.")
    ] = False,
    registry: RegistryOption = None,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask the online provider again, not the cache.")
    ] = False,
    user_agent: Annotated[
        str | None,
        typer.Option(
            "--user-agent",
            envvar="TRIPPLAN_USER_AGENT",
            help="Who is asking, as online providers require (e.g. an e-mail).",
        ),
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", help="The provider's host, e.g. a local Nominatim.")
    ] = None,
    scheme: Annotated[str | None, typer.Option("--scheme", help="https (default) or http.")] = None,
    datum: Annotated[
        Datum, typer.Option("--datum", help="Show coordinates in this datum (gcj02 for Amap).")
    ] = Datum.wgs84,
    output_format: OutputFormatOption = OutputFormat.text,
) -> None:
    """Locate the venues: own coordinates, registry, gazetteer, then online if asked.

    Shows each venue's result, its precision, the layer it came from and its distance
    from the venue's city centre; a result over 80 km from that centre is refused.
    --write fills missing location: keys (exact results only), keeping every other
    byte of the file. Exit status: 0 every venue located, 1 some are not (or the file has
    errors), 2 could not run.

    Examples:  tripplan geocode trip.yaml
               tripplan geocode trip.yaml --write
               tripplan geocode trip.yaml --venue hangzhou-east --venue west-kowloon
               tripplan geocode trip.yaml --provider nominatim --user-agent you@example.org
    """
    quiet_libraries()
    from tripplan.edits.locations import write_locations
    from tripplan.format.datums import from_wgs84
    from tripplan.geo.locate import OfflineGeocoder, Registry, locate

    read_from = _contents(path) if write else None  # --write edits only these bytes
    parsed = pipeline.parse(pipeline.read(path))
    itinerary = pipeline.usable(parsed)
    registry = registry or parsed.registry
    offline = OfflineGeocoder(Registry.load(registry) if registry else None)
    settings = itinerary.trip.geocoder
    if provider is None:
        provider = settings.provider if settings else "offline"
    if settings is not None and settings.provider == provider:
        user_agent = user_agent or settings.user_agent
        domain = domain or settings.domain
        scheme = scheme or settings.scheme
    online = None
    if provider != "offline":
        if not user_agent:
            raise TripplanError(
                f"--provider {provider} needs --user-agent (who is asking: an application "
                "name and an e-mail), as online providers' usage policies require"
            )
        from tripplan.geo.online import Online  # geopy: only when a service is asked

        online = Online(
            provider, user_agent=user_agent, domain=domain, scheme=scheme, refresh=refresh
        )
    chosen = _chosen_venues(itinerary.venues, venues or [], path)
    results = {vid: locate(vid, itinerary.venues[vid], offline, online) for vid in chosen}
    missing = [vid for vid, f in results.items() if f is None or not f.usable]
    to_write = {
        vid: (f.lat, f.lon)
        for vid, f in results.items()
        if f is not None and f.usable and f.layer != "trip" and f.precision == "exact"
    }
    skipped = write_locations(path, to_write, read_from=read_from) if write and to_write else []
    rows = []
    for vid, found in results.items():
        shown = from_wgs84(found.lat, found.lon, datum.value) if found else None
        rows.append(
            {
                "venue": vid,
                "lat": round(shown[0], 6) if shown else None,
                "lon": round(shown[1], 6) if shown else None,
                "datum": datum.value,
                "precision": found.precision if found else None,
                "layer": found.layer if found else None,
                "source": found.source if found else None,
                "km_from_city": round(found.km_from_city, 1)
                if found and found.km_from_city is not None
                else None,
                "status": _geocode_status(vid, found, write, to_write, skipped),
            }
        )
    warnings = online.warnings if online else []
    if output_format is OutputFormat.json:
        emit(safe.json({"venues": rows, "warnings": warnings}) + "\n")
    else:
        _print_geocode(rows, warnings)
    if missing:
        raise typer.Exit(EXIT_PROBLEMS)


def _chosen_venues(known: dict[str, Any], asked: list[str], path: Path) -> list[str]:
    """The venue ids to locate: those asked for (each one of the venues), else all."""
    for vid in asked:
        if vid not in known:
            close = difflib.get_close_matches(vid, list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise TripplanError(f"--venue {vid}: not one of the venues of {path}{hint}")
    return list(dict.fromkeys(asked)) if asked else list(known)


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None  # the read stage says why


def _geocode_status(
    vid: str, found: Any, write: bool, to_write: dict[str, Any], skipped: list[str]
) -> str:
    if found is None:
        return "not found"
    if not found.usable:
        return f"refused: {found.refused}"
    if found.layer == "trip":
        return "in the itinerary"
    if vid in skipped:
        return "found; not written (unusual layout): add it by hand"
    if vid in to_write:
        return "written" if write else "found (--write adds it)"
    return "city centre only: add the venue's own location"


def _print_geocode(rows: list[dict[str, Any]], warnings: list[str]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    for column in ("venue", "lat, lon", "precision", "layer", "km from city"):
        table.add_column(column, no_wrap=True)
    table.add_column("status", overflow="fold")
    for row in rows:
        point = f"{row['lat']}, {row['lon']}" if row["lat"] is not None else "—"
        km = "" if row["km_from_city"] is None else f"{row['km_from_city']:.1f}"
        # Text, not strings: rich would read "[link=...]" in a server's answer as markup.
        cells = (row["venue"], point, row["precision"] or "", row["layer"] or "", km)
        table.add_row(*(Text(safe.terminal(c)) for c in (*cells, row["status"])))
    stdout(soft_wrap=False).print(table)
    for warning in warnings:
        stderr().print(f"[yellow]warning:[/] {escape(safe.terminal(warning))}")
