"""The JSON Schema of `tripplan schema` agrees with `tripplan check`.

Each case is a realistic trip (the tests' BASE or a bundled itinerary) with one thing
changed. The file is read as an editor reads it (YAML 1.2, tests/yaml12.py) and validated
with `jsonschema` against the schema `tripplan schema` prints; the same text goes through
the real `check`. Where a schema can express the rule, the schema accepts exactly when
`check` reports no error. The cases it cannot express are listed in `BEYOND_A_SCHEMA`,
each with the reason, and assert that gap (so a case moves if either side changes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import yaml12
from conftest import BASE, EXAMPLES
from tripplan import __version__, check_text

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[tuple[str, str], ...] = ()
    file: str = ""  # a bundled itinerary's name; default: BASE

    def text(self) -> str:
        text = BASE if not self.file else (ROOT / "itineraries" / self.file).read_text("utf-8")
        for old, new in self.edits:
            assert old in text, (self.name, old)
            text = text.replace(old, new, 1)
        return text


def case(name: str, *edits: tuple[str, str], file: str = "") -> Case:
    return Case(name, edits, file)


_VISIT = '        venue: studio\n        start: "10:00"\n        end: "11:00"\n'
_FOUNDERS = "        venue: campus\n"
_KO = "    name: Ko Wing-sze\n"

# Good files: `check` reports no error, and an editor must not mark them.
GOOD = [
    case("base"),
    *(case(f"bundled {path.name}", file=path.name) for path in EXAMPLES),
    case("phone written as digits", (_KO, _KO + "    phone: 28102810\n")),
    case("reference with leading zeros", (_VISIT, _VISIT + "        reference: 00420\n")),
    case("train number in digits", ("mode: train\n", "mode: train\n        service: 123\n")),
    case("trip title a year", ("title: Test trip", "title: 2025")),
    case("venue named by a number", ("name: Games studio", "name: 798")),
    case("unquoted afternoon time", ('start: "16:30"', "start: 16:30")),
    case("unquoted morning time", ('start: "08:05"', "start: 08:05")),
    case(
        "unquoted times of a flexible event",
        (_VISIT, "        venue: studio\n        window: [09:00, 12:00]\n        duration: 1h\n"),
    ),
    case("principal: yes", ("principal: true", "principal: yes")),
    case("principal: no on another", (_KO, _KO + "    principal: no\n")),
    case("precedence given", (_KO, _KO + "    precedence: 2\n")),
    case("quoted coordinates", ("[30.2800, 120.0300]", '["30.2800", "120.0300"]')),
    case(
        "coordinates from Amap", ("[30.2800, 120.0300]", "{lat: 30.28, lon: 120.03, datum: gcj02}")
    ),
    case("event id all digits", ("id: studio-visit", "id: 2025")),
    case("attendees named", (_FOUNDERS, _FOUNDERS + "        attendees: [yan]\n")),
    case("kind left to default (travel)", ("        kind: travel\n", "")),
    case("kind left to default (other)", ("        kind: visit\n", "")),
    case("end left empty beside duration", (_FOUNDERS, _FOUNDERS + "        end:\n")),
    case(
        "x- anchors merged into a venue",
        ("venues:\n", "x-hz: &hz {city: Hangzhou}\nvenues:\n"),
        ("    name: AI campus\n    city: Hangzhou\n", "    name: AI campus\n    <<: *hz\n"),
    ),
    case("version quoted", ("trip:\n", 'version: "1"\ntrip:\n')),
    case(
        "bookings with a coach number",
        ("mode: train\n", "mode: train\n        bookings: {yan: {coach: 5, seat: 12A}}\n"),
    ),
    case(
        "rooms beside the hotel",
        (
            "  - date: 2025-02-25\n",
            "  - date: 2025-02-25\n    hotel: campus\n    rooms: {yan: {room: 1203}}\n",
        ),
    ),
    case(
        "talking points, one internal",
        (_FOUNDERS, _FOUNDERS + "        talking_points: [Trade, {text: Visas, internal: true}]\n"),
    ),
    case("buffer of 15m", ("  end: 2025-02-26\n", "  end: 2025-02-26\n  buffer: 15m\n")),
    case(
        "driver with phones",
        ("trip:\n", "vehicles: {car-1: {driver: {name: Li, phones: [1, '+86 2']}}}\ntrip:\n"),
    ),
    case(
        "driver with phone and phones left empty",
        ("trip:\n", "vehicles: {car-1: {driver: {name: Li, phone: , phones: 2}}}\ntrip:\n"),
    ),
    case(
        "duty officer by person, phone digits",
        (
            "[{name: Duty officer, role: duty-officer}]",
            "[{person: ko, role: duty-officer, phones: 28102810}]",
        ),
    ),
    case(
        "passport number digits",
        (
            "    documents: *permit\n",
            "    documents: [{type: passport, number: 123456789, expires: 2030-01-01}]\n",
        ),
    ),
    case("talking point a number", (_FOUNDERS, _FOUNDERS + "        talking_points: [123]\n")),
    case("unquoted 9:30 (570 in YAML 1.1)", ('start: "10:00"', "start: 9:30")),
    case("dress: no (false in YAML 1.1)", (_FOUNDERS, _FOUNDERS + "        dress: no\n")),
    case("tentative meeting", (_FOUNDERS, _FOUNDERS + "        status: tentative\n")),
    case(
        "car speed set",
        (
            "  end: 2025-02-26\n",
            '  end: 2025-02-26\n  travel: {car: {speed: 30, peak: {"07:30-09:30": 0.6}}, walk_up_to_km: 1}\n',
        ),
    ),
]

# Bad files: `check` reports an error, and the schema must too.
BAD = [
    case("attendees: []", (_FOUNDERS, _FOUNDERS + "        attendees: []\n")),
    case("start with window", (_VISIT, _VISIT + '        window: ["09:00", "12:00"]\n')),
    case("end with duration", (_FOUNDERS, _FOUNDERS + '        end: "17:30"\n')),
    case("travel event without mode", ("        mode: train\n", "")),
    case("venue on a travel event", ("mode: train\n", "mode: train\n        venue: campus\n")),
    case("latitude 122 in the pair", ("[30.2800, 120.0300]", "[122, 120.0300]")),
    case("latitude 122 in a mapping", ("[30.2800, 120.0300]", "{lat: 122, lon: 120.03}")),
    case("three coordinates", ("[30.2800, 120.0300]", "[30.28, 120.03, 10]")),
    case("start without end or duration", ('        end: "11:00"\n', "")),
    case("no start nor window", ('        start: "10:00"\n', "")),
    case("window with end", ('        start: "10:00"\n', '        window: ["09:00", "12:00"]\n')),
    case(
        "window without duration",
        ('        start: "10:00"\n        end: "11:00"\n', '        window: ["09:00", "12:00"]\n'),
    ),
    case("from on a meeting", (_FOUNDERS, _FOUNDERS + "        from: west-kowloon\n")),
    case("service on a meeting", (_FOUNDERS, _FOUNDERS + "        service: G900\n")),
    case("meeting without venue", (_FOUNDERS, "")),
    case(
        "vehicles on a train", ("mode: train\n", "mode: train\n        vehicles: {car-1: [yan]}\n")
    ),
    case("bookings on a meeting", (_FOUNDERS, _FOUNDERS + "        bookings: {yan: {seat: 1A}}\n")),
    case(
        "rooms without hotel",
        ("  - date: 2025-02-25\n", "  - date: 2025-02-25\n    rooms: {yan: {room: 1203}}\n"),
    ),
    case("misspelt key", ("venue: studio", "venu: studio")),
    case("time as a number", ('start: "10:00"', "start: 1000")),
    case("time with a dot", ('start: "10:00"', "start: 10.00")),
    case("time 25:00", ('end: "11:00"', 'end: "25:00"')),
    case("duration 90 min", ("duration: 1h", "duration: 90 min")),
    case("duration a bare number", ("duration: 1h", "duration: 90")),
    case("duration 0m", ("duration: 1h", "duration: 0m")),
    case("kind capitalised", ("kind: visit", "kind: Visit")),
    case("unknown status", (_FOUNDERS, _FOUNDERS + "        status: done\n")),
    case("mode bus", ("mode: train", "mode: bus")),
    case("id with capitals", ("id: founders", "id: Founders")),
    case("trip id with a space", ("id: test-trip", "id: test trip")),
    case("person id with capitals", ("  ko:\n", "  Ko:\n")),
    case("date with slashes", ("- date: 2025-02-26", "- date: 26/02/2025")),
    case("date without dashes", ("- date: 2025-02-26", "- date: 20250226")),
    case("zone named after a city", ("timezone: Asia/Shanghai", "timezone: Asia/Hangzhou")),
    case("zone abbreviation", ("timezone: Asia/Hong_Kong", "timezone: HKT")),
    case("country written out", ("country: HK", "country: Hong Kong")),
    case("person without name", (_KO, "    role: Manager\n")),
    case("empty title", ("title: Studio visit", 'title: ""')),
    case("precedence 0", (_KO, _KO + "    precedence: 0\n")),
    case("principal: 2", ("principal: true", "principal: 2")),
    case("zone in lower case", ("timezone: Asia/Shanghai", "timezone: asia/shanghai")),
    case("mode left empty on a journey", ("mode: train", "mode:")),
    case("title only spaces", ("title: Studio visit", 'title: "   "')),
    case("service alone makes a journey", ("        kind: visit\n", "        service: G1\n")),
    case("principal: maybe", ("principal: true", "principal: maybe")),
    case(
        "contact without name or person",
        ("[{name: Duty officer, role: duty-officer}]", "[{role: duty-officer}]"),
    ),
    case(
        "car speed 0", ("  end: 2025-02-26\n", "  end: 2025-02-26\n  travel: {car: {speed: 0}}\n")
    ),
    case("seats 0", ("trip:\n", "vehicles: {car-1: {seats: 0}}\ntrip:\n")),
    case(
        "driver with phone and phones",
        ("trip:\n", "vehicles: {car-1: {driver: {name: Li, phone: 1, phones: [2]}}}\ntrip:\n"),
    ),
    case("version 2", ("trip:\n", "version: 2\ntrip:\n")),
    case("unknown top-level key", ("trip:\n", "notes: spare\ntrip:\n")),
    case("unknown datum", ("[30.2800, 120.0300]", "{lat: 30.28, lon: 120.03, datum: wgs-84}")),
]

# What `check` reports and a JSON Schema cannot say, with the reason.
BEYOND_A_SCHEMA = [
    (
        case("unknown venue id", ("venue: studio", "venue: stuido")),
        "a reference to another part of the file",
    ),
    (
        case("unknown attendee", (_FOUNDERS, _FOUNDERS + "        attendees: [yna]\n")),
        "a reference to another part of the file",
    ),
    (
        case("event id used twice", ("id: studio-visit", "id: founders")),
        "uniqueness across days: JSON Schema's uniqueItems compares whole items",
    ),
    (
        case("double booking", ('start: "16:30"', 'start: "14:30"')),
        "time arithmetic between events (with zones)",
    ),
    (
        case("trip ends before it starts", ("  end: 2025-02-26\n", "  end: 2025-02-24\n")),
        "comparing two dates",
    ),
    (
        case(
            "window closes before it opens",
            (
                _VISIT,
                '        venue: studio\n        window: ["12:00", "09:00"]\n        duration: 1h\n',
            ),
        ),
        "comparing two times",
    ),
    (
        case("version 1.0", ("trip:\n", "version: 1.0\ntrip:\n")),
        "a YAML 1.2 reader makes 1.0 the number 1; check reads the text written",
    ),
    (case("ends before it starts", ('end: "11:00"', 'end: "09:00"')), "time arithmetic"),
    (
        case("day outside the trip", ("- date: 2025-02-26", "- date: 2025-02-28")),
        "comparing dates with the trip's",
    ),
    (
        case("two principals", (_KO, _KO + "    principal: true\n")),
        "counting over the values of a mapping (contains/maxContains work on arrays only)",
    ),
    (
        case("quoted latitude 122", ("[30.2800, 120.0300]", '["122", "120.0300"]')),
        "a range on a number written as text",
    ),
    (
        case(
            "overlapping peak hours",
            (
                "  end: 2025-02-26\n",
                '  end: 2025-02-26\n  travel: {car: {peak: {"07:00-09:00": 0.6, "08:00-10:00": 0.7}}}\n',
            ),
        ),
        "comparing hours with each other",
    ),
]


def schema_errors(text: str, schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(yaml12.load(text))]


def check_errors(text: str) -> list[str]:
    report = check_text(text, "trip.yaml")
    return [f"{p.code}: {p.message}" for p in report.problems if p.severity == "error"]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    from tripplan.format.schema import itinerary_schema

    jsonschema.Draft202012Validator.check_schema(itinerary_schema())
    return itinerary_schema()


def test_there_are_enough_cases():
    assert len(GOOD) + len(BAD) >= 40
    names = [c.name for c in GOOD + BAD] + [c.name for c, _ in BEYOND_A_SCHEMA]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", GOOD, ids=lambda c: c.name)
def test_the_schema_accepts_what_check_accepts(case: Case, schema: dict[str, Any]):
    text = case.text()
    assert check_errors(text) == []
    assert schema_errors(text, schema) == []


@pytest.mark.parametrize("case", BAD, ids=lambda c: c.name)
def test_the_schema_rejects_what_check_rejects(case: Case, schema: dict[str, Any]):
    text = case.text()
    assert check_errors(text)
    assert schema_errors(text, schema)


@pytest.mark.parametrize(
    ("case", "reason"), BEYOND_A_SCHEMA, ids=[c.name for c, _ in BEYOND_A_SCHEMA]
)
def test_what_a_schema_cannot_say_is_left_to_check(case: Case, reason: str, schema: dict[str, Any]):
    text = case.text()
    assert check_errors(text), reason
    assert schema_errors(text, schema) == [], reason


def test_every_property_is_described(schema: dict[str, Any]):
    # Editors show a key's description on hover; the rules' own `properties` (in allOf,
    # anyOf) say which keys are given, not what they mean.
    places = {"(top level)": schema, **schema["$defs"]}
    undescribed = [
        f"{name}.{key}"
        for name, node in places.items()
        for part in [node, *node.get("anyOf", ())]
        if "required" not in part or "type" in part
        for key, value in part.get("properties", {}).items()
        if not value.get("description")
    ]
    assert undescribed == []


def test_the_schema_has_a_versioned_id(tripplan):
    schema = json.loads(tripplan("schema").stdout)
    assert schema["$id"] == f"https://tripplan.invalid/schema/itinerary/v1/{__version__}"
    assert "Asia/Hong_Kong" in schema["$defs"]["TimeZone"]["enum"]
    # The README says which $id the schema has, and how to wire it into VS Code.
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"Its `$id` is `{schema['$id']}`" in readme
    assert '"yaml.schemas": {"./itinerary.schema.json"' in readme


# The VS Code YAML extension's validator, where it is installed (.ci/run installs it).
EDITOR = Path(os.environ.get("TRIPPLAN_YAML_LANGUAGE_SERVER") or ROOT / ".ci/editor/node_modules")


def test_the_vs_code_yaml_extension_agrees(tripplan, tmp_path: Path):
    node = shutil.which("node")
    if node is None or not (EDITOR / "yaml-language-server").is_dir():
        pytest.skip(
            "yaml-language-server is not installed: npm install --prefix .ci/editor "
            "yaml-language-server@2 (or set TRIPPLAN_YAML_LANGUAGE_SERVER to a node_modules)"
        )
    schema = tmp_path / "itinerary.schema.json"
    schema.write_text(tripplan("schema").stdout, encoding="utf-8")
    cases = [(c, True) for c in GOOD] + [(c, False) for c in BAD]
    cases += [(c, True) for c, _ in BEYOND_A_SCHEMA]
    done = subprocess.run(
        [node, str(Path(__file__).with_name("editor_check.mjs")), str(EDITOR)],
        input=json.dumps({"schema": str(schema), "docs": [c.text() for c, _ in cases]}),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    disagree = [
        (c.name, diagnostics)
        for (c, good), diagnostics in zip(cases, found, strict=True)
        if good == bool(diagnostics)
    ]
    assert disagree == []
