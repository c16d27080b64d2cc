"""The JSON Schema of the format, made from the same models the checker uses."""

from __future__ import annotations

from typing import Any

from tripplan.format.model import Itinerary


def itinerary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that `tripplan schema` prints, for editors."""
    return Itinerary.model_json_schema(by_alias=True)
