"""Where each venue is: its own coordinates, else the office's registry, else the
gazetteer shipped with tripplan, else (only when asked) an online geocoder.

Every answer says which layer it came from and how precise it is, as a `Found`. The
offline layers (`OfflineGeocoder`) are plain lookups; geopy, with its providers
(Nominatim, Photon, ArcGIS, ...), is imported only when an online provider is asked for:
`check` locates venues offline on every save, and geopy is a tenth of its start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.errors import TripplanError
from tripplan.format.model import Venue
from tripplan.geo.distance import great_circle_km
from tripplan.geo.found import Found
from tripplan.geo.gazetteer import Gazetteer
from tripplan.geo.normalize import key

if TYPE_CHECKING:
    from tripplan.geo.online import NOMINATIM_DELAY, ONLINE_BUDGET, Online

__all__ = [
    "MAX_KM_FROM_CITY",
    "NOMINATIM_DELAY",
    "ONLINE_BUDGET",
    "Found",
    "OfflineGeocoder",
    "Online",
    "Registry",
    "locate",
]


def __getattr__(name: str) -> Any:
    # The online layer (and geopy with it) is imported when it is asked for, not by `check`.
    if name in ("NOMINATIM_DELAY", "ONLINE_BUDGET", "Online"):
        from tripplan.geo import online

        return getattr(online, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A result further than this from the venue's stated city is more likely the wrong place
# of the same name (the classic "Hilton" in another country) than the venue.
MAX_KM_FROM_CITY = 80.0


# --- the office's registry ------------------------------------------------------------


class Registry:
    """Venues an office reuses across trips (same keys as `venues`), found by id, name,
    local name or alias."""

    def __init__(self, venues: Mapping[str, Venue], source: str) -> None:
        self.venues = dict(venues)
        self.source = source
        self._index: dict[str, str] = {}
        for vid, venue in venues.items():
            for name in (vid, venue.name, venue.name_local, *venue.aliases):
                if name and key(name):
                    self._index.setdefault(key(name), vid)

    @classmethod
    def load(cls, path: Path) -> Registry:
        """The registry in `path`, read as itineraries are (same limits); TripplanError
        naming the file, line and what is wrong if it cannot be used."""
        from pydantic import ValidationError

        from tripplan.format.model import Venue as VenueModel
        from tripplan.format.sources import read_document

        document = read_document(path)
        errors = [p for p in document.problems if p.severity == "error"]
        if errors:
            first = errors[0]
            where = f"{path}:{first.line}:{first.column}" if first.line else str(path)
            raise TripplanError(f"{where}: {first.message} (fix the office's venue registry)")
        data = document.data
        table = data.get("venues") if isinstance(data, dict) else None
        if not isinstance(table, dict):
            raise TripplanError(f"{path}: a venue registry has a top-level 'venues:' mapping")
        venues = {}
        for vid, entry in table.items():
            try:
                venues[vid] = VenueModel.model_validate(entry)
            except ValidationError as e:
                error = e.errors(include_url=False)[0]
                loc = ("venues", vid, *error["loc"])
                mark = document.positions.locate(loc)
                where = f"{path}:{mark[0]}:{mark[1]}" if mark else str(path)
                key = ".".join(str(step) for step in error["loc"])
                raise TripplanError(
                    f"{where}: venue '{vid}'{f' {key}' if key else ''}: {error['msg']} "
                    "(fix the office's venue registry)"
                ) from None
        return cls(venues, str(path))

    def lookup(self, query: str) -> tuple[str, Venue] | None:
        vid = self._index.get(key(query))
        if vid is None:
            return None
        venue = self.venues[vid]
        return (vid, venue) if venue.location is not None else None


# --- the offline layers -----------------------------------------------------------------


class OfflineGeocoder:
    """Registry, then gazetteer: no network, ever."""

    def __init__(
        self, registry: Registry | None = None, gazetteer: Gazetteer | None = None
    ) -> None:
        self.registry = registry
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer()
        return self._gazetteer

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: float | None = None,
        city: str | None = None,
        country: str | None = None,
        cities: bool = True,
    ) -> Found | None:
        """The place `query` names: the registry's venue, a gazetteer hub, else (with
        `cities`) a city of the gazetteer."""
        if self.registry is not None:
            hit = self.registry.lookup(query)
            if hit is not None:
                vid, venue = hit
                assert venue.location is not None
                source = f"{self.registry.source} ({vid})"
                location = venue.location
                return Found(location.lat, location.lon, "registry", "exact", source, query)
        match = self.gazetteer.lookup_hub(query, city=city, country=country)
        if match is None and cities:
            match = self.gazetteer.lookup_city(query, country=country)
        if match is None:
            return None
        return Found(
            match.lat, match.lon, match.layer, match.precision, match.source, match.matched
        )


# --- one venue --------------------------------------------------------------------------


def locate(
    vid: str,
    venue: Venue,
    offline: OfflineGeocoder,
    online: Online | None = None,
) -> Found | None:
    """The venue's place: as written, else registry/gazetteer/online, else its city."""
    if venue.location is not None:
        return Found(venue.location.lat, venue.location.lon, "trip", "exact", "the itinerary")
    names = [n for n in (venue.name, venue.name_local, *venue.aliases, vid) if n]
    found = None
    for name in names:
        found = offline.geocode(name, city=venue.city, country=venue.country, cities=False)
        if found is not None:
            break
    if found is None and online is not None:
        query = ", ".join(p for p in (venue.name, venue.address, venue.city, venue.country) if p)
        found = online.lookup(query)
    if found is None and venue.city:
        found = offline.geocode(venue.city, country=venue.country)
        if found is not None:
            return Found(found.lat, found.lon, found.layer, "city", found.source, venue.city)
    if found is None:
        return None
    return _checked_against_city(found, venue, offline)


def _checked_against_city(found: Found, venue: Venue, offline: OfflineGeocoder) -> Found:
    if not venue.city:
        return found
    centre = offline.gazetteer.lookup_city(venue.city, country=venue.country)
    if centre is None:
        return found
    km = great_circle_km((found.lat, found.lon), (centre.lat, centre.lon))
    refused = (
        f"{km:.0f} km from {venue.city}: probably another place of that name"
        if km > MAX_KM_FROM_CITY
        else None
    )
    return Found(
        found.lat, found.lon, found.layer, found.precision, found.source, found.matched, km, refused
    )
