"""Error recovery: a mistake never hides another one, so one `check` shows them all."""

from __future__ import annotations

from conftest import BASE, dedent
from tripplan import Problem, check_text, parse


def problems(text: str) -> list[Problem]:
    return check_text(text, "trip.yaml").problems


def codes(text: str) -> list[str]:
    return sorted(p.code for p in problems(text))


# --- time zones --------------------------------------------------------------------


def test_a_bad_trip_zone_does_not_hide_the_other_rules():
    assert codes(BASE.replace("timezone: Asia/Shanghai", "timezone: Asia/Hangzhou")) == [
        "bad-timezone"
    ]
    found = problems(
        BASE.replace("timezone: Asia/Shanghai", "timezone: Asia/Hangzhou")
        .replace("venue: campus", "venue: campsu")
        .replace('start: "16:30"', 'start: "14:30"')
    )
    assert [(p.line, p.code) for p in found] == [
        (5, "bad-timezone"),
        (45, "unknown-ref"),
        (46, "double-booked"),
    ]


def test_the_suggested_zone_is_the_one_checked_with():
    # 15:05 Shanghai time is 07:05 in London: with the suggested Europe/London the train
    # (leaving 08:05 Hong Kong time) would end before it starts.
    loaded = parse(BASE.replace("timezone: Asia/Shanghai", "timezone: GMT Standard Time"))
    assert loaded.itinerary is not None
    assert loaded.itinerary.trip.timezone.key == "Europe/London"
    founders = loaded.itinerary.days[0].events[1]
    assert founders.start_at is not None
    assert f"{founders.start_at:%H:%M %Z}" == "16:30 GMT"


def test_a_zone_nobody_can_guess_leaves_only_the_times_in_other_zones_unknown():
    text = dedent("""
        contacts: [{name: Duty officer, role: duty-officer}]
        trip: {id: t, title: T, timezone: Atlantis/Lost, start: 2025-02-25, end: 2025-02-25}
        people: {yan: {name: Yan}}
        venues:
          a: {name: A, location: [1.0, 1.0]}
          b: {name: B, location: [1.0, 1.0]}
        days:
          - date: 2025-02-25
            events:
              - {id: one, title: One, venue: a, start: "09:00", end: "10:00"}
              - {id: two, title: Two, venue: b, start: "09:30", end: "10:30"}
              - {id: far, title: Far, venue: a, start: "09:00", end: "10:00",
                 timezone: Europe/London}
              - {id: nowhere, title: Nowhere, venue: c, start: "11:00", end: "12:00"}
    """)
    found = problems(text)
    assert [(p.code, p.event) for p in found] == [
        ("bad-timezone", None),
        ("double-booked", "two"),  # both in the trip's zone: comparable whatever it is
        ("unknown-ref", "nowhere"),
    ]
    assert found[0].message == (
        "trip: 'Atlantis/Lost' is not an IANA time zone name; write the zone of the place, "
        "e.g. Asia/Shanghai"
    )


def test_a_bad_event_zone_keeps_the_event_in_the_other_rules():
    text = BASE.replace("timezone: Asia/Hong_Kong", "timezone: Moon/Base").replace(
        "from: west-kowloon", "from: west-kowlon"
    )
    found = codes(text)
    assert "bad-timezone" in found
    assert "unknown-ref" in found


# --- events with schema errors take part in every rule they can ------------------------


def test_an_event_with_a_schema_error_is_still_checked_for_references_and_ids():
    text = BASE.replace('start: "10:00"', 'start: "lunchtime"').replace(
        "venue: studio", "venue: studoi"
    )
    text = text.replace("id: studio-visit", "id: founders")
    assert [(p.code, p.line) for p in problems(text)] == [
        ("duplicate-id", 50),
        ("unknown-ref", 53),
        ("schema", 54),
    ]


def test_an_event_without_an_end_is_double_booked_at_its_start():
    text = BASE.replace('start: "16:30"\n        duration: 1h', 'start: "14:30"')
    found = problems(text)
    assert [p.code for p in found] == ["schema", "double-booked"]
    assert found[0].message == (
        "event 'founders': add end: \"HH:MM\" or duration (e.g. 1h) after start"
    )
    assert "'train' 08:05-15:05 and 'founders' from 14:30" in found[1].message


def test_every_rule_about_keys_that_go_together_is_reported_at_once():
    text = BASE.replace("        mode: train\n", "        venue: campus\n").replace(
        'end: "15:05"', 'end: "3pm-ish"'
    )
    found = [p.message for p in problems(text)]
    assert found == [
        "event 'train': a travel event needs mode: car, walk, train, flight or ferry",
        "event 'train': a travel event goes from/to places, not a venue: replace venue with "
        "from and to",
        "event 'train': '3pm-ish' is not a time: write it as \"HH:MM\" in quotes, 24-hour "
        'clock, e.g. "09:30" or "06:10+1" for the next day',
    ]


# --- values whose meaning is clear -----------------------------------------------------


def test_a_duration_in_words_is_checked_as_meant():
    # 90 min from 14:00 reaches into the studio visit moved to 15:00 the same day: it is
    # read as 1h30m, so the double booking shows in the same run.
    text = BASE.replace(
        'start: "16:30"\n        duration: 1h', 'start: "17:00"\n        duration: 90 min'
    )
    found = problems(text)
    assert [p.message for p in found] == [
        "event 'founders': '90 min' is not a duration: write 1h30m"
    ]
    assert (found[0].line, found[0].column) == (47, 19)
    shorter = text.replace("90 min", "1 h 30")
    assert [p.message for p in problems(shorter)] == [
        "event 'founders': '1 h 30' is not a duration: write 1h30m"
    ]


def test_clear_values_are_read_as_meant_and_reported():
    text = (
        BASE.replace("kind: visit", "kind: Visit")
        .replace('start: "16:30"', 'start: "16.30"')
        .replace("end: 2025-02-26", "end: 26/02/2025")
    )
    assert [p.message for p in problems(text)] == [
        "trip: 'end' '26/02/2025' is not a date: write it as YYYY-MM-DD, 2025-02-26",
        "event 'founders': '16.30' is not a time: write \"16:30\" (\"HH:MM\" in quotes, "
        "24-hour clock)",
        "event 'studio-visit': kind 'Visit' should be in lower case: kind: visit",
    ]


def test_a_clear_value_still_shows_the_problems_it_causes():
    # 14.30 is read as 14:30, which clashes with the train.
    text = BASE.replace('start: "16:30"', "start: 14.30")
    assert codes(text) == ["double-booked", "schema"]


def test_a_comma_in_a_flow_mapping_is_joined_back_and_quoting_is_advised():
    text = BASE.replace(
        "  campus:\n    name: AI campus\n    city: Hangzhou\n",
        "  campus: {name: AI campus, Yuhang District, city: Shenzhen}\n",
    ).replace("    location: [30.2800, 120.0300]\n  studio", "  studio")
    found = problems(text)
    assert found[0].message == (
        "venue 'campus': 'Yuhang District' is part of the value of name, not a key: quote the "
        'value (a comma ends it inside {…}): name: "AI campus, Yuhang District"'
    )
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "Yuhang" in t)
    assert (found[0].line, found[0].column) == (line, 29)
    # The rest of the mapping is still read: the campus is in Shenzhen, so a journey is missing.
    assert "missing-travel" in [p.code for p in found]
    loaded = parse(text)
    assert loaded.itinerary is not None
    assert loaded.itinerary.venues["campus"].name == "AI campus, Yuhang District"


def test_a_misspelt_key_is_checked_as_the_key_it_is_close_to():
    text = BASE.replace("        venue: campus", "        venu: campsu")
    assert [p.code for p in problems(text)] == ["schema", "unknown-ref"]


def test_a_day_whose_date_is_clear_keeps_its_events():
    text = BASE.replace("  - date: 2025-02-26", "  - date: 26 Feb 2025").replace(
        "venue: studio", "venue: studi"
    )
    assert codes(text) == ["schema", "unknown-ref"]


# --- the last day ------------------------------------------------------------------------


def test_missing_travel_on_the_last_day_too():
    text = dedent("""
        contacts: [{name: Duty officer, role: duty-officer}]
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-26}
        people: {yan: {name: Yan}}
        venues:
          hz-hotel: {name: Lakeside Hotel, city: Hangzhou, location: [30.26, 120.16]}
          hz-office: {name: Hangzhou office, city: Hangzhou, location: [30.27, 120.17]}
          sz-office: {name: Shenzhen office, city: Shenzhen, location: [22.54, 114.06]}
        days:
          - date: 2025-02-25
            hotel: hz-hotel
            events:
              - {id: a, title: A, venue: hz-office, start: "09:00", end: "10:00"}
          - date: 2025-02-26
            hotel: hz-hotel
            events:
              - {id: b, title: B, venue: hz-office, start: "09:00", end: "10:00"}
              - {id: c, title: C, venue: sz-office, start: "18:00", end: "19:00"}
    """)
    found = [p for p in problems(text) if p.event == "c"]
    assert [p.code for p in found] == ["missing-travel", "missing-travel"]
    assert found[1].message == (
        "yan: the day ends with 'c' in Shenzhen but the night is at Lakeside Hotel in "
        "Hangzhou; add a travel event after it"
    )
    # Without a hotel that night, ending the trip elsewhere is fine.
    assert [
        p.code
        for p in problems(
            text.replace(
                "    hotel: hz-hotel\n    events:\n      - {id: b", "    events:\n      - {id: b"
            )
        )
    ].count("missing-travel") == 1
