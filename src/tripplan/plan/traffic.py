"""Car speed by the time of day: ten kilometres at 08:30 take longer than at 11:00.

A `Profile` gives the car's speed, period by period, as a factor of the travel model's
daytime speed: one table for working days, one for days off (Saturdays, Sundays and
public holidays). A drive is measured by its length at factor 1 (seconds); leaving at t
it ends where the integral of the factor from t reaches that length. The integral grows
strictly, so leaving later never arrives earlier (the FIFO property), and a drive that
straddles the start of a rush hour is slowed only for the part inside it (the
time-dependent model of Ichoua, Gendreau and Potvin, 2003).

The built-in profiles and where their numbers come from are in the README ("Travel
times"); in short, relative to the daytime average (factor 1):

* mainland large cities: the commute peaks of Amap's reports (07:00-09:00, 17:00-19:00)
  widened by Hangzhou's restriction hours and Guangzhou's 07:30-09:00 commute window;
  the levels from the Guangzhou Transport Bureau's monthly reports (weekday average
  30.50 km/h, morning commute 28.86, evening 26.67 in April 2021; 32.26, 30.60, 28.22 in
  May 2024: about 0.95 and 0.87 of the average), rounded down to 0.85 and 0.80 as the
  reports average the whole network and delegations drive into its busiest districts;
  weekends slow from 14:00 (Shenzhen Transport Bureau, 2023);
* Hong Kong: the Transport Department's morning peak window (08:00-09:30) and the
  Travel Characteristics Survey's busiest hours (8-9 am, 6-7 pm); trunk roads at about
  21 km/h in both peaks on the Island and in Kowloon (LegCo reply LCQ17, 2021), against
  about 24 km/h for urban car journeys in general: 0.80 at the peaks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from tripplan.format.values import parse_hours

DAY = 24 * 60

# (minute of the day a period begins, speed factor), the first at 0, in order.
Periods = tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """Speed factors by time of day, for working days and days off."""

    name: str
    workday: Periods
    day_off: Periods

    def with_factors(
        self, workday: dict[str, float] | None, day_off: dict[str, float] | None
    ) -> Profile:
        """This profile with the given hours ({"07:30-09:30": 0.6}) set to other factors."""
        return Profile(
            self.name, _override(self.workday, workday), _override(self.day_off, day_off)
        )

    def periods(self, off: bool) -> Periods:
        return self.day_off if off else self.workday


def _hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _table(*rows: tuple[str, float]) -> Periods:
    return tuple((_hm(at), factor) for at, factor in rows)


# Weekday: night, early, shoulder, morning peak, shoulder, off-peak (the Guangzhou
# reports imply about 1.03 of the weekday average), shoulder, evening peak, shoulder,
# evening, night. Days off: no commute; slow from 14:00 to 20:00, as Shenzhen's bureau
# found weekend afternoons (peak speed 25.3 km/h, as slow as weekdays' 24.8).
MAINLAND = Profile(
    "mainland",
    workday=_table(
        ("00:00", 1.25),
        ("06:00", 1.10),
        ("07:00", 0.95),
        ("07:30", 0.85),
        ("09:00", 0.95),
        ("09:30", 1.05),
        ("16:30", 0.95),
        ("17:00", 0.80),
        ("19:00", 0.95),
        ("20:00", 1.10),
        ("22:00", 1.25),
    ),
    day_off=_table(
        ("00:00", 1.25),
        ("07:00", 1.10),
        ("10:00", 1.00),
        ("14:00", 0.85),
        ("20:00", 0.95),
        ("22:00", 1.20),
    ),
)
HONG_KONG = Profile(
    "hong-kong",
    workday=_table(
        ("00:00", 1.25),
        ("06:00", 1.10),
        ("07:00", 1.00),
        ("08:00", 0.80),
        ("09:30", 0.95),
        ("10:00", 1.05),
        ("17:00", 0.95),
        ("17:30", 0.80),
        ("19:30", 0.95),
        ("20:30", 1.10),
        ("22:00", 1.25),
    ),
    day_off=_table(
        ("00:00", 1.25),
        ("07:00", 1.10),
        ("10:00", 1.00),
        ("14:00", 0.90),
        ("20:00", 0.95),
        ("22:00", 1.20),
    ),
)
NONE = Profile("none", ((0, 1.0),), ((0, 1.0),))
PROFILES = {p.name: p for p in (MAINLAND, HONG_KONG, NONE)}


def _override(periods: Periods, factors: dict[str, float] | None) -> Periods:
    if not factors:
        return periods
    minute = [0.0] * DAY
    bounds = [at for at, _ in periods] + [DAY]
    for (at, factor), until in zip(periods, bounds[1:], strict=True):
        minute[at:until] = [factor] * (until - at)
    for hours, factor in factors.items():
        start, end = parse_hours(hours)
        spans = [(start, end)] if start < end else [(start, DAY), (0, end)]
        for a, b in spans:
            minute[a:b] = [factor] * (b - a)
    table = [(0, minute[0])]
    for at in range(1, DAY):
        if minute[at] != table[-1][1]:
            table.append((at, minute[at]))
    return tuple(table)


def describe(factor: float) -> str:
    """How the roads are, in a word, for a drive's average factor ("" when ordinary)."""
    if factor < 0.9:
        return "peak"
    if factor < 0.98:
        return "busy"
    if factor > 1.15:
        return "light traffic"
    return ""


class Clock:
    """A profile laid out on real time (seconds since the epoch) over consecutive days.

    Before the first day and after the last, the factors at the ends carry on.
    """

    __slots__ = ("area", "factors", "times")

    def __init__(self, profile: Profile, zone: ZoneInfo, first: date, days_off: tuple[bool, ...]):
        times: list[float] = []
        factors: list[float] = []
        for i, off in enumerate(days_off):
            day = first + timedelta(days=i)
            for at, factor in profile.periods(off):
                moment = datetime.combine(day, time(at // 60, at % 60), zone).timestamp()
                if times and moment <= times[-1]:
                    continue  # a clock change: the hour that does not exist
                if factors and factors[-1] == factor:
                    continue
                times.append(moment)
                factors.append(factor)
        area = [0.0]
        for i in range(1, len(times)):
            area.append(area[-1] + (times[i] - times[i - 1]) * factors[i - 1])
        self.times, self.factors, self.area = times, factors, area

    def _integral(self, t: float) -> float:
        i = bisect_right(self.times, t) - 1
        if i < 0:
            return (t - self.times[0]) * self.factors[0]
        return self.area[i] + (t - self.times[i]) * self.factors[i]

    def _inverse(self, value: float) -> float:
        j = bisect_right(self.area, value) - 1
        if j < 0:
            return self.times[0] + value / self.factors[0]
        return self.times[j] + (value - self.area[j]) / self.factors[j]

    def drive_end(self, start: float, drive: float) -> float:
        """When a drive of `drive` seconds at factor 1 leaving at `start` ends."""
        return self._inverse(self._integral(start) + drive)

    def drive_start(self, end: float, drive: float) -> float:
        """The latest start of a drive of `drive` seconds at factor 1 ending by `end`."""
        return self._inverse(self._integral(end) - drive)

    def factor(self, t: float) -> float:
        return self.factors[max(0, bisect_right(self.times, t) - 1)]

    def fastest(self, since: float, until: float) -> float:
        """The highest factor between `since` and `until`."""
        return max(self._between(since, until))

    def slowest(self, since: float, until: float) -> float:
        """The lowest factor between `since` and `until`."""
        return min(self._between(since, until))

    def _between(self, since: float, until: float) -> list[float]:
        i = max(0, bisect_right(self.times, since) - 1)
        j = max(0, bisect_right(self.times, until) - 1)
        return self.factors[i : j + 1]


@lru_cache(maxsize=4096)
def clock(profile: Profile, zone: ZoneInfo, first: date, days_off: tuple[bool, ...]) -> Clock:
    return Clock(profile, zone, first, days_off)
