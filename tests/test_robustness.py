"""Robustness: whatever file it is given, `tripplan check` answers, it never crashes.

Issue requirement: "A property test (hypothesis) generates random itineraries and random
byte mutations of the examples: `tripplan check` always ends with exit 0, 1 or 2 and a
message, never a traceback."

Three families of inputs, each run through the real CLI in-process, as text and as JSON:

1. byte and line mutations of the real examples (itineraries/*.yaml and the example of
   the format document);
2. itineraries built from the format's structure, with valid and invalid values; valid
   trips with a few values pushed to the limits of dates; and valid one-zone trips where
   the test computes double bookings on its own and compares with what tripplan reports;
3. YAML oddities: aliases and alias bombs, merge keys, duplicate keys, documents that are
   not mappings, empty files, several documents, deep nesting, BOMs, bad encodings,
   very long lines.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, example, given, settings
from hypothesis import note as _note
from hypothesis import strategies as st
from typer.testing import CliRunner

from tripplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_FILES = sorted((ROOT / "itineraries").glob("*.yaml"))
FORMAT_DOCS = [
    ROOT / "docs" / "itinerary-format.md",
    ROOT / "itinerary-format.md",
    Path("/work/shared/itinerary-format.md"),
]

# Severities the format document gives each code; codes added later only need a valid one.
FORMAT_SEVERITY = {
    "yaml": "error",
    "schema": "error",
    "unknown-ref": "error",
    "duplicate-id": "error",
    "bad-timezone": "error",
    "end-before-start": "error",
    "outside-trip": "error",
    "double-booked": "error",
    "travel-infeasible": "error",
    "tight-transfer": "warning",
    "window-infeasible": "error",
    "no-location": "warning",
    "tentative": "warning",
    "holiday": "warning",
}
PROBLEM_KEYS = {"code", "severity", "message", "line", "column", "event"}
SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings? in 1 file$")
# libyaml's line breaks: the line of a problem can be at most one past the last of them.
LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

RUNNER = CliRunner()

COMMON = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(autouse=True, scope="module")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # No example may read or write the user's cache (conftest may do the same per test).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("robustness-cache")))
        yield


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Module scoped so hypothesis can reuse it across examples; each test has its own file.
    return tmp_path_factory.mktemp("robustness")


# --- running the CLI and what every run must satisfy --------------------------------


def note(text: str) -> None:
    """Hypothesis's note() inside a property test, nothing in a plain test."""
    if currently_in_test_context():
        _note(text)


def _describe(result: Any) -> str:
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout[-4000:]}\n"
    text += f"--- stderr\n{result.stderr[-4000:]}"
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        text += "\n--- exception\n" + "".join(traceback.format_exception(exc))
    return text


def _assert_problem(problem: Any, max_line: int) -> None:
    assert isinstance(problem, dict), problem
    assert set(problem) >= PROBLEM_KEYS, problem
    code, severity = problem["code"], problem["severity"]
    assert isinstance(code, str), problem
    assert re.fullmatch(r"[a-z][a-z0-9-]*", code), problem
    assert severity in ("error", "warning"), problem
    if code in FORMAT_SEVERITY:
        assert severity == FORMAT_SEVERITY[code], problem
    assert isinstance(problem["message"], str), problem
    assert problem["message"].strip(), problem
    assert problem["event"] is None or isinstance(problem["event"], str), problem
    line, column = problem["line"], problem["column"]
    assert (line is None) == (column is None), problem
    for value in (line, column):
        assert value is None or (type(value) is int and value >= 1), problem
    if line is not None:
        assert line <= max_line, f"line {line} is past the end of the file: {problem}"


def check(path: Path, *options: str) -> tuple[int, Any]:
    """Run `tripplan check PATH [options]` and assert what must hold for any input.

    Returns the exit status, and the JSON document for `--format json` runs that ended
    0 or 1 (else None).
    """
    started = time.perf_counter()
    result = RUNNER.invoke(app, ["check", str(path), *options])
    elapsed = time.perf_counter() - started
    described = _describe(result)
    note(f"tripplan check {path.name} {' '.join(options)} ({elapsed:.2f}s)\n{described}")
    assert result.exception is None or isinstance(result.exception, SystemExit), described
    assert result.exit_code in (0, 1, 2), described
    for stream in (result.stdout, result.stderr):
        assert "internal error" not in stream, described
        assert "Traceback" not in stream, described
    assert result.stdout.strip() or result.stderr.strip(), "no output at all\n" + described
    if result.exit_code == 2:
        # The command could not run: one line on stderr says why.
        assert result.stderr.startswith("error:"), described
        return 2, None
    json_output = "json" in options
    if not json_output:
        lines = result.stdout.strip().splitlines()
        summary = SUMMARY.match(lines[-1]) if lines else None
        assert summary, "no summary line\n" + described
        assert (result.exit_code == 1) == (int(summary[1]) > 0), described
        return result.exit_code, None
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    max_line = len(LINE_BREAKS.findall(text)) + 1
    if text and not LINE_BREAKS.match(text[-1]):
        # libyaml ends an unterminated last line before reporting the end of the file,
        # so "unexpected end" problems may sit on the line after it.
        max_line += 1
    try:
        document = json.loads(result.stdout)
    except ValueError as e:
        pytest.fail(f"stdout is not JSON ({e})\n{described}")
    assert isinstance(document, dict), described
    assert {"files", "errors", "warnings"} <= set(document), described
    assert isinstance(document["files"], list), described
    assert len(document["files"]) == 1, described
    report = document["files"][0]
    assert report["file"] == str(path), described
    problems = report["problems"]
    assert isinstance(problems, list), described
    for problem in problems:
        _assert_problem(problem, max_line)
    errors = sum(1 for p in problems if p["severity"] == "error")
    warnings = sum(1 for p in problems if p["severity"] == "warning")
    assert (document["errors"], document["warnings"]) == (errors, warnings), described
    assert (result.exit_code == 1) == (errors > 0), described
    return result.exit_code, document


def check_both(path: Path) -> Any:
    """Text and JSON runs; they must agree on the exit status. Returns the JSON document."""
    text_status, _ = check(path)
    json_status, document = check(path, "--format", "json")
    assert text_status == json_status, "text and JSON runs end differently"
    return document


def write(workdir: Path, name: str, content: bytes | str) -> Path:
    path = workdir / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    note(f"--- {name} ({len(content)} bytes)\n{content[:3000]!r}")
    return path


def codes(document: Any) -> list[str]:
    return [p["code"] for f in document["files"] for p in f["problems"]]


# --- 1. mutations of the real examples ------------------------------------------------


def _format_example() -> bytes | None:
    for doc in FORMAT_DOCS:
        if doc.is_file():
            match = re.search(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
            if match:
                return match.group(1).encode("utf-8")
    return None


SOURCES: dict[str, bytes] = {p.name: p.read_bytes() for p in EXAMPLE_FILES}
if (_example := _format_example()) is not None:
    SOURCES["itinerary-format.md#example"] = _example

# fmt: off
ODD_TEXT = [
    "\t", "\x00", "\u2028", "\u2029", "\x85", "\ufeff", "\r", "\r\n", "\x1b[31m", "\u200b",
    "\x7f", "\x01", "\ud7ff", "\U0010ffff", "\U0001f600", "\U0001f468\u200d\U0001f469",
    "中文", "香港西九龍站", "\u0301", "\u202e", "[/]", "[bold]", "%s", "{0}", "\\",
    ": ", "- ", "? ", "&a ", "*a", "*nope", "<<: *a", "{", "}", "[", "]", "'", '"', "#",
    "!!python/object/apply:os.system ", "!!binary ", "!custom ", "~", "|", ">", "---\n",
    "...\n", "%YAML 1.1\n", "@", "`", ",", "&", "!", "\n  - ", "\n    ", "\n\n",
]
# Values put in place of the value of one key or list item.
ODD_VALUES = [
    '"25:00"', '"24:00"', '"06:10+1"', '"06:10+9"', '"23:59+9"', '"-01:00"', "09:30",
    "0m", "-1h", "99999999999h", "999999h", "100000000m", "1h30", "1.5h",
    "2025-02-30", "0001-01-01", "9999-12-31", "1970-01-01", "2025-02-25T10:00:00",
    "Mars/Olympus", "asia/shanghai", "UTC", "Etc/GMT+14", "zone.tab", "~", "null", "''",
    "[]", "{}", "[[[]]]", "[1, 2, 3]", "{a: b}", "true", "no", "1e999", "-0", "0x1F",
    "12345678901234567890123456789", ".nan", "-.inf", "*nope", "&x", "!!int x",
    "cancelled", "tentative", "travel", "[yan, yan]", "[nobody]", '"Yan"', '"a b"',
    "[91, 181]", "[1]", "{lat: 1, lon: 2, datum: mars}", '["09:00"]',
    '["12:00", "09:00"]', '["09:00", "12:00", "13:00"]',
]
MUTATIONS = [
    "replace-value", "flip-bit", "set-byte", "insert-bytes", "insert-text", "delete-bytes",
    "duplicate-line", "delete-line", "move-line", "indent", "truncate", "replace-value",
    "insert-text", "duplicate-block",
]
# fmt: on


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = SOURCES[name]
    steps = draw(st.integers(1, 6))
    for _ in range(steps):
        op = draw(st.sampled_from(MUTATIONS))
        pos = draw(st.integers(0, len(data)))
        lines = _lines(data)
        at = draw(st.integers(0, len(lines) - 1))
        if op == "flip-bit" and data:
            pos = min(pos, len(data) - 1)
            data = (
                data[:pos] + bytes([data[pos] ^ (1 << draw(st.integers(0, 7)))]) + data[pos + 1 :]
            )
        elif op == "set-byte" and data:
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([draw(st.integers(0, 255))]) + data[pos + 1 :]
        elif op == "insert-bytes":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
        elif op == "insert-text":
            text = draw(st.sampled_from(ODD_TEXT) | st.text(min_size=1, max_size=12))
            # Half the time insert on a character boundary of a random line, so that the
            # file stays UTF-8 and reaches the parser.
            if draw(st.booleans()):
                pos = sum(len(line) for line in lines[:at])
                pos += draw(st.integers(0, len(lines[at]) if at < len(lines) else 0))
                while 0 < pos < len(data) and (data[pos] & 0xC0) == 0x80:
                    pos -= 1
            data = data[:pos] + text.encode("utf-8") + data[pos:]
        elif op == "delete-bytes":
            data = data[:pos] + data[pos + draw(st.integers(1, 40)) :]
        elif op == "duplicate-line":
            lines.insert(at, lines[at])
            data = b"".join(lines)
        elif op == "duplicate-block":
            end = min(len(lines), at + draw(st.integers(2, 12)))
            lines[end:end] = lines[at:end]
            data = b"".join(lines)
        elif op == "delete-line":
            del lines[at]
            data = b"".join(lines)
        elif op == "move-line":
            line = lines.pop(at)
            lines.insert(draw(st.integers(0, len(lines))), line)
            data = b"".join(lines)
        elif op == "indent":
            line = lines[at]
            if draw(st.booleans()):
                line = b" " * draw(st.integers(1, 4)) + line
            else:
                line = line.lstrip(b" ")
            lines[at] = line
            data = b"".join(lines)
        elif op == "truncate":
            data = data[:pos]
        elif op == "replace-value":
            # Replace the value after one `key: ` (or one list item) by an odd value.
            spots = [m.end() for m in re.finditer(rb"(?m)^\s*(?:- )?[\w-]+: |^\s*- ", data)]
            if spots:
                start = spots[draw(st.integers(0, len(spots) - 1))]
                stop = data.find(b"\n", start)
                stop = len(data) if stop < 0 else stop
                value = draw(st.sampled_from(ODD_VALUES)).encode("utf-8")
                data = data[:start] + value + data[stop:]
        note(f"{op} at byte {pos} / line {at + 1}")
    return name, data


@settings(COMMON, max_examples=200)
@given(case=mutations())
def test_mutated_examples_never_crash(case: tuple[str, bytes], workdir: Path) -> None:
    name, data = case
    check_both(write(workdir, "mutated.yaml", data))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_unmutated_examples_have_no_errors(name: str, workdir: Path) -> None:
    document = check_both(write(workdir, "example.yaml", SOURCES[name]))
    assert document is not None
    assert document["errors"] == 0, document


# --- 2. structured itineraries --------------------------------------------------------

ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Europe/London", "America/New_York"]
# Daylight-saving changes and holidays around which times are easy to get wrong.
SPECIAL_DATES = [
    date(2025, 3, 9),  # America/New_York springs forward
    date(2025, 11, 2),  # America/New_York falls back
    date(2025, 3, 30),  # Europe/London springs forward
    date(2025, 10, 26),  # Europe/London falls back
    date(2025, 1, 29),  # Chinese New Year
    date(2025, 10, 1),  # National Day
    date(2024, 2, 29),
    date(2025, 2, 25),
]
DST_CHANGES = [
    ("America/New_York", date(2025, 3, 9)),
    ("America/New_York", date(2025, 11, 2)),
    ("Europe/London", date(2025, 3, 30)),
    ("Europe/London", date(2025, 10, 26)),
]
PEOPLE = ["yan", "ko", "li-1"]
VENUES = ["hall", "hotel-hz", "station"]

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
bad_slugs = st.sampled_from(["Yan", "a b", "-a", "a_b", "", " ", "ÿ", "a/b", "A", "a\n"])
refs = st.sampled_from([*PEOPLE, *VENUES, "nobody", "hal"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(ODD_VALUES)
    | st.dates()
)
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def mostly(
    good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any] = junk
) -> st.SearchStrategy[Any]:
    """`good` five times in six (and when shrinking), else `bad`."""
    return st.integers(0, 5).flatmap(lambda k: bad if k == 5 else good)


clock = st.builds(
    lambda h, m, plus: f"{h:02d}:{m:02d}{plus}",
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["", "", "", "+1", "+2"]),
)
bad_clock = (
    st.sampled_from(
        [
            "25:00",
            "24:00",
            "9.30",
            "09:60",
            "-01:00",
            "06:10+10",
            "06:10-1",
            "0930",
            "",
            "09:30:00",
            "\uff19:\uff13\uff10",
            "23:59+9",
            "noon",
        ]
    )
    | st.integers()
    | junk
)


def _duration(hours: int, minutes: int) -> str:
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes or not hours else "")


duration = st.builds(_duration, st.integers(0, 30), st.integers(0, 150))
bad_duration = (
    st.sampled_from(
        [
            "-1h",
            "1.5h",
            "1h-30m",
            "h",
            "m",
            "1d",
            "PT1H",
            "99999999999h",
            "99999999999999999999m",
            "1h 30",
            "30",
            "forever",
            "99999999h",
            "9999999999m",
            "8784h",
            "0h0m",
            "744h",
            "745h",
            "9" * 5000 + "h",
        ]
    )
    | st.integers(0, 10**30).map(lambda n: f"{n}h")
    | st.integers(0, 10**30).map(lambda n: f"{n}m")
    | junk
)
zone = st.sampled_from(ZONES)
bad_zone = (
    st.sampled_from(
        [
            "Mars/Olympus",
            "asia/shanghai",
            "Asia/Shang_hai",
            "UTC+8",
            "GMT+8",
            "",
            "Asia",
            "../etc/passwd",
            "/etc/localtime",
            "zone.tab",
            "tzdata.zi",
            "Asia/../Europe/London",
            "Europe/London\x00",
            "x" * 300,
            "Etc/GMT+14",
            "Factory",
            "posixrules",
            "Asia/Beijing",
        ]
    )
    | junk
)
trip_dates = st.sampled_from(SPECIAL_DATES) | st.dates(date(2024, 1, 1), date(2026, 12, 31))
bad_dates = (
    st.dates()
    | st.sampled_from([date.min, date.max, date(1, 1, 2), date(9999, 12, 30), date(1970, 1, 1)])
    | st.sampled_from(
        [
            "2025-02-30",
            "2025-13-01",
            "25-02-2025",
            "2025/02/25",
            "tomorrow",
            "2025-02-25T10:00",
            "20250225",
            "+2025-02-25",
            "2025-W09-2",
            "0000-01-01",
            "10000-01-01",
        ]
    )
    | junk
)


@st.composite
def mapping(
    draw: st.DrawFn, required: dict[str, Any], optional: dict[str, Any] | None = None
) -> Any:
    """A mapping of the format's keys; now and then a key goes missing or an unknown one
    (a typo) appears, and rarely the whole mapping is something else."""
    if draw(st.integers(0, 40)) == 0:
        return draw(junk)
    value = draw(st.fixed_dictionaries(required, optional=optional or {}))
    if value and draw(st.integers(0, 12)) == 0:
        del value[draw(st.sampled_from(sorted(value)))]
    if draw(st.integers(0, 12)) == 0:
        typo = draw(st.sampled_from(["venu", "titel", "strat", "atendees", "x", "<<", "Name"]))
        value[typo] = draw(junk)
    return value


contacts = mapping(
    {"name": mostly(st.text(min_size=1, max_size=20))},
    {
        "role": mostly(st.text(max_size=10)),
        "phone": mostly(st.just("+86 571 0000 0000")),
        "email": mostly(st.just("a@example.com")),
    },
)
locations = mostly(
    st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(list)
    | st.fixed_dictionaries(
        {"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)},
        optional={"datum": st.sampled_from(["wgs84", "gcj02", "bd09"])},
    ),
    st.sampled_from([[1], [91, 0], [0, 181], ["a", "b"], {"lat": 1}, [1, 2, 3], "here"]) | junk,
)
people_tables = mostly(
    st.dictionaries(
        mostly(st.sampled_from(PEOPLE), bad_slugs),
        mapping(
            {"name": mostly(st.text(min_size=1, max_size=20))},
            {
                "role": mostly(st.text(max_size=10)),
                "principal": mostly(st.booleans()),
                "email": mostly(st.just("a@example.com")),
                "name_local": mostly(st.just("彭")),
            },
        ),
        max_size=4,
    )
)
venue_tables = mostly(
    st.dictionaries(
        mostly(st.sampled_from(VENUES), bad_slugs),
        mapping(
            {"name": mostly(st.text(min_size=1, max_size=20))},
            {
                "city": mostly(
                    st.sampled_from(["Hangzhou", "Hong Kong", "香港", "London", "Macao"])
                ),
                "country": mostly(
                    st.sampled_from(["CN", "HK", "GB", "US", "MO", "ZZ", "XK"]),
                    st.sampled_from(["cn", "CHN", "", "C1"]) | junk,
                ),
                "location": locations,
                "address": mostly(st.text(max_size=20)),
                "aliases": mostly(st.lists(st.text(max_size=5), max_size=2)),
            },
        ),
        max_size=4,
    )
)


@st.composite
def events(draw: st.DrawFn) -> Any:
    shape = draw(st.sampled_from(["duration", "end", "window", "travel", "both"]))
    required: dict[str, Any] = {
        "id": mostly(slugs | st.sampled_from(["a", "b", "c"]), bad_slugs | junk),
        "title": mostly(st.text(min_size=1, max_size=30)),
    }
    optional: dict[str, Any] = {
        "attendees": mostly(st.lists(refs, max_size=4)),
        "status": mostly(
            st.sampled_from(["confirmed", "tentative", "cancelled"]),
            st.sampled_from(["Cancelled", "maybe", "canceled"]) | junk,
        ),
        "timezone": mostly(zone, bad_zone),
        "host": contacts,
        "notes": mostly(st.text(max_size=30)),
        "dress": mostly(st.text(max_size=10)),
        "reference": mostly(st.text(max_size=10)),
    }
    if shape == "travel":
        required |= {
            "from": mostly(refs),
            "to": mostly(refs),
            "mode": mostly(st.sampled_from(["car", "walk", "train", "flight", "ferry"])),
            "kind": st.just("travel"),
            "start": mostly(clock, bad_clock),
            "end": mostly(clock, bad_clock),
        }
        optional["end_timezone"] = mostly(zone, bad_zone)
    else:
        required |= {"venue": mostly(refs)}
        optional["kind"] = mostly(
            st.sampled_from(["meeting", "visit", "meal", "press", "briefing", "other"]),
            st.sampled_from(["travel", "Meeting", "party"]) | junk,
        )
    if shape in ("duration", "both"):
        required |= {"start": mostly(clock, bad_clock), "duration": mostly(duration, bad_duration)}
    if shape == "end":
        required |= {"start": mostly(clock, bad_clock), "end": mostly(clock, bad_clock)}
        optional["end_timezone"] = mostly(zone, bad_zone)
    if shape in ("window", "both"):
        required |= {
            "window": mostly(
                st.lists(clock, min_size=2, max_size=2), st.lists(clock, max_size=3) | junk
            ),
            "duration": mostly(duration, bad_duration),
        }
    return draw(mapping(required, optional))


days = mapping(
    {"date": mostly(trip_dates, bad_dates), "events": mostly(st.lists(events(), max_size=4))},
    {"city": mostly(st.text(max_size=10)), "hotel": mostly(refs), "notes": mostly(st.text())},
)
itineraries = mapping(
    {
        "version": mostly(
            st.just(1), st.sampled_from([2, "1", "one", 1.0, 0, "1" * 5000, "١"]) | junk
        ),
        "trip": mapping(
            {
                "id": mostly(slugs, bad_slugs),
                "title": mostly(st.text(min_size=1, max_size=30)),
                "timezone": mostly(zone, bad_zone),
                "start": mostly(trip_dates, bad_dates),
                "end": mostly(trip_dates, bad_dates),
            },
            {"organizer": contacts, "buffer": mostly(duration, bad_duration)},
        ),
        "people": people_tables,
        "venues": venue_tables,
        "days": mostly(st.lists(days, max_size=4)),
    }
)


@settings(COMMON, max_examples=200)
@given(data=itineraries)
def test_random_itineraries_never_crash(data: Any, workdir: Path) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    check_both(write(workdir, "random.yaml", text))


# Valid trips in one zone, events within a day given by start + duration: the test
# works out who is double-booked by itself and compares with what tripplan reports.


@st.composite
def simple_trips(draw: st.DrawFn) -> dict[str, Any]:
    tz, first = draw(
        st.sampled_from(DST_CHANGES)
        | st.tuples(st.sampled_from(ZONES), st.sampled_from(SPECIAL_DATES))
    )
    first -= timedelta(days=draw(st.integers(0, 1)))
    dates = [first + timedelta(days=i) for i in range(draw(st.integers(1, 3)))]
    people = draw(
        st.lists(st.sampled_from(["yan", "ko", "li", "chan"]), min_size=1, max_size=4, unique=True)
    )
    number = iter(range(1000))
    day_list = []
    for day in dates:
        day_events = []
        for _ in range(draw(st.integers(0, 5))):
            minutes = draw(st.integers(1, 240) | st.integers(1, 60))
            # Often in the small hours, where clocks change on daylight-saving days,
            # and in the hour before they go back (01:00-02:00 in both zones).
            start = draw(
                st.integers(0, 24 * 60 - 1 - minutes) | st.integers(0, 180) | st.integers(60, 119)
            )
            event: dict[str, Any] = {
                "id": f"e{next(number)}",
                "title": "Event",
                "kind": draw(st.sampled_from(["meeting", "visit", "meal", "other"])),
                "venue": draw(st.sampled_from(["hall", "office"])),
                "start": f"{start // 60:02d}:{start % 60:02d}",
                "duration": _duration(*divmod(minutes, 60)),
            }
            if draw(st.booleans()):
                event["attendees"] = draw(
                    st.lists(st.sampled_from(people), min_size=1, unique=True)
                )
            status = draw(
                st.sampled_from(["confirmed", "confirmed", "tentative", "cancelled", None])
            )
            if status is not None:
                event["status"] = status
            day_events.append(event)
        day_list.append({"date": day, "events": day_events})
    return {
        "version": 1,
        "trip": {
            "id": "overlaps",
            "title": "Overlaps",
            "timezone": tz,
            "start": dates[0],
            "end": dates[-1],
        },
        "people": {p: {"name": p.title()} for p in people},
        "venues": {"hall": {"name": "Hall"}, "office": {"name": "Office"}},
        "days": day_list,
    }


def _minutes(text: str) -> int:
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", text)
    assert match
    return int(match[1] or 0) * 60 + int(match[2] or 0)


def expected_double_bookings(trip: dict[str, Any]) -> set[frozenset[str]]:
    """Pairs of events that share a person and overlap in absolute time."""
    tz = ZoneInfo(trip["trip"]["timezone"])
    everyone = set(trip["people"])
    slots = []
    for day in trip["days"]:
        for event in day["events"]:
            if event.get("status") == "cancelled":
                continue
            hour, minute = map(int, event["start"].split(":"))
            local = datetime(
                day["date"].year, day["date"].month, day["date"].day, hour, minute, tzinfo=tz
            )
            begin = local.astimezone(UTC)
            end = begin + timedelta(minutes=_minutes(event["duration"]))
            if end <= begin:
                continue
            slots.append((event["id"], begin, end, set(event.get("attendees", everyone))))
    return {
        frozenset((a[0], b[0]))
        for a, b in combinations(slots, 2)
        if a[3] & b[3] and a[1] < b[2] and b[1] < a[2]
    }


EXTREME_EVENT_VALUES: dict[str, list[Any]] = {
    "start": ["00:00", "23:59", "00:00+9", "23:59+9"],
    "end": ["00:00", "23:59+9", "00:00+1"],
    "duration": ["0m", "8784h", "99999999h", "9999999999m", "99999999999h", "1000000000000m"],
    "window": [["00:00", "23:59+9"], ["23:00", "00:30+1"], ["00:00", "00:00"]],
    "timezone": ["Etc/GMT-14", "Etc/GMT+12", "Pacific/Kiritimati", "Pacific/Pago_Pago"],
    "end_timezone": ["Etc/GMT-14", "Etc/GMT+12"],
}
EDGE_FIRST_DAYS = [
    date.min,
    date(1, 1, 2),
    date(9999, 12, 29),
    date(9999, 12, 31),
    date(1970, 1, 1),
]


@st.composite
def extreme_trips(draw: st.DrawFn) -> dict[str, Any]:
    """A valid simple trip with a few values pushed to the edge of what dates can hold."""
    trip = draw(simple_trips())
    if not any(day["events"] for day in trip["days"]):
        trip["days"][0]["events"].append(
            {"id": "only", "title": "Only", "venue": "hall", "start": "09:00", "duration": "1h"}
        )
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["dates", "trip-zone", "buffer", "event", "event", "event"]))
        if what == "dates":
            first = draw(st.sampled_from(EDGE_FIRST_DAYS))
            first = min(first, date.max - timedelta(days=len(trip["days"]) - 1))
            for i, day in enumerate(trip["days"]):
                day["date"] = first + timedelta(days=i)
            trip["trip"]["start"], trip["trip"]["end"] = first, trip["days"][-1]["date"]
        elif what == "trip-zone":
            trip["trip"]["timezone"] = draw(st.sampled_from(EXTREME_EVENT_VALUES["timezone"]))
        elif what == "buffer":
            trip["trip"]["buffer"] = draw(st.sampled_from(EXTREME_EVENT_VALUES["duration"]))
        else:
            event = draw(st.sampled_from([e for d in trip["days"] for e in d["events"]]))
            key = draw(st.sampled_from(sorted(EXTREME_EVENT_VALUES)))
            event[key] = draw(st.sampled_from(EXTREME_EVENT_VALUES[key]))
            # Keep the event's shape valid: end or duration, start or window.
            if key == "end":
                event.pop("duration", None)
            elif key == "duration" and "end" in event:
                del event["end"]
            elif key == "window":
                event.pop("start", None)
                event.setdefault("duration", "30m")
                event.pop("end", None)
            elif key == "start":
                event.pop("window", None)
    return trip


@settings(COMMON, max_examples=100)
@given(trip=extreme_trips())
def test_extreme_values_never_crash(trip: dict[str, Any], workdir: Path) -> None:
    text = yaml.safe_dump(trip, allow_unicode=True, sort_keys=False)
    check_both(write(workdir, "extreme.yaml", text))


DOUBLE_BOOKED_PAIR = re.compile(r" in '([a-z0-9-]+)' .*? and '([a-z0-9-]+)' ")


def _one_event_trip(zone: str, day: date, start: str, duration: str) -> dict[str, Any]:
    event = {"id": "e0", "title": "Event", "venue": "hall", "start": start, "duration": duration}
    return {
        "version": 1,
        "trip": {"id": "overlaps", "title": "Overlaps", "timezone": zone, "start": day, "end": day},
        "people": {"yan": {"name": "Yan"}},
        "venues": {"hall": {"name": "Hall"}, "office": {"name": "Office"}},
        "days": [{"date": day, "events": [event]}],
    }


@settings(COMMON, max_examples=200)
@given(trip=simple_trips())
# Found by this test: one minute across the clocks going back is "no length".
@example(trip=_one_event_trip("America/New_York", date(2025, 11, 2), "01:59", "1m"))
def test_double_booked_iff_overlap(trip: dict[str, Any], workdir: Path) -> None:
    path = write(
        workdir, "overlaps.yaml", yaml.safe_dump(trip, allow_unicode=True, sort_keys=False)
    )
    _, document = check(path, "--format", "json")
    assert document is not None
    expected = expected_double_bookings(trip)
    problems = document["files"][0]["problems"]
    # A start in the hour the clocks skip is also a clock-change error (read as the clock
    # reads it, as expected_double_bookings does).
    errors = [p for p in problems if p["severity"] == "error" and p["code"] != "clock-change"]
    assert all(p["code"] == "double-booked" for p in errors), errors
    reported = set()
    for p in errors:
        match = DOUBLE_BOOKED_PAIR.search(p["message"])
        assert match, p
        reported.add(frozenset(match.groups()))
        assert p["event"] in match.groups(), p
        assert p["line"] is not None, p
    assert len(errors) == len(reported), f"a pair is reported twice: {errors}"
    assert reported == expected, f"expected {sorted(map(sorted, expected))}, got {errors}"


# Smallest files the properties above found crashing tripplan: kept as plain cases so each
# cause shows on its own (hypothesis reports one failure per test).
TRIP_LINE = "version: 1\ntrip: {id: t, title: T, timezone: Asia/Shanghai, start: DAY, end: DAY}\n"


def one_event(day: str, event: str) -> str:
    return (
        TRIP_LINE.replace("DAY", day)
        + f"venues: {{hall: {{name: Hall}}}}\ndays:\n  - date: {day}\n    events:\n"
        + f"      - {{id: a, title: A, venue: hall, {event}}}\n"
    )


CRASHERS = {
    # values.intended_duration read a 500-digit number of hours as a float: infinity
    "huge-number-of-hours-in-words": (
        TRIP_LINE.replace("DAY", "2025-02-25").replace("}", ", buffer: " + "9" * 500 + "h}", 1),
        True,
    ),
    # loader._set_aside replaces a broken person/venue, then _drop_key walks into it
    "bad-venue-id-and-unknown-key": (
        TRIP_LINE.replace("DAY", "2025-02-25") + "venues:\n  Hall: {name: Hall, venu: x}\n",
        True,
    ),
    "bad-person-id-and-unknown-key": (
        TRIP_LINE.replace("DAY", "2025-02-25") + "people:\n  Yan: {name: Yan, nmae: x}\n",
        True,
    ),
    "empty-venue-name-and-typo-in-location": (
        TRIP_LINE.replace("DAY", "2025-02-25")
        + 'venues:\n  hall: {name: "", location: {lat: 1, lon: 2, dautm: gcj02}}\n',
        True,
    ),
    "location-mapping-with-unknown-key": (
        TRIP_LINE.replace("DAY", "2025-02-25")
        + "venues:\n  hall: {name: Hall, location: {a: b}}\n",
        True,
    ),
    # values.parse_duration: timedelta() overflows
    "huge-event-duration": (
        one_event("2025-02-25", 'start: "09:00", duration: 99999999999h'),
        True,
    ),
    "huge-trip-buffer": (
        TRIP_LINE.replace("DAY", "2025-02-25").replace(
            "end: 2025-02-25", "end: 2025-02-25, buffer: 99999999999h"
        ),
        True,
    ),
    # resolved.at / resolved.plus: datetimes beyond year 1..9999
    "duration-beyond-year-9999": (
        one_event("2025-02-25", 'start: "09:00", duration: 99999999h'),
        False,
    ),
    "event-late-on-9999-12-31": (one_event("9999-12-31", 'start: "23:00", duration: 2h'), False),
    "next-day-after-9999-12-31": (one_event("9999-12-31", 'start: "23:00+1", duration: 1h'), False),
    "window-after-9999-12-31": (
        one_event("9999-12-31", 'window: ["09:00", "10:00+1"], duration: 30m'),
        False,
    ),
    "event-at-midnight-0001-01-01": (
        one_event("0001-01-01", 'start: "00:30", duration: 1h'),
        False,
    ),
}


# Found by test_double_booked_iff_overlap: on the day clocks go back, an event that starts
# before the change and ends after it is called "no length", and its clashes are missed.
FALL_BACK = {
    "Europe/London": "2025-10-26",
    "America/New_York": "2025-11-02",
}


@pytest.mark.parametrize("zone", sorted(FALL_BACK))
def test_event_across_the_clocks_going_back(zone: str, workdir: Path) -> None:
    day = FALL_BACK[zone]
    text = (
        TRIP_LINE.replace("DAY", day).replace("Asia/Shanghai", zone)
        + "people: {yan: {name: Yan}}\nvenues: {hall: {name: Hall, location: [51.5, -0.12]}}\n"
        + "contacts: [{name: Duty officer, role: duty-officer}]\n"
        + f"days:\n  - date: {day}\n    events:\n"
        # 01:30 summer time + 45m ends at 01:15 winter time: 45 minutes later.
        + '      - {id: a, title: A, venue: hall, start: "01:30", duration: 45m}\n'
        # 01:10 summer time + 30m: overlaps 'a' by 10 minutes.
        + '      - {id: b, title: B, venue: hall, start: "01:10", duration: 30m}\n'
    )
    document = check_both(write(workdir, "fall-back.yaml", text))
    assert document is not None
    # Both starts are in the repeated hour: clock-change warnings say the first is used.
    assert sorted(set(codes(document))) == ["clock-change", "double-booked"], document
    assert document["errors"] == 1, document


@pytest.mark.parametrize("name", sorted(CRASHERS))
def test_crashers_found_by_hypothesis(name: str, workdir: Path) -> None:
    text, has_errors = CRASHERS[name]
    document = check_both(write(workdir, "crasher.yaml", text))
    if has_errors:
        assert document is not None
        assert document["errors"] > 0, document


# --- 3. YAML oddities -----------------------------------------------------------------

EXAMPLE_TEXT = (SOURCES.get("itinerary-format.md#example") or next(iter(SOURCES.values()))).decode(
    "utf-8"
)

VALID_SMALL = """\
version: 1
trip: {id: odd, title: Odd, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-26}
people:
  yan: {name: Yan}
  ko: {name: Ko}
venues:
  hall: {name: Hall, city: Hangzhou}
days:
  - date: 2025-02-25
    events:
      - {id: a, title: A, venue: hall, start: "09:00", duration: 1h}
      - {id: b, title: B, venue: hall, start: "11:00", duration: 1h}
"""


def bomb(levels: int, width: int, *, merge: bool = False, indent: str = "") -> str:
    """Nested aliases: `levels` levels, each `width` times the previous one."""
    lines = [f"{indent}l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        if merge:
            keys = ", ".join(f"k{i}_{j}: *l{i - 1}" for j in range(width))
            lines.append(f"{indent}l{i}: &l{i} {{{keys}}}")
        else:
            lines.append(f"{indent}l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def merge_chain(levels: int) -> str:
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for i in range(1, levels + 1):
        lines.append(f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}], k{i}: v}}")
    return "\n".join(lines) + "\n"


def nested(depth: int, flow: bool, kind: str) -> str:
    if flow:
        open_, close = ("[", "]") if kind == "list" else ("{a: ", "}")
        return "days: " + open_ * depth + "x" + close * depth + "\n"
    lines = ["days:"]
    for i in range(depth):
        lines.append("  " * (i + 1) + ("-" if kind == "list" else "a:"))
    lines.append("  " * (depth + 1) + "x")
    return "\n".join(lines) + "\n"


def with_event(extra: str) -> str:
    """The small valid trip with `extra` (lines of an event) as a third event."""
    return VALID_SMALL + "      - " + extra.replace("\n", "\n        ") + "\n"


# What aliases and merge keys are for: sharing attendees, a host, an event's defaults.
SHARED_ANCHORS = (
    VALID_SMALL.replace(
        "      - {id: a, title: A, venue: hall,",
        "      - &a-event {id: a, title: A, venue: hall, attendees: &both [yan, ko],"
        " host: &host {name: Host},",
    ).replace("{id: b, title: B, venue: hall,", "{id: b, title: B, venue: hall, attendees: *both,")
    + '      - {<<: *a-event, id: c, start: "13:00", host: *host}\n'
)


weird_documents = st.one_of(
    # aliases that are fine, and ones that are not
    st.just(VALID_SMALL.replace("people:\n", "defaults: &who [yan, ko]\npeople:\n")),
    st.just(SHARED_ANCHORS),
    st.just(
        with_event('&ev {id: c, title: C, venue: hall, start: "13:00", duration: 1h}')
        + "      - *ev\n"
    ),
    st.just(with_event("*undefined")),
    st.just("a: &a [*a]\n"),
    st.just("a: &a {b: *a}\n"),
    st.just("a: &a {<<: *a}\n"),
    st.just(VALID_SMALL.replace("people:", "people: &p").replace("venues:", "venues: *p\nx:")),
    st.builds(bomb, st.integers(1, 12), st.integers(1, 12), merge=st.booleans()),
    st.builds(lambda b: VALID_SMALL + b, st.builds(bomb, st.integers(1, 10), st.integers(2, 10))),
    st.builds(merge_chain, st.integers(1, 25)),
    # merge keys
    st.just(
        VALID_SMALL.replace(
            "venues:", "x-event: &base {title: Base, venue: hall, duration: 1h}\nvenues:"
        ).replace("{id: b, title: B, venue: hall,", "{<<: *base, id: b,")
    ),
    st.just(with_event('<<: [{id: c, title: C}, {venue: hall, start: "15:00"}]\nduration: 30m')),
    st.just(with_event("<<: *nope")),
    st.just(with_event("<<: x")),
    st.just(with_event("<<: [x, [1]]")),
    st.just(with_event('"<<": {id: c}')),
    st.just(with_event("<<: {}\n<<: {}")),
    # duplicate keys, odd keys
    st.just(VALID_SMALL.replace("title: Odd,", "title: Odd, title: Again,")),
    st.just(VALID_SMALL + VALID_SMALL.split("\n", 1)[1]),
    st.just(with_event('id: c\nid: c\ntitle: C\nvenue: hall\nstart: "13:00"\nduration: 1h')),
    st.just(with_event("? [id, c]\n: x\n? {a: b}\n: y\nid: c")),
    st.just(with_event("&k id: c\n*k : d")),
    st.just(with_event('!!python/object/apply:os.system ["exit 3"]')),
    st.just(with_event("!!binary aGVsbG8=")),
    st.just(VALID_SMALL.replace("version: 1", "version: !!int 1")),
    st.just(VALID_SMALL.replace("version: 1", "version: !!null 1")),
    st.just(
        VALID_SMALL.replace(
            "version: 1", "%YAML 1.1\n%TAG !x! tag:example.com,2000:\n---\nversion: !x!one 1"
        )
    ),
    # not a mapping at the top
    st.builds(lambda v: yaml.safe_dump(v, allow_unicode=True), junk),
    st.sampled_from(
        [
            "",
            " ",
            "\n\n\n",
            "# only a comment\n",
            "# a\n# b\n   # c",
            "---\n",
            "...\n",
            "--- ~\n",
            "null",
            "[]",
            "{}",
            "- a\n- b\n",
            "'just text'",
            "|\n  block\n",
            "\ufeff",
            "\ufeff# bom and comment\n",
            "%YAML 1.2\n---\n",
            "? a\n",
        ]
    ),
    # several documents
    st.just(VALID_SMALL + "---\n" + VALID_SMALL),
    st.just("---\n" + VALID_SMALL + "...\n---\n"),
    st.just(VALID_SMALL + "...\ntrailing text\n"),
    # deep nesting, block and flow
    st.builds(nested, st.integers(1, 1200), st.booleans(), st.sampled_from(["list", "map"])),
    st.builds(
        lambda n: VALID_SMALL.replace(
            "duration: 1h}", "duration: 1h, notes: " + "[" * n + "]" * n + "}", 1
        ),
        st.integers(1, 1100),
    ),
    # BOMs and encodings
    st.just("\ufeff" + EXAMPLE_TEXT),
    st.just(EXAMPLE_TEXT.replace("\n", "\r\n")),
    st.just(EXAMPLE_TEXT.replace("\n", "\r")),
    st.just(EXAMPLE_TEXT.replace("\n", "\u2028")),
    st.just(EXAMPLE_TEXT.replace("\n", "\n\ufeff", 3)),
    st.just(VALID_SMALL.replace("Hall", "Hall\x00")),
    st.just(VALID_SMALL.replace("Hall", '"Hall\\x00\\u2028\\U0001F600"')),
    st.just(VALID_SMALL.replace("  ", "\t", 1)),
    # very long lines and values
    st.builds(
        lambda n: VALID_SMALL.replace("title: Odd", "title: " + "長" * n),
        st.integers(1000, 300_000),
    ),
    st.builds(
        lambda n: VALID_SMALL.replace("ko: {name: Ko}", "k" * n + ": {name: Ko}"),
        st.integers(100, 100_000),
    ),
    st.builds(
        lambda n: VALID_SMALL.replace("[yan", "[" + "yan, " * n + "yan"), st.integers(1, 20_000)
    ),
    st.builds(lambda n: "x: " + "a" * n, st.integers(100_000, 2_000_000)),
    st.builds(
        lambda n: VALID_SMALL.replace("people:", "# " + "#" * n + "\npeople:"),
        st.integers(1, 500_000),
    ),
)
weird_bytes = st.one_of(
    weird_documents.map(lambda text: text.encode("utf-8")),
    st.just(EXAMPLE_TEXT.encode("utf-16")),
    st.just(EXAMPLE_TEXT.encode("utf-16-le")),
    st.just(EXAMPLE_TEXT.encode("utf-32")),
    st.just(EXAMPLE_TEXT.encode("gb18030")),
    st.just(EXAMPLE_TEXT.encode("big5", "replace")),
    st.just(VALID_SMALL.replace("Hall", "Caf\xe9").encode("latin-1")),
    st.just(b"\xef\xbb\xbf\xef\xbb\xbf" + VALID_SMALL.encode()),
    st.just(VALID_SMALL.encode() + b"\xff\xfe\x00"),
    st.just(VALID_SMALL.encode().replace(b"Hall", b"Hall\xed\xa0\x80")),  # a surrogate
    st.binary(max_size=200),
)


@settings(COMMON, max_examples=150)
@given(data=weird_bytes)
def test_weird_yaml_never_crashes(data: bytes, workdir: Path) -> None:
    check_both(write(workdir, "weird.yaml", data))


BILLION_LAUGHS = bomb(9, 10)


@pytest.mark.parametrize(
    "text",
    [
        BILLION_LAUGHS,
        bomb(9, 10, merge=True),
        VALID_SMALL + BILLION_LAUGHS,
        with_event(
            "id: c\ntitle: C\nvenue: hall\nstart: '13:00'\nduration: 1h\n"
            + "notes:\n"
            + bomb(9, 10, indent="  ").rstrip("\n")
        ),
        merge_chain(40),
    ],
    ids=["billion-laughs", "billion-laughs-mapping", "in-itinerary", "in-event", "merge-chain"],
)
def test_alias_bombs_are_refused_quickly(text: str, workdir: Path) -> None:
    path = write(workdir, "bomb.yaml", text)
    started = time.perf_counter()
    _, document = check(path, "--format", "json")
    elapsed = time.perf_counter() - started
    assert elapsed < 2, f"took {elapsed:.1f}s"
    assert document is not None
    assert "yaml" in codes(document), document


def test_ordinary_anchors_and_merge_keys_are_accepted(workdir: Path) -> None:
    document = check_both(write(workdir, "anchors.yaml", SHARED_ANCHORS))
    assert document is not None
    assert document["errors"] == 0, document


def test_empty_and_comment_only_files_say_something(workdir: Path) -> None:
    for text in ["", "# nothing yet\n", "\n  \n"]:
        document = check_both(write(workdir, "empty.yaml", text))
        assert document is not None
        # An empty file is not an itinerary: it must not pass silently as "no problems".
        assert document["errors"] > 0, (repr(text), document)
