"""Text from outside never reaches a sink as a control: every field, every control, every sink.

An itinerary (and a venue registry beside it, and its file name) where every text field
holds every C0 and C1 control, DEL, every bidirectional control and the line separators,
plus Markdown, HTML and rich markup that would make links and images, goes through every
command and every output format; no output may carry one of them, only its escape.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml

from tripplan import safe

CONTROLS = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MARKUP = (
    "[link=https://evil.example]click[/link] [bold]x[/] <img src=x onerror=alert(1)> "
    "![pixel](https://t.example/p.png) [here](https://evil.example) *b* _i_ | `c` &lt;"
)
HOSTILE = f"A{CONTROLS}{BIDI}\u2028\u2029 {MARKUP} Z"
# What no output may hold: the controls but the newline (and CR in CRLF files).
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
FILE_NAME = "trip-\x1b]0;pwned\x07-\u202eliam.yaml"


def hostile(text: str = "") -> str:
    return f"{text}{HOSTILE}"


def contact() -> dict[str, str]:
    return {k: hostile() for k in ("name", "role", "phone", "email")}


def valid_trip() -> dict[str, Any]:
    """A valid trip whose every free text is hostile."""
    return {
        "version": 1,
        "trip": {
            "id": "hostile-trip",
            "title": hostile("Trip "),
            "timezone": "Asia/Shanghai",
            "start": "2025-02-25",
            "end": "2025-02-26",
            "organizer": contact(),
        },
        "people": {
            "yan": {
                "name": hostile("Yan "),
                "name_local": hostile(),
                "role": hostile(),
                "phone": hostile(),
                "email": hostile(),
                "principal": True,
            },
            "ko": {"name": hostile("Ko ")},
        },
        "venues": {
            pid: {
                "name": hostile(f"{pid} "),
                "name_local": hostile(),
                "address": hostile(),
                "city": "Hangzhou",
                "phone": hostile(),
                "aliases": [hostile()],
                "location": location,
            }
            for pid, location in (
                ("campus", [30.28, 120.03]),
                ("studio", [30.19, 120.19]),
                ("hotel", [30.25, 120.17]),
            )
        }
        | {"nowhere": {"name": hostile("Nowhere "), "city": hostile()}},
        "days": [
            {
                "date": "2025-02-25",
                "city": hostile(),
                "notes": hostile(),
                "hotel": "hotel",
                "events": [
                    {
                        "id": "drive",
                        "title": hostile("Drive "),
                        "kind": "travel",
                        "mode": "car",
                        "service": hostile(),
                        "from": "hotel",
                        "to": "campus",
                        "start": "08:00",
                        "end": "08:40",
                        "notes": hostile(),
                    },
                    {
                        "id": "founders",
                        "title": hostile("Founders "),
                        "kind": "meeting",
                        "venue": "campus",
                        "start": "09:30",
                        "duration": "1h",
                        "host": contact(),
                        "dress": hostile(),
                        "reference": hostile(),
                        "notes": hostile(),
                        "status": "tentative",
                    },
                    {
                        "id": "studio-visit",
                        "title": hostile("Studio "),
                        "kind": "visit",
                        "venue": "studio",
                        "window": ["13:00", "17:00"],
                        "duration": "1h",
                        "attendees": ["yan"],
                        "notes": hostile(),
                    },
                    {
                        "id": "lost",
                        "title": hostile("Lost "),
                        "venue": "nowhere",
                        "start": "18:00",
                        "duration": "30m",
                        "status": "cancelled",
                    },
                ],
            },
            {
                "date": "2025-02-26",
                "events": [
                    {
                        "id": "walk",
                        "title": hostile("Walk "),
                        "venue": "campus",
                        "start": "10:00",
                        "end": "11:00",
                    }
                ],
            },
        ],
    }


def broken_trip() -> dict[str, Any]:
    """Hostile text where it is wrong, so that problem messages quote it."""
    trip = valid_trip()
    trip[hostile("x")] = 1  # an unknown top-level key (x- keys are allowed; this is not)
    trip["trip"][hostile("key")] = 1
    trip["trip"]["timezone"] = hostile("Asia/")
    trip["people"]["yan"][hostile()] = "unknown key"
    event = trip["days"][0]["events"][1]
    event["venue"] = hostile("campus")
    event["kind"] = hostile()
    event["start"] = hostile("09:")
    event["duration"] = hostile("1")
    event["attendees"] = [hostile("yan")]
    trip["days"][1]["events"][0]["id"] = hostile("walk")
    trip["days"][1]["hotel"] = hostile()
    trip["days"].append(copy.deepcopy(trip["days"][1]) | {"date": hostile("2025-")})
    return trip


def registry() -> dict[str, Any]:
    return {
        "venues": {
            "registered": {
                "name": hostile("Registered "),
                "aliases": [hostile("Nowhere ")],
                "address": hostile(),
                "location": [30.2, 120.1],
            }
        }
    }


def as_yaml(data: Any) -> str:
    # JSON is YAML; json.dumps writes every control as an escape libyaml reads back.
    return json.dumps(data, indent=1)


def assert_clean(text: str, where: str) -> None:
    found = FORBIDDEN.search(text.replace("\r\n", "\n"))
    assert found is None, f"{where}: {found.group()!r} at {found.start()}: {text[:3000]!r}"


def assert_one_line_messages(stderr: str, where: str) -> None:
    for line in stderr.splitlines():
        assert line.startswith(("error:", "warning:")), f"{where}: {stderr!r}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dir-\x1b[2J\u202e"
    folder.mkdir()
    (folder / "venues.yaml").write_text(as_yaml(registry()), encoding="utf-8")
    return folder


def test_the_fixture_really_is_hostile():
    loaded = yaml.safe_load(as_yaml(valid_trip()))
    assert loaded["trip"]["title"] == "Trip " + HOSTILE
    assert all(chr(c) in HOSTILE for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])


def test_no_sink_emits_a_control(tripplan, folder: Path, tmp_path: Path):
    trip = folder / FILE_NAME
    trip.write_text(as_yaml(valid_trip()), encoding="utf-8")
    old = folder / "old.yaml"
    plain = valid_trip()
    plain["trip"]["title"] = "Trip"
    plain["days"][0]["events"][1]["start"] = "09:00"
    old.write_text(as_yaml(plain), encoding="utf-8")
    ics, pdf, html = (tmp_path / f"out.{x}" for x in ("ics", "pdf", "html"))
    runs = {
        "check": ("check", trip),
        "check json": ("check", trip, "--format", "json"),
        "show": ("show", trip),
        "show person": ("show", trip, "--person", "yan"),
        "show markdown": ("show", trip, "--format", "markdown"),
        "diff": ("diff", old, trip),
        "diff back": ("diff", trip, old),
        "diff markdown": ("diff", old, trip, "--format", "markdown"),
        "diff json": ("diff", old, trip, "--format", "json"),
        "export": ("export", trip, "-o", ics, "--transfers"),
        "export stdout": ("export", trip, "-o", "-"),
        "export json": ("export", trip, "-o", ics, "--format", "json"),
        "brief pdf": ("brief", trip, "-o", pdf),
        "brief html": ("brief", trip, "-o", html),
        "sequence": ("sequence", trip),
        "sequence json": ("sequence", trip, "--format", "json"),
        "geocode": ("geocode", trip),
        "geocode json": ("geocode", trip, "--format", "json"),
    }
    for name, args in runs.items():
        result = tripplan(*args)
        assert result.exit_code in (0, 1), f"{name}: {result.exit_code} {result.stderr}"
        assert result.stdout.strip(), name
        assert_clean(result.stdout, f"{name} stdout")
        assert_clean(result.stderr, f"{name} stderr")
        assert_one_line_messages(result.stderr, name)
    assert_clean(ics.read_bytes().decode("utf-8"), "calendar")
    assert_clean(html.read_text(encoding="utf-8"), "html")
    text = " ".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(pdf))
    assert_clean(text, "pdf")
    assert "\\x1b" in text  # shown, not dropped


def test_problem_messages_quote_hostile_text_safely(tripplan, folder: Path):
    trip = folder / FILE_NAME
    trip.write_text(as_yaml(broken_trip()), encoding="utf-8")
    old = folder / "old.yaml"
    old.write_text(as_yaml(valid_trip()), encoding="utf-8")
    for args in (
        ("check", trip),
        ("check", trip, "--format", "json"),
        ("show", trip),
        ("diff", old, trip),
        ("export", trip, "-o", "-"),
        ("brief", trip),
        ("sequence", trip),
        ("geocode", trip),
        ("check", folder / "no\x1b]52;c;cHduZWQ=\x07such.yaml"),
        ("show", trip, "--day", "\x1b[2J"),
        ("show", trip, "--person", "\x9b31m"),
        ("check", trip, "--format", "\x1b[5m"),
    ):
        result = tripplan(*args)
        assert result.exit_code in (1, 2), f"{args}: {result.exit_code}"
        assert_clean(result.stdout, f"{args} stdout")
        assert_clean(result.stderr, f"{args} stderr")
        assert_one_line_messages(result.stderr, str(args))
    listed = tripplan("check", trip)
    lines = listed.stdout.splitlines()
    assert all(line.startswith(safe.terminal(trip)) for line in lines[:-1]), listed.stdout
    assert "error schema" in listed.stdout
    assert "\\x1b" in listed.stdout


def test_markup_in_the_trip_stays_text(tripplan, folder: Path):
    trip = folder / "trip.yaml"
    trip.write_text(as_yaml(valid_trip()), encoding="utf-8")
    old = folder / "old.yaml"
    plain = valid_trip()
    plain["trip"]["title"] = "Trip"
    old.write_text(as_yaml(plain), encoding="utf-8")
    shown = tripplan("show", trip).stdout
    assert "[link=https://evil.example]click[/link]" in shown  # rich did not read it
    sequenced = tripplan("sequence", trip).stdout
    assert "[link=https://evil.example]" in sequenced
    for markdown in (
        tripplan("show", trip, "--format", "markdown").stdout,
        tripplan("diff", old, trip, "--format", "markdown").stdout,
    ):
        assert "<img" not in markdown
        assert "&lt;img src=x onerror=alert(1)&gt;" in markdown
        assert "](" not in markdown.replace("\\](", "")  # no link, no image
        assert "!\\[pixel\\](https://t.example/p.png)" in markdown
        assert "\\*b\\* \\_i\\_ \\| \\`c\\` &amp;lt;" in markdown


def test_terminal_shows_controls_as_escapes():
    assert safe.terminal("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert safe.terminal("\x9b\u202e\ud800") == "\\x9b\\u202e\\ud800"
    assert safe.terminal("one\r\ntwo\rthree\nfour\u2028five\x85six\tseven") == (
        "one two three four five six seven"
    )
    assert safe.terminal("one\r\ntwo\x07", lines=True) == "one\ntwo\\x07"
    assert safe.terminal("香港 café — ok") == "香港 café — ok"


def test_markdown_escapes_markdown_and_html():
    assert safe.markdown("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert safe.markdown("[a](http://x) ![i](http://t)") == "\\[a\\](http://x) !\\[i\\](http://t)"
    assert safe.markdown("a|b *c* _d_ `e` # f ~~g~~") == (
        "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\# f \\~\\~g\\~\\~"
    )
    assert safe.markdown("- item") == "\\- item"
    assert safe.markdown("1. first") == "1\\. first"
    assert safe.markdown("Q&A &amp; &#x41;") == "Q&A &amp;amp; &amp;\\#x41;"
    assert safe.markdown("line\rbreak\x1b") == "line break\\\\x1b"
    assert safe.markdown("by car, ~30 min") == "by car, ~30 min"
    assert safe.markdown("a~3 ~x") == "a\\~3 \\~x"
    assert safe.markdown("+ item") == "\\+ item"
    assert safe.markdown("2) second") == "2\\) second"
    assert safe.markdown("---") == "\\---"
    assert safe.markdown("===") == "\\==="


@pytest.mark.parametrize("text", ["+852 9100 0001", "-5 °C at dawn", "1.5 km", "2025-02-25"])
def test_markdown_leaves_what_starts_no_block_as_written(text: str):
    # A backslash before a phone number shows as-is in a plain-text e-mail.
    assert safe.markdown(text) == text


def test_calendar_html_pdf_and_json_sinks():
    assert safe.calendar("a\r\nb\rc\x1bd\u202e") == "a\nb\nc\\x1bd\\u202e"
    assert safe.pdf("x\ty\x00") == "x y\\x00"
    assert safe.html("<b>\x1b") == "&lt;b&gt;\\x1b"
    document = safe.json({"a": "\x1b\x9b\u202e中文\x7f"})
    assert json.loads(document) == {"a": "\x1b\x9b\u202e中文\x7f"}
    assert not FORBIDDEN.search(document)
    assert "中文" in document
    # A lone surrogate (a file name's byte that is not UTF-8) is no character: said as
    # the terminal says it, so a strict parser reads valid text.
    named = safe.json({"file": "caf\udce9.yaml", "answer": "\ud800"})
    assert json.loads(named) == {"file": "caf\\xe9.yaml", "answer": "\\ud800"}
    json.loads(named)["file"].encode("utf-8")  # no surrogate left to refuse


# --- every free-text field of the format, found from its JSON Schema ----------------------

RICH_TRIP = (
    Path(__file__).resolve().parent.parent / "itineraries" / "hangzhou-shenzhen-2025-02.yaml"
)


def _free_text_paths(data: Any, schema: dict[str, Any], defs: dict[str, Any], path: tuple = ()):
    """Paths of the string values of `data` that the schema leaves free (no pattern, enum
    or format): the texts people write, which every output shows."""
    while "$ref" in schema or "anyOf" in schema:
        if "$ref" in schema:
            schema = defs[schema["$ref"].rsplit("/", 1)[1]]
        else:
            options = [s for s in schema["anyOf"] if s.get("type") != "null"]
            matching = [
                s
                for s in options
                if ("properties" in s or "$ref" in s or s.get("type") == "object")
                == isinstance(data, dict)
                and (s.get("type") == "array") == isinstance(data, list)
            ]
            schema = (matching or options or [{}])[0]
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        extra = extra if isinstance(extra, dict) else None
        for pattern in schema.get("patternProperties", {}).values():
            extra = pattern  # ids to objects: people, venues, vehicles
        for key, value in data.items():
            sub = properties.get(key, extra)
            if sub is not None:
                yield from _free_text_paths(value, sub, defs, (*path, key))
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(data):
            yield from _free_text_paths(value, schema["items"], defs, (*path, i))
    elif isinstance(data, str) and _free_text(schema):
        yield path


def _free_text(schema: dict[str, Any]) -> bool:
    # "string", or ["string", "number", "boolean"] where the schema also takes the numbers
    # an editor's YAML 1.2 reader makes of unquoted digits (`phone: 28102810`).
    types = schema.get("type")
    text = "string" in types if isinstance(types, list) else types == "string"
    return text and not {"pattern", "enum", "format", "const"} & set(schema)


def _set(data: Any, path: tuple, value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _get(data: Any, path: tuple) -> Any:
    for step in path:
        data = data[step]
    return data


def test_every_free_text_field_of_the_format_with_every_control(tripplan, tmp_path):
    from tripplan.format.schema import itinerary_schema
    from tripplan.format.yamldoc import read_yaml
    from tripplan.pipeline import check_text

    schema = itinerary_schema()
    data = read_yaml(RICH_TRIP.read_text(encoding="utf-8")).data
    data = {k: v for k, v in data.items() if not k.startswith("x-")}
    paths = list(_free_text_paths(data, schema, schema.get("$defs", {})))
    originals = {p: _get(data, p) for p in paths}
    for p in paths:
        _set(data, p, f"{originals[p]}{HOSTILE}")
    # Texts the checks read (a city, a name they match on) may stop the trip from loading:
    # those are put back, so that every output runs on the rest.
    for _ in range(10):
        errors = [p for p in check_text(as_yaml(data)).problems if p.severity == "error"]
        broken = {
            q
            for e in errors
            for q in paths
            if e.path and tuple(e.path[: len(q)]) == q[: len(e.path)]
        }
        if not broken:
            break
        for q in broken:
            _set(data, q, originals[q])
            paths.remove(q)
    kinds = {tuple("*" if isinstance(s, int) else s for s in p) for p in paths}
    assert len(kinds) >= 40, sorted(kinds)  # the test is only as good as what it reaches
    trip = tmp_path / "trip.yaml"
    trip.write_text(as_yaml(data), encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(RICH_TRIP.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = {x: tmp_path / f"out.{x}" for x in ("ics", "pdf", "html")}
    for args in (
        ("check", trip),
        ("check", trip, "--format", "json"),
        ("show", trip),
        ("show", trip, "--format", "markdown"),
        ("show", trip, "--for", "host"),
        ("show", trip, "--for", "driver", "--format", "markdown"),
        ("diff", old, trip),
        ("diff", old, trip, "--format", "markdown"),
        ("diff", old, trip, "--format", "json"),
        ("export", trip, "-o", outputs["ics"], "--transfers"),
        ("export", trip, "-o", "-"),
        ("brief", trip, "-o", outputs["pdf"]),
        ("brief", trip, "-o", outputs["html"]),
        ("sequence", trip),
        ("geocode", trip, "--format", "json"),
    ):
        result = tripplan(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert_clean(result.stdout, f"{args[:2]} stdout")
        assert_clean(result.stderr, f"{args[:2]} stderr")
        assert_one_line_messages(result.stderr, str(args[:2]))
    assert_clean(outputs["ics"].read_bytes().decode("utf-8"), "calendar")
    assert_clean(outputs["html"].read_text(encoding="utf-8"), "html")
    document = pypdfium2.PdfDocument(outputs["pdf"])
    assert_clean(" ".join(p.get_textpage().get_text_range() for p in document), "pdf")


def test_unsafe_but_newline_is_unsafe_without_the_newline():
    """Two patterns for one set (the second a fast path for text of several lines)."""
    for code in range(0x110000):
        c = chr(code)
        assert bool(safe.UNSAFE.match(c)) == (c == "\n" or bool(safe.UNSAFE_BUT_NEWLINE.match(c)))
