"""The JSON Schema of the format, for editors: made from the models `check` uses, then
told what those models enforce in code, so that an editor and `check` agree.

What pydantic's schema cannot know, added here:

- Scalars as editors read them. `check` reads every scalar as the text written, so an
  unquoted `phone: 28102810` or `title: 2025` is text; an editor's YAML 1.2 reader makes
  it a number, and a schema saying "string" would mark a good file. Text accepts numbers
  and booleans; ids accept whole numbers; numbers and booleans accept the words `check`
  reads as them (`"22.3"`, `yes`).
- Which keys of an event go together (`format.key_rules`), rooms needing a hotel, a
  contact needing a name: `required` and `if`/`then`/`else`, where a key left empty
  (`end:`) counts as absent, as in `check`, and `check`'s words for each.
- Ranges pydantic leaves out of a schema (the `[lat, lon]` pair, dates, seats), time zone
  names (an enum of the zones this Python knows), a description of every key, and a
  versioned `$id`.

What a schema cannot say (references between parts, time arithmetic, more than one
principal among `people`) stays with `check`; tests/test_schema.py lists each case.
Never imported on the `check` path: only `tripplan schema` builds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import available_timezones

from tripplan.format.logistics import DRIVER_PHONES
from tripplan.format.model import Itinerary
from tripplan.format.schema_words import DESCRIPTIONS
from tripplan.format.values import DURATION_PATTERN, SLUG_PATTERN, ZONE_DESCRIPTION, format_duration
from tripplan.version import __version__

FORMAT_VERSION = 1
# A name, not an address: nothing is fetched from it. It changes with the format's version
# and with the tripplan that wrote it, since later versions add keys.
SCHEMA_ID = f"https://tripplan.invalid/schema/itinerary/v{FORMAT_VERSION}/{__version__}"

Schema = dict[str, Any]

# Keywords whose value is a map of names to schemas, one schema, or a list of schemas.
_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "propertyNames")
_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
# What a property says about itself; the rest says what values it takes.
_ABOUT = ("title", "description", "default", "examples")

# Numbers and booleans written as text that pydantic reads as them ("22.3", yes, Off).
_NUMBER_TEXT = r"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"
_WHOLE_TEXT = r"^[0-9]+$"
_BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0")
# YYYY-MM-DD from FIRST_DATE to LAST_DATE; editors check format "date" no further.
_DATE_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_TEXT_TYPES = ["string", "number", "boolean"]


def itinerary_schema() -> Schema:
    """The JSON Schema (draft 2020-12) that `tripplan schema` prints, for editors."""
    schema = Itinerary.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    for node in _schemas(schema):
        _as_editors_read(node)
    defs["TimeZone"] = {
        "type": "string",
        "enum": sorted(available_timezones()),
        "description": ZONE_DESCRIPTION,
        "errorMessage": "not an IANA time zone name: write e.g. Asia/Shanghai or "
        "Asia/Hong_Kong (tripplan check suggests the one meant)",
    }
    _describe(schema)
    _location_ranges(defs["Location"])
    defs["Event"]["allOf"] = _event_rules()
    # An event of no length is an error; a buffer or an overhead of 0m is not.
    length = defs["Event"]["properties"]["duration"]["anyOf"][0]
    length["pattern"] = "^(?=.*[1-9])" + length["pattern"].removeprefix("^")
    defs["Event"]["properties"]["attendees"]["anyOf"][0]["minItems"] = 1
    defs["Day"]["allOf"] = [_rooms_need_a_hotel()]
    defs["Driver"]["allOf"] = [{"if": _has("phone"), "then": _forbids("phones", DRIVER_PHONES)}]
    defs["TripContact"]["anyOf"] = [_has("name"), _has("person")]
    defs["TripContact"]["errorMessage"] = "a contact needs name, or person (an id in people)"
    schema["properties"]["version"] = {
        "enum": [FORMAT_VERSION, str(FORMAT_VERSION)],
        "default": FORMAT_VERSION,
        "description": schema["properties"]["version"]["description"],
    }
    # Read by people too: what it is first, the definitions last.
    first = {"$schema": schema.pop("$schema"), "$id": SCHEMA_ID}
    return {**first, **{k: v for k, v in schema.items() if k != "$defs"}, "$defs": defs}


def _schemas(node: Schema) -> Iterator[Schema]:
    """Every schema inside `node`, innermost first, `node` last."""
    for key in _MAPS:
        for sub in node.get(key, {}).values():
            yield from _schemas(sub)
    for key in _ONE:
        if isinstance(node.get(key), dict):
            yield from _schemas(node[key])
    for key in _LISTS:
        for sub in node.get(key, ()):
            yield from _schemas(sub)
    yield node


def _as_editors_read(node: Schema) -> None:
    """Make one scalar's schema accept what an editor's YAML 1.2 reader makes of text that
    `check` accepts, and fix what pydantic leaves in a form no validator reads."""
    for ours, standard in (("ge", "minimum"), ("le", "maximum")):
        if ours in node:  # pydantic leaves these as written when a validator wraps an int
            node[standard] = node.pop(ours)
    default = node.get("default")
    if node.get("pattern") == DURATION_PATTERN and isinstance(default, str):
        node["default"] = _duration_text(default)
    kind = node.get("type")
    if node.get("description") == ZONE_DESCRIPTION and kind == "string":
        _replace(node, {"$ref": "#/$defs/TimeZone"})
    elif kind == "string" and node.get("format") == "date":
        node["pattern"] = _DATE_PATTERN
    elif kind in ("string", ["string", "integer"]) and not _constrained(node):
        node["type"] = _TEXT_TYPES
        if node.get("minLength") == 1:
            node["pattern"] = r"\S"  # not only spaces: `check` strips them first
    elif kind == "string" and node.get("pattern") == SLUG_PATTERN:
        whole = {"type": "integer", "minimum": 0}
        _replace(node, {"anyOf": [_values(node), whole]})
    elif kind in ("number", "integer"):
        text = {"type": "string", "pattern": _NUMBER_TEXT if kind == "number" else _WHOLE_TEXT}
        _replace(node, {"anyOf": [_values(node), text]})
    elif kind == "boolean":
        words = "|".join(_any_case(word) for word in _BOOL_WORDS)
        text = {"type": "string", "pattern": f"^({words})$"}
        _replace(node, {"anyOf": [{"type": "boolean"}, {"enum": [0, 1]}, text]})
    if "patternProperties" in node and "additionalProperties" not in node:
        (pattern,) = node["patternProperties"]
        node["propertyNames"] = {"pattern": pattern}


def _constrained(node: Schema) -> bool:
    return any(key in node for key in ("pattern", "format", "enum", "const"))


def _values(node: Schema) -> Schema:
    return {k: v for k, v in node.items() if k not in _ABOUT}


def _replace(node: Schema, values: Schema) -> None:
    about = {k: v for k, v in node.items() if k in _ABOUT}
    node.clear()
    node.update(values, **about)


def _any_case(word: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


def _duration_text(default: str) -> str:
    # pydantic writes a timedelta default in ISO 8601 (PT10M); the format writes 10m.
    match = re.fullmatch(r"PT(?:([0-9]+)H)?(?:([0-9]+)M)?(?:0?S)?", default)
    if match is None:
        return default
    hours, minutes = (int(x or 0) for x in match.groups())
    return format_duration(timedelta(hours=hours, minutes=minutes))


def _location_ranges(location: Schema) -> None:
    # The pair `[lat, lon]` takes the ranges of the mapping's `lat` and `lon`.
    pair, mapping = location["anyOf"]
    pair.pop("items")
    pair["prefixItems"] = [mapping["properties"]["lat"], mapping["properties"]["lon"]]


def _describe(schema: Schema) -> None:
    """Give every property a description (editors show it on hover)."""
    places: dict[str, Schema] = {"": schema, **schema["$defs"]}
    for name, words in DESCRIPTIONS.items():
        node = places[name]
        properties = node.get("properties") or next(
            alt["properties"] for alt in node["anyOf"] if "properties" in alt
        )
        for key, text in words.items():
            properties[key].setdefault("description", text)


# --- which keys of an event go together (format.key_rules) ---------------------------------
#
# Each rule is written so that what fails is the key to change, with the words of `check`
# as its errorMessage (yaml-language-server shows it instead of "Incorrect type"): a key
# that must be absent is typed null, which an absent or empty key (`end:`) satisfies, as in
# `check`. `not` would say only "matches a schema that is not allowed", and
# `dependentSchemas` would count `end:` left empty as given.

_NOT_EMPTY: Schema = {"not": {"anyOf": [{"type": "null"}, {"const": ""}]}}
_VALUE_TYPES = ["string", "number", "boolean", "object", "array"]


def _has(key: str) -> Schema:
    """A condition: the key is given a value (`end:` left empty is not)."""
    return {"required": [key], "properties": {key: _NOT_EMPTY}}


def _needs(key: str, message: str) -> Schema:
    return {"required": [key], "properties": {key: {"type": _VALUE_TYPES, "errorMessage": message}}}


def _forbids(key: str, message: str) -> Schema:
    return {"properties": {key: {"type": "null", "errorMessage": message}}}


def _rooms_need_a_hotel() -> Schema:
    return {
        "if": _has("rooms"),
        "then": _needs("hotel", "rooms need hotel: the id of the venue of the night"),
    }


_TRAVEL_KEYS = ("from", "to", "mode", "service")
# kind: travel, or no kind and a key only journeys have (the format's default kind).
_IS_TRAVEL: Schema = {
    "anyOf": [
        {"required": ["kind"], "properties": {"kind": {"const": "travel"}}},
        {
            "properties": {"kind": {"type": "null"}},
            "anyOf": [_has(key) for key in _TRAVEL_KEYS],
        },
    ]
}
_NOT_ON_TRAVEL = "from, to, mode and service are for travel events: add kind: travel, or use venue"


def _event_rules() -> list[Schema]:
    return [
        {
            "if": _has("start"),
            "then": _forbids(
                "window",
                "an event has either start (a fixed time) or window plus duration "
                "(a flexible one), not both: remove one",
            ),
        },
        {
            "anyOf": [_has("start"), _has("window")],
            "errorMessage": 'the event has no time: add start: "HH:MM", or window and duration',
        },
        {
            "if": _has("end"),
            "then": _forbids("duration", "give either end or duration, not both: remove one"),
        },
        {
            "if": _has("start"),
            "then": {
                "anyOf": [_has("end"), _has("duration")],
                "errorMessage": 'add end: "HH:MM" or duration (e.g. 1h) after start',
            },
        },
        {
            "if": _has("window"),
            "then": {
                "allOf": [
                    _needs("duration", "a flexible event (window) needs duration"),
                    _forbids("end", "a flexible event (window) needs duration instead of end"),
                ]
            },
        },
        {
            "if": _IS_TRAVEL,
            "then": {
                "allOf": [
                    _needs("from", "a travel event needs from: a venue id"),
                    _needs("to", "a travel event needs to: a venue id"),
                    _needs("mode", "a travel event needs mode: car, walk, train, flight or ferry"),
                    _forbids(
                        "venue",
                        "a travel event goes from/to places, not a venue: "
                        "replace venue with from and to",
                    ),
                ]
            },
            "else": {
                "allOf": [
                    _needs("venue", "the event needs venue: the id of one of the venues"),
                    *(_forbids(key, _NOT_ON_TRAVEL) for key in _TRAVEL_KEYS),
                    _forbids(
                        "bookings",
                        "bookings (seat, coach, reference) are for journeys; for a hotel "
                        "night use rooms on the day",
                    ),
                ]
            },
        },
        {
            "if": _has("vehicles"),
            "then": {
                "required": ["mode"],
                "properties": {
                    "mode": {
                        "const": "car",
                        "errorMessage": "vehicles are for journeys by car (mode: car); for a "
                        "train or flight give seats under bookings",
                    }
                },
            },
        },
    ]
