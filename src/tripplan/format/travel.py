"""How a trip overrides the travel-time model (`trip.travel`): speeds, detours, overheads
and the car's factors by the time of day. Read by `tripplan.plan.travel`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tripplan.format.values import Duration, SpeedFactors
from tripplan.format.values import Strict as _Strict


class ModeSettings(_Strict):
    """How fast one way of getting around is, door to door; a key left out keeps the
    model's default."""

    # At least 1 km/h: slower is no way of getting around, and near 0 every time overflows.
    speed: float | None = Field(None, ge=1, le=1000, description="average km/h once moving")
    detour: float | None = Field(None, ge=1, le=5, description="road distance / straight distance")
    overhead: Duration | None = Field(None, description="fixed time per transfer, e.g. 10m")


Traffic = Literal["auto", "mainland", "hong-kong", "none"]


class CarSettings(ModeSettings):
    """The car, with how its speed changes over the day (see README: travel times)."""

    speed: float | None = Field(
        None, ge=1, le=1000, description="average km/h by day once moving (default 28)"
    )
    city_km: float | None = Field(
        None,
        ge=0,
        le=10000,
        description="straight-line km of a drive at `speed` (city streets, default 10); "
        "the rest at `highway_speed`",
    )
    highway_speed: float | None = Field(
        None, ge=1, le=1000, description="km/h beyond `city_km` (expressways, default 80)"
    )
    traffic: Traffic = Field(
        "auto",
        description="the time-of-day profile: auto (Hong Kong's where the car leaves from "
        "Hong Kong, else the mainland cities'), mainland, hong-kong, or none (one speed)",
    )
    peak: SpeedFactors | None = Field(
        None,
        description='working days: speed factors by hours, e.g. {"07:30-09:30": 0.6}, '
        "replacing the profile's in those hours",
    )
    weekend: SpeedFactors | None = Field(
        None, description="the same for Saturdays, Sundays and public holidays"
    )


class TravelSettings(_Strict):
    """Overrides of the travel-time model for one trip (see README: travel times)."""

    car: CarSettings | None = None
    walk: ModeSettings | None = None
    walk_up_to_km: float | None = Field(None, ge=0, le=10)
