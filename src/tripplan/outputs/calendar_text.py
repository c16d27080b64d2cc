"""The events of a calendar as content lines: what each says, escaped and folded.

A trip can hold 10,000 events, and what `check` does not do is what an export costs
beyond it: each event is one pass that reads each of its fields once and writes its
lines folded (`fold_line`) as one string; what many events share is made once (an
attendee group's line, a venue's LOCATION and GEO, each start and end, the place
people come from); and where each event's people come from is found for all events in
one pass in time order, at a cost per event that does not grow with its attendees
(everyone attends most events of many trips).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from itertools import repeat
from zoneinfo import ZoneInfo

from tripplan.format.model import Event, Itinerary, Venue, between
from tripplan.format.values import format_duration
from tripplan.outputs.ics import (
    fold_line,
    ics_clock,
    ics_duration,
    ics_local,
    ics_span,
    ics_text,
)
from tripplan.outputs.vcalendar import status_lines

_NOBODY = -1  # no event ended yet (events that ended are ranked by end, then file order)
_FOLD_AT = 75  # octets in a line (`fold_line`)
_MODES = {"car": "Car", "walk": "Walk", "train": "Train", "flight": "Flight", "ferry": "Ferry"}


def vevents(
    itinerary: Itinerary, events: Sequence[Event], suffix: str, alarm: timedelta | None
) -> tuple[list[tuple[str, str]], list[ZoneInfo], tuple[date, date]] | None:
    """UID (event id + `suffix`) and content lines (folded) of each of `events`; the
    zones their times are in, and the days from the first to the last of the trip and
    of the events. None if an event has no start or no end (a flexible one not placed).
    """
    text = _Text(itinerary)
    ended, latest = _came_after(itinerary, events)
    ringing = ""
    if alarm is not None:
        ringing = f"\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:{ics_duration(-alarm)}\n"
    entries = []
    zones = set()
    days = {itinerary.trip.start, itinerary.trip.end}
    # What many events share, looked up here (a call per line would cost more).
    heads: dict[object, tuple[str, str]] = {}
    coming, where, groups, labels = text.coming, text.places, text.groups, text.labels
    kinds = text.kinds
    for index, event in enumerate(events):
        start, end = event.start_at, event.end_at
        if start is None or end is None:
            return None
        zones.add(start.tzinfo)
        zones.add(end.tzinfo)
        days.add(start.date())
        days.add(end.date())
        key = event.id + suffix
        line = f"UID:{ics_text(key)}"
        lines = [line if len(line) <= _FOLD_AT and line.isascii() else fold_line(line)]
        if start.fold or end.fold:  # in an hour that clocks repeat: `ics_span` knows
            lines.append(ics_span(start, end))
        else:
            head = heads.get(start.tzinfo) or _heads(heads, start)
            lines.append(head[0] + ics_clock(start))
            head = heads.get(end.tzinfo) or _heads(heads, end)
            lines.append(head[1] + ics_clock(end))
        raw = event.title
        title = ics_text(raw)
        kind, status = event.kind, event.status
        shown = title
        if kind == "travel" and event.from_ and event.to:
            shown = ics_text(summary(itinerary, event))
        elif status == "cancelled":
            shown = "Cancelled: " + title
        line = f"SUMMARY:{shown}"
        lines.append(line if len(line) <= _FOLD_AT and line.isascii() else fold_line(line))
        places = event.places
        if places:
            place = where.get(places[0]) or text.where(places[0])
            if place:
                lines.append(place)
        # The description, line by line (`_Text.label` says why).
        said = [(labels.get(kind) or text.label(kind)) + title]
        if status != "confirmed":
            said.append(f"Status: {status}")
        host = event.host
        if host is not None:
            said.append(ics_text(_host(host.name, host.role, host.phone, host.email)))
        who = event.attendees
        group = groups.get(None if who is None else tuple(who))
        if group is None:
            group = text.group(who)
        if group:
            said.append(group)
        if event.dress:
            said.append(ics_text(f"Dress: {event.dress}"))
        if event.reference:
            said.append(ics_text(f"Booking reference: {event.reference}"))
        if kind == "travel":
            said.append(f"Journey time: {format_duration(between(start, end))}")
        rank = latest[index]
        if rank >= 0:
            came = text.came_from(event, ended[rank], places)
            if came:
                said.append(coming.get(came) or text.coming_from(came))
        if event.notes:
            said.append("")
            said.append(ics_text(event.notes))
        if text.day_notes:
            note = text.day_notes.get(event.day)
            if note:
                said.append("")
                said.append(note)
        lines.append(fold_line("DESCRIPTION:" + "\\n".join(said)))
        lines.append(kinds.get((kind, status)) or text.kind_and_status(kind, status))
        if ringing and status != "cancelled":
            line = f"DESCRIPTION:{shown}"
            folded = line if len(line) <= _FOLD_AT and line.isascii() else fold_line(line)
            lines.append(f"{ringing[1:]}{folded}\nEND:VALARM")
        entries.append((key, "\n".join(lines)))
    found = [zone for zone in zones if isinstance(zone, ZoneInfo)]
    assert len(found) == len(zones)
    return entries, found, (min(days), max(days))


def _heads(heads: dict[object, tuple[str, str]], moment: datetime) -> tuple[str, str]:
    """DTSTART and DTEND in the zone of `moment`, before the time."""
    clock = len(ics_clock(moment))
    made = (ics_local("DTSTART", moment)[:-clock], ics_local("DTEND", moment)[:-clock])
    heads[moment.tzinfo] = made
    return made


def summary(itinerary: Itinerary, event: Event) -> str:
    """The title; a journey reads "Train G900: Hong Kong West Kowloon → Hangzhou East"."""
    if event.kind != "travel" or not event.from_ or not event.to:
        text = event.title
    else:
        mode = _MODES.get(event.mode or "", "Travel")
        service = f" {event.service}" if event.service else ""
        text = f"{mode}{service}: {name(itinerary, event.from_)} → {name(itinerary, event.to)}"
    return f"Cancelled: {text}" if event.is_cancelled else text


class _Text:
    """What many events of a calendar share, escaped, each made once."""

    def __init__(self, itinerary: Itinerary) -> None:
        self._itinerary = itinerary
        self._people = {
            pid: who.name + (f" ({who.role})" if who.role else "")
            for pid, who in itinerary.people.items()
        }
        self._hotels = {
            d.date: name(itinerary, d.hotel) for d in itinerary.days if d.hotel is not None
        }
        self.day_notes = {
            d.date: ics_text(f"Note for the day: {d.notes}") for d in itinerary.days if d.notes
        }
        # Each made once (by the methods below), read by `vevents` directly.
        self.coming: dict[str, str] = {}
        self.groups: dict[tuple[str, ...] | None, str] = {}
        self.places: dict[str, str] = {}
        self.kinds: dict[tuple[str | None, str], str] = {}
        self.labels: dict[str | None, str] = {}

    def label(self, kind: str | None) -> str:
        """ "Meeting: ", before the title in the description.

        The description's lines are each escaped on its own (those many events share,
        once) and joined by an escaped newline: the same as escaping the lines joined,
        since no line ends with a CR (which with the newline after it would be one line
        break): the models strip every text of white space, a CR included.
        """
        label = self.labels[kind] = ics_text(f"{(kind or 'other').capitalize()}: ")
        return label

    def group(self, attendees: list[str] | None) -> str:
        """ "Attendees: Lau Ka-ming (Director-General); ..." escaped; empty for an event
        nobody attends (the same few groups attend most events: each group's line is
        made once; everyone's, for events that name nobody, under None)."""
        who = list(self._itinerary.people) if attendees is None else attendees
        line = ""
        if who:
            line = ics_text("Attendees: " + "; ".join(self._people.get(p, p) for p in who))
        self.groups[None if attendees is None else tuple(attendees)] = line
        return line

    def coming_from(self, place: str) -> str:
        line = self.coming[place] = ics_text(f"Coming from: {place}")
        return line

    def came_from(self, event: Event, previous: Event, places: tuple[str, ...]) -> str | None:
        """Where the people of `event` (at `places`) come from: the last place of the
        event they attended before it, if not where it is; after a night, the hotel."""
        before, end = previous.places, previous.end_at
        if not before or end is None:
            return None
        day = event.day
        if end.date() < day:
            return self._hotels.get(day - timedelta(days=1))  # after a night
        last = before[-1]
        return None if last == (places[0] if places else None) else name(self._itinerary, last)

    def where(self, venue_id: str) -> str:
        """LOCATION and GEO of an event at `venue_id`, folded, joined by a newline."""
        found = []
        location = _location(self._itinerary, venue_id)
        if location:
            found.append(fold_line(f"LOCATION:{ics_text(location)}"))
        place = self._itinerary.venues.get(venue_id)
        if place is not None and place.location is not None:  # WGS-84 since loading
            found.append(fold_line(f"GEO:{place.location.lat};{place.location.lon}"))
        lines = self.places[venue_id] = "\n".join(found)
        return lines

    def kind_and_status(self, kind: str | None, status: str) -> str:
        """CATEGORIES, STATUS and how busy the time is (lines folded, joined by newlines)."""
        category = f"CATEGORIES:{ics_text((kind or 'other').capitalize())}"
        lines = "\n".join(fold_line(line) for line in [category, *status_lines(status)])
        self.kinds[(kind, status)] = lines
        return lines


def _host(name: str, role: str | None, phone: str | None, email: str | None) -> str:
    host = ", ".join(p for p in (name, role) if p)
    contact = ", ".join(p for p in (phone, email) if p)
    return f"Host: {host}" + (f" ({contact})" if contact else "")


def _came_after(itinerary: Itinerary, events: Sequence[Event]) -> tuple[list[Event], list[int]]:
    """The events that ended (not cancelled), by end then by order in the file; and for
    each of `events`, the rank there of the latest one that one of its people attended
    before it starts (itself aside), or _NOBODY.

    One pass over `events` in order of their starts, beside the ended ones in order of
    their ends: each ended event is noted for its attendees (once for an event of
    everyone), and each event looks up its own attendees' latest.
    """
    people = itinerary.people
    everybody = len(people)
    ended: list[tuple[float, int, Event]] = []
    for order, event in enumerate(itinerary.events()):
        at = event.end_ts
        if at is not None and event.status != "cancelled":
            ended.append((at, order, event))
    ended.sort()  # (end, order) is unique: events are never compared
    times = [e[0] for e in ended]
    by_rank = [e[2] for e in ended]
    # Who attends each: None for everyone (no list, or one naming everyone).
    whom: list[list[str] | None] = []
    for event in by_rank:
        who = event.attendees
        if who is not None and len(who) == everybody and people.keys() == set(who):
            who = None
        whom.append(who if who is not None or everybody else [])
    queue = sorted((s, i) for i, s in enumerate(e.start_ts for e in events) if s is not None)
    # Each person's latest ended event and the one before (ranks), the latest event of
    # everyone, and the latest of anyone and the one before.
    last: dict[str, int] = {}
    before: dict[str, int] = {}
    everyone = anyone = anyone_before = _NOBODY
    found = [_NOBODY] * len(events)
    done = 0
    for start, i in queue:
        upto = bisect_right(times, start, done)
        for rank in range(done, upto):
            who = whom[rank]
            if who is None:
                everyone = rank
                anyone_before, anyone = anyone, rank
            elif who:
                for person in who:
                    before[person] = last.get(person, _NOBODY)
                    last[person] = rank
                if not people.keys().isdisjoint(who):
                    anyone_before, anyone = anyone, rank
        done = upto
        event = events[i]
        who = event.attendees
        if who is None or (len(who) == everybody and people.keys() == set(who)):
            latest = anyone_before if anyone >= 0 and by_rank[anyone] is event else anyone
        elif not who:
            continue
        else:
            latest = max(map(last.get, who, repeat(_NOBODY)))
            if latest >= 0 and by_rank[latest] is event:  # itself, over before it starts
                mine, latest = latest, _NOBODY
                for person in who:
                    rank = last.get(person, _NOBODY)
                    latest = max(latest, before[person] if rank == mine else rank)
            if not people.keys().isdisjoint(who):
                latest = max(latest, everyone)  # an event of everyone is never this one
        found[i] = latest
    return by_rank, found


def _location(itinerary: Itinerary, venue_id: str) -> str:
    venue = itinerary.venues.get(venue_id)
    if venue is None:
        return venue_id
    return ", ".join(p for p in (label(venue), venue.address) if p)


def label(venue: Venue) -> str:
    return f"{venue.name} ({venue.name_local})" if venue.name_local else venue.name


def name(itinerary: Itinerary, venue_id: str) -> str:
    venue = itinerary.venues.get(venue_id)
    return venue.name if venue else venue_id
