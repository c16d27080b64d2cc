"""The whole published site, built in memory from checked itineraries and their tokens.

Layout (every path but the root's secret):

    index.html, robots.txt             the root: lists nothing, asks robots to stay away
    STAFF/index.html                   the staff's index of the trip
    STAFF/programme.html               the whole programme, with check's problems
    STAFF/TRIP.ics                     the whole delegation's calendar
    PERSON/index.html                  a person's programme page
    PERSON/TRIP-PERSON.ics             their calendar

Every directory has an index.html, so a web server that lists folders lists none. Each
calendar carries SEQUENCE forward from the version published before (read from the
old site), with the same UIDs as `tripplan export`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tripplan.errors import TripplanError
from tripplan.files import safe_name
from tripplan.format.model import Itinerary
from tripplan.outputs.calendar import DEFAULT_ALARM, export
from tripplan.outputs.calendar_previous import read_previous
from tripplan.outputs.site.index import ROBOTS, Entry, root_page, staff_index
from tripplan.outputs.site.links import absolute, webcal
from tripplan.outputs.site.page import FeedLinks, programme_page
from tripplan.outputs.site.tokens import State, TripTokens
from tripplan.problems import Problem

MARKER = ".tripplan-site"
MARKER_TEXT = (
    b"Made by tripplan publish. This folder is replaced as a whole each time the trips are "
    b"published: keep nothing else in it.\n"
)
REFRESH = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Trip:
    """A checked itinerary to publish, and the problems `check` found in it (warnings:
    a file with errors is never published)."""

    source: str
    itinerary: Itinerary
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Settings:
    url: str | None = None  # where the site is served, e.g. https://calendars.example.org/
    alarm: timedelta | None = DEFAULT_ALARM
    transfers: bool = False
    refresh: timedelta = REFRESH


@dataclass(slots=True)
class Site:
    files: dict[str, bytes]  # site path -> content
    entries: list[Entry]
    url: str | None


def build_site(
    trips: Iterable[Trip],
    state: State,
    settings: Settings,
    *,
    now: datetime,
    previous: Callable[[str], bytes | None] = lambda path: None,
    rotate: Iterable[str] = (),
    rotate_staff: bool = False,
) -> Site:
    """Every file of the site. Tokens missing from `state` are drawn, those of `rotate`
    (people) and with `rotate_staff` the staff's are drawn anew; `previous` reads a file
    of the site as published before (for SEQUENCE)."""
    files: dict[str, bytes] = {
        "index.html": root_page().encode("utf-8"),
        "robots.txt": ROBOTS.encode("utf-8"),
        MARKER: MARKER_TEXT,
    }
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    rotated = set(rotate)
    for trip in trips:
        it = trip.itinerary
        key = it.trip.id
        if key in seen:
            raise TripplanError(
                f"{trip.source}: trip id '{key}' is also the id of {seen[key]}; give each trip "
                "its own id (calendar UIDs and addresses are made from it)"
            )
        seen[key] = trip.source
        tokens = state.tokens(key, it.people)
        before = _folders(tokens)
        for someone in rotated & set(it.people):
            state.rotate(key, someone)
        if rotate_staff:
            state.rotate(key, None)
        after = _folders(tokens)
        listed = []
        whose: list[str | None] = [None, *it.people]
        for person in whose:
            file = (
                f"{safe_name(key)}-{safe_name(person)}.ics" if person else f"{safe_name(key)}.ics"
            )
            old = previous(before[person] + file)
            feed = export(
                it,
                person=person,
                now=now,
                alarm=settings.alarm,
                previous=read_previous(old) if old else None,
                transfers=settings.transfers,
                refresh=settings.refresh,
            )
            folder = after[person]
            path = folder + file
            files[path] = feed.data
            url = absolute(settings.url, path)
            links = FeedLinks(file, url, webcal(url))
            page = programme_page(
                it, person=person, now=now, feed=links, problems=trip.problems
            ).encode("utf-8")
            files[folder + ("programme.html" if person is None else "index.html")] = page
            who = it.people[person] if person else None
            name = who.name if who else "Whole delegation"
            listed.append(
                Entry(key, person, name, who.role if who else None, folder, path, feed.events)
            )
        here = after[None]
        entries += listed
        files[here + "index.html"] = staff_index(
            it, listed, trip.problems, url=settings.url, now=now, here=here
        ).encode("utf-8")
    return Site(files, entries, settings.url)


def _folders(tokens: TripTokens) -> dict[str | None, str]:
    """Each person's folder ("TOKEN/"), and the staff's under None."""
    folders: dict[str | None, str] = {None: f"{tokens.staff}/"}
    folders.update((person, f"{token}/") for person, token in tokens.people.items())
    return folders
