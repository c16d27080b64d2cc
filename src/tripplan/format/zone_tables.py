"""The tables behind time-zone names: Windows names, abbreviations, city-looking names,
the tz database's own `zone.tab` and `iso3166.tab`, shipped in `tripplan/format/data`
(sources in the README there) or read from tzdata."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A city name -> the IANA zone of that city, or None (e.g. the gazetteer's lookup).
CityZone = Callable[[str], str | None]


# --- cities and countries ------------------------------------------------------------


def zone_of_city(city: str, lookup: CityZone | None = None) -> str | None:
    """The zone of a city: from the tables shipped here, then from `lookup`."""
    folded = fold(city)
    if not folded:
        return None
    found = city_zones().get(folded)
    if found is None and lookup is not None:
        found = lookup(city)
    return found


def country_zone(country: str) -> str | None:
    """The main zone of a country (the first zone.tab lists), e.g. CN -> Asia/Shanghai."""
    zones = country_zones().get(country.strip().upper())
    return zones[0] if zones else None


@cache
def country_zones() -> dict[str, list[str]]:
    zones: dict[str, list[str]] = {}
    for row in tz_table("zone.tab"):
        if len(row) >= 3:
            zones.setdefault(row[0], []).append(row[2])
    return zones


@cache
def zone_countries() -> dict[str, str]:
    return {zone: country for country, zones in country_zones().items() for zone in zones}


@cache
def country_names() -> dict[str, str]:
    return {row[0]: row[1] for row in tz_table("iso3166.tab") if len(row) >= 2}


def tz_table(name: str) -> list[list[str]]:
    """A table of the tz database (`zone.tab`, `iso3166.tab`), from tzdata or the system."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        try:
            with open(f"/usr/share/zoneinfo/{name}", encoding="utf-8") as system:
                text = system.read()
        except OSError:
            return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


# --- the tables ----------------------------------------------------------------------


def _rows(name: str) -> Iterable[tuple[list[str], list[str]]]:
    """Rows of a shipped table, each with the comment lines just above it."""
    text = resources.files("tripplan.format").joinpath("data", name).read_text("utf-8")
    comments: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif line.strip():
            yield line.split("\t"), comments
            comments = []


@cache
def windows_zones() -> dict[str, str]:
    """Windows zone name (folded) -> canonical IANA zone."""
    return {
        fold(row[0]): (row[2] if len(row) > 2 else row[1]) for row, _ in _rows("windows_zones.tsv")
    }


@cache
def abbreviations() -> dict[str, tuple[str, list[str]]]:
    """Abbreviation (upper case) -> (what it stands for, candidate zones, likeliest first)."""
    table: dict[str, tuple[str, list[str]]] = {}
    for row, comments in _rows("abbreviations.tsv"):
        meaning = next((c.split(":", 1)[1] for c in comments if c.startswith(f"{row[0]}:")), "")
        meaning = re.split(r": | / | \(|\. ", meaning.strip(), maxsplit=1)[0]
        table[row[0].upper()] = (meaning, row[1].split(","))
    return table


@cache
def zone_names() -> dict[str, str]:
    """City-looking `Region/City` names people write (lower case) -> the zone meant."""
    return {row[0].lower(): row[1] for row, _ in _rows("zone_names.tsv")}


@cache
def city_zones() -> dict[str, str]:
    """Folded city name -> zone: the cities in zone names, then those of the table."""
    cities: dict[str, str] = {}
    for name in sorted(canonical_names()):
        if "/" in name and not name.startswith("Etc/"):
            cities.setdefault(fold(name.rsplit("/", 1)[-1]), name)
    for written, zone in zone_names().items():
        cities.setdefault(fold(written.rsplit("/", 1)[-1]), zone)
    return cities


@cache
def available() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


@cache
def canonical_names() -> frozenset[str]:
    """Zone names that are not backward-compatibility links: what to suggest."""
    canonical_set = set(zone_countries()) | {"Etc/UTC"}
    return frozenset(canonical_set & available()) or available()


@cache
def lower_names() -> dict[str, str]:
    return {name.lower(): name for name in sorted(available())}


@cache
def _links() -> dict[str, str]:
    """Old name -> current name, from the tz database's `backward` links we ship."""
    links = {row[0].lower(): row[1] for row, _ in _rows("zone_names.tsv") if row[2] == "link"}
    links.update({row[1].lower(): row[2] for row, _ in _rows("windows_zones.tsv") if len(row) > 2})
    return links


def canonical(zone: str) -> str:
    """The current name of a zone written with an old one (Asia/Calcutta -> Asia/Kolkata)."""
    return _links().get(zone.lower(), zone)


def fold(text: str) -> str:
    """Lower case, accents, spaces and punctuation removed: "Hong_Kong" -> "hongkong"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


def zone_info(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
