"""A corpus of realistic messy drafts (tests/data/drafts): the first `tripplan check`
shows every problem, so no round of fixing what it reported reveals a new one.

Each draft NAME.yaml comes with NAME.expected, the exact output of the first check, and
later rounds NAME.2.yaml, NAME.3.yaml... as the officer saved them after fixing what was
reported (round 2: the schema and time-zone errors; the last: everything). A problem of a
later round is the same as one of the first when it is at the same line, with the same
code, about the same event: its wording may say more once a missing value is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tripplan import check_file

DRAFTS = Path(__file__).parent / "data" / "drafts"
FIRST_ROUNDS = sorted(p for p in DRAFTS.glob("*.yaml") if "." not in p.stem)


def identities(path: Path) -> set[tuple[int | None, str, str | None]]:
    return {(p.line, p.code, p.event) for p in check_file(path).problems}


def later_rounds(draft: Path) -> list[Path]:
    return sorted(DRAFTS.glob(f"{draft.stem}.*.yaml"), key=lambda p: int(p.suffixes[0][1:]))


def test_the_corpus_has_drafts_with_rounds():
    assert len(FIRST_ROUNDS) >= 3
    assert all(len(later_rounds(draft)) >= 2 for draft in FIRST_ROUNDS)


@pytest.mark.parametrize("draft", FIRST_ROUNDS, ids=lambda p: p.stem)
def test_the_first_check_reports_every_problem_at_its_line_with_its_fix(draft: Path, tripplan):
    run = tripplan("check", draft)
    assert run.exit_code == 1, run.stderr
    expected = draft.with_suffix(".expected").read_text(encoding="utf-8")
    assert run.stdout.replace(f"{draft}:", f"{draft.name}:") == expected


@pytest.mark.parametrize("draft", FIRST_ROUNDS, ids=lambda p: p.stem)
def test_no_later_round_reports_a_problem_the_first_did_not(draft: Path):
    first = identities(draft)
    for later in later_rounds(draft):
        new = identities(later) - first
        assert not new, f"{later.name} reports what the first check did not: {sorted(new)}"


@pytest.mark.parametrize("draft", FIRST_ROUNDS, ids=lambda p: p.stem)
def test_the_last_round_has_no_errors(draft: Path):
    last = later_rounds(draft)[-1]
    assert [p for p in check_file(last).problems if p.severity == "error"] == []
