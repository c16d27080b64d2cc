"""Small lies no more: exit statuses, messages and warnings that say what happened."""

from __future__ import annotations

import pytest

from conftest import BASE, dedent

LONGER = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: 2025-03-03}
    people: {yan: {name: Yan}}
    venues: {a: {name: A, location: [22.53, 113.93]}}
    days:
      - date: 2025-03-03
        events:
          - {id: long, title: Long, venue: a, window: ["09:00", "10:00"], duration: 2h}
""")


def test_sequence_fails_as_check_does_for_an_event_longer_than_its_window(tripplan, write):
    path = write(LONGER)
    assert tripplan("check", path).exit_code == 1
    text = tripplan("sequence", path)
    assert text.exit_code == 1
    assert " ".join(text.stdout.split()) == (
        "✗ long: event 'long' lasts 2h but its window 09:00-10:00 is only 1h; widen the "
        "window or shorten it"
    )
    data = tripplan("sequence", path, "--format", "json")
    assert data.exit_code == 1
    assert [e["id"] for e in data.json()["not_sequenced"]] == ["long"]


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "xml", "trip.yaml"),
        ("check",),
        ("show", "trip.yaml", "--nope"),
        ("export", "trip.yaml", "--split", "week"),
        ("nosuchcommand",),
    ],
)
def test_the_command_lines_own_mistakes_are_one_line(tripplan, args):
    result = tripplan(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--help'" in result.stderr


def test_a_glyph_the_pdf_font_lacks_is_one_clean_warning(tripplan, write, tmp_path):
    path = write(BASE.replace("title: Studio visit", 'title: "Studio visit \\U0001F600\\x1b[2J"'))
    result = tripplan("brief", path, "-o", tmp_path / "day.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "warning: the PDF's font has no glyph for 😀 (U+1F600); they print as empty boxes "
        "(use -o OUT.html to let the browser find a font)\n"
    )


def test_a_file_name_that_is_not_utf8_is_shown_byte_by_byte(tripplan, tmp_path):
    import os

    name = os.fsdecode(b"trip-\xff.yaml")
    result = tripplan("check", tmp_path / name)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path}/trip-\\xff.yaml: no such file or folder; check the path\n"
    )
