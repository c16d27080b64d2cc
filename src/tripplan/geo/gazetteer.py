"""Offline gazetteer: curated transport hubs first, then the world's cities.

Two data files ship in `tripplan/geo/data`:

- `hubs.yaml`: a few dozen hubs and landmarks (airports, stations, boundary control
  points, government complexes, science parks) with WGS-84 coordinates and sources;
  small, parsed on first use.
- `cities.sqlite`: GeoNames cities above 15,000 people with their alternate names,
  built by `scripts/build_cities.py`; opened read-only, so opening costs milliseconds.

Names match as whole names after folding (see `normalize`), never as substrings.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tripplan.geo.normalize import hub_key, key

DATA = Path(__file__).with_name("data")
CITIES_DB = DATA / "cities.sqlite"
HUBS_YAML = DATA / "hubs.yaml"

# Which hub kinds a trailing class word in the query may refer to.
_CLASS_KINDS = {"airport": {"airport"}, "station": {"rail", "port"}, "port": {"port"}}


@dataclass(frozen=True)
class Match:
    """A gazetteer hit, saying where it came from and how precise it is."""

    name: str
    lat: float
    lon: float
    precision: Literal["exact", "city"]
    layer: Literal["gazetteer-hub", "gazetteer-city"]
    source: str
    matched: str  # the name or alias that matched the query
    id: str  # hub id, or "geonames:<geonameid>"
    city: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Hub:
    id: str
    name: str
    name_local: str | None
    aliases: tuple[str, ...]
    kind: str
    city: str
    country: str
    lat: float
    lon: float
    source: str


class Gazetteer:
    """Look up hubs and cities offline. Cheap to create; data are opened on first use."""

    def __init__(self, cities_db: Path = CITIES_DB, hubs_yaml: Path = HUBS_YAML) -> None:
        self._cities_path = cities_db
        self._hubs_path = hubs_yaml
        self._db: sqlite3.Connection | None = None
        self._hubs: list[Hub] | None = None
        # hub_key base -> [(hub, class of that name, the name)]
        self._hub_index: dict[str, list[tuple[Hub, str | None, str]]] = {}

    # --- data ---------------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            uri = self._cities_path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def hubs(self) -> list[Hub]:
        if self._hubs is None:
            from tripplan.format.sources import read_document

            # The one YAML reader, with its limits, for this file too.
            document = read_document(self._hubs_path)
            assert not document.problems, document.problems
            raw: dict[str, Any] = document.data
            hubs = [_hub(entry) for entry in raw["hubs"]]
            index: dict[str, list[tuple[Hub, str | None, str]]] = {}
            for hub in hubs:
                names = [hub.name, *([hub.name_local] if hub.name_local else []), *hub.aliases]
                seen: set[tuple[str, str | None]] = set()
                for name in names:
                    base, cls = hub_key(name)
                    if base and (base, cls) not in seen:
                        seen.add((base, cls))
                        index.setdefault(base, []).append((hub, cls, name))
            self._hub_index = index
            self._hubs = hubs
        return self._hubs

    # --- lookup -------------------------------------------------------------------

    def lookup(
        self, query: str, *, city: str | None = None, country: str | None = None
    ) -> Match | None:
        """The best hub, else the best city, whose name equals `query` after folding."""
        country = country.strip().upper() if country else None
        hub = self.lookup_hub(query, city=city, country=country)
        if hub is not None:
            return hub
        return self.lookup_city(query, country=country)

    def lookup_hub(
        self, query: str, *, city: str | None = None, country: str | None = None
    ) -> Match | None:
        self.hubs  # noqa: B018 - loads the index
        base, cls = hub_key(query)
        if not base:
            return None
        entries = self._hub_index.get(base, [])
        # 1. same name and same class ("Hangzhou East Station" = "Hangzhou East Railway Station")
        hits = [e for e in entries if e[1] == cls]
        # 2. class word given on one side only, where the hub's kind fits it
        if not hits and cls is not None:
            hits = [e for e in entries if e[1] is None and e[0].kind in _CLASS_KINDS[cls]]
        if not hits and cls is None and entries and not self._is_city_name(base):
            # "Hangzhou East" -> Hangzhou East Railway Station, but "Hangzhou" stays a city
            hits = entries
        if not hits:
            return None
        hub, _, name = min(hits, key=lambda e: self._hub_rank(e[0], city, country))
        return Match(
            name=hub.name,
            lat=hub.lat,
            lon=hub.lon,
            precision="exact",
            layer="gazetteer-hub",
            source=f"tripplan hubs.yaml ({hub.id}): {hub.source}",
            matched=name,
            id=hub.id,
            city=hub.city,
            country=hub.country,
        )

    def lookup_city(self, query: str, *, country: str | None = None) -> Match | None:
        k = key(query)
        if not k:
            return None
        row = self._best_city(k, country)
        if row is None:
            for suffix in ("city", "shi", "市"):
                if k.endswith(suffix) and len(k) > len(suffix):
                    row = self._best_city(k[: -len(suffix)], country)
                    if row is not None:
                        break
        if row is None:
            return None
        gid, name, cc, lat, lon, population = row
        return Match(
            name=name,
            lat=lat,
            lon=lon,
            precision="city",
            layer="gazetteer-city",
            source=f"GeoNames (CC-BY 4.0) geonameid {gid}, population {population}",
            matched=query,
            id=f"geonames:{gid}",
            city=name,
            country=cc,
        )

    def city_zone(self, query: str, *, country: str | None = None) -> str | None:
        """The IANA time zone of the most populous city named `query` (GeoNames' own)."""
        k = key(query)
        if not k:
            return None
        row = self.db.execute(
            "SELECT c.timezone FROM names n JOIN cities c ON c.geonameid = n.geonameid"
            " WHERE n.key = ? ORDER BY (c.country = ?) DESC, c.population DESC, c.geonameid"
            " LIMIT 1",
            (k, (country or "").strip().upper()),
        ).fetchone()
        return str(row[0]) if row and row[0] else None

    # --- helpers ------------------------------------------------------------------

    def _best_city(
        self, k: str, country: str | None
    ) -> tuple[int, str, str, float, float, int] | None:
        row = self.db.execute(
            "SELECT c.geonameid, c.name, c.country, c.lat, c.lon, c.population"
            " FROM names n JOIN cities c ON c.geonameid = n.geonameid WHERE n.key = ?"
            " ORDER BY (c.country = ?) DESC, c.population DESC, c.geonameid LIMIT 1",
            (k, country or ""),
        ).fetchone()
        if row is None:
            return None
        return (int(row[0]), str(row[1]), str(row[2]), float(row[3]), float(row[4]), int(row[5]))

    def _is_city_name(self, k: str) -> bool:
        return (
            self.db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (k,)).fetchone()
            is not None
        )

    def _hub_rank(self, hub: Hub, city: str | None, country: str | None) -> tuple[int, int]:
        in_city = 0 if city is None or self._same_city(hub.city, city) else 1
        in_country = 0 if country is None or hub.country == country else 1
        return (in_country, in_city)

    def _same_city(self, a: str, b: str) -> bool:
        ka, kb = key(a), key(b)
        if ka == kb:
            return True
        ids = self.db.execute(
            "SELECT geonameid FROM names WHERE key = ?"
            " INTERSECT SELECT geonameid FROM names WHERE key = ?",
            (ka, kb),
        ).fetchone()
        return ids is not None


def _hub(entry: dict[str, Any]) -> Hub:
    lat, lon = entry["location"]
    return Hub(
        id=str(entry["id"]),
        name=str(entry["name"]),
        name_local=str(entry["name_local"]) if entry.get("name_local") else None,
        aliases=tuple(str(a) for a in entry.get("aliases") or ()),
        kind=str(entry.get("kind", "venue")),
        city=str(entry["city"]),
        country=str(entry["country"]),
        lat=float(lat),
        lon=float(lon),
        source=str(entry.get("source", "approximate")),
    )
