"""Bounded work on any input: what keeps a large or hostile file from taking minutes.

Timings are in benchmarks/hostile.py; these tests pin the behaviour that bounds them.
"""

from __future__ import annotations

from tripplan import check_text
from tripplan.problems import Suggestions


def _venues_trip(count: int, venue: str) -> str:
    lines = [
        "version: 1",
        "trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-01-01, end: 2025-01-02}",
        "people: {yan: {name: Yan}}",
        "x-defaults: &d {city: Hangzhou}",
        "venues:",
    ]
    lines += [f"  v{i}: {venue.format(i=i)}" for i in range(count)]
    return "\n".join([*lines, "days: []", ""])


def test_every_problem_of_thousands_of_venues_is_at_its_own_line():
    # Each venue indexed once, merges followed: every misspelt key at its own line.
    text = _venues_trip(3000, "{{<<: *d, name: V{i}, adress: Street {i}}}")
    problems = check_text(text).problems
    assert len(problems) == 3000
    assert sorted(p.line for p in problems) == list(range(6, 3006))
    assert all(p.column == 24 + 2 * len(str(i)) for i, p in enumerate(problems)), problems[:3]
    assert "did you mean 'address'?" in problems[0].message


def test_suggestions_find_the_close_name_among_many():
    known = [f"venue-{i}" for i in range(20_000)] + ["hangzhou-east-station"]
    suggestions = Suggestions(known)
    assert suggestions.closest("hangzhou-east-statoin") == "hangzhou-east-station"
    assert suggestions.closest("venue-19999x") == "venue-19999"
    assert suggestions.closest("nothing-like-it-at-all") is None


def test_suggestions_compare_a_name_with_a_bounded_number_of_candidates():
    # Only the names sharing the most of the name's rarer pieces are compared: a close
    # name sharing none of them is not looked at once there are more than `limit`.
    known = [f"x{i:05d}" for i in range(50)] + ["abcdef"]
    assert Suggestions(known, limit=100).closest("abcdeg") == "abcdef"
    assert Suggestions(known, limit=10).closest("abcdeg") == "abcdef"
    assert Suggestions(known, limit=100).closest("bcdefa") == "abcdef"
    assert Suggestions(known, limit=10).closest("fedcba") is None


def test_suggestions_stop_after_a_bounded_number_of_distinct_names():
    # Thousands of misspellings in one file: the first ones get a suggestion, the rest
    # none (each would cost comparisons with up to `limit` names).
    suggestions = Suggestions(["hangzhou-east-station", "futian-port"], names=3)
    assert suggestions.closest("futian-prot") == "futian-port"
    assert suggestions.closest("x") is None
    assert suggestions.closest("y") is None
    assert suggestions.closest("futian-prot") == "futian-port"  # worked out already
    assert suggestions.closest("hangzhou-east-statoin") is None


def test_a_day_is_sequenced_with_at_most_200_flexible_events_and_says_so(tripplan, write):
    from tripplan.plan.placing import MAX_FLEXIBLE_PER_DAY

    count = MAX_FLEXIBLE_PER_DAY + 3
    events = "\n".join(
        f"      - {{id: e{i}, title: E{i}, venue: hall, window: ['00:00', '23:55'], duration: 5m}}"
        for i in range(count)
    )
    trip = write(
        "version: 1\n"
        "trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: 2025-03-03}\n"
        "people: {yan: {name: Yan}}\n"
        "venues: {hall: {name: Hall, location: [30.2, 120.1]}}\n"
        "contacts: [{name: Duty officer, role: duty-officer}]\n"
        f"days:\n  - date: 2025-03-03\n    events:\n{events}\n"
    )
    result = tripplan("check", trip, "--format", "json")
    assert result.exit_code == 1
    problems = result.json()["files"][0]["problems"]
    assert [p["event"] for p in problems] == [f"e{i}" for i in range(MAX_FLEXIBLE_PER_DAY, count)]
    assert all(p["code"] == "window-infeasible" for p in problems)
    assert (
        f"the day has {count} flexible events and tripplan places at most"
        in (problems[0]["message"])
    )
    shown = tripplan("sequence", trip)
    assert shown.exit_code == 1
    assert f"✗ e{count - 1}: event 'e{count - 1}' was not placed" in " ".join(shown.stdout.split())


def _with_travel(travel: str) -> str:
    from conftest import BASE

    return BASE.replace("  end: 2025-02-26\n", f"  end: 2025-02-26\n  travel: {travel}\n")


def test_a_speed_near_zero_is_a_schema_error_not_an_overflow(tripplan, write):
    for speed in ("1e-10", "4.9e-324", "0.5", "0", "-3", ".nan", ".inf", "1001"):
        result = tripplan("check", write(_with_travel(f"{{car: {{speed: {speed}}}}}")))
        assert result.exit_code == 1, (speed, result.stderr)
        assert "error schema: trip: 'speed'" in result.stdout, (speed, result.stdout)


def test_the_extremes_of_every_bounded_number_work_in_every_command(tripplan, write, tmp_path):
    extremes = (
        "{car: {speed: 1, detour: 5, overhead: 744h}, walk: {speed: 1, detour: 5}, "
        "walk_up_to_km: 10}",
        "{car: {speed: 1000, detour: 1, overhead: 0m}, walk: {speed: 1000}, walk_up_to_km: 0}",
    )
    for travel in extremes:
        trip = write(_with_travel(travel))
        for args in (
            ("check", trip),
            ("show", trip),
            ("export", trip, "-o", tmp_path / "x.ics", "--transfers"),
            ("brief", trip, "-o", tmp_path / "x.html"),
            ("sequence", trip),
        ):
            result = tripplan(*args)
            # Refusing to export a trip with errors (too slow to make it) is fine too.
            assert result.exit_code in (0, 1, 2), (travel, args, result.stderr)
            if result.exit_code == 2:
                assert result.stderr.startswith("error: "), result.stderr
                assert result.stderr.count("\n") == 1


def test_double_bookings_list_at_most_eight_pairs_per_event_and_count_the_rest():
    from tripplan.checks.times import MAX_PAIRS_LISTED

    events = "\n".join(
        f"      - {{id: e{i}, title: E{i}, venue: hall, start: '10:00', duration: 1h}}"
        for i in range(20)
    )
    text = (
        "version: 1\n"
        "trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: 2025-03-03}\n"
        "people: {yan: {name: Yan}}\n"
        "venues: {hall: {name: Hall, location: [30.2, 120.1]}}\n"
        f"days:\n  - date: 2025-03-03\n    events:\n{events}\n"
    )
    problems = [p for p in check_text(text).problems if p.code == "double-booked"]
    pairs = [p for p in problems if "more event" not in p.message]
    counted = [p for p in problems if "more event" in p.message]
    assert MAX_PAIRS_LISTED == 8
    assert len(pairs) == sum(min(k, 8) for k in range(20))  # every pair while few overlap
    assert [p.event for p in counted] == [f"e{k}" for k in range(9, 20)]
    assert counted[0].message == (
        "yan is in 'e9' 10:00-11:00 and in 1 more event at that time than the 8 listed; "
        "move them or change their attendees"
    )
    assert counted[-1].message.startswith("yan is in 'e19' 10:00-11:00 and in 11 more events")
