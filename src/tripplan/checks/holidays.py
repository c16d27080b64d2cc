"""Public holidays per country and year, from the `holidays` package, cached on disk.

Importing `holidays` and computing a year costs about as much as the rest of a
`tripplan check` run, which staff start on every save; the dates of a country's year
never change for a given version of the package, so they are computed once.
"""

from __future__ import annotations

import functools
from datetime import date
from functools import lru_cache
from importlib import metadata

from tripplan import cache


@functools.cache
def _year(country: str, year: int) -> dict[str, str]:
    key = f"{country}-{year}"
    stored = _stored()
    days = stored.get(key)
    if isinstance(days, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in days.items()
    ):
        return days
    # Absent, or an entry of another shape (edited by hand): computed and rewritten.
    days = _compute(country, year)
    stored[key] = days
    cache.write_json(_file_name(), stored)
    return days


@lru_cache(maxsize=1)
def _file_name() -> str:
    try:
        version = metadata.version("holidays")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"holidays-{version}.json"


@lru_cache(maxsize=1)
def _stored() -> dict[str, dict[str, str]]:
    value = cache.read_json(_file_name())
    return value if isinstance(value, dict) else {}


def _compute(country: str, year: int) -> dict[str, str]:
    import holidays  # heavy: only when the cache does not have the year

    try:
        calendar = holidays.country_holidays(country, years=year)
    except (NotImplementedError, KeyError):
        return {}
    return {day.isoformat(): str(name) for day, name in sorted(calendar.items())}


def holiday(country: str, day: date) -> str | None:
    """The name of the public holiday on `day` in `country`, or None."""
    return _year(country, day.year).get(day.isoformat())
