"""Venues and where they are: a point in WGS-84, or as a mainland map app shows it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, GetJsonSchemaHandler, PrivateAttr, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from tripplan.format.values import CountryCode, Text
from tripplan.format.values import Strict as _Strict

Datum = Literal["wgs84", "gcj02", "bd09"]


class Location(_Strict):
    """A point on the map: `[lat, lon]` in WGS-84, or `{lat, lon, datum}`."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    datum: Datum = "wgs84"

    _as_written: tuple[float, float, str] | None = PrivateAttr(None)

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise PydanticCustomError(
                    "location_pair",
                    "a location is two numbers, latitude then longitude: [22.3040, 114.1653]",
                )
            return {"lat": value[0], "lon": value[1]}
        return value

    @model_validator(mode="after")
    def _to_wgs84(self) -> Location:
        # Coordinates copied from a mainland map app (GCJ-02, BD-09) are converted on
        # load, so everything downstream (travel, calendars, sketches) is WGS-84.
        if self.datum != "wgs84":
            from tripplan.format.datums import to_wgs84

            self._as_written = (self.lat, self.lon, self.datum)
            self.lat, self.lon = to_wgs84(self.lat, self.lon, self.datum)
            self.datum = "wgs84"
        return self

    def placed_in(self, region: str) -> None:
        """Convert again knowing the region the point is in (a venue's `country`): near
        the Hong Kong boundary the outlines cannot tell."""
        if self._as_written is not None:
            from tripplan.format.datums import to_wgs84

            self.lat, self.lon = to_wgs84(*self._as_written, region)

    @property
    def as_written(self) -> tuple[float, float, str]:
        """The coordinates and datum as the file gives them."""
        written: tuple[float, float, str] | None = self._as_written
        return written or (self.lat, self.lon, self.datum)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        pair = {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "description": "[latitude, longitude] in WGS-84",
        }
        return {"anyOf": [pair, handler(core_schema)]}


class Venue(_Strict):
    name: Text
    name_local: str | None = None
    address: str | None = None
    city: str | None = None
    country: CountryCode | None = None
    location: Location | None = None
    phone: str | None = None
    aliases: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _datum_by_country(self) -> Venue:
        if self.location is not None and self.country is not None:
            self.location.placed_in(self.country)
        return self
