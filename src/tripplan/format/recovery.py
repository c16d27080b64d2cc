"""Going on after a schema error, so that one `tripplan check` shows every problem.

Each round of validation gives errors; `Repair` turns the document into one that
validates further, in the original document's places (list indexes never shift):

- a value that is wrong but clear (`90 min`, `kind: Visit`, `16.30`, `Asia/Hangzhou`)
  becomes the value meant, so everything else is checked with it;
- a misspelt key is dropped; a value cut by a comma in a `{…}` mapping is joined again;
- an event with errors becomes a stand-in made of its valid keys (`Event.is_partial`),
  which takes part in every rule its keys allow (references, duplicate ids, double
  bookings and transfers when its times can be read); the rules about which of its
  keys go together are all reported at once;
- a broken person or venue keeps its valid keys (its name defaults to its id);
- a broken trip field gets a stand-in: a zone nobody can guess leaves the times of
  events written in other zones unknown rather than wrong; missing dates span the days.

What cannot be used at all (a day without a date) is set aside with its problem.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from tripplan.format.key_rules import key_rules
from tripplan.format.model import Event, Itinerary, Trip
from tripplan.format.values import SLUG_PATTERN, intended_date, slug_advice
from tripplan.format.wording import close_key, comma_split, keys_of
from tripplan.format.yamldoc import Positions
from tripplan.problems import Path

_EVENT_KEYS = frozenset(keys_of(Event))
# The trip's required keys and what stands in for each while the rest is checked.
_TRIP_STAND_INS = {"id": "trip", "title": "(no title)"}
_ZONE_STAND_IN = "UTC"


def intended(err: ErrorDetails) -> Any:
    """The value meant by a wrong value whose meaning is clear, or None."""
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if ctx.get("intended") is not None:
        return ctx["intended"]
    kind = err["type"]
    if not isinstance(value, str):
        return None
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", ")
        lower = value.strip().lower()
        return lower if lower in choices else None
    if kind.startswith("date"):
        return intended_date(value)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        suggestion = slug_advice(value).rsplit("'", 2)[-2]
        return None if suggestion == "my-id" else suggestion
    if kind == "string_pattern_mismatch" and re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        return value.strip().upper()  # a country code: cn -> CN
    return None


class Repair:
    """The document being repaired, in its original shape, and what was set aside."""

    def __init__(self, data: dict[str, Any], positions: Positions) -> None:
        self.data = data
        self.positions = positions
        self.dropped_days: set[int] = set()
        self.dropped_events: set[tuple[int, int]] = set()
        self.unknown_zones: set[Path] = set()  # zones written that nothing could guess
        self.stand_in_trip: set[str] = set()  # trip keys given a stand-in value
        self._reported: set[tuple[Any, ...]] = set()
        self._copied: set[int] = set()  # ids of the containers copied already

    # --- the view that is validated --------------------------------------------------

    def view(self) -> tuple[dict[str, Any], list[int], list[list[int]]]:
        """The document without what was set aside, and where each day and event was."""
        days = self.data.get("days")
        if not isinstance(days, list):
            return self.data, [], []
        day_origin: list[int] = []
        event_origin: list[list[int]] = []
        kept = []
        for i, day in enumerate(days):
            if i in self.dropped_days:
                continue
            events = day.get("events") if isinstance(day, dict) else None
            origins = list(range(len(events))) if isinstance(events, list) else []
            if isinstance(events, list) and any((i, j) in self.dropped_events for j in origins):
                origins = [j for j in origins if (i, j) not in self.dropped_events]
                day = {**day, "events": [events[j] for j in origins]}
            kept.append(day)
            day_origin.append(i)
            event_origin.append(origins)
        if not self.dropped_days and not self.dropped_events:
            return self.data, day_origin, event_origin
        return {**self.data, "days": kept}, day_origin, event_origin

    @staticmethod
    def original(
        err: ErrorDetails, day_origin: list[int], event_origin: list[list[int]]
    ) -> ErrorDetails:
        """The error with list indexes of the view mapped back to the document's."""
        loc = list(err["loc"])
        if loc[:1] == ["days"] and len(loc) >= 2 and isinstance(loc[1], int):
            i = loc[1]
            if i < len(day_origin):
                loc[1] = day_origin[i]
                events = event_origin[i]
                if len(loc) >= 4 and isinstance(loc[3], int) and loc[3] < len(events):
                    loc[3] = events[loc[3]]
        return {**err, "loc": tuple(loc)}

    def new(self, errors: list[ErrorDetails]) -> list[ErrorDetails]:
        """The errors not reported in an earlier round."""
        fresh = []
        for err in errors:
            key = (err["loc"], err["type"], err["msg"])
            if key not in self._reported:
                self._reported.add(key)
                fresh.append(err)
        return fresh

    # --- one round of repairs --------------------------------------------------------

    def apply(self, errors: list[ErrorDetails], context: dict[str, Any]) -> list[ErrorDetails]:
        """Repair what `errors` (in the document's places) are about; returns the further
        errors to report (the key rules of events that became stand-ins)."""
        by_event: dict[tuple[int, int], list[ErrorDetails]] = {}
        for err in errors:
            loc = err["loc"]
            if len(loc) >= 4 and loc[0] == "days" and loc[2] == "events":
                by_event.setdefault((int(loc[1]), int(loc[3])), []).append(err)
            else:
                self._repair(err)
        more: list[ErrorDetails] = []
        for (i, j), event_errors in by_event.items():
            more += self._repair_event(i, j, event_errors, context)
        return self.new(more)

    def _repair(self, err: ErrorDetails) -> None:
        loc = tuple(err["loc"])
        meant = intended(err)
        on_key = bool(loc) and loc[-1] == "[key]"
        if on_key:
            loc = loc[:-1]
        if err["type"] == "extra_forbidden":
            self._unknown_key(loc)
        elif meant is not None:
            self._rename(loc, meant) if on_key else self.set(loc, meant)
        elif loc[:1] == ("days",) and len(loc) >= 2:
            self._repair_day(loc)
        elif loc[:1] in (("people",), ("venues",), ("vehicles",)) and len(loc) >= 2:
            self._repair_entry(loc, on_key)
        elif loc[:1] == ("contacts",) and len(loc) >= 2:
            # A stand-in keeps the list's indexes (and so the places of other problems);
            # internal, so that no view shows it.
            self.set(loc[:2], {"name": "?", "role": "other", "internal": True})
        elif loc[:1] == ("trip",):
            self._repair_trip(loc, err)
        elif loc[:1] and loc[0] in ("version", "people", "venues", "vehicles", "contacts", "days"):
            self.drop(loc[:1])  # the whole table has the wrong type
        else:
            self._repair_trip(("trip",), err)

    def _unknown_key(self, loc: Path) -> None:
        cut = comma_split(self.positions, loc)
        meant = close_key(loc)
        if cut is not None:
            key, whole = cut
            self.set((*loc[:-1], key), whole)
        elif meant is not None and _get(self.data, (*loc[:-1], meant)) is None:
            self.set((*loc[:-1], meant), _get(self.data, loc))  # "did you mean 'venue'?"
            self.positions.aliases[(*loc[:-1], meant)] = loc
        self.drop(loc)

    def _repair_day(self, loc: Path) -> None:
        i = int(loc[1])
        if len(loc) == 2 or loc[2] == "date":
            self.dropped_days.add(i)  # no date: nothing of the day can be placed in time
        else:
            self.drop(loc[:3])  # hotel, city, notes, or events not a list

    def _repair_entry(self, loc: Path, on_key: bool) -> None:
        table = self.data.get(str(loc[0]))
        if not isinstance(table, dict) or loc[1] not in table:
            return
        stand_in = {} if loc[0] == "vehicles" else {"name": str(loc[1])}
        if on_key or len(loc) == 2:
            if on_key or not isinstance(table[loc[1]], dict):
                # A bad id: nothing can refer to it. Not a mapping: a stand-in by name.
                table = dict(table)
                if on_key:
                    del table[loc[1]]
                else:
                    table[loc[1]] = stand_in
                self.data = {**self.data, str(loc[0]): table}
            return
        if loc[2] == "name":
            self.set(loc[:3], str(loc[1]))  # the id stands in for the name
        else:
            self.drop(loc[:3])

    def _repair_trip(self, loc: Path, err: ErrorDetails) -> None:
        trip = self.data.get("trip")
        if len(loc) < 2 or not isinstance(trip, dict):
            self.data = {**self.data, "trip": {}}
            for key in ("id", "title", "timezone", "start", "end"):
                self._stand_in(key)
            return
        key = str(loc[1])
        field = Trip.model_fields.get(key)
        if field is not None and not field.is_required():
            self.drop(loc[:2])  # e.g. a bad buffer: the default applies
        else:
            self._stand_in(key)

    def _stand_in(self, key: str) -> None:
        self.stand_in_trip.add(key)
        if key == "timezone":
            self.unknown_zones.add(("trip", "timezone"))
        if key in _TRIP_STAND_INS:
            value: Any = _TRIP_STAND_INS[key]
        elif key == "timezone":
            value = _ZONE_STAND_IN
        else:
            value = self._day_span(key)
        self.set(("trip", key), value)

    def _day_span(self, key: str) -> str:
        """The first or last date of the days, standing in for the trip's start or end."""
        dates = []
        for day in self.data.get("days") or []:
            written = day.get("date") if isinstance(day, dict) else None
            try:
                dates.append(date.fromisoformat(str(written)))
            except ValueError:
                continue
        trip = self.data.get("trip") or {}
        with suppress(ValueError):
            dates.append(date.fromisoformat(str(trip.get("start" if key == "end" else "end"))))
        if not dates:
            dates.append(date(2000, 1, 1))
        return (min(dates) if key == "start" else max(dates)).isoformat()

    # --- events ------------------------------------------------------------------------

    def _repair_event(
        self, i: int, j: int, errors: list[ErrorDetails], context: dict[str, Any]
    ) -> list[ErrorDetails]:
        path: Path = ("days", i, "events", j)
        raw = _get(self.data, path)
        if not isinstance(raw, dict):
            self.dropped_events.add((i, j))
            return []
        fixable = all(
            err["type"] == "extra_forbidden" or (intended(err) is not None and len(err["loc"]) > 4)
            for err in errors
        )
        fields = {k: v for k, v in raw.items() if k in _EVENT_KEYS and v is not None}
        bad: set[str] = set()
        unknown_zone = False
        for err in errors:
            loc = err["loc"]
            if len(loc) <= 4 or err["type"] == "key_rule":
                continue
            key = str(loc[4])
            if err["type"] == "extra_forbidden" and len(loc) > 5:
                fields[key] = _with(fields.get(key), loc[5:], _DROP)  # e.g. host: {phon: …}
                continue
            if err["type"] == "extra_forbidden":
                cut = comma_split(self.positions, loc)
                meant = close_key(loc)
                if cut is not None:
                    fields[cut[0]] = cut[1]
                elif meant is not None and fields.get(meant) is None:
                    fields[meant] = raw[key]  # "did you mean 'venue'?"
                    self.positions.aliases[(*path, meant)] = loc
                fields.pop(key, None)
                continue
            meant = intended(err)
            if meant is not None:
                fields[key] = _with(fields.get(key), loc[5:], meant)
            else:
                bad.add(key)
                unknown_zone |= err["type"] == "bad_timezone"
        if fixable:
            self.set(path, fields)
            return []
        return self._stand_in_event(path, raw, fields, bad, unknown_zone, context)

    def _stand_in_event(
        self,
        path: Path,
        raw: dict[str, Any],
        fields: dict[str, Any],
        bad: set[str],
        unknown_zone: bool,
        context: dict[str, Any],
    ) -> list[ErrorDetails]:
        written = {k for k in fields if k in _EVENT_KEYS}
        kind = fields.get("kind")
        if "kind" in bad:
            kind = None
        elif kind is None:
            kind = "travel" if written & {"from", "to", "mode", "service"} else "other"
        rules = [
            ErrorDetails(type="key_rule", loc=path, msg=message, input=raw, ctx={"key": key})
            for key, message in key_rules(
                written,
                kind,
                fields.get("attendees"),
                None if "mode" in bad else fields.get("mode"),
            )
        ]
        usable = {k: v for k, v in fields.items() if k not in bad}
        if usable.get("attendees") == []:
            del usable["attendees"]  # read as everyone, as the message suggests
        if "start" in usable:  # a fixed time wins over a window; a window needs a length
            usable.pop("window", None)
        if "window" in usable and "duration" not in usable:
            usable.pop("window", None)
        if "id" in bad or "id" not in usable:
            written_id = raw.get("id")
            usable["id"] = f"event-{int(path[3]) + 1}-of-day-{int(path[1]) + 1}"
        else:
            written_id = None
        usable.setdefault("title", f"(event {int(path[3]) + 1} of day {int(path[1]) + 1})")
        if "title" in bad:
            usable["title"] = str(raw.get("title"))[:80] or "(no title)"
        try:
            event = Event.model_validate(usable, context={**context, "partial": True})
        except ValidationError:
            self.dropped_events.add((int(path[1]), int(path[3])))
            return rules
        if isinstance(written_id, str) and written_id.strip():
            event.id = written_id.strip()  # messages name the event as the file does
        event.stand_in(times_unknown=unknown_zone)
        self.set(path, event)
        return rules

    # --- editing the document, copying what is shared ---------------------------------

    def set(self, loc: Path, value: Any) -> None:
        self._edit(loc, lambda holder, last: holder.__setitem__(last, value))

    def drop(self, loc: Path) -> None:
        self._edit(
            loc, lambda holder, last: holder.pop(last, None) if isinstance(holder, dict) else None
        )

    def _rename(self, loc: Path, new: Any) -> None:
        def rename(holder: Any, last: Any) -> None:
            if not isinstance(holder, dict) or last not in holder:
                return
            if new in holder:  # the id meant is taken: the bad one goes
                del holder[last]
                return
            items = list(holder.items())  # in place: the order of people matters
            holder.clear()
            holder.update((new if k == last else k, v) for k, v in items)
            self.positions.aliases[(*loc[:-1], new)] = loc

        self._edit(loc, rename)

    def _edit(self, loc: Path, change: Any) -> None:
        """Apply `change` to the container holding `loc`, copying each container on the
        way once (the document is shared with the caller; copying the venues again for
        each of 16,000 misspelt keys would be quadratic)."""
        if not loc:
            return
        *parents, last = loc
        if id(self.data) not in self._copied:
            self.data = dict(self.data)
            self._copied.add(id(self.data))
        holder: Any = self.data
        for step in parents:
            try:
                child = holder[step]
            except (KeyError, IndexError, TypeError):
                return
            if not isinstance(child, dict | list):
                return
            if id(child) not in self._copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                self._copied.add(id(child))
                holder[step] = child
            holder = child
        with suppress(IndexError, TypeError):
            change(holder, last)

    # --- the itinerary made ---------------------------------------------------------

    def finish(
        self, itinerary: Itinerary, day_origin: list[int], event_origin: list[list[int]]
    ) -> None:
        """Paths of days and events as in the file; what the stand-ins leave unknown."""
        zone_unknown = ("trip", "timezone") in self.unknown_zones
        for i, day in enumerate(itinerary.days):
            if i >= len(day_origin):
                break
            day._path = ("days", day_origin[i])
            for j, event in enumerate(day.events):
                event.moved(("days", day_origin[i], "events", event_origin[i][j]))
                if zone_unknown and (event.timezone or event.end_timezone):
                    # Its times cannot be compared with those in the unknown trip zone.
                    event._forget_times()
        itinerary._stand_ins = {f"trip.{key}" for key in self.stand_in_trip}


def _get(data: Any, loc: Path) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_DROP = object()


def _with(value: Any, inner: Path, meant: Any) -> Any:
    """`value` with the part at `inner` (e.g. (0,) of a window) replaced by `meant`, or
    removed if `meant` is _DROP."""
    if isinstance(value, dict) and len(inner) == 1 and meant is _DROP:
        return {k: v for k, v in value.items() if k != inner[0]}
    if not inner:
        return meant
    if isinstance(value, list) and isinstance(inner[0], int) and inner[0] < len(value):
        copy = list(value)
        copy[inner[0]] = _with(copy[inner[0]], inner[1:], meant)
        return copy
    if isinstance(value, dict) and inner[0] in value:
        return {**value, inner[0]: _with(value[inner[0]], inner[1:], meant)}
    return value
