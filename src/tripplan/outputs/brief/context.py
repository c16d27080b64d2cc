"""What every part of a pack needs to know: the trip, the reader, the language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tripplan.format.model import Itinerary, Venue
from tripplan.format.values import format_clock
from tripplan.outputs.brief.i18n import Lang, joined
from tripplan.outputs.brief.model import keep_whole
from tripplan.plan.vehicles import Run

AUDIENCES = ("principal", "delegation", "driver", "host")


@dataclass(frozen=True, slots=True)
class Reader:
    """Who the pack is for and what was asked: `tripplan brief --for …`."""

    audience: str  # one of AUDIENCES
    person: str | None = None  # --person: only their events
    vehicle: str | None = None  # --vehicle (driver)
    host: str | None = None  # --host (host)
    hide_cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    itinerary: Itinerary
    lang: Lang
    reader: Reader
    # The vehicles' runs as their day makes them (`plan.vehicles.timetable`): a move by
    # car leaves when its car does, which the drivers' sheets say too.
    runs: tuple[Run, ...] = ()

    @property
    def audience(self) -> str:
        return self.reader.audience

    @property
    def inside(self) -> bool:
        """True for the delegation's own papers (principal, delegation)."""
        return self.reader.audience in ("principal", "delegation")

    def _(self, message: str, **values: object) -> str:
        return self.lang._(message, **values)

    def person(self, pid: str) -> str:
        person = self.itinerary.people.get(pid)
        if person is None:
            return pid
        return self.lang.name(person.name, person.name_local)

    def people(self, ids: list[str] | tuple[str, ...]) -> str:
        return ", ".join(self.person(p) for p in self.order(ids))

    def order(self, ids: list[str] | tuple[str, ...]) -> list[str]:
        """`ids` in order of precedence (`precedence`, else the principal first, then as
        the file lists people); ids of no one last."""
        ranked = {pid: i for i, pid in enumerate(self.itinerary.by_precedence())}
        return sorted(ids, key=lambda pid: ranked.get(pid, len(ranked)))

    def venue(self, vid: str | None) -> str:
        venue = self.itinerary.venues.get(vid or "")
        if venue is None:
            return vid or ""
        return self.lang.name(venue.name, venue.name_local)

    def venue_line(self, vid: str | None, *, phone: bool = False, local_first: bool = False) -> str:
        """Name, address (and phone): where to go, as this reader needs it."""
        venue = self.itinerary.venues.get(vid or "")
        if venue is None:
            return vid or ""
        name = self.venue(vid)
        if local_first and venue.name_local:
            name = f"{venue.name_local} {venue.name}"
        parts = [name, venue.address or ""]
        if phone and venue.phone:
            parts.append(keep_whole(venue.phone))
        return " — ".join(p for p in parts if p)

    def clock(self, moment: datetime, listed: date | None = None, *, zone: bool = False) -> str:
        """ "08:32", "00:30+1" (a day after `listed`), with the zone's label when it is not
        the trip's zone, or always with `zone`."""
        since = None
        if listed is not None:
            since = datetime.combine(listed, datetime.min.time(), moment.tzinfo)
        text = format_clock(moment, since)
        key = getattr(moment.tzinfo, "key", None)
        if zone or (key and key != self.itinerary.trip.timezone.key):
            return joined(" ", (text, self.lang.zone(moment)), compact=True)
        return text

    def venue_of(self, vid: str) -> Venue | None:
        return self.itinerary.venues.get(vid)
