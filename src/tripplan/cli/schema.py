"""`tripplan schema`: the JSON Schema of the format, for editors."""

from __future__ import annotations

import json
import sys


def schema() -> None:
    """Print the JSON Schema of the itinerary format, for editors that validate YAML.

    Example:  tripplan schema > itinerary.schema.json
    then put "# yaml-language-server: $schema=itinerary.schema.json" at the top of a trip.
    """
    from tripplan.format.schema import itinerary_schema

    sys.stdout.write(json.dumps(itinerary_schema(), indent=2) + "\n")
