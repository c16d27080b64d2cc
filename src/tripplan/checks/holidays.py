"""Public holidays per country and year, from the `holidays` package, cached on disk.

Importing `holidays` and computing a year costs about as much as the rest of a
`tripplan check` run, which staff start on every save; the dates of a country's year
never change for a given version of the package, so they are computed once.
"""

from __future__ import annotations

import functools
import os
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

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
    return f"holidays-{_installed_version()}.json"


def _installed_version() -> str:
    """The version of the installed `holidays`, from its `.dist-info` folder's name.

    `importlib.metadata` would say the same but costs a tenth of `check`'s start-up to
    import; the folder's name is fixed by the packaging standard (name-version.dist-info).
    """
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return "unknown"
    package = Path(spec.origin).parent
    found = [
        name
        for name in os.listdir(package.parent)
        if name.startswith("holidays-") and name.endswith(".dist-info")
    ]
    if len(found) == 1:
        return found[0].removeprefix("holidays-").removesuffix(".dist-info")
    # No metadata folder, or several (a broken install): the package's own files say
    # whether it changed.
    return f"files-{(package / '__init__.py').stat().st_mtime_ns}"


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
