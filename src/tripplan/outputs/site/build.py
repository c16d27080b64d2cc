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
from tripplan.outputs.brief.i18n import Lang
from tripplan.outputs.calendar import DEFAULT_ALARM, export
from tripplan.outputs.calendar_previous import Exported, read_previous
from tripplan.outputs.site.index import ROBOTS, Entry, root_page, staff_index
from tripplan.outputs.site.links import absolute, webcal
from tripplan.outputs.site.outside import Outsider, outside_calendar, outside_view, outsiders
from tripplan.outputs.site.outside_page import outside_page
from tripplan.outputs.site.page import FeedLinks, programme_page
from tripplan.outputs.site.tokens import State, TripTokens
from tripplan.outputs.vcalendar import Export
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
    lang: str = "en"  # of the pages: en, zh-hant, zh-hans or en+zh-hant


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
        others = outsiders(it)
        tokens = state.tokens(key, it.people, [o.key for o in others])
        before = _folders(tokens)
        for someone in rotated & ({*it.people} | {o.key for o in others}):
            state.rotate(key, someone)
        if rotate_staff:
            state.rotate(key, None)
        after = _folders(tokens)
        listed = []
        for who in [None, *it.people, *others]:
            mine = who.key if isinstance(who, Outsider) else who
            file = f"{safe_name(key)}{_suffix(who)}.ics"
            old = previous(before[mine] + file)
            folder = after[mine]
            url = absolute(settings.url, folder + file)
            links = FeedLinks(file, url, webcal(url))
            made = _made(trip, who, links, read_previous(old) if old else None, settings, now)
            files[folder + file] = made.feed.data
            files[folder + ("programme.html" if who is None else "index.html")] = made.page
            listed.append(
                Entry(
                    key,
                    mine,
                    made.audience,
                    made.name,
                    made.role,
                    folder,
                    folder + file,
                    made.feed.events,
                )
            )
        here = after[None]
        entries += listed
        files[here + "index.html"] = staff_index(
            it,
            listed,
            trip.problems,
            url=settings.url,
            now=now,
            here=here,
            lang=Lang(settings.lang),
        ).encode("utf-8")
    return Site(files, entries, settings.url)


def _folders(tokens: TripTokens) -> dict[str | None, str]:
    """Each reader's folder ("TOKEN/"), the staff's under None."""
    folders: dict[str | None, str] = {None: f"{tokens.staff}/"}
    for held in (tokens.people, tokens.outside):
        folders.update((key, f"{token}/") for key, token in held.items())
    return folders


def _suffix(who: str | Outsider | None) -> str:
    if who is None:
        return ""
    return f"-{safe_name(who.file if isinstance(who, Outsider) else who)}"


@dataclass(frozen=True, slots=True)
class _Made:
    feed: Export
    page: bytes
    audience: str
    name: str
    role: str | None


def _made(
    trip: Trip,
    who: str | Outsider | None,
    links: FeedLinks,
    previous: dict[str, Exported] | None,
    settings: Settings,
    now: datetime,
) -> _Made:
    """The feed and page of one reader: the staff (None), a person of the delegation, or
    someone outside it, who gets only what the audience view holds."""
    it = trip.itinerary
    if isinstance(who, Outsider):
        view = outside_view(it, who)
        feed = outside_calendar(
            view, who, now=now, alarm=settings.alarm, previous=previous, refresh=settings.refresh
        )
        page = outside_page(view, who, links, now, Lang(settings.lang))
        return _Made(feed, page.encode("utf-8"), who.audience, who.name, None)
    feed = export(
        it,
        person=who,
        now=now,
        alarm=settings.alarm,
        previous=previous,
        transfers=settings.transfers,
        refresh=settings.refresh,
    )
    lang = Lang(settings.lang)
    page = programme_page(it, person=who, now=now, feed=links, problems=trip.problems, lang=lang)
    person = it.people[who] if who else None
    name = person.name if person else lang._("Whole programme")  # as its page says
    audience = (
        "staff" if who is None else ("principal" if person and person.principal else "delegation")
    )
    return _Made(feed, page.encode("utf-8"), audience, name, person.role if person else None)
