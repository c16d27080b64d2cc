"""Pydantic's errors in the staff's words: each one a problem at its line and column,
saying what to write instead."""

from __future__ import annotations

import difflib
from functools import lru_cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from tripplan.format.model import Itinerary
from tripplan.format.values import SLUG_PATTERN, intended_date, slug_advice
from tripplan.format.yamldoc import Positions
from tripplan.problems import Path, Problem

_TYPE_NAMES: dict[type, str] = {dict: "a mapping of keys", list: "a list", str: "text"}

# What staff write for a kind or mode, and the word of the format it is (spelling alone
# would make a "Reception" a "meeting").
_WORDS = {
    **dict.fromkeys(
        ("reception", "dinner", "lunch", "breakfast", "banquet", "working lunch", "tea"), "meal"
    ),
    **dict.fromkeys(("call", "talk", "round table", "roundtable", "discussion"), "meeting"),
    **dict.fromkeys(("tour", "site visit", "inspection", "visiting"), "visit"),
    **dict.fromkeys(("interview", "media", "press conference", "doorstep"), "press"),
    **dict.fromkeys(("flight", "train", "transfer", "journey", "drive"), "travel"),
    **dict.fromkeys(("plane", "air", "fly"), "flight"),
    **dict.fromkeys(("rail", "high speed rail", "hsr", "mtr", "metro"), "train"),
    **dict.fromkeys(("taxi", "coach", "van", "bus", "drive"), "car"),
    **dict.fromkeys(("foot", "on foot", "walking"), "walk"),
    **dict.fromkeys(("boat", "ship", "jetfoil"), "ferry"),
}


def without_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "'name' is missing" where the same mapping has a misspelt 'nam:'.

    The unknown-key message already says "did you mean 'name'?"; saying it twice is noise.
    """
    missing = {err["loc"] for err in errors if err["type"] == "missing"}
    echoes = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        owner, key = err["loc"][:-1], str(err["loc"][-1])
        for close in _close_keys(key, model_at(owner)):
            echoes.add((*owner, close))
    return [err for err in errors if not (err["loc"] in missing and err["loc"] in echoes)]


def close_key(loc: Path) -> str | None:
    """The key of the format that the unknown key at `loc` is likely a misspelling of."""
    close = _close_keys(str(loc[-1]), model_at(loc[:-1]))
    return close[0] if close else None


@lru_cache(maxsize=1024)
def _close_keys(key: str, model: type[BaseModel] | None) -> list[str]:
    # The same misspelt key in each of 16,000 venues is compared with the keys once.
    return difflib.get_close_matches(key, keys_of(model) if model else [], n=1, cutoff=0.6)


def model_at(loc: Path) -> type[BaseModel] | None:
    """Which model a location's last key belongs to, to list what keys it allows: the
    models' own annotations followed step by step (a list's items, a table's values)."""
    kind: Any = Itinerary
    for step in loc:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = next((f for n, f in kind.model_fields.items() if step in (n, f.alias)), None)
            kind = _bare(field.annotation) if field else None
        elif get_origin(kind) in (list, dict):
            kind = _bare(get_args(kind)[-1])
        else:
            return None
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _bare(kind: Any) -> Any:
    """`kind` without Annotated metadata or `| None`."""
    while True:
        if get_origin(kind) is Annotated:
            kind = get_args(kind)[0]
        elif get_origin(kind) in (Union, UnionType):
            kind = next(k for k in get_args(kind) if k is not type(None))
        else:
            return kind


def keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _owner(loc: Path, data: dict[str, Any]) -> str:
    """How staff name the thing at `loc`: "event 'llm-founders'", "venue 'hotel-hz'"."""
    if loc[:1] == ("days",) and len(loc) >= 2:
        day = _get(data, loc[:2])
        if len(loc) >= 4 and loc[2] == "events":
            event_id = _get(data, (*loc[:4], "id"))
            if isinstance(event_id, str):
                return f"event '{event_id}'"
            return f"event {int(loc[3]) + 1} of day {int(loc[1]) + 1}"
        when = day.get("date") if isinstance(day, dict) else None
        return f"day {when}" if isinstance(when, str) else f"day {int(loc[1]) + 1}"
    if loc[:1] == ("people",) and len(loc) >= 2:
        return f"person '{loc[1]}'"
    if loc[:1] == ("venues",) and len(loc) >= 2:
        return f"venue '{loc[1]}'"
    if loc[:1] == ("vehicles",) and len(loc) >= 2:
        return f"vehicle '{loc[1]}'"
    if loc[:1] == ("contacts",) and len(loc) >= 2:
        contact = _get(data, loc[:2])
        name = contact.get("name") if isinstance(contact, dict) else None
        return f"contact '{name}'" if isinstance(name, str) else f"contact {int(loc[1]) + 1}"
    if loc[:1] == ("trip",):
        return "trip"
    return "the itinerary"


def _get(data: Any, loc: Path) -> Any:
    for step in loc:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _event_id(loc: Path, data: dict[str, Any]) -> str | None:
    if len(loc) >= 4 and loc[0] == "days" and loc[2] == "events":
        value = _get(data, (*loc[:4], "id"))
        return value if isinstance(value, str) else None
    return None


def schema_problem(err: ErrorDetails, data: dict[str, Any], positions: Positions) -> Problem:
    loc: Path = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    on_key = False
    if loc and loc[-1] == "[key]":
        loc, on_key = loc[:-1], True
    # Errors raised by a model validator sit on the model; point at the key they name.
    if kind == "key_rule":
        loc = (*loc, ctx["key"])
        on_key = True
    # A tuple/list member error such as ('window', 0) names the key 'window'.
    field_path = loc
    while field_path and isinstance(field_path[-1], int):
        field_path = field_path[:-1]
    field = str(field_path[-1]) if field_path else "the file"
    owner_path = field_path[:-1]
    owner = _owner(owner_path, data) if kind != "key_rule" else _owner(loc[:-1], data)
    if on_key and kind != "key_rule" and len(loc) == 2:
        owner = str(loc[0])  # the id of a person or venue: "people: 'Yan' is not valid"
    code = "bad-timezone" if kind == "bad_timezone" else "schema"
    cut = comma_split(positions, loc) if kind == "extra_forbidden" else None
    if cut is not None:
        key, whole = cut
        message = (
            f"{owner}: '{field}' is part of the value of {key}, not a key: quote the value "
            f'(a comma ends it inside {{…}}): {key}: "{whole}"'
        )
    else:
        message = f"{owner}: {_explain(err, field, owner_path)}"
    if kind == "missing":
        on_key = False
    elif kind == "extra_forbidden":
        on_key = True
    mark = positions.locate(loc, key=on_key)
    problem = Problem.of(code, message, loc, _event_id(loc, data))
    return problem.at(*mark) if mark else problem


def _explain(err: ErrorDetails, field: str, owner_path: Path) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    shown = f" '{value}'" if isinstance(value, str) and len(value) < 60 else ""
    if kind in (
        "key_rule",
        "slug",
        "clock_time",
        "duration",
        "bad_timezone",
        "text_type",
        "location_pair",
    ):
        return err["msg"]
    if kind == "missing":
        return f"'{field}' is missing: add it"
    if kind == "extra_forbidden":
        model = model_at(owner_path)
        allowed = keys_of(model) if model else []
        close = _close_keys(field, model)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else (
                "remove it or fix the spelling"
                + (f" (allowed: {', '.join(allowed)})" if allowed else "")
            )
        )
        return f"unknown key '{field}'; {hint}"
    if kind == "literal_error" and field == "version":
        written = shown or (f" {value!r}" if len(repr(value)) < 40 else "")
        return f"version{written} is not supported: this tripplan reads version 1"
    if (
        kind == "literal_error"
        and isinstance(value, str)
        and value.strip().lower()
        in str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", ")
    ):
        return f"{field} '{value}' should be in lower case: {field}: {value.strip().lower()}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
        word = " ".join(str(value).lower().replace("-", " ").split())
        close = [_WORDS[word]] if _WORDS.get(word) in choices else []
        close = close or difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{field}{shown} should be one of {', '.join(choices)}{hint}"
    if kind in (
        "string_type",
        "model_type",
        "model_attributes_type",
        "dict_type",
        "list_type",
        "tuple_type",
    ):
        wanted = {
            "string_type": "text",
            "list_type": "a list, e.g. [a, b]",
            "tuple_type": "a list, e.g. [a, b]",
        }.get(kind, "a mapping of keys (key: value lines)")
        got = "empty" if value is None else _TYPE_NAMES.get(type(value), "text")
        return f"'{field}' should be {wanted}, not {got}"
    if kind in ("too_short", "too_long") and field == "window":
        return 'window is two times, from and until: ["09:00", "12:00"]'
    if kind in ("too_short", "too_long"):
        return f"'{field}' has the wrong number of items"
    if kind == "bool_parsing":
        return f"'{field}'{shown} should be true or false"
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type"):
        return f"'{field}'{shown} should be a number"
    if (kind.startswith("date") or kind.startswith("datetime")) and isinstance(value, str):
        intended = intended_date(value)
        if intended is not None:
            return f"'{field}'{shown} is not a date: write it as YYYY-MM-DD, {intended}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{field}'{shown} is not a date: write it as YYYY-MM-DD, e.g. 2025-02-25"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"'{field}'{shown} is out of range: {err['msg'].lower()}"
    if kind == "string_too_short":
        return f"'{field}' is empty: write a value or remove the key"
    if kind == "string_pattern_mismatch" and field == "country":
        return f"country{shown} should be a two-letter ISO 3166 code such as CN or HK"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return slug_advice(str(value))
    return f"'{field}'{shown}: {err['msg']}"


def comma_split(positions: Positions, loc: Path) -> tuple[str, str] | None:
    """For an unknown key that is really the end of a value cut by a comma in a `{…}`
    mapping (`{name: Campus, Yuhang District, city: Hangzhou}`): the key whose value was
    cut, and the value as meant ("Campus, Yuhang District"). None otherwise."""
    _, mapping = positions.node(loc[:-1])
    if not isinstance(mapping, yaml.MappingNode) or not mapping.flow_style:
        return None
    pairs = mapping.value
    keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in pairs]
    if loc[-1] not in keys:
        return None
    at = keys.index(loc[-1])
    model = model_at(loc[:-1])
    known = set(keys_of(model)) if model else set()

    def stray(i: int) -> bool:  # a plain word with no value that is not a key of the format
        k, v = pairs[i]
        return (
            keys[i] not in known
            and isinstance(v, yaml.ScalarNode)
            and v.value == ""
            and not v.style
            and not k.style
        )

    if not stray(at):
        return None
    first = at
    while first > 0 and stray(first - 1):
        first -= 1
    if first == 0:
        return None
    key_node, value_node = pairs[first - 1]
    if not isinstance(value_node, yaml.ScalarNode) or value_node.style or not value_node.value:
        return None
    last = at
    while last + 1 < len(pairs) and stray(last + 1):
        last += 1
    words = [value_node.value, *(str(keys[i]) for i in range(first, last + 1))]
    return str(key_node.value), ", ".join(words)
