"""`tripplan diff`: each kind of change in plain sentences, and exit status for scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE, ROOT, dedent
from tripplan import parse
from tripplan.outputs.diff import diff

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def lines(tripplan, write, old: str, new: str, *options: str) -> list[str]:
    run = tripplan("diff", write(old, "old.yaml"), write(new, "new.yaml"), *options)
    assert run.exit_code == 1, run.stdout + run.stderr
    return run.stdout.splitlines()


def test_formatting_and_comments_are_not_changes(tripplan, write):
    reformatted = "# circulated to hosts on 20 Feb\n" + BASE.replace(
        "  title: Test trip", "  title: 'Test trip'  # quoted now"
    ).replace(
        'start: "16:30"\n        duration: 1h', 'duration: 60m\n        start: "16:30"'
    ).replace(
        "    name: Ko Wing-sze\n",
        "    {name: Ko Wing-sze}\n".replace("    {", "    ").replace("}", ""),
    )
    run = tripplan("diff", write(BASE, "old.yaml"), write(reformatted, "new.yaml"))
    assert run.exit_code == 0, run.stdout
    assert run.stdout.startswith("No change in meaning")


def test_moved_in_time(tripplan, write):
    new = BASE.replace('start: "16:30"', 'start: "17:00"')
    assert lines(tripplan, write, BASE, new) == [
        "Tue 25 Feb — Meeting with founders moved 16:30 → 17:00 (+30 min)"
    ]


def test_moved_earlier_and_longer(tripplan, write):
    new = BASE.replace(
        'start: "10:00"\n        end: "11:00"', 'start: "08:45"\n        end: "10:15"'
    )
    assert lines(tripplan, write, BASE, new) == [
        "Wed 26 Feb — Studio visit moved 10:00 → 08:45 (-1h15)",
        "Wed 26 Feb — Studio visit now ends 10:15 and lasts 1h30m (was 1h)",
    ]


def test_moved_to_another_day(tripplan, write):
    founders = (
        "      - id: founders\n        title: Meeting with founders\n        kind: meeting\n"
        '        venue: campus\n        start: "16:30"\n        duration: 1h\n'
    )
    new = BASE.replace(founders, "").replace(
        '        end: "11:00"\n', '        end: "11:00"\n' + founders.replace("16:30", "14:00")
    )
    assert lines(tripplan, write, BASE, new) == [
        "Wed 26 Feb — Meeting with founders moved from Tue 25 Feb 16:30 to Wed 26 Feb 14:00"
    ]


def test_added_and_removed(tripplan, write):
    lunch = (
        "      - id: lunch\n        title: Working lunch\n        kind: meal\n"
        '        venue: studio\n        start: "12:00"\n        end: "13:00"\n'
    )
    new = BASE.replace(
        "      - id: studio-visit\n        title: Studio visit\n        kind: visit\n"
        '        venue: studio\n        start: "10:00"\n        end: "11:00"\n',
        lunch,
    )
    assert lines(tripplan, write, BASE, new) == [
        "Wed 26 Feb — Studio visit removed (was 10:00–11:00, at Games studio)",
        "Wed 26 Feb — Working lunch added: 12:00–13:00, at Games studio",
    ]


def test_cancelled_and_reinstated(tripplan, write):
    cancelled = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: cancelled\n"
    )
    assert lines(tripplan, write, BASE, cancelled) == [
        "Tue 25 Feb — Meeting with founders cancelled"
    ]
    assert lines(tripplan, write, cancelled, BASE) == [
        "Tue 25 Feb — Meeting with founders reinstated: 16:30–17:30, at AI campus"
    ]


def test_reinstated_as_tentative_says_so(tripplan, write):
    cancelled = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: cancelled\n"
    )
    tentative = cancelled.replace("status: cancelled", "status: tentative")
    assert lines(tripplan, write, cancelled, tentative) == [
        "Tue 25 Feb — Meeting with founders reinstated as tentative: 16:30–17:30, at AI campus"
    ]


def test_train_or_flight_number(tripplan, write):
    old = BASE.replace("        mode: train\n", "        mode: train\n        service: G900\n")
    new = old.replace("service: G900", "service: G902")
    assert lines(tripplan, write, old, new) == [
        "Tue 25 Feb — Train to Hangzhou: train number now G902 (was G900)"
    ]
    flight = old.replace("mode: train", "mode: flight")
    assert lines(tripplan, write, flight, flight.replace("G900", "CX 906")) == [
        "Tue 25 Feb — Train to Hangzhou: flight number now CX 906 (was G900)"
    ]


# Two flexible visits on the second day: the studio visit and a tour of the campus.
FLEXIBLE = BASE.replace(
    'start: "10:00"\n        end: "11:00"', 'window: ["09:00", "17:00"]\n        duration: 1h'
) + (
    "      - id: campus-tour\n        title: Campus tour\n        kind: visit\n"
    '        venue: campus\n        start: "09:00"\n        end: "10:30"\n'
)


def test_a_flexible_event_placed_elsewhere_says_where_now(tripplan, write):
    # The window is the same; the tour before it got longer, so the sequencer places the
    # studio visit later: a change to everyone's day that the file's window does not show.
    later = FLEXIBLE.replace(
        'start: "09:00"\n        end: "10:30"', 'start: "09:00"\n        end: "12:30"'
    )
    found = lines(tripplan, write, FLEXIBLE, later)
    assert found[0] == "Wed 26 Feb — Campus tour now ends 12:30 and lasts 3h30m (was 1h30m)"
    assert found[1] == "Wed 26 Feb — Studio visit now placed 13:30 (was 11:30)"


# A night train into the second day, whose only event is a flexible studio visit.
NIGHT_TRAIN = dedent(
    """
    trip:
      id: night-train
      title: Night train to Hangzhou
      timezone: Asia/Shanghai
      start: 2025-02-25
      end: 2025-02-26
    people:
      yan: {name: Peter Yan, principal: true}
      ko: {name: Ko Wing-sze}
    venues:
      west-kowloon:
        {name: West Kowloon Station, city: Hong Kong, country: HK, location: [22.304, 114.166]}
      hangzhou-east: {name: Hangzhou East Station, city: Hangzhou, location: [30.291, 120.213]}
      studio: {name: Games studio, city: Hangzhou, location: [30.19, 120.19]}
      riverside: {name: Riverside Hotel, city: Hangzhou, location: [30.195, 120.195]}
      airport-hotel: {name: Airport Hotel, city: Hangzhou, location: [30.229, 120.434]}
      airport-park: {name: Airport Logistics Park, city: Hangzhou, location: [30.235, 120.43]}
    days:
      - date: 2025-02-25
        hotel: riverside
        events:
          - id: night-train
            title: Night train to Hangzhou
            kind: travel
            mode: train
            from: west-kowloon
            to: hangzhou-east
            start: "21:00"
            timezone: Asia/Hong_Kong
            end: "07:30+1"
      - date: 2025-02-26
        events:
          - id: studio-visit
            title: Studio visit
            kind: visit
            venue: studio
            window: ["07:00", "12:00"]
            duration: 1h
    """
)


def test_a_flexible_event_placed_later_by_a_change_the_day_before(tripplan, write):
    # Nothing on the 26th changed, but the train from the night before now arrives later.
    later = NIGHT_TRAIN.replace('end: "07:30+1"', 'end: "08:30+1"')
    assert lines(tripplan, write, NIGHT_TRAIN, later) == [
        "Tue 25 Feb — Night train to Hangzhou now ends 08:30 and lasts 11h30m (was 10h30m)",
        "Wed 26 Feb — Studio visit now placed 09:30 (was 08:30)",
    ]


def test_the_hotel_of_the_night_before_orders_the_flexible_visits(tripplan, write):
    # Without the train, the day starts at the hotel: the visit nearer to it comes first.
    train = NIGHT_TRAIN.index("      - id: night-train")
    by_hotel = (
        NIGHT_TRAIN[:train].replace("    events:\n", "    events: []\n")
        + NIGHT_TRAIN[NIGHT_TRAIN.index("  - date: 2025-02-26") :].replace(
            '["07:00", "12:00"]', '["09:00", "17:00"]'
        )
        + "      - id: park-visit\n        title: Logistics park visit\n        kind: visit\n"
        '        venue: airport-park\n        window: ["09:00", "17:00"]\n        duration: 1h\n'
    )
    moved = by_hotel.replace("hotel: riverside", "hotel: airport-hotel")
    assert lines(tripplan, write, by_hotel, moved) == [
        "Tue 25 Feb — Hotel for the night now Airport Hotel (was Riverside Hotel)",
        "Wed 26 Feb — Logistics park visit now placed 09:00 (was 11:05)",
        "Wed 26 Feb — Studio visit now placed 11:05 (was 09:00)",
    ]


# Yan's visits: B is nearer the hotel than A, and C is only open in the afternoon.
SLEPT_AT_THE_HOTEL = dedent(
    """
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-09, end: 2025-06-10}
    people: {yan: {name: Yan}, ko: {name: Ko}}
    venues:
      hotel: {name: Hotel, city: Shenzhen, location: [22.55, 114.02]}
      a: {name: A, city: Shenzhen, location: [22.54, 113.95]}
      b: {name: B, city: Shenzhen, location: [22.54, 114.00]}
      c: {name: C, city: Shenzhen, location: [22.60, 114.03]}
    days:
      - date: 2025-06-09
        hotel: hotel
        events:
          - {id: dinner, title: Dinner, venue: hotel, start: "19:00", end: "20:30"}
      - date: 2025-06-10
        events:
          - {id: va, title: A, venue: a, window: ["09:00", "18:00"], duration: 1h, attendees: [yan]}
          - {id: vb, title: B, venue: b, window: ["09:00", "18:00"], duration: 1h, attendees: [yan]}
          - {id: vc, title: C, venue: c, window: ["13:00", "18:00"], duration: 1h, attendees: [yan]}
    """
)


def test_a_day_is_placed_again_when_who_slept_at_the_hotel_before_it_changed(tripplan, write):
    # The 10th is written the same; but Yan, no longer at the dinner, joins on the 10th:
    # their day no longer starts at the hotel near B (`plan.nights`).
    joins = SLEPT_AT_THE_HOTEL.replace('end: "20:30"}', 'end: "20:30", attendees: [ko]}')
    assert lines(tripplan, write, SLEPT_AT_THE_HOTEL, joins)[1:] == [
        "Tue 10 Jun — A now placed 09:00 (was 10:35)",
        "Tue 10 Jun — B now placed 10:35 (was 09:00)",
    ]


def test_a_changed_flexible_event_is_timed_where_it_is_placed(tripplan, write):
    # Its day changed: it is placed again, after the night train that reaches into it.
    narrower = NIGHT_TRAIN.replace('["07:00", "12:00"]', '["07:00", "11:00"]')
    run = tripplan(
        "diff", write(NIGHT_TRAIN, "old.yaml"), write(narrower, "new.yaml"), "-f", "json"
    )
    assert [(c["change"], c["time"]) for c in run.json()["changes"]] == [("event-moved", "08:30")]


def test_the_note_for_a_day(tripplan, write):
    new = BASE.replace(
        "  - date: 2025-02-26\n", "  - date: 2025-02-26\n    notes: Bring passports\n"
    )
    assert lines(tripplan, write, BASE, new) == [
        "Wed 26 Feb — Note for the day now: Bring passports"
    ]
    assert lines(tripplan, write, new, BASE) == ["Wed 26 Feb — Note for the day removed"]


def test_status_to_tentative(tripplan, write):
    new = BASE.replace(
        "        duration: 1h\n", "        duration: 1h\n        status: tentative\n"
    )
    assert lines(tripplan, write, BASE, new) == [
        "Tue 25 Feb — Meeting with founders now tentative (was confirmed)"
    ]


def test_venue_changed_gives_the_new_address(tripplan, write):
    old = BASE.replace(
        "    name: Games studio\n",
        "    name: Games studio\n    name_local: 游戏工作室\n    address: 1 Binjiang Road\n",
    )
    new = old.replace("venue: campus", "venue: studio")
    assert lines(tripplan, write, old, new) == [
        "Tue 25 Feb — Meeting with founders moves to Games studio (游戏工作室), 1 Binjiang Road"
    ]


def test_journey_changed(tripplan, write):
    new = BASE.replace("mode: train", "mode: car")
    assert lines(tripplan, write, BASE, new) == [
        "Tue 25 Feb — Train to Hangzhou now goes by car from Hong Kong West Kowloon Station "
        "to Hangzhou East Railway Station"
    ]


def test_attendees_added_and_removed_per_person(tripplan, write):
    old = BASE.replace("        duration: 1h\n", "        duration: 1h\n        attendees: [yan]\n")
    new = BASE.replace("        duration: 1h\n", "        duration: 1h\n        attendees: [ko]\n")
    assert lines(tripplan, write, old, new) == [
        "Tue 25 Feb — Meeting with founders: Ko Wing-sze now attends",
        "Tue 25 Feb — Meeting with founders: Peter Yan no longer attends",
    ]
    assert lines(tripplan, write, old, new, "--person", "ko") == [
        "Tue 25 Feb — Meeting with founders: Ko Wing-sze now attends",
    ]


def test_host_dress_and_reference(tripplan, write):
    old = BASE.replace(
        "        duration: 1h\n",
        "        duration: 1h\n        host: {name: Founder's office}\n        dress: smart casual\n",
    )
    new = BASE.replace(
        "        duration: 1h\n",
        '        duration: 1h\n        host: {name: Ms Lin, phone: "+86 571 0000 0000"}\n'
        "        dress: business\n        reference: car 2\n",
    )
    assert lines(tripplan, write, old, new) == [
        "Tue 25 Feb — Meeting with founders: host now Ms Lin, +86 571 0000 0000 (was Founder's office)",
        "Tue 25 Feb — Meeting with founders: dress code now business (was smart casual)",
        "Tue 25 Feb — Meeting with founders: booking reference now car 2",
    ]


def test_trip_dates_people_and_hotel(tripplan, write):
    new = (
        BASE.replace("  end: 2025-02-26", "  end: 2025-02-27")
        .replace(
            "  ko:\n    name: Ko Wing-sze\n",
            "  leung:\n    name: Leung Chun-kit\n    role: Manager\n",
        )
        .replace("  - date: 2025-02-25\n", "  - date: 2025-02-25\n    hotel: campus\n")
    )
    assert lines(tripplan, write, BASE, new) == [
        "Trip — Trip dates now Tue 25 Feb to Thu 27 Feb 2025 (were Tue 25 Feb to Wed 26 Feb 2025)",
        "Trip — Leung Chun-kit, Manager joins the delegation",
        "Trip — Ko Wing-sze leaves the delegation",
        "Tue 25 Feb — Hotel for the night now AI campus",
    ]


def test_renamed_id_is_matched_by_title_and_day(tripplan, write):
    new = BASE.replace("id: founders", "id: llm-founders")
    assert lines(tripplan, write, BASE, new) == [
        "Tue 25 Feb — Meeting with founders: id now 'llm-founders' (was 'founders')"
    ]


def test_json_output(tripplan, write):
    new = BASE.replace('start: "16:30"', 'start: "17:00"')
    run = tripplan("diff", "--format", "json", write(BASE, "old.yaml"), write(new, "new.yaml"))
    assert run.exit_code == 1
    assert run.json()["changes"] == [
        {
            "change": "event-moved",
            "day": "2025-02-25",
            "time": "17:00",
            "event": "founders",
            "old": "2025-02-25T16:30:00+08:00",
            "new": "2025-02-25T17:00:00+08:00",
            "people": ["ko", "yan"],
            "internal": False,
            "text": "Meeting with founders moved 16:30 → 17:00 (+30 min)",
        }
    ]


def test_markdown_output(tripplan, write):
    new = BASE.replace('start: "16:30"', 'start: "17:00"').replace(
        "  end: 2025-02-26", "  end: 2025-02-27"
    )
    run = tripplan("diff", "--format", "markdown", write(BASE, "old.yaml"), write(new, "new.yaml"))
    assert run.exit_code == 1
    body = run.stdout.split("\n", 1)[1]
    assert body == (
        "\n**Whole trip**\n\n"
        "- Trip dates now Tue 25 Feb to Thu 27 Feb 2025 (were Tue 25 Feb to Wed 26 Feb 2025)\n"
        "\n**Tue 25 Feb 2025**\n\n"
        "- Meeting with founders moved 16:30 → 17:00 (+30 min)\n"
    )


def test_a_side_that_does_not_load_is_refused(tripplan, write):
    broken = BASE.replace('start: "16:30"', 'start: "16.30"')
    run = tripplan("diff", write(BASE, "old.yaml"), write(broken, "new.yaml"))
    assert run.exit_code == 1  # a side with errors: 1, as check says (issue #12); 2 is "cannot run"
    assert "new.yaml:46:16: event 'founders': '16.30' is not a time" in run.stderr
    assert "the diff is refused" in run.stderr
    assert run.stdout == ""


def test_usage_errors_exit_2(tripplan, write, tmp_path):
    path = write(BASE)
    assert tripplan("diff", path).exit_code == 2
    assert tripplan("diff", path, path, "--since", "HEAD").exit_code == 2
    assert "person 'nobody'" in tripplan("diff", path, path, "--person", "nobody").stderr
    assert tripplan("diff", path, tmp_path / "missing.yaml").exit_code == 2


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_git_revisions(tripplan, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "trips").mkdir(parents=True)
    trip = repo / "trips" / "trip.yaml"
    trip.write_text(BASE)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    trip.write_text(BASE.replace('start: "16:30"', 'start: "17:00"'))
    expected = "Tue 25 Feb — Meeting with founders moved 16:30 → 17:00 (+30 min)"
    since = tripplan("diff", trip, "--since", "HEAD")
    assert since.exit_code == 1, since.stderr
    assert since.stdout.splitlines() == [expected]
    monkeypatch.chdir(repo)
    spec = tripplan("diff", "HEAD:trips/trip.yaml", "trips/trip.yaml")
    assert spec.stdout.splitlines() == [expected]
    unknown = tripplan("diff", trip, "--since", "no-such-rev")
    assert unknown.exit_code == 2
    assert "cannot be read from git" in unknown.stderr


# --- properties on generated itineraries -------------------------------------------


def _load(text: str):
    loaded = parse(text)
    assert loaded.itinerary is not None
    return loaded.itinerary


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(1, 10_000), events=st.integers(1, 120))
def test_an_itinerary_has_no_changes_against_itself(seed: int, events: int):
    text = generate(events, 8, seed=seed)
    assert diff(_load(text), _load(text)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(1, 10_000), data=st.data())
def test_added_one_way_is_removed_the_other(seed: int, data: st.DataObject):
    text = generate(60, 8, seed=seed)
    blocks = text.split("\n  - id: ")
    drop = data.draw(st.sets(st.integers(1, len(blocks) - 1), max_size=5))
    smaller = "\n  - id: ".join(b for i, b in enumerate(blocks) if i not in drop)
    a, b = _load(text), _load(smaller)
    forward, backward = diff(a, b), diff(b, a)
    removed = {c.event for c in forward if c.what == "event-removed"}
    added = {c.event for c in backward if c.what == "event-added"}
    assert removed == added
    assert {c.event for c in forward if c.what == "event-added"} == {
        c.event for c in backward if c.what == "event-removed"
    }


@pytest.mark.parametrize("name", ["hangzhou-shenzhen-2025-02.yaml", "shenzhen-day-2025-06.yaml"])
def test_bundled_trips_against_themselves(tripplan, name):
    path = ROOT / "itineraries" / name
    assert tripplan("diff", path, path).exit_code == 0


def test_renaming_a_venue_id_is_not_a_change(tripplan, write):
    new = BASE.replace("  campus:\n", "  ai-campus:\n").replace("venue: campus", "venue: ai-campus")
    run = tripplan("diff", write(BASE, "old.yaml"), write(new, "new.yaml"))
    assert run.exit_code == 0, run.stdout


def test_since_is_a_revision_never_an_option(tripplan, tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    trip = repo / "trip.yaml"
    trip.write_text(BASE)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    target = tmp_path / "overwritten.txt"
    for since in (f"--output={target}", "-p", "HEAD --output=x", "HEAD\x1b[2J", ""):
        result = tripplan("diff", trip, "--since", since)
        assert result.exit_code == 2, result.stdout
        assert "is not a git revision" in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1
    for spec in (f"--output={target}:trip.yaml", "-p:trip.yaml"):
        assert tripplan("diff", spec, trip).exit_code == 2
    assert not list(tmp_path.glob("overwritten*"))
    assert not (repo / "x").exists()
    assert tripplan("diff", trip, "--since", "HEAD").exit_code == 0


# --- logistics: what a circulation note has to carry ------------------------------------

LOGISTICS = (Path(__file__).parent / "data" / "diff" / "logistics.yaml").read_text("utf-8")


def changed(old: str, new: str, text: str = LOGISTICS) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            'driver: {name: Driver Huang, name_local: 黄师傅, phone: "+86 138 0000 2222"}',
            'driver: {name: Driver Zhou, name_local: 周师傅, phone: "+86 138 0000 9999"}',
            "Trip — Vehicle Cross-boundary MPV (xb-car): driver now Driver Zhou (周师傅), "
            "+86 138 0000 9999 (was Driver Huang (黄师傅), +86 138 0000 2222)",
        ),
        (
            "    plate: 粤Z·A123港\n",
            "    plate: 粤Z·B456港\n",
            "Trip — Vehicle Cross-boundary MPV (xb-car): plate now 粤Z·B456港 (was 粤Z·A123港)",
        ),
        (
            "  - name: Ms Zhou Ting\n",
            "  - name: Mr Guo Feng\n",
            "Trip — Contact (liaison) now Mr Guo Feng (was Ms Zhou Ting)",
        ),
        (
            '    phones: "+86 755 8000 0000"\n',
            '    phones: "+86 755 8000 1111"\n',
            "Trip — Contact (liaison) now Ms Zhou Ting, Shenzhen FAO, +86 755 8000 1111 "
            "(was Ms Zhou Ting, Shenzhen FAO, +86 755 8000 0000)",
        ),
        (
            "vehicles: {xb-car: [yan, chan]}",
            "vehicles: {xb-car: [yan], sedan: [chan]}",
            "Mon 15 Mar — Car plan for the day now Support sedan (sedan): Chan Mei-ling "
            "(was no one); Cross-boundary MPV (xb-car): Peter Yan (was Peter Yan, Chan Mei-ling)",
        ),
    ],
    ids=["driver", "plate", "liaison", "liaison-phone", "car-plan"],
)
def test_logistics_that_hosts_and_drivers_see(tripplan, write, old, new, said):
    assert lines(tripplan, write, LOGISTICS, changed(old, new)) == [said]
    # Not internal: a note going outside the delegation carries it too.
    outside = lines(tripplan, write, LOGISTICS, changed(old, new), "--outside")
    assert outside == [said]


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            '{type: mainland-travel-permit, number: "H33334444", expires: 2030-08-31}',
            '{type: mainland-travel-permit, number: "H33339999", expires: 2032-08-31}',
            "Trip — (internal) Chan Mei-ling: mainland travel permit now …9999, expires "
            "31 Aug 2032 (was …4444, expires 31 Aug 2030)",
        ),
        (
            'chan: {room: "2705", confirmation: SZ-ROOM-0002}',
            'chan: {room: "2905", confirmation: SZ-ROOM-0002}',
            "Mon 15 Mar — (internal) Chan Mei-ling: room for the night now 2905 (was 2705)",
        ),
        (
            "          - Greater Bay Area cooperation on I&T\n",
            "          - Greater Bay Area cooperation on I&T and data flows\n",
            "Mon 15 Mar — (internal) Meeting at the Shenzhen office: talking points changed: "
            "'Greater Bay Area cooperation on I&T' now "
            "'Greater Bay Area cooperation on I&T and data flows'",
        ),
        (
            'chan: {coach: "3", seat: 2A, reference: E270315004}',
            'chan: {coach: "3", seat: 2B, reference: E270315004}',
            "Mon 15 Mar — (internal) Train to Guangzhou: Chan Mei-ling's seat now coach 3 "
            "seat 2B E270315004 (was coach 3 seat 2A E270315004)",
        ),
        (
            '  - {name: Office duty phone, role: office, phones: "+852 2000 9999", internal: true}',
            '  - {name: Office duty phone, role: office, phones: "+852 2000 8888", internal: true}',
            "Trip — (internal) Contact (office) now Office duty phone, +852 2000 8888 "
            "(was Office duty phone, +852 2000 9999)",
        ),
    ],
    ids=["permit-renewed", "room", "talking-point", "seat", "internal-contact"],
)
def test_internal_logistics_are_marked_and_left_out_of_a_note_for_outside(
    tripplan, write, old, new, said
):
    assert lines(tripplan, write, LOGISTICS, changed(old, new)) == [said]
    run = tripplan(
        "diff", write(LOGISTICS, "old.yaml"), write(changed(old, new), "new.yaml"), "--outside"
    )
    assert run.exit_code == 0, run.stdout  # nothing left that may go outside
    assert run.stdout.startswith("No change in meaning")


def test_logistics_in_json_and_markdown_keep_document_numbers_masked(tripplan, write):
    new = changed(
        '{type: mainland-travel-permit, number: "H33334444", expires: 2030-08-31}',
        '{type: mainland-travel-permit, number: "H33339999", expires: 2032-08-31}',
    )
    old_path, new_path = write(LOGISTICS, "old.yaml"), write(new, "new.yaml")
    document = json.loads(tripplan("diff", old_path, new_path, "--format", "json").stdout)
    [change] = document["changes"]
    assert change["change"] == "document-changed"
    assert change["internal"] is True
    assert change["people"] == ["chan"]
    assert (change["old"], change["new"]) == (
        "…4444, expires 31 Aug 2030",
        "…9999, expires 31 Aug 2032",
    )
    markdown = tripplan("diff", old_path, new_path, "--format", "markdown").stdout
    assert "- (internal) Chan Mei-ling: mainland travel permit now …9999" in markdown
    for output in (json.dumps(document, ensure_ascii=False), markdown):
        assert "H3333" not in output
    # Only Chan's: Yan's own changes leave it out.
    assert tripplan("diff", old_path, new_path, "--person", "yan").exit_code == 0


def test_people_joining_and_leaving_are_listed_as_the_files_list_them(tripplan, write):
    # Six of them: a set's order (which changes with the hash seed) would rarely match.
    names = ["zhou", "adams", "mok", "bell", "tang", "cho"]
    extra = "".join(
        f"  {pid}:\n    name: Member {pid.title()}\n    documents: *permit\n" for pid in names
    )
    more = BASE.replace("venues:\n", extra + "venues:\n", 1)
    joined = [f"Trip — Member {pid.title()} joins the delegation" for pid in names]
    assert [line for line in lines(tripplan, write, BASE, more) if "joins" in line] == joined
    left = [f"Trip — Member {pid.title()} leaves the delegation" for pid in names]
    assert [line for line in lines(tripplan, write, more, BASE) if "leaves" in line] == left
