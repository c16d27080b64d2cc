"""`tripplan show`: the trip in a terminal, compared with golden text at fixed widths.

Regenerate the golden files with TRIPPLAN_REGENERATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE, EXAMPLES
from tripplan.cli import app
from tripplan.outputs.layout import pieces, wrap
from tripplan.outputs.layout import width as columns

GOLDEN = Path(__file__).parent / "golden"
TRIP = next(p for p in EXAMPLES if p.name.startswith("hangzhou-shenzhen"))


def show(*args: str | Path, width: int = 80) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["show", *map(str, args)], env={"COLUMNS": str(width)})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TRIPPLAN_REGENERATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_whole_trip_matches_golden_text(width: int):
    code, out, _ = show(TRIP, width=width)
    assert code == 0
    assert all(columns(line) <= width for line in out.splitlines())  # 杭 takes two
    golden(f"show-hangzhou-shenzhen-{width}.txt", out)


def test_at_60_columns_a_table_keeps_every_word_whole_and_ids_readable():
    _, wide, _ = show(TRIP, width=400)
    _, out, _ = show(TRIP, width=60)
    assert "Time " in out
    assert "Who" in out  # still a table
    assert "…" not in out
    # Words are broken only where print breaks them: after the hyphen of a compound
    # ("Spatial-" / "intelligence"), never inside a word or an id.
    words = set(wide.split())

    def whole_or_at_hyphens(word: str) -> bool:
        return word in words or any(
            word == "".join(parts[i:j])
            for whole in words
            for parts in [list(pieces(whole))]
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
        )

    assert [w for w in out.split() if w.isascii() and not whole_or_at_hyphens(w)] == []
    for attendee in ("yan,", "wong,", "ko", "leung"):
        assert attendee in out.split()


@pytest.mark.parametrize("room", range(17, 40))  # each fits on a line
def test_an_id_before_a_colon_or_comma_and_a_problem_code_are_never_broken(room: int):
    # Compounds break after their hyphens; who goes ("wong-hoi-ying, ko:") and a
    # problem's code do not: each reads as one word.
    text = "wong-hoi-ying, lam-ka-ho: from Spatial-intelligence ⚠ missing-document: x"
    for hyphens in (True, False):
        lines = ["".join(t for t, _ in line) for line in wrap([(text, "")], room, hyphens=hyphens)]
        words = " ".join(lines).split()
        for whole in ("wong-hoi-ying,", "lam-ka-ho:", "missing-document:"):
            assert whole in words, (room, lines)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_a_number_keeps_its_unit_on_its_line(width: int):
    # "17.2" at the end of a line and "km, ~49" at the start of the next read as two things.
    _, out, _ = show(TRIP, width=width)
    assert not re.search(r"(^|\s{2})(km|min)\b", out, flags=re.M)
    for room in range(8, 30):
        lines = wrap([("by car, 17.2 km, ~49 min (busy)", "")], room)
        assert not any("".join(t for t, _ in line).startswith(("km", "min")) for line in lines), (
            room
        )


def test_an_id_longer_than_its_column_breaks_after_its_hyphens(write):
    long = "chan-siu-ming-senior-administrative-officer-innovation"
    text = BASE.replace("  ko:\n", f"  {long}:\n    name: Chan Siu-ming\n  ko:\n").replace(
        'end: "11:00"', f'end: "11:00"\n        attendees: [yan, {long}]'
    )
    _, out, _ = show(write(text), "--day", "2025-02-26", width=120)
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Time "))
    at = lines[header].index("Who")
    who = [line[at:].split("  ")[0] for line in lines[header + 2 :] if line[at:].strip()]
    assert who == ["yan,", "chan-siu-ming-senior-", "administrative-officer-", "innovation"]


def test_at_40_columns_each_field_has_lines_of_its_own():
    _, out, _ = show(TRIP, "--day", "2025-02-25", width=40)
    lines = out.splitlines()
    assert not any(line.startswith("Time ") for line in lines)
    assert "11:15–12:15" in lines  # the time alone, then the event's fields under it
    assert "  who: yan, wong, ko" in lines
    assert "  tentative" in lines


def test_markdown_matches_golden_text():
    code, out, _ = show(TRIP, "--format", "markdown", "--person", "ko")
    assert code == 0
    golden("show-hangzhou-shenzhen-ko.md", out)


def test_plain_when_piped():
    _, out, _ = show(TRIP)
    assert "\x1b[" not in out


def test_one_day_and_one_person():
    _, out, _ = show(TRIP, "--day", "2025-02-25", "--person", "leung")
    assert "Day 2 of 3 · Tue 25 Feb 2025 · Hangzhou" in out
    assert "Day 1 of 3" not in out
    assert "Meeting with representatives" not in out  # leung is not in it
    assert "Delegation briefing" in out


def test_problems_are_shown_at_their_event(write):
    text = BASE.replace('start: "16:30"', 'start: "15:00"')
    code, out, _ = show(write(text), width=120)
    assert code == 1  # shown, and an error: issue #12 made show's status tell the truth
    lines = out.splitlines()
    founders = next(i for i, line in enumerate(lines) if "Meeting with founders" in line)
    assert "⚠ double-booked: yan and ko are in 'train'" in lines[founders + 1]


def test_cancelled_events_are_marked_or_hidden(write):
    text = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: cancelled\n"
    )
    _, out, _ = show(write(text), width=120)
    assert "Meeting with founders" in out
    assert "cancelled" in out
    _, hidden, _ = show(write(text), "--hide-cancelled", width=120)
    assert "Meeting with founders" not in hidden


def test_attendees_omitted_when_everyone(write):
    _, out, _ = show(write(BASE), width=120)
    assert "yan" not in out.split("Train")[1].splitlines()[0]
    text = BASE.replace("        duration: 1h\n", "        duration: 1h\n        attendees: [ko]\n")
    _, out, _ = show(write(text), width=120)
    founders = next(line for line in out.splitlines() if "Meeting with founders" in line)
    assert founders.rstrip().endswith("ko")


def test_day_footer(write):
    _, out, _ = show(write(BASE), width=120)
    # The train's 7 hours and the car from the station to the campus (shown under it).
    assert "1 meeting or visit · 7h45m on the road · first 08:05, last ends 17:30" in out
    assert "1 meeting or visit · no travel · first 10:00, last ends 11:00" in out


def test_day_footer_counts_meals_and_press_apart_and_transfers_as_travel(write):
    text = BASE.replace("        kind: visit\n", "        kind: meal\n").replace(
        '        end: "11:00"\n',
        '        end: "11:00"\n'
        "      - {id: stand-up, title: Press stand-up, kind: press, venue: campus,"
        ' start: "13:00", end: "13:15"}\n',
    )
    _, out, _ = show(write(text), width=120)
    assert "1 meal, 1 press event · 46m on the road · first 10:00, last ends 13:15" in out


def test_bad_options_and_broken_files(write):
    path = write(BASE)
    assert show(path, "--day", "2025-03-01")[0] == 2
    assert "no such day" in show(path, "--day", "2025-03-01")[2]
    assert show(path, "--day", "25/02")[0] == 2
    assert show(path, "--person", "nobody")[0] == 2
    code, out, _ = show(write("trip: [unclosed\n", "broken.yaml"))
    assert code == 1
    assert "error yaml" in out
    # A control character YAML refuses: where it is, as check says it.
    ctrl = write('version: 1\ntrip:\n  title: "a\x1bb"\n', "ctrl.yaml")
    code, out, _ = show(ctrl)
    assert code == 1
    assert out.startswith(f"{ctrl}:3:12: error yaml: not valid YAML: the ")
    assert "control character U+001B is not allowed; remove it or save" in " ".join(out.split())
    # After Chinese text: the reader counts bytes, the message lines and characters.
    cjk = write('version: 1\n# 中文中文中文\ntrip:\n  title: "ab\x1bc"\n', "cjk.yaml")
    assert show(cjk)[1].startswith(f"{cjk}:4:13: error yaml: not valid YAML: the ")


def test_help_has_an_example():
    code, out, _ = show("--help")
    assert code == 0
    assert "Example" in out


def test_days_are_numbered_within_the_trip(write):
    text = BASE.replace("end: 2025-02-26", "end: 2025-02-27")
    _, out, _ = show(write(text), width=120)
    assert "Day 1 of 3 · Tue 25 Feb 2025" in out
    assert "Day 2 of 3 · Wed 26 Feb 2025" in out


def test_transfers_between_events_that_share_people():
    _, out, _ = show(TRIP, "--day", "2025-02-25", "--format", "markdown")
    everyone = "from Hotel near West Lake (Hubin area) by car to Hanggang Technology Building"
    assert f"|  | ↳ {everyone}, 7.1 km, ~35 min (peak) |" in out
    _, leung, _ = show(TRIP, "--day", "2025-02-25", "--person", "leung", "--format", "markdown")
    assert "Spatial-intelligence enterprise, Xihu District, 5.4 km" not in leung


def test_a_start_written_for_the_next_day_says_so(tripplan, write):
    path = write(
        BASE.replace(
            'start: "10:00"\n        end: "11:00"', 'start: "00:30+1"\n        end: "01:30+1"'
        )
    )
    shown = tripplan("show", path, "--format", "markdown").stdout
    assert "| 00:30+1–01:30+1 | Studio visit |" in shown


def test_markdown_keeps_html_in_titles_as_text(tripplan, write):
    path = write(BASE.replace("title: Studio visit", 'title: "<b>Studio</b> & <script>x</script>"'))
    shown = tripplan("show", path, "--format", "markdown").stdout
    assert "&lt;b&gt;Studio&lt;/b&gt; & &lt;script&gt;x&lt;/script&gt;" in shown
    assert "<script>" not in shown


def test_an_unknown_person_gets_the_likely_one(tripplan):
    run = tripplan("show", EXAMPLES[0], "--person", "kho")
    assert run.exit_code == 2
    assert run.stderr.endswith("; did you mean 'ko'?\n")


def test_the_note_for_a_day_is_under_its_title(write):
    path = write(
        BASE.replace("  - date: 2025-02-26\n", "  - date: 2025-02-26\n    notes: Passports\n")
    )
    code, out, _ = show(path, width=120)
    assert code == 0
    lines = out.splitlines()
    day = next(i for i, line in enumerate(lines) if line.startswith("Day 2 of 2"))
    assert lines[day + 1] == "Note: Passports"
    code, out, _ = show(path, "--format", "markdown")
    assert "### Day 2 of 2 · Wed 26 Feb 2025\n\n_Note: Passports_\n" in out


def test_an_event_whose_end_cannot_be_read_shows_its_start(write):
    path = write(BASE.replace('end: "11:00"', 'end: "eleven"'))
    code, out, _ = show(path, width=120)
    assert code == 1
    visit = next(line for line in out.splitlines() if "Studio visit" in line)
    assert visit.startswith("10:00–?")
    assert visit.rstrip().endswith("schema error")
