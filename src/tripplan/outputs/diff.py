"""What changed in meaning between two versions of an itinerary.

Pure: two `Itinerary` objects in, a list of `Change` out. Events are matched by id,
then (for ids that were added or renamed) by title and day. Comments, key order and
formatting never show, since only the models are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from tripplan import safe
from tripplan.format.logistics import Contact
from tripplan.format.model import Event, Itinerary, Venue, between
from tripplan.format.values import format_duration
from tripplan.outputs.change import Change as Change
from tripplan.outputs.diff_logistics import day_logistics, event_logistics, trip_logistics
from tripplan.plan.changed_days import same_event

# Sorts trip-level changes before every day.
_TRIP_DAY = date.min


def diff(old: Itinerary, new: Itinerary, *, person: str | None = None) -> list[Change]:
    """Changes from `old` to `new`, by day in time order (the whole trip's first)."""
    changes = [*_trip_changes(old, new), *_day_changes(old, new), *_event_changes(old, new)]
    if person is not None:
        changes = [c for c in changes if c.concerns(person)]
    return sorted(changes, key=_order)


def _order(change: Change) -> tuple[date, float, str]:
    # A stable sort: changes of one event keep the order they are found in.
    day = change.day or _TRIP_DAY
    moment = change.time.timestamp() if change.time else float("-inf")
    return day, moment, change.event or ""


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def as_text(changes: list[Change]) -> list[str]:
    """One line per change for a terminal, the day in front."""
    return [
        f"{day_label(c.day) if c.day else 'Trip'} — {_marked(c, safe.terminal(c.text))}"
        for c in changes
    ]


def _marked(change: Change, text: str) -> str:
    # Said in front: a line to leave out of a note to hosts or drivers.
    return f"(internal) {text}" if change.internal else text


def as_markdown(changes: list[Change], title: str, old: str, new: str) -> str:
    """The changes for a circulation e-mail: a bold heading per day, a bullet per change;
    the trip's text escaped (a title with `<img onerror>` or a link stays text)."""
    md = safe.markdown
    out = [f"**Changes to {md(title)}** ({md(old)} → {md(new)})"]
    heading = None
    for change in changes:
        label = f"{day_label(change.day)} {change.day:%Y}" if change.day else "Whole trip"
        if label != heading:
            out += ["", f"**{label}**", ""]
            heading = label
        out.append(f"- {_marked(change, md(change.text))}")
    return "\n".join(out) + "\n"


# --- the whole trip -------------------------------------------------------------------


def _trip_changes(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    a, b = old.trip, new.trip
    if (a.start, a.end) != (b.start, b.end):
        yield Change(
            "trip-dates",
            f"Trip dates now {_span_of_days(b.start, b.end)} "
            f"(were {_span_of_days(a.start, a.end)})",
            old=f"{a.start}..{a.end}",
            new=f"{b.start}..{b.end}",
        )
    if a.title != b.title:
        yield Change(
            "trip-title", f"Trip renamed '{b.title}' (was '{a.title}')", old=a.title, new=b.title
        )
    if a.timezone.key != b.timezone.key:
        yield Change(
            "trip-timezone",
            f"Trip time zone now {b.timezone.key} (was {a.timezone.key})",
            old=a.timezone.key,
            new=b.timezone.key,
        )
    if _contact(a.organizer) != _contact(b.organizer):
        yield Change(
            "trip-organizer",
            f"Organizer now {_contact(b.organizer) or 'none'}",
            old=_contact(a.organizer),
            new=_contact(b.organizer),
        )
    # In the order the files list them: a set's order changes from run to run.
    for pid in [p for p in new.people if p not in old.people]:
        person = new.people[pid]
        role = f", {person.role}" if person.role else ""
        yield Change(
            "person-joined", f"{person.name}{role} joins the delegation", new=pid, people=(pid,)
        )
    for pid in [p for p in old.people if p not in new.people]:
        yield Change(
            "person-left", f"{old.people[pid].name} leaves the delegation", old=pid, people=(pid,)
        )
    for pid in [p for p in old.people if p in new.people]:
        before, after = old.people[pid], new.people[pid]
        for key in ("name", "role", "phone", "email"):
            was, now = getattr(before, key), getattr(after, key)
            if was != now:
                yield Change(
                    f"person-{key}",
                    f"{after.name}: {key} now {now or 'none'} (was {was or 'none'})",
                    old=was,
                    new=now,
                    people=(pid,),
                )
        if before.principal != after.principal:
            state = "is now" if after.principal else "is no longer"
            yield Change("person-principal", f"{after.name} {state} the principal", people=(pid,))
    yield from _venue_changes(old, new)
    yield from trip_logistics(old, new)


def _venue_changes(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    """Changes to a venue that events still use (a moved address matters to drivers)."""
    used = {place for event in new.events() for place in event.places}
    for vid in sorted(used & old.venues.keys() & new.venues.keys()):
        before, after = old.venues[vid], new.venues[vid]
        if before.address != after.address:
            yield Change(
                "venue-address",
                f"{after.name}: address now {after.address or 'not given'} "
                f"(was {before.address or 'not given'})",
                old=before.address,
                new=after.address,
            )
        if before.name != after.name:
            yield Change(
                "venue-name",
                f"Venue '{before.name}' now called '{after.name}'",
                old=before.name,
                new=after.name,
            )


def _day_changes(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    before = {day.date: day for day in old.days}
    for day in new.days:
        was = before.get(day.date)
        old_hotel = was.hotel if was else None
        same_place = _venue_key(new.venues.get(day.hotel or "")) == _venue_key(
            old.venues.get(old_hotel or "")
        )
        old_notes = was.notes if was else None
        if day.notes != old_notes and (was is not None or day.notes):
            yield Change(
                "day-notes",
                f"Note for the day now: {day.notes}" if day.notes else "Note for the day removed",
                day=day.date,
                old=old_notes,
                new=day.notes,
            )
        if day.hotel != old_hotel and (day.hotel or old_hotel) and not same_place:
            now_name = _venue_line(new.venues.get(day.hotel)) if day.hotel else "none"
            was_name = old.venues[old_hotel].name if old_hotel in old.venues else old_hotel
            yield Change(
                "hotel-changed",
                f"Hotel for the night now {now_name}" + (f" (was {was_name})" if old_hotel else ""),
                day=day.date,
                old=old_hotel,
                new=day.hotel,
            )
        yield from day_logistics(old, new, was, day, None)


# --- events ---------------------------------------------------------------------------


def _matched(
    old: Itinerary, new: Itinerary
) -> tuple[list[tuple[Event, Event]], list[Event], list[Event]]:
    """Pairs of the same event in both versions, then those only in old, only in new."""
    old_by_id = {e.id: e for e in old.events()}
    new_by_id = {e.id: e for e in new.events()}
    pairs = [(old_by_id[i], new_by_id[i]) for i in new_by_id if i in old_by_id]
    removed = [e for i, e in old_by_id.items() if i not in new_by_id]
    added = [e for i, e in new_by_id.items() if i not in old_by_id]
    # An id added or renamed: the same title on the same day is the same event.
    by_title: dict[tuple[str, date], list[Event]] = {}
    for event in removed:
        by_title.setdefault((event.title, event.day), []).append(event)
    still_added = []
    for event in added:
        candidates = by_title.get((event.title, event.day))
        if candidates:
            was = candidates.pop(0)
            pairs.append((was, event))
            removed.remove(was)
        else:
            still_added.append(event)
    return pairs, removed, still_added


def _event_changes(old: Itinerary, new: Itinerary) -> Iterator[Change]:
    pairs, removed, added = _matched(old, new)
    for event in added:
        yield _about(new, event, "event-added", f"{event.title} added{_when_where(new, event)}")
    for event in removed:
        yield _about(
            old,
            event,
            "event-removed",
            f"{event.title} removed (was{_when_where(old, event, lead='')})",
        )
    # Most pairs of a long trip are the same event unchanged: told apart from the others
    # by comparing what was written and when it falls, and the venues once for the trip.
    moved = _changed_venues(old, new)
    for was, now in pairs:
        if not _unchanged(was, now, moved):
            yield from _event_pair(old, new, was, now)


def _changed_venues(old: Itinerary, new: Itinerary) -> set[str]:
    """Ids of the venues that are not the same place in both versions (`_places`)."""
    return {
        vid
        for vid in old.venues.keys() | new.venues.keys()
        if _venue_key(old.venues.get(vid)) != _venue_key(new.venues.get(vid))
    }


def _unchanged(was: Event, now: Event, moved: set[str]) -> bool:
    """True when `_event_pair` can find nothing: the same event as written, at the same
    instants (a flexible one as placed), at venues that are the same place. Attendees
    written the same are the same people; left to everyone on both sides, joining and
    leaving is the trip's change."""
    return same_event(was, now) and moved.isdisjoint(now.places)


def _event_pair(old: Itinerary, new: Itinerary, was: Event, now: Event) -> Iterator[Change]:
    title = now.title
    attending: list[tuple[str, ...]] = []  # who attends, worked out for a first change

    def change(
        what: str,
        text: str,
        before: str | None = None,
        after: str | None = None,
        people: tuple[str, ...] | None = None,
        internal: bool = False,
    ) -> Change:
        # A person added or removed concerns that person; the rest, everyone attending.
        if not attending:  # most pairs of a long trip have no change at all
            attending.append(tuple(sorted(set(old.attendees(was)) | set(new.attendees(now)))))
        concerned = (after or before or "",) if what.startswith("attendee-") else attending[0]
        at = _sort_time(now)
        return Change(what, text, now.day, at, now.id, before, after, people or concerned, internal)

    if was.id != now.id:
        yield change("event-id", f"{title}: id now '{now.id}' (was '{was.id}')", was.id, now.id)
    if was.title != now.title:
        yield change("event-renamed", f"{was.title} renamed '{now.title}'", was.title, now.title)
    if was.is_cancelled != now.is_cancelled:
        if now.is_cancelled:
            yield change("event-cancelled", f"{title} cancelled", was.status, now.status)
        else:
            # Back, but maybe not settled: "tentative" is as much news as the return.
            state = " as tentative" if now.status == "tentative" else ""
            yield change(
                "event-reinstated",
                f"{title} reinstated{state}{_when_where(new, now)}",
                was.status,
                now.status,
            )
    elif was.status != now.status:
        yield change(
            "event-status", f"{title} now {now.status} (was {was.status})", was.status, now.status
        )
    yield from (change(*args) for args in _time_changes(was, now))
    if _places(old, was) != _places(new, now) or was.mode != now.mode:
        where = (
            f"moves to {_venue_line(new.venues.get(now.venue), now.venue)}"
            if now.venue
            else f"now goes {_place_text(new, now)}"
        )
        yield change("venue-changed", f"{title} {where}", _place_ids(was), _place_ids(now))
    if was.kind != now.kind:
        yield change(
            "event-kind", f"{title} is now a {now.kind} (was a {was.kind})", was.kind, now.kind
        )
    yield from (change(*args) for args in _attendee_changes(old, new, was, now))
    if _contact(was.host) != _contact(now.host):
        yield change(
            "host-changed",
            f"{title}: host now {_contact(now.host) or 'none'}"
            + (f" (was {_contact(was.host)})" if was.host else ""),
            _contact(was.host),
            _contact(now.host),
        )
    number = {"flight": "flight number", "train": "train number"}.get(now.mode or "", "service")
    for key, label in (
        ("service", number),
        ("dress", "dress code"),
        ("reference", "booking reference"),
        ("notes", "notes"),
    ):
        before, after = getattr(was, key), getattr(now, key)
        if before != after:
            text = f"{title}: {label} now {after}" if after else f"{title}: {label} removed"
            if before and after and key != "notes":
                text += f" (was {before})"
            yield change(f"{key}-changed", text, before, after)
    yield from (change(*args) for args in event_logistics(old, new, was, now))


def _time_changes(was: Event, now: Event) -> Iterator[tuple[str, str, str | None, str | None]]:
    title = now.title
    if was.is_flexible or now.is_flexible:
        before, after = _flexible_text(was), _flexible_text(now)
        if was.day != now.day:
            yield (
                "event-moved",
                f"{title} moved from {_day_clock(was)} to {_day_clock(now)}",
                before,
                after,
            )
        elif before != after:
            yield "event-moved", f"{title} now {after} (was {before})", before, after
        elif _placed(was) != _placed(now):
            # The same window, but the sequencer now places it elsewhere (others moved).
            yield (
                "event-placed",
                f"{title} now placed {_placed(now) or 'nowhere: it no longer fits'} "
                f"(was {_placed(was) or 'not placed'})",
                was.start_at.isoformat() if was.start_at else None,
                now.start_at.isoformat() if now.start_at else None,
            )
        return
    a0, a1, b0, b1 = was.start_at, was.end_at, now.start_at, now.end_at
    if a0 is None or a1 is None or b0 is None or b1 is None:
        return
    if (was.start_ts, was.end_ts) == (now.start_ts, now.end_ts):
        return  # the same instants (the seconds since the epoch each event keeps)
    if between(a0, b0):
        shift = _shift(between(a0, b0))
        if was.day != now.day:
            text = f"{title} moved from {_day_clock(was)} to {_day_clock(now)}"
        else:
            text = f"{title} moved {_clock(a0)} → {_clock(b0)} ({shift})"
        yield "event-moved", text, a0.isoformat(), b0.isoformat()
    if between(a0, a1) != between(b0, b1):
        yield (
            "event-length",
            f"{title} now ends {_clock(b1)} and lasts {format_duration(between(b0, b1))} "
            f"(was {format_duration(between(a0, a1))})",
            a1.isoformat(),
            b1.isoformat(),
        )


def _attendee_changes(
    old: Itinerary, new: Itinerary, was: Event, now: Event
) -> Iterator[tuple[str, str, str | None, str | None]]:
    if was.attendees is None and now.attendees is None:
        return  # everyone, both times: joining and leaving is said once for the trip
    before, after = set(old.attendees(was)), set(new.attendees(now))
    for pid in sorted(after - before):
        yield "attendee-added", f"{now.title}: {_name(new, pid)} now attends", None, pid
    for pid in sorted(before - after):
        yield "attendee-removed", f"{now.title}: {_name(old, pid)} no longer attends", pid, None


# --- words ----------------------------------------------------------------------------


def _about(itinerary: Itinerary, event: Event, what: str, text: str) -> Change:
    ids = event.id
    return Change(
        what, text, event.day, _sort_time(event), ids, people=tuple(itinerary.attendees(event))
    )


def _sort_time(event: Event) -> datetime | None:
    if event.start_at is not None:
        return event.start_at
    window = event.window_at()
    return window[0] if window else None


def _clock(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def _day_clock(event: Event) -> str:
    if event.is_flexible:
        return f"{day_label(event.day)} {_flexible_text(event)}"
    if event.start_at is not None:
        return f"{day_label(event.day)} {_clock(event.start_at)}"
    return day_label(event.day)


def _flexible_text(event: Event) -> str:
    """A flexible event's window, or a fixed event's start: both as written."""
    if event.window is None:
        return f"at {event.start}"
    length = format_duration(event.duration) if event.duration else "?"
    return f"{length} between {event.window[0]} and {event.window[1]}"


def _placed(event: Event) -> str | None:
    """Where the sequencer placed a flexible event ("15:20"), None if it does not fit."""
    return _clock(event.start_at) if event.is_flexible and event.start_at else None


def _shift(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    if hours and rest:
        return f"{sign}{hours}h{rest:02d}"
    return f"{sign}{hours}h" if hours else f"{sign}{rest} min"


def _span_of_days(start: date, end: date) -> str:
    return f"{day_label(start)} to {day_label(end)} {end:%Y}"


def _when_where(itinerary: Itinerary, event: Event, lead: str = ":") -> str:
    when = (
        _flexible_text(event)
        if event.is_flexible
        else (
            f"{_clock(event.start_at)}–{_clock(event.end_at)}"
            if event.start_at and event.end_at
            else ""
        )
    )
    return f"{lead} {when}, {_place_text(itinerary, event)}"


def _place_text(itinerary: Itinerary, event: Event) -> str:
    if event.venue:
        return f"at {_venue_line(itinerary.venues.get(event.venue), event.venue)}"
    names = [_venue_name(itinerary, v) for v in (event.from_, event.to)]
    mode = f"by {event.mode} " if event.mode else ""
    return f"{mode}from {names[0]} to {names[1]}"


def _places(itinerary: Itinerary, event: Event) -> tuple[object, ...]:
    """What an event's places are, not their ids: renaming a venue's id is no change."""
    return tuple(_venue_key(itinerary.venues.get(v)) or v for v in event.places)


def _venue_key(venue: Venue | None) -> tuple[object, ...] | None:
    if venue is None:
        return None
    return venue.name, venue.name_local, venue.address, venue.city, venue.location


def _place_ids(event: Event) -> str:
    return event.venue or f"{event.from_}→{event.to} ({event.mode})"


def _venue_line(venue: Venue | None, fallback: str | None = None) -> str:
    if venue is None:
        return fallback or "an unknown place"
    local = f" ({venue.name_local})" if venue.name_local else ""
    address = f", {venue.address}" if venue.address else ""
    return f"{venue.name}{local}{address}"


def _venue_name(itinerary: Itinerary, vid: str | None) -> str:
    venue = itinerary.venues.get(vid or "")
    return venue.name if venue else (vid or "?")


def _name(itinerary: Itinerary, pid: str) -> str:
    person = itinerary.people.get(pid)
    return person.name if person else pid


def _contact(contact: Contact | None) -> str | None:
    if contact is None:
        return None
    parts: Iterable[str | None] = (contact.name, contact.role, contact.phone, contact.email)
    return ", ".join(p for p in parts if p)
