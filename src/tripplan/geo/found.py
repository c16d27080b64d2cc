"""What a lookup says of one venue: where it is, which layer said so, how precisely."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found:
    """One venue's place and where it came from."""

    lat: float
    lon: float
    layer: str  # trip | registry | gazetteer-hub | gazetteer-city | <provider>
    precision: str  # exact | city
    source: str
    matched: str = ""
    km_from_city: float | None = None
    refused: str | None = None  # why it was not used, e.g. too far from the city

    @property
    def usable(self) -> bool:
        return self.refused is None

    def as_json(self) -> dict[str, object]:
        """What the cache of online answers keeps."""
        return {
            "lat": self.lat,
            "lon": self.lon,
            "layer": self.layer,
            "precision": self.precision,
            "source": self.source,
            "matched": self.matched,
        }

    @classmethod
    def from_json(cls, value: object) -> Found | None:
        """The Found a cache entry holds; None for an entry of any other shape (edited by
        hand, or written by another version), which is then asked again and rewritten."""
        if not isinstance(value, dict) or set(value) != set(_CACHED):
            return None
        if not all(
            isinstance(value[k], t) and not isinstance(value[k], bool) for k, t in _CACHED.items()
        ):
            return None
        lat, lon = float(value["lat"]), float(value["lon"])
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # also refuses NaN
            return None
        layer, precision, source, matched = (
            str(value[k]) for k in ("layer", "precision", "source", "matched")
        )
        return cls(lat, lon, layer, precision, source, matched)


_CACHED: dict[str, type | tuple[type, ...]] = {
    "lat": (int, float),
    "lon": (int, float),
    "layer": str,
    "precision": str,
    "source": str,
    "matched": str,
}
