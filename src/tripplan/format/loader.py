"""Itinerary text -> `Itinerary`, with every problem placed at its line and column.

A file with a broken event is still checked: the broken parts are reported, set aside,
and the rest is validated again, so that a schema error in one event never hides a
double booking in another.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tripplan.format.model import (
    Itinerary,
    Trip,
)
from tripplan.format.values import SLUG_PATTERN, slug_advice
from tripplan.format.yamldoc import EXTENSION_PREFIX, Positions, read_yaml
from tripplan.problems import Path, Problem


@dataclass(slots=True)
class Loaded:
    """What reading a file gave: the usable part of the itinerary, and its problems."""

    source: str
    itinerary: Itinerary | None
    problems: list[Problem]
    positions: Positions


@contextmanager
def no_garbage_collection() -> Iterator[None]:
    # Reading builds hundreds of thousands of small acyclic objects; the cyclic
    # collector would scan them over and over, tripling the time of a large file.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse(text: str, source: str = "<itinerary>") -> Loaded:
    """Read an itinerary from YAML text, keeping what is usable and every problem."""
    with no_garbage_collection():
        return _parse(text, source)


def _parse(text: str, source: str) -> Loaded:
    document = read_yaml(text)
    loaded = Loaded(source, None, list(document.problems), document.positions)
    data = document.data
    if data is None and document.problems:
        return loaded
    if not isinstance(data, dict):
        loaded.problems.append(
            Problem.of(
                "schema",
                "an itinerary is a mapping with the keys version, trip, people, venues and "
                "days; start from the example in the README",
            ).at(1, 1)
        )
        return loaded
    # Top-level x- keys hold what the format does not know, such as YAML anchors to
    # reuse (`x-hangzhou: &hz {city: Hangzhou}`); like Compose files, we ignore them.
    data = {k: v for k, v in data.items() if not k.startswith(EXTENSION_PREFIX)}
    itinerary, errors = _validate(data)
    if itinerary is not None:
        itinerary._positions = document.positions
    loaded.itinerary = itinerary
    loaded.problems.extend(
        _schema_problem(error, data, document.positions) for error in _without_echoes(errors)
    )
    return loaded


# --- validation that survives broken parts ------------------------------------------


def _validate(data: dict[str, Any]) -> tuple[Itinerary | None, list[ErrorDetails]]:
    """Validate, setting broken parts aside until the rest validates.

    Returns the itinerary made of the valid parts (None if the trip itself is broken)
    and the errors to report: those of the first pass, and later ones only for parts
    that had none before (a deleted misspelt key may reveal a missing one).
    """
    reported: list[ErrorDetails] = []
    broken_parts: set[Path] = set()
    day_origin, event_origin = _origins(data)
    for _ in range(4):
        try:
            itinerary = Itinerary.model_validate(data)
        except ValidationError as e:
            errors = e.errors(include_url=False)
        else:
            _restore_paths(itinerary, day_origin, event_origin)
            return itinerary, reported
        placed = [_in_original_places(err, day_origin, event_origin) for err in errors]
        reported.extend(err for err in placed if _part(err["loc"]) not in broken_parts)
        broken_parts.update(_part(err["loc"]) for err in placed)
        pruned = _set_aside(data, errors, day_origin, event_origin)
        if pruned is None:
            return None, reported
        data = pruned
    return None, reported


def _origins(data: dict[str, Any]) -> tuple[list[int], list[list[int]]]:
    days = data.get("days")
    if not isinstance(days, list):
        return [], []
    events = [
        list(range(len(day["events"])))
        if isinstance(day, dict) and isinstance(day.get("events"), list)
        else []
        for day in days
    ]
    return list(range(len(days))), events


def _part(loc: tuple[int | str, ...]) -> Path:
    """The part an error belongs to: an event, a day, a person, a venue, or the trip."""
    if loc[:1] == ("days",) and len(loc) >= 2:
        if len(loc) >= 4 and loc[2] == "events":
            return loc[:4]
        return loc[:2]
    if loc[:1] in (("people",), ("venues",), ("vehicles",), ("contacts",)) and len(loc) >= 2:
        return loc[:2]
    return loc[:1]


def _set_aside(
    data: dict[str, Any],
    errors: list[ErrorDetails],
    day_origin: list[int],
    event_origin: list[list[int]],
) -> dict[str, Any] | None:
    """A copy of `data` without the parts that failed; None if the trip cannot be used.

    Misspelt keys are just dropped. A broken person or venue is replaced by a stand-in
    named after its id, so that references to it do not also turn into errors. Broken
    days and events are removed, and the origin lists keep track of what is left.
    """
    data = dict(data)
    copied: set[int] = {id(data)}
    drop_days: set[int] = set()
    drop_events: set[tuple[int, int]] = set()
    for err in errors:
        loc = err["loc"]
        part = _part(loc)
        if err["type"] == "extra_forbidden":
            _drop_key(data, loc, copied)
        elif part[0] == "days" and len(part) == 4:
            drop_events.add((int(part[1]), int(part[3])))
        elif part[0] == "days" and len(part) == 2:
            drop_days.add(int(part[1]))
        elif part[0] in ("people", "venues", "vehicles") and len(part) == 2:
            if not isinstance(data.get(part[0]), dict) or part[1] not in data[part[0]]:
                continue
            table = dict(data[part[0]])
            table[part[1]] = {} if part[0] == "vehicles" else {"name": str(part[1])}
            if loc[-1] == "[key]":  # the id itself is bad: nothing can refer to it
                del table[part[1]]
            data[part[0]] = table
        elif part[0] == "contacts" and len(part) == 2:
            # A stand-in keeps the list's indexes (and so the places of other problems);
            # internal, so that no view shows it.
            contacts = list(data["contacts"])
            contacts[int(part[1])] = {"name": "?", "role": "other", "internal": True}
            data["contacts"] = contacts
        elif loc[:1] == ("trip",):
            if len(loc) < 2 or not _optional(Trip, loc[1]):
                return None  # without its id, zone or dates the trip cannot be checked
            _drop_key(data, loc[:2], copied)  # e.g. a bad buffer: the default applies
        elif loc[:1] and loc[0] in ("version", "people", "venues", "vehicles", "contacts", "days"):
            data.pop(str(loc[0]), None)  # the whole table has the wrong type
        else:
            return None
    if drop_days or drop_events:
        days = data["days"]
        kept_days = []
        kept_origin: list[int] = []
        kept_events: list[list[int]] = []
        for i, day in enumerate(days):
            if i in drop_days:
                continue
            day = dict(day)
            events = day.get("events")
            origins = event_origin[i] if i < len(event_origin) else []
            if isinstance(events, list):
                keep = [j for j in range(len(events)) if (i, j) not in drop_events]
                day["events"] = [events[j] for j in keep]
                origins = [origins[j] for j in keep]
            kept_days.append(day)
            kept_origin.append(day_origin[i])
            kept_events.append(origins)
        data["days"] = kept_days
        day_origin[:] = kept_origin
        event_origin[:] = kept_events
    return data


def _optional(model: type[BaseModel], key: int | str) -> bool:
    field = model.model_fields.get(str(key))
    return field is not None and not field.is_required()


def _drop_key(data: dict[str, Any], loc: tuple[int | str, ...], copied: set[int]) -> None:
    """Remove the key at `loc`, copying each container on the way (data is shared) once:
    the ids in `copied` are copies made already (copying the venues for each of 16,000
    misspelt keys was quadratic)."""
    *parents, last = loc
    holder: Any = data
    for step in parents:
        try:
            child = holder[step]
        except (KeyError, IndexError, TypeError):
            return  # an enclosing part was set aside already
        if not isinstance(child, dict | list):
            return
        if id(child) not in copied:
            child = dict(child) if isinstance(child, dict) else list(child)
            copied.add(id(child))
            holder[step] = child
        holder = child
    if isinstance(holder, dict):
        holder.pop(last, None)


def _in_original_places(
    err: ErrorDetails, day_origin: list[int], event_origin: list[list[int]]
) -> ErrorDetails:
    """The error with list indexes of a pruned document mapped back to the file's."""
    loc = list(err["loc"])
    if loc[:1] == ["days"] and len(loc) >= 2 and isinstance(loc[1], int):
        i = loc[1]
        if i < len(day_origin):
            loc[1] = day_origin[i]
            if len(loc) >= 4 and loc[2] == "events" and isinstance(loc[3], int):
                events = event_origin[i]
                if loc[3] < len(events):
                    loc[3] = events[loc[3]]
    return {**err, "loc": tuple(loc)}


def _restore_paths(
    itinerary: Itinerary, day_origin: list[int], event_origin: list[list[int]]
) -> None:
    for i, day in enumerate(itinerary.days):
        if i >= len(day_origin):
            return
        day._path = ("days", day_origin[i])
        for j, event in enumerate(day.events):
            event._path = ("days", day_origin[i], "events", event_origin[i][j])


# --- pydantic errors in the staff's words -------------------------------------------

_TYPE_NAMES: dict[type, str] = {dict: "a mapping of keys", list: "a list", str: "text"}


def _without_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "'name' is missing" where the same mapping has a misspelt 'nam:'.

    The unknown-key message already says "did you mean 'name'?"; saying it twice is noise.
    """
    missing = {err["loc"] for err in errors if err["type"] == "missing"}
    echoes = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        owner, key = err["loc"][:-1], str(err["loc"][-1])
        model = _model_at(owner)
        for close in _close_keys(key, model):
            echoes.add((*owner, close))
    return [err for err in errors if not (err["loc"] in missing and err["loc"] in echoes)]


def _model_at(loc: Path) -> type[BaseModel] | None:
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


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


@lru_cache(maxsize=1024)
def _close_keys(key: str, model: type[BaseModel] | None) -> list[str]:
    # The same misspelt key in each of 16,000 venues is compared with the keys once.
    return difflib.get_close_matches(key, _keys_of(model) if model else [], n=1, cutoff=0.6)


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


def _schema_problem(err: ErrorDetails, data: dict[str, Any], positions: Positions) -> Problem:
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
        model = _model_at(owner_path)
        allowed = _keys_of(model) if model else []
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
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
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
