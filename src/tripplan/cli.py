"""The `tripplan` command: parse options, call the core, render, map errors to exit codes.

Exit status everywhere: 0 fine, 1 the itinerary has problems (or changes), 2 the command
could not run. Errors go to stderr as one line; results go to stdout.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from tripplan import __version__
from tripplan.checking import REGISTRY_NAME, Report, check_file, known_person
from tripplan.errors import InvalidItinerary, TripplanError
from tripplan.problems import count

if TYPE_CHECKING:
    from tripplan.diff import Change
    from tripplan.model import Itinerary

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Split(StrEnum):
    none = "none"
    person = "person"
    day = "day"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


# Options several commands share, declared once.
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="The office's venue registry (default: venues.yaml beside the itinerary, if any).",
    ),
]
DayOption = Annotated[
    str | None, typer.Option("--day", help="Only this day (YYYY-MM-DD); default: every day.")
]
PersonOption = Annotated[
    str | None, typer.Option("--person", help="Only the events this person attends.")
]
HideCancelledOption = Annotated[
    bool, typer.Option("--hide-cancelled", help="Leave cancelled events out.")
]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


class _Commands(TyperGroup):
    """Turns every TripplanError, whatever the command, into one line and exit 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TripplanError as e:
            _stderr().print(f"[bold red]error:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_CANNOT_RUN) from None
        except Exception as e:  # a bug of ours: the user still gets one line, not a trace
            # Usage errors and exits belong to the CLI framework (click, vendored or not).
            if os.environ.get("TRIPPLAN_DEBUG") or type(e).__module__.startswith(
                ("click", "typer")
            ):
                raise
            _stderr().print(
                f"[bold red]internal error:[/] {escape(type(e).__name__)}: {escape(str(e))}; "
                "please report it with the file (TRIPPLAN_DEBUG=1 shows the details)"
            )
            raise typer.Exit(EXIT_CANNOT_RUN) from None


def _version(value: bool) -> None:
    if value:
        print(f"tripplan {__version__}")
        raise typer.Exit()


def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan, check and share official delegation trips written as YAML itineraries."""


def _itinerary_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.name != REGISTRY_NAME  # the office's venue registry, not a trip
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise TripplanError(f"{path}: no itineraries (*.yaml, *.yml) in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise TripplanError(f"{path}: no such file or folder; check the path")
    return files


def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Itinerary files, or folders to search for *.yaml.")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    registry: RegistryOption = None,
) -> None:
    """Check itineraries before circulating them.

    Reports every problem of each file as FILE:LINE:COL: SEVERITY CODE: MESSAGE.
    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 could not run.

    Example:  tripplan check itineraries/hangzhou-shenzhen-2025-02.yaml
    """
    reports = [check_file(path, registry=registry) for path in _itinerary_files(paths)]
    problems = [p for report in reports for p in report.problems]
    errors, warnings = count(problems, "error"), count(problems, "warning")
    if output_format is OutputFormat.json:
        document = {
            "files": [
                {"file": r.file, "problems": [p.as_json() for p in r.problems]} for r in reports
            ],
            "errors": errors,
            "warnings": warnings,
        }
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_reports(reports, errors, warnings)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEMS)


def _print_reports(reports: list[Report], errors: int, warnings: int) -> None:
    out = Console(highlight=False, soft_wrap=True)
    styles = {"error": "bold red", "warning": "yellow"}
    for report in reports:
        if not report.problems:
            out.print(f"[bold]{escape(report.file)}[/]: [green]no problems[/]")
        for p in report.problems:
            where = f"{p.line}:{p.column}:" if p.line is not None else ""
            out.print(
                f"[bold]{escape(report.file)}:{where}[/] [{styles[p.severity]}]{p.severity}"
                f" {p.code}:[/] {escape(p.message)}"
            )
    files = f"{len(reports)} file" + ("s" if len(reports) != 1 else "")
    summary = (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {files}"
    )
    style = "bold red" if errors else ("yellow" if warnings else "bold green")
    out.print(f"[{style}]{summary}[/]")


def schema() -> None:
    """Print the JSON Schema of the itinerary format, for editors that validate YAML.

    Example:  tripplan schema > itinerary.schema.json
    then put "# yaml-language-server: $schema=itinerary.schema.json" at the top of a trip.
    """
    from tripplan.model import Itinerary

    sys.stdout.write(json.dumps(Itinerary.model_json_schema(by_alias=True), indent=2) + "\n")


def diff(
    old: Annotated[str, typer.Argument(help="The earlier version: a file, or REV:path in git.")],
    new: Annotated[
        str | None,
        typer.Argument(help="The later version (a file or REV:path); with --since, omit it."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Compare OLD as it was at this git revision with OLD now."),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Only changes that concern this person id.")
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (for e-mail) or json.")
    ] = DiffFormat.text,
) -> None:
    """What changed in meaning between two versions of an itinerary.

    Comments, key order and formatting are not changes. Exit status: 0 no change in
    meaning, 1 changes, 2 a side could not be read or does not load.

    Examples:  tripplan diff old.yaml new.yaml
               tripplan diff itineraries/trip.yaml --since HEAD~1 --format markdown
               tripplan diff HEAD~3:itineraries/trip.yaml itineraries/trip.yaml
    """
    from tripplan.diff import diff as compare
    from tripplan.revisions import load_side

    if since is not None:
        if new is not None:
            raise TripplanError("give either --since REV with one file, or two versions")
        before, after = load_side(old, since=since), load_side(old)
    elif new is None:
        raise TripplanError("give two versions to compare, or one file and --since REV")
    else:
        before, after = load_side(old), load_side(new)
    sides = []
    for side in (before, after):
        errors = [p for p in side.problems if p.severity == "error"]
        if errors or side.itinerary is None:
            raise TripplanError(f"{InvalidItinerary(side.source, errors)}; the diff is refused")
        sides.append(side.itinerary)
    if person is not None and not any(person in it.people for it in sides):
        raise TripplanError(f"person '{person}' is in neither version; check the id")
    changes = compare(sides[0], sides[1], person=person)
    _print_changes(changes, before.source, after.source, sides[1].trip.title, output_format)
    if changes:
        raise typer.Exit(EXIT_PROBLEMS)


def _print_changes(
    changes: list[Change], old: str, new: str, title: str, output_format: DiffFormat
) -> None:
    from tripplan.diff import day_label

    if output_format is DiffFormat.json:
        document = {"old": old, "new": new, "changes": [c.as_json() for c in changes]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False, soft_wrap=True)
    if not changes:
        out.print(f"No change in meaning between {escape(old)} and {escape(new)}.")
        return
    if output_format is DiffFormat.text:
        for change in changes:
            where = day_label(change.day) if change.day else "Trip"
            out.print(f"{where} — {escape(change.text)}")
        return
    out.print(f"**Changes to {escape(title)}** ({escape(old)} → {escape(new)})")
    heading = None
    for change in changes:
        label = f"{day_label(change.day)} {change.day:%Y}" if change.day else "Whole trip"
        if label != heading:
            out.print(f"\n**{label}**\n")
            heading = label
        out.print(f"- {escape(change.text)}")


def export(
    path: Annotated[Path, typer.Argument(help="The itinerary to export.")],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (- for stdout); a folder with --split. "
            "Default: TRIP-ID.ics, or a TRIP-ID folder with --split.",
        ),
    ] = None,
    persons: Annotated[
        list[str] | None,
        typer.Option("--person", help="Only the events this person attends (repeatable)."),
    ] = None,
    split: Annotated[
        Split, typer.Option("--split", help="One file for all, per person, or per day.")
    ] = Split.none,
    alarm: Annotated[
        str, typer.Option("--alarm", help="Reminder before each event, e.g. 15m, 1h, or none.")
    ] = "15m",
    transfers: Annotated[
        bool,
        typer.Option(
            "--transfers/--no-transfers",
            help="Car/walk time between venues (estimated) as events of their own.",
        ),
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = OutputFormat.text,
) -> None:
    """Export calendars (.ics) that Outlook, Google, Apple and Thunderbird import cleanly.

    Exporting again over an earlier export keeps each event's UID, raises SEQUENCE for
    the events that changed, and marks removed events cancelled, so a re-import updates
    the calendar instead of duplicating it.

    Examples:  tripplan export itineraries/shenzhen-day-2025-06.yaml -o sz.ics
               tripplan export trip.yaml --split person -o calendars/
    """
    from tripplan.exporting import export_calendars, parse_alarm

    written = export_calendars(
        path,
        output=output,
        persons=persons or [],
        split=split.value,
        alarm=parse_alarm(alarm),
        transfers=transfers,
    )
    if output == "-":
        return
    if output_format is OutputFormat.json:
        document = {"files": [w.as_json() for w in written]}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(highlight=False, soft_wrap=True)
    for w in written:
        out.print(
            f"wrote {escape(str(w.path))}: {w.events} event{'s' if w.events != 1 else ''}"
            f" ({escape(w.name)})"
        )


def _chosen_day(itinerary: Itinerary, day: str | None) -> date | None:
    """The --day option as a date of the trip; TripplanError if it is not one."""
    if day is None:
        return None
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise TripplanError(f"--day {day}: write the date as YYYY-MM-DD") from None
    if chosen not in {d.date for d in itinerary.days}:
        raise TripplanError(f"--day {day}: the trip has no such day")
    return chosen


def _known_person(itinerary: Itinerary, person: str | None, path: Path) -> None:
    if person is not None:
        known_person(itinerary, person, path)


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"


def show(
    path: Annotated[Path, typer.Argument(help="The itinerary to show.")],
    day: Annotated[str | None, typer.Option("--day", help="Only this day (YYYY-MM-DD).")] = None,
    person: PersonOption = None,
    hide_cancelled: HideCancelledOption = False,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text, or markdown for e-mail.")
    ] = ShowFormat.text,
) -> None:
    """Show the trip day by day, with the problems `tripplan check` finds at their events.

    Exit status: 0 shown (problems are shown, not judged; run check for that), 1 the
    file is too broken to show, 2 could not run.

    Example:  tripplan show itineraries/hangzhou-shenzhen-2025-02.yaml --day 2025-02-25
    """
    from tripplan.checking import check
    from tripplan.loader import parse_file
    from tripplan.render.timeline import markdown, render

    loaded = parse_file(path)
    itinerary = loaded.itinerary
    if itinerary is None:
        out = Console(highlight=False, soft_wrap=True)
        for problem in loaded.problems:
            out.print(
                f"{escape(str(path))}:{problem.line or ''}: {problem.severity} "
                f"{problem.code}: {escape(problem.message)}"
            )
        raise typer.Exit(EXIT_PROBLEMS)
    chosen = _chosen_day(itinerary, day)
    _known_person(itinerary, person, path)
    problems = loaded.problems + check(itinerary)
    options = {"day": chosen, "person": person, "hide_cancelled": hide_cancelled}
    if output_format is ShowFormat.markdown:
        sys.stdout.write(markdown(itinerary, problems, **options))  # type: ignore[arg-type]
        return
    Console(highlight=False).print(render(itinerary, problems, **options))  # type: ignore[arg-type]


def brief(
    path: Annotated[Path, typer.Argument(help="The itinerary.")],
    day: DayOption = None,
    person: PersonOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="OUT.pdf or OUT.html (default: TRIP-ID.pdf)."),
    ] = None,
    hide_cancelled: HideCancelledOption = False,
) -> None:
    """Print-ready daily briefing sheets: one A4 page per day, as PDF or HTML.

    Each page: the day's run (times, places with local names and addresses, hosts and
    how to reach them, dress, references, notes), the delegation with roles and phones,
    and a route sketch drawn to scale from the venues' coordinates (no map tiles).

    Example:  tripplan brief itineraries/hangzhou-shenzhen-2025-02.yaml --day 2025-02-25 -o day2.pdf
    """
    from tripplan.exporting import safe_name, write_atomically
    from tripplan.loader import load
    from tripplan.render.sheet import day_sheets

    itinerary = load(path)
    chosen = _chosen_day(itinerary, day)
    _known_person(itinerary, person, path)
    target = output or Path(f"{safe_name(itinerary.trip.id)}.pdf")
    sheets = day_sheets(itinerary, day=chosen, person=person, hide_cancelled=hide_cancelled)
    if not sheets:
        raise TripplanError(f"{path}: the trip has no days to brief")
    if target.suffix.lower() in (".html", ".htm"):
        from tripplan.render.html import render_html

        data = render_html(sheets).encode("utf-8")
    elif target.suffix.lower() == ".pdf":
        from tripplan.render.pdf import render_pdf

        data = render_pdf(sheets)
    else:
        raise TripplanError(f"{target}: name the output .pdf or .html")
    write_atomically(target, data)
    pages = len(sheets)
    Console(highlight=False, soft_wrap=True).print(
        f"wrote {escape(str(target))}: {pages} day{'s' if pages != 1 else ''}"
    )


class Datum(StrEnum):
    wgs84 = "wgs84"
    gcj02 = "gcj02"
    bd09 = "bd09"


def geocode(
    path: Annotated[Path, typer.Argument(help="The itinerary whose venues to locate.")],
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
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = OutputFormat.text,
) -> None:
    """Locate the venues: own coordinates, registry, gazetteer, then online if asked.

    Shows each venue's result, its precision, the layer it came from and its distance
    from the venue's city centre; a result over 80 km from that centre is refused.
    --write fills missing location: keys (exact results only), keeping every other
    byte of the file. Exit status: 0 every venue located, 1 some are not, 2 could not run.

    Examples:  tripplan geocode trip.yaml
               tripplan geocode trip.yaml --write
               tripplan geocode trip.yaml --provider nominatim --user-agent you@example.org
    """
    from tripplan.geo.datums import from_wgs84
    from tripplan.geo.locate import OfflineGeocoder, Online, Registry, locate
    from tripplan.geo.rewrite import write_locations
    from tripplan.loader import load

    itinerary = load(path)
    if registry is None and (path.parent / REGISTRY_NAME).is_file():
        registry = path.parent / REGISTRY_NAME
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
        online = Online(
            provider, user_agent=user_agent, domain=domain, scheme=scheme, refresh=refresh
        )
    results = {vid: locate(vid, venue, offline, online) for vid, venue in itinerary.venues.items()}
    missing = [vid for vid, f in results.items() if f is None or not f.usable]
    to_write = {
        vid: (f.lat, f.lon)
        for vid, f in results.items()
        if f is not None and f.usable and f.layer != "trip" and f.precision == "exact"
    }
    skipped = write_locations(path, to_write) if write and to_write else []
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
        sys.stdout.write(
            json.dumps({"venues": rows, "warnings": warnings}, ensure_ascii=False, indent=2) + "\n"
        )
    else:
        _print_geocode(rows, warnings)
    if missing:
        raise typer.Exit(EXIT_PROBLEMS)


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

    table = Table(box=None, pad_edge=False)
    for column in ("venue", "lat, lon", "precision", "layer", "km from city"):
        table.add_column(column, no_wrap=True)
    table.add_column("status", overflow="fold")
    for row in rows:
        point = f"{row['lat']}, {row['lon']}" if row["lat"] is not None else "—"
        km = "" if row["km_from_city"] is None else f"{row['km_from_city']:.1f}"
        table.add_row(
            row["venue"], point, row["precision"] or "", row["layer"] or "", km, row["status"]
        )
    out = Console(highlight=False)
    out.print(table)
    for warning in warnings:
        _stderr().print(f"[yellow]warning:[/] {escape(warning)}")


class RouterName(StrEnum):
    model = "model"
    osrm = "osrm"


def sequence(
    path: Annotated[Path, typer.Argument(help="The itinerary whose flexible events to place.")],
    day: DayOption = None,
    pin: Annotated[
        bool,
        typer.Option(
            "--pin",
            help="Write the chosen starts into the file (each window kept as a comment).",
        ),
    ] = False,
    router: Annotated[
        RouterName,
        typer.Option("--router", help="model (distance-based, offline) or osrm (road times)."),
    ] = RouterName.model,
    osrm_url: Annotated[
        str | None,
        typer.Option(
            "--osrm-url",
            envvar="TRIPPLAN_OSRM_URL",
            help="The office's OSRM server, for --router osrm.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = OutputFormat.text,
) -> None:
    """Choose the order and start of flexible events (window + duration), day by day.

    Shows the chosen order and times around the fixed events, every transfer, and the
    day's travel against the order as written. Exact up to 12 flexible events a day,
    a heuristic (with its distance from a lower bound) beyond. --pin replaces each
    placed event's window with its start, keeping the window as a comment.
    Exit status: 0 every flexible event placed, 1 some cannot fit (or, pinned from OSRM's
    road times, check's travel model finds them too tight), 2 could not run.

    Examples:  tripplan sequence itineraries/shenzhen-day-2025-06.yaml
               tripplan sequence trip.yaml --day 2025-02-25 --pin
               tripplan sequence trip.yaml --router osrm --osrm-url http://localhost:5000
    """
    from tripplan.loader import load
    from tripplan.placing import place
    from tripplan.render import sequence as report

    itinerary = load(path)
    chosen = _chosen_day(itinerary, day)
    warnings = []
    if router is RouterName.osrm:
        if not osrm_url:
            raise TripplanError("--router osrm needs --osrm-url (e.g. http://localhost:5000)")
        from tripplan.routing import Osrm, RouterUnavailable

        server = Osrm(osrm_url)
        try:
            days = place(itinerary, server.durations)
        except RouterUnavailable as e:
            warnings.append(f"{e}; using the travel model instead")
            itinerary = load(path)
            days = place(itinerary)
    else:
        days = place(itinerary)
    days = [d for d in days if chosen is None or d.day == chosen]
    pinned: list[str] = []
    late: list[Any] = []
    if pin:
        tight = ("travel-infeasible", "tight-transfer")
        road_times = router is RouterName.osrm and not warnings
        known = {(p.code, p.event) for p in check_file(path).problems} if road_times else set()
        pinned = _pin(path, days)
        if pinned and road_times:
            # check measures with the travel model, whatever the router said: what the
            # pinned starts made too short by it, not what was so before.
            late = [
                p
                for p in check_file(path).problems
                if p.code in tight and (p.code, p.event) not in known
            ]
            if late:
                warnings.append(
                    f"the pinned starts use OSRM's road times, but check uses the travel "
                    f"model, by which {len(late)} transfer(s) are now too short; set "
                    "trip.travel.car.speed to what OSRM gives, or pin without --router osrm"
                )
    for warning in warnings:
        _stderr().print(f"[yellow]warning:[/] {escape(warning)}")
    if output_format is OutputFormat.json:
        data = report.as_json(itinerary, days) | {"pinned": pinned, "warnings": warnings}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out = Console(highlight=False)
        out.print(report.render(itinerary, days))
        if pin:
            what = ", ".join(pinned) if pinned else "nothing"
            out.print(f"pinned in {escape(str(path))}: {escape(what)}", soft_wrap=True)
    if late or any(d.unplaced for d in days):
        raise typer.Exit(EXIT_PROBLEMS)


def _pin(path: Path, days: list[Any]) -> list[str]:
    """Pin every placed flexible event of `days`; the ids pinned."""
    from tripplan.pinning import ambiguous, pin_file, written_start

    starts, expected, ids = {}, {}, {}
    for day in days:
        for event in day.flexible:
            if event.start_at is None or event.window is None:
                continue
            where = (event.path[1], event.path[3])
            ids[where] = event.id
            if ambiguous(event.start_at):
                _stderr().print(
                    f"[yellow]warning:[/] event '{escape(event.id)}' not pinned: its start "
                    f"{event.start_at:%H:%M} happens twice on that night's clock change; "
                    "give it its start by hand"
                )
                continue
            window = f'["{event.window[0]}", "{event.window[1]}"]'
            starts[where] = (written_start(event.start_at, event.day), window)
            expected[where] = event.start_at
    skipped = pin_file(path, starts, expected) if starts else []
    for where in skipped:
        _stderr().print(
            f"[yellow]warning:[/] event '{escape(ids[where])}' not pinned (its window is an "
            "alias, a merge, anchored or has a comment inside): give it its start by hand"
        )
    return [ids[w] for w in starts if w not in skipped]


def _typer(commands: list[str]) -> typer.Typer:
    """The CLI with these commands (in help order)."""
    cli = typer.Typer(
        cls=_Commands,
        help="Plan, check and share official delegation trips written as YAML itineraries.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    cli.callback()(_main)
    for name in commands:
        cli.command(name)(_COMMANDS[name])
    return cli


_COMMANDS: dict[str, Callable[..., None]] = {
    "check": check,
    "diff": diff,
    "export": export,
    "show": show,
    "brief": brief,
    "geocode": geocode,
    "sequence": sequence,
    "schema": schema,
}
app = _typer(list(_COMMANDS))


def main() -> None:
    # typer turns every registered command into a click command on each run; `check`
    # runs on every save, so build only the command asked for (help lists them all).
    asked = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    (_typer([asked]) if asked in _COMMANDS else app)()
