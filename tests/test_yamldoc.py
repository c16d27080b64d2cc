"""Reading YAML: values as written, places of every key and value, hostile input refused."""

from __future__ import annotations

import time

import pytest

from conftest import dedent
from tripplan.format.yamldoc import MAX_ALIAS_NODES, read_yaml


def test_scalars_stay_as_written():
    doc = read_yaml("a: 09:30\nb: no\nc: 1.50\nd: 2025-02-25\ne: '007'\nf: on\n")
    assert doc.data == {
        "a": "09:30",
        "b": "no",
        "c": "1.50",
        "d": "2025-02-25",
        "e": "007",
        "f": "on",
    }


def test_empty_values_are_none_but_quoted_ones_are_text():
    doc = read_yaml("a:\nb: ~\nc: null\nd: ''\ne: 'null'\nf: !!str ~\n")
    assert doc.data == {"a": None, "b": None, "c": None, "d": "", "e": "null", "f": "~"}


def test_positions_of_values_and_keys():
    doc = read_yaml(
        dedent("""
        trip:
          id: x
        days:
          - date: 2025-02-25
            events:
              - id: a
                start: "09:00"
    """)
    )
    where = doc.positions.locate
    assert where(("trip", "id")) == (2, 7)
    assert where(("trip", "id"), key=True) == (2, 3)
    assert where(("days", 0, "events", 0, "start")) == (7, 16)
    # A key that is not there: the nearest enclosing value.
    assert where(("days", 0, "events", 0, "title")) == (6, 9)
    assert where(("days", 3)) == (4, 3)


def test_positions_through_merge_keys():
    doc = read_yaml("base: &b {city: Hangzhou}\nv:\n  <<: *b\n  name: X\n")
    assert doc.data["v"] == {"city": "Hangzhou", "name": "X"}
    assert doc.positions.locate(("v", "city")) == (1, 17)


def test_merge_keys_written_keys_win():
    doc = read_yaml("b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n")
    assert doc.data["c"] == {"x": "3", "y": "2"}
    assert doc.problems == []


def test_duplicate_keys_are_yaml_problems():
    doc = read_yaml("a: 1\nb:\n  c: 1\n  c: 2\n")
    [p] = doc.problems
    assert (p.code, p.line, p.column) == ("yaml", 4, 3)
    assert "first on line 3" in p.message
    assert doc.data["b"] == {"c": "1"}


def test_aliases_within_bounds_are_fine():
    text = "people: &p [yan, ko]\nevents:\n" + "".join(
        f"  - {{id: e{i}, attendees: *p}}\n" for i in range(1000)
    )
    doc = read_yaml(text)
    assert doc.problems == []
    assert doc.data["events"][999]["attendees"] == ["yan", "ko"]


def test_alias_bomb_is_refused_fast():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    started = time.perf_counter()
    doc = read_yaml("\n".join(lines))
    elapsed = time.perf_counter() - started
    [p] = doc.problems
    assert p.code == "yaml"
    assert "alias bomb" in p.message
    assert f"{MAX_ALIAS_NODES:,}" in p.message
    assert doc.data is None
    assert elapsed < 5  # a sanity bound, not a benchmark: unbounded would never end


def test_merge_bomb_is_refused():
    lines = ["a: &a {x: 1, y: 2}"]
    for prev, name in zip("abcdefghijklmnopqrst", "bcdefghijklmnopqrstu", strict=True):
        lines.append(f"{name}: &{name} {{<<: [" + ", ".join([f"*{prev}"] * 4) + "], k: v}")
    doc = read_yaml("\n".join(lines))
    assert [p.code for p in doc.problems] == ["yaml"]


def test_recursive_alias_is_refused():
    [p] = read_yaml("a: &a\n  b: *a\n").problems
    assert "refers to the value that contains it" in p.message


def test_deep_nesting_is_refused():
    [p] = read_yaml("a: " + "[" * 100 + "]" * 100).problems
    assert p.code == "yaml"
    assert "nested too deeply" in p.message


def test_syntax_error_has_a_place_and_advice():
    [p] = read_yaml("a: 1\nb: [1, 2\nc: 3\n").problems
    assert p.code == "yaml"
    assert p.line == 3
    assert "check the indentation" in p.message


def test_tab_indentation_says_so():
    [p] = read_yaml("a:\n\tb: 1\n").problems
    assert "indent with spaces, not tabs" in p.message
    assert (p.line, p.column) == (2, 1)


def test_non_string_keys_are_problems():
    doc = read_yaml("? [a, b]\n: 1\nc: 2\n")
    assert [p.code for p in doc.problems] == ["yaml"]
    assert doc.data == {"c": "2"}


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_documents(text: str):
    doc = read_yaml(text)
    assert doc.data is None
    assert doc.problems == []


def test_error_at_end_of_file_points_at_the_last_line():
    [p] = read_yaml("a: 1\nb: [1, 2\n").problems
    assert p.line == 2
