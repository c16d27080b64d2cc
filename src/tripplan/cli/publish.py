"""`tripplan publish`: calendars that stay current, and programme pages, as a static site."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from tripplan import pipeline
from tripplan.cli.export import parse_alarm
from tripplan.cli.options import (
    AlarmOption,
    Language,
    OutputFormat,
    OutputFormatOption,
    PagesLanguageOption,
    RefreshOption,
    TransfersOption,
    itinerary_files,
    known_person,
    stdout,
)
from tripplan.errors import TripplanError
from tripplan.format.values import parse_duration
from tripplan.outputs.site.links import absolute

if TYPE_CHECKING:
    from tripplan.outputs.site.build import Settings, Site, Trip
    from tripplan.outputs.site.tokens import State


def publish(
    path: Annotated[
        Path, typer.Argument(help="An itinerary, or a folder of them (*.yaml, *.yml).")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The site's folder, replaced as a whole each time (new, empty, or made by "
            "publish).",
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Where the site is served, e.g. https://calendars.example.org/trips/ "
            "(remembered); the staff index then gives full addresses.",
        ),
    ] = None,
    rotate: Annotated[
        list[str] | None,
        typer.Option(
            "--rotate",
            help="Give this person (or vehicle:ID, host:NAME) new addresses; the old ones "
            "stop working (repeatable).",
        ),
    ] = None,
    rotate_staff: Annotated[
        bool, typer.Option("--rotate-staff", help="Give the staff index a new address.")
    ] = False,
    alarm: AlarmOption = "15m",
    transfers: TransfersOption = False,
    refresh: RefreshOption = "1h",
    lang: PagesLanguageOption = Language.en,
    output_format: OutputFormatOption = OutputFormat.text,
) -> None:
    """Publish calendar feeds and programme pages as a static site.

    Each person gets a calendar feed and a phone page at a secret address
    (a random token, kept in tripplan-publish.json beside the itineraries, so
    publishing again keeps the addresses); the staff get an index of them all
    at a secret address of its own. Any web server can serve the folder.
    Subscribed calendars (Outlook, Google, Apple, Thunderbird) follow every
    change. Refused if `tripplan check` finds errors: the site stays as it was.

    Examples:  tripplan publish itineraries/ -o /var/www/trips --url https://trips.example.org/
               tripplan publish trip.yaml -o site/ --rotate yan
    """
    settings = site_settings(alarm, transfers, refresh, lang.value)
    done = publish_site(
        path,
        output,
        settings,
        url=url,
        rotate=rotate or [],
        rotate_staff=rotate_staff,
    )
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(done.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    out = stdout()
    for line in done.lines():
        out.print(escape(line))


@dataclass(frozen=True, slots=True)
class Published:
    """What `publish_site` did: the site, where it is, the state that keeps its tokens."""

    site: Site
    folder: Path
    state: State
    trips: list[Trip]
    rotated: list[str]

    def staff_pages(self) -> dict[str, str]:
        """Each trip's staff index, by trip id: its address, or its file without one."""
        pages = {}
        for entry in self.site.entries:
            if entry.person is None:
                address = absolute(self.site.url, entry.page)
                pages[entry.trip] = address or str(self.folder / entry.page / "index.html")
        return pages

    def lines(self) -> list[str]:
        calendars = len(self.site.entries)
        warnings = sum(1 for t in self.trips for p in t.problems if p.severity == "warning")
        said = [
            f"published {len(self.trips)} trip{'s' if len(self.trips) != 1 else ''} to "
            f"{self.folder}: {calendars} calendars and pages; addresses kept in "
            f"{self.state.path}"
        ]
        for trip, page in self.staff_pages().items():
            said.append(f"staff index of {trip}: {page}")
        if warnings:
            said.append(f"{warnings} warning{'s' if warnings != 1 else ''}: see the staff pages")
        if self.rotated:
            said.append(f"new addresses for {', '.join(self.rotated)}; the old ones are gone")
        if not self.site.url:
            said.append("add --url https://… (where the site is served) for full addresses")
        return said

    def as_json(self) -> dict[str, object]:
        url = self.site.url
        return {
            "site": str(self.folder),
            "state": str(self.state.path),
            "url": url,
            "staff_pages": self.staff_pages(),
            "rotated": self.rotated,
            "calendars": [entry.as_json(url) for entry in self.site.entries],
            "warnings": [
                {"file": t.source, **p.as_json()}
                for t in self.trips
                for p in t.problems
                if p.severity == "warning"
            ],
        }


def site_settings(alarm: str, transfers: bool, refresh: str, lang: str = "en") -> Settings:
    from tripplan.outputs.site.build import Settings

    try:
        every = parse_duration(refresh)
    except ValueError:
        every = timedelta(0)
    if every < timedelta(minutes=5):
        raise TripplanError(f"--refresh {refresh!r}: write a duration of 5m or more, e.g. 1h")
    return Settings(alarm=parse_alarm(alarm), transfers=transfers, refresh=every, lang=lang)


def publish_site(
    path: Path,
    output: Path,
    settings: Settings,
    *,
    url: str | None = None,
    remember_url: bool = True,
    rotate: list[str] | None = None,
    rotate_staff: bool = False,
    now: datetime | None = None,
) -> Published:
    """Check every itinerary in `path`, then build the site and swap it in at `output`.

    A file with errors stops it all (the site as it was stays). The tokens are saved
    before the site is swapped in: a site that fails to be written is written with the
    same addresses next time.
    """
    from tripplan.outputs.site.build import Trip, build_site
    from tripplan.outputs.site.folder import read_published, site_folder, write_site
    from tripplan.outputs.site.outside import outsiders
    from tripplan.outputs.site.tokens import STATE_NAME, load_state

    folder = site_folder(output)
    sources = itinerary_files([path])
    trips = []
    for source in sources:
        checked = pipeline.run(source)
        itinerary = pipeline.usable(checked, "nothing was published")
        trips.append(Trip(checked.source, itinerary, list(checked.problems)))
    state = load_state((path if path.is_dir() else path.parent) / STATE_NAME)
    if url is not None:
        url = _site_url(url)
        if remember_url:
            state.url = url
    rotated = sorted(set(rotate or []))
    everyone = {p for trip in trips for p in trip.itinerary.people}
    everyone |= {o.key for trip in trips for o in outsiders(trip.itinerary)}
    for person in rotated:
        known_person(everyone, person, path, "--rotate")
    site = build_site(
        trips,
        state,
        replace(settings, url=url or state.url),
        now=now or datetime.now(UTC),
        previous=lambda site_path: read_published(folder, site_path),
        rotate=rotated,
        rotate_staff=rotate_staff,
    )
    state.save()
    write_site(site.files, folder)
    return Published(site, folder, state, trips, rotated + (["staff"] if rotate_staff else []))


def _site_url(url: str) -> str:
    text = url.strip()
    if not text.startswith(("https://", "http://")) or len(text.split("/")[2]) == 0:
        raise TripplanError(
            f"--url {url!r}: give the address the site is served at, "
            "e.g. https://calendars.example.org/trips/"
        )
    if any(c.isspace() or ord(c) < 32 for c in text) or "?" in text or "#" in text:
        raise TripplanError(f"--url {url!r}: an address has no spaces, ? or #")
    return text.rstrip("/") + "/"
