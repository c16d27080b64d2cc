"""Time-zone names: which IANA zone a written zone most likely means.

Staff write what their calendar shows them: a city (`Hangzhou`, `Asia/Beijing`), an
abbreviation (`HKT`, `CST`), an offset (`GMT+8`), or the Windows name Outlook uses
(`China Standard Time`). String similarity gets these wrong (`Asia/Hangzhou` is not a
typo of `Asia/Yangon`), so the guesses come from the domain, in this order:

1. the same name in other letter case;
2. a Windows name (CLDR windowsZones, territory 001);
3. an abbreviation, resolved by where the trip's venues are when it has several meanings;
4. a UTC offset: the zones with that offset where the trip's venues are;
5. a `Region/City` name that is not a zone (`Asia/Hangzhou`), or a bare city name: the
   zone of that city (a table of common cases, the cities of the zones themselves, then
   the gazetteer the caller may pass, e.g. GeoNames cities with their zones);
6. only then a close spelling of a zone name (`Asia/Shangai`).

The tables ship in `tripplan/format/data` with their sources (see the README there).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tripplan.format.zone_tables import (
    CityZone,
    abbreviations,
    canonical,
    canonical_names,
    country_names,
    country_zone,
    fold,
    lower_names,
    windows_zones,
    zone_countries,
    zone_info,
    zone_names,
    zone_of_city,
)


@dataclass(frozen=True, slots=True)
class ZoneGuess:
    """What a written zone most likely means, and the advice that says so."""

    zone: str | None  # the intended IANA zone, when one is clear enough to check with
    advice: str  # what to write, to follow "'X' is not an IANA time zone name; "


@dataclass
class ZoneContext:
    """Where a trip takes place, to tell which of several meanings a zone name has.

    Learnt from the itinerary's raw `data` only when a zone needs guessing: the venues'
    `(city, country)`, how many events use each, the valid zones the file writes.
    `city_zone` finds a city's zone beyond the built-in tables (the gazetteer); `focus`
    holds the venues of the event whose zone is being guessed, which come first.
    """

    data: dict[str, Any] = field(default_factory=dict)
    city_zone: CityZone | None = None
    focus: tuple[str, ...] = ()
    _facts: list[_Facts] = field(default_factory=list)  # shared by the focused copies
    _zones: dict[str, str | None] = field(default_factory=dict)  # venue id -> zone

    def focused(self, venue_ids: Iterable[str]) -> ZoneContext:
        """The same trip, guessing for an event at these venues."""
        return replace(self, focus=tuple(venue_ids))

    @property
    def facts(self) -> _Facts:
        if not self._facts:
            self._facts.append(_Facts.of(self.data))
        return self._facts[0]

    @property
    def when(self) -> datetime | None:
        return self.facts.when

    def zone_of(self, venue_id: str) -> str | None:
        if venue_id not in self._zones:
            city, country = self.facts.venues.get(venue_id, (None, None))
            zone = (city and zone_of_city(city, self.city_zone)) or (
                country and country_zone(country)
            )
            self._zones[venue_id] = canonical(zone) if zone else None
        return self._zones[venue_id]

    @property
    def venue_zones(self) -> list[str]:
        """The zones of the event's venues, then those of the trip (and the valid zones
        the file writes), the most used first."""
        return self._zones_in(with_written=True)

    def _zones_in(self, *, with_written: bool) -> list[str]:
        counts: Counter[str] = Counter()
        for vid in self.facts.venues:
            zone = self.zone_of(vid)
            if zone:
                counts[zone] += self.facts.uses.get(vid, 0) + 1
        for zone in self.facts.known if with_written else ():
            counts[canonical(zone)] += 1
        first = [z for z in (self.zone_of(v) for v in self.focus) if z]
        return list(dict.fromkeys([*first, *(z for z, _ in counts.most_common())]))

    @property
    def places_zones(self) -> list[str]:
        """The zones of the venues alone."""
        return self._zones_in(with_written=False)


@dataclass(frozen=True, slots=True)
class _Facts:
    venues: dict[str, tuple[str | None, str | None]]
    uses: Counter[str]
    known: list[str]
    when: datetime | None

    @classmethod
    def of(cls, data: dict[str, Any]) -> _Facts:
        venues: dict[str, tuple[str | None, str | None]] = {}
        table = data.get("venues")
        for vid, venue in table.items() if isinstance(table, dict) else ():
            if isinstance(venue, dict):
                city, country = venue.get("city"), venue.get("country")
                venues[str(vid)] = (
                    city if isinstance(city, str) else None,
                    country if isinstance(country, str) else None,
                )
        uses: Counter[str] = Counter()
        known: list[str] = []
        days = data.get("days")
        for day in days if isinstance(days, list) else ():
            events = day.get("events") if isinstance(day, dict) else None
            for event in events if isinstance(events, list) else ():
                if not isinstance(event, dict):
                    continue
                uses.update(
                    v for k in ("venue", "from", "to") if isinstance(v := event.get(k), str)
                )
                known += [
                    z
                    for z in (event.get("timezone"), event.get("end_timezone"))
                    if isinstance(z, str) and zone_info(z) is not None
                ]
        trip = data.get("trip")
        when = None
        try:
            start = date.fromisoformat(str(trip.get("start"))) if isinstance(trip, dict) else None
        except ValueError:
            start = None
        if start is not None:
            when = datetime(start.year, start.month, start.day, 12, tzinfo=UTC)
        return cls(venues, uses, known, when)


def guess_zone(written: str, context: ZoneContext | None = None) -> ZoneGuess | None:
    """The likely meaning of `written`, which is not a zone name; None if nothing fits."""
    context = context or ZoneContext()
    text = " ".join(written.split())
    if not text:
        return None
    for guess in (
        _other_case(text),
        _windows(text),
        _abbreviation(text, context),
        _offset(text, context),
        _city(text, context),
        _close_spelling(text),
    ):
        if guess is not None:
            return guess
    zones = context.places_zones
    if zones:
        return ZoneGuess(
            zones[0], f"write the zone of the place as Region/City, e.g. {zones[0]} (the venues')"
        )
    return None


# --- the guesses, in order -----------------------------------------------------------


def _other_case(text: str) -> ZoneGuess | None:
    found = lower_names().get(text.lower())
    if found is None:
        return None
    return ZoneGuess(found, f"zone names are case-sensitive: write {found}")


def _windows(text: str) -> ZoneGuess | None:
    found = windows_zones().get(fold(text))
    if found is None:
        return None
    return ZoneGuess(found, f"it is the Windows (Outlook) name of {found}: write {found}")


def _abbreviation(text: str, context: ZoneContext) -> ZoneGuess | None:
    entry = abbreviations().get(text.upper())
    if entry is None:
        return None
    meaning, candidates = entry
    meanings = _by_meaning(candidates, context)
    if len(meanings) == 1:
        first = candidates[0]
        stands = f" of {meaning}" if meaning else ""
        also = f" (or {_listed(candidates[1:3])})" if len(candidates) > 1 else ""
        return ZoneGuess(first, f"it is the abbreviation{stands}: write {first}{also}")
    several = "it is an abbreviation with several meanings"
    zones = _at_venues(candidates, context)
    if zones:
        chosen = _standard(zones[0], context)
        others = [z for z in meanings if _standard(z, context) != chosen]
        return ZoneGuess(
            zones[0],
            f"{several}; the trip's venues on that clock are in {zones[0]}: write {zones[0]} "
            f"({text.upper()} also means {_labelled(others[:3])})",
        )
    return ZoneGuess(None, f"{several}: write the zone you mean, {_labelled(meanings[:4])}")


_OFFSET = re.compile(
    r"^\(?\s*(?:UTC|GMT|UT|Z)?\s*([+\-−])\s*(\d{1,2})(?:\s*[:.h]?\s*(\d{2}))?\s*\)?\s*(.*)$",
    re.IGNORECASE,
)


def _offset(text: str, context: ZoneContext) -> ZoneGuess | None:
    match = _OFFSET.match(text)
    if match is None:
        return None
    sign, hours, minutes, rest = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset > timedelta(hours=14) or (minutes and int(minutes) >= 60):
        return None
    if sign != "+":
        offset = -offset
    shown = _offset_text(offset)
    what = "it is a UTC offset"
    why = "(a zone also knows the place's holidays and daylight saving)"
    at_venues = [z for z in context.venue_zones if _utcoffset(z, context) == offset]
    if at_venues:
        first, *others = at_venues
        besides = f", or {_listed(others)} for events there" if others else ""
        return ZoneGuess(
            first,
            f"{what}; the trip's venues on {shown} are in {_listed(at_venues, 'and')}: "
            f"write {first}{besides} {why}",
        )
    # "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", as Windows lists zones.
    for city in (c.strip() for c in rest.split(",")):
        zone = zone_of_city(city, context.city_zone) if city else None
        if zone and _utcoffset(zone, context) == offset:
            return ZoneGuess(zone, f"{what}; for {city} write {zone} {why}")
    example = _example_at(offset, context)
    if offset % timedelta(hours=1):
        hint = f", e.g. {example}" if example else ""
        return ZoneGuess(example, f"{what}: write the zone of the place{hint} {why}")
    hours_east = offset // timedelta(hours=1)
    fixed = f"Etc/GMT{'-' if hours_east > 0 else '+'}{abs(hours_east)}" if hours_east else "Etc/UTC"
    place = f"the zone of the place (e.g. {example}), or " if example else ""
    return ZoneGuess(
        fixed, f"{what}: write {place}{fixed} for a fixed {shown} (IANA writes the sign inverted)"
    )


_REGIONS = frozenset(
    {"africa", "america", "antarctica", "arctic", "asia", "atlantic", "australia", "europe"}
    | {"indian", "pacific", "etc"}
)
_TIME_WORDS = re.compile(r"\s+(?:standard\s+|summer\s+|daylight\s+)?time$", re.IGNORECASE)


def _city(text: str, context: ZoneContext) -> ZoneGuess | None:
    known = zone_names().get(text.lower())
    if known is not None:
        return _spelling_or_city(text, known)
    # The city decides, not the region ("Europe/Hangzhou" is still Hangzhou), as long as
    # the region is one of the tz database's: "Moon/Base" is no town called Base.
    if "/" in text and text.split("/", 1)[0].lower() not in _REGIONS:
        return None
    city = _TIME_WORDS.sub("", text.rsplit("/", 1)[-1].replace("_", " "))
    zone = zone_of_city(city, context.city_zone)
    return None if zone is None else _spelling_or_city(text, zone)


def _spelling_or_city(text: str, zone: str) -> ZoneGuess:
    if "/" not in text:
        return ZoneGuess(zone, f"it is a place, not a zone: write {zone}")
    city = text.rsplit("/", 1)[-1].replace("_", " ")
    written, meant = fold(city), fold(zone.rsplit("/", 1)[-1])
    if difflib.SequenceMatcher(None, written, meant).ratio() >= 0.8:
        return ZoneGuess(zone, f"did you mean '{zone}'?")  # a misspelling of the zone's city
    return ZoneGuess(zone, f"{city} keeps the time of {zone}: write {zone}")


def _close_spelling(text: str) -> ZoneGuess | None:
    close = difflib.get_close_matches(text, sorted(canonical_names()), n=1, cutoff=0.8)
    if not close:
        return None
    return ZoneGuess(close[0], f"did you mean '{close[0]}'?")


# --- words -----------------------------------------------------------------------------


def _moment(context: ZoneContext) -> datetime:
    return context.when or datetime(2025, 1, 15, 12, tzinfo=UTC)


def _utcoffset(name: str, context: ZoneContext) -> timedelta | None:
    zone = zone_info(name)
    return None if zone is None else _moment(context).astimezone(zone).utcoffset()


def _standard(name: str, context: ZoneContext) -> timedelta | None:
    """The zone's offset without daylight saving: what one meaning of an abbreviation keeps."""
    zone = zone_info(name)
    if zone is None:
        return None
    local = _moment(context).astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    return None if offset is None else offset - (dst or timedelta(0))


def _at_venues(candidates: list[str], context: ZoneContext) -> list[str]:
    """The trip's venue zones that keep the clock of one of `candidates`."""
    if not context.venue_zones:
        return []
    offsets = {_utcoffset(c, context) for c in candidates}
    same = [z for z in context.venue_zones if z in candidates]
    return same or [z for z in context.venue_zones if _utcoffset(z, context) in offsets]


def _by_meaning(candidates: list[str], context: ZoneContext) -> list[str]:
    """The first candidate of each standard offset: one per meaning."""
    seen: dict[Any, str] = {}
    for zone in candidates:
        seen.setdefault(_standard(zone, context), zone)
    return list(seen.values())


def _labelled(zones: list[str]) -> str:
    labels = []
    for zone in zones:
        country = zone_countries().get(zone)
        name = country_names().get(country, "") if country else ""
        labels.append(f"{zone} ({name})" if name else zone)
    return _listed(labels)


def _listed(items: list[str], last: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _example_at(offset: timedelta, context: ZoneContext) -> str | None:
    """A zone whose standard time is `offset`: the most used zone of an abbreviation's
    meaning first, then the Windows table's, which has one for most offsets."""
    heads = [zones[0] for _, zones in abbreviations().values()]
    for zone in dict.fromkeys([*heads, *windows_zones().values()]):
        if not zone.startswith("Etc/") and _standard(zone, context) == offset:
            return zone
    return None
