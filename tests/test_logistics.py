"""The logistics rules: each a case, its near miss and the exact message, on real YAML."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import ROOT, dedent
from tripplan import Problem, check_text

# A day across the Lok Ma Chau boundary and back by car: documents, vehicles, contacts.
LOGI = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-26}
    people:
      yan:
        name: Peter Yan
        principal: true
        documents:
          - {type: mainland-travel-permit, number: "H12345678", expires: 2030-01-01}
          - {type: hk-identity-card, number: "Z1234567"}
      ko:
        name: Ko Wing-sze
        documents:
          - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}
          - {type: hk-identity-card, number: "Z7654321"}
    venues:
      lmc: {name: Lok Ma Chau, city: Hong Kong, country: HK, location: [22.5144, 114.0657]}
      futian: {name: Futian Port, city: Shenzhen, country: CN, location: [22.5182, 114.0650]}
      ehub: {name: E-Hub, city: Shenzhen, location: [22.5290, 113.8950]}
      park: {name: Science park, city: Shenzhen, location: [22.5400, 113.9500]}
      cafe: {name: Park cafe, city: Shenzhen, location: [22.5410, 113.9510]}
      bay: {name: Shenzhen Bay Port, city: Shenzhen, location: [22.5039, 113.9447]}
      tamar: {name: Tamar, city: Hong Kong, country: HK, location: [22.2810, 114.1655]}
    vehicles:
      car-1: {name: Lead car, seats: 4, driver: {name: Chen, phone: "+86 139 0000 0000"}, cross_boundary: true}
      car-2: {seats: 2, driver: {name: Li}, cross_boundary: true}  # home to Tamar
    contacts:
      - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}
    days:
      - date: 2025-02-25
        vehicles: {car-1: [yan, ko]}
        events:
          - {id: cross, title: Cross, mode: walk, from: lmc, to: futian, start: "08:30", end: "09:00"}
          - {id: ehub-visit, title: E-Hub, kind: visit, venue: ehub, start: "10:30", end: "11:30"}
          - {id: park-visit, title: Park, kind: visit, venue: park, start: "12:15", end: "13:15"}
          - {id: to-port, title: To the port, mode: car, from: park, to: bay, start: "17:00", end: "17:30"}
          - id: home
            title: Home
            mode: car
            from: bay
            to: tamar
            start: "17:45"
            end: "18:45"
            vehicles: {car-2: [yan, ko]}
""")


def problems(text: str, code: str | None = None) -> list[Problem]:
    found = [p for p in check_text(text, "trip.yaml").problems if p.code != "holiday"]
    return [p for p in found if code is None or p.code == code]


def only(text: str, code: str) -> Problem:
    found = problems(text)
    assert [p.code for p in found] == [code], found
    return found[0]


def swap(old: str, new: str, text: str = LOGI, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def test_the_logistics_trip_has_no_problems():
    assert problems(LOGI) == []


# --- document-expiry ------------------------------------------------------------------


def test_a_document_expiring_during_the_trip_is_an_error():
    p = only(swap("expires: 2030-01-01}", "expires: 2025-02-25}"), "document-expiry")
    assert p.severity == "error"
    assert (p.line, p.column) == (8, 70)
    assert p.message == (
        "person 'yan': mainland-travel-permit …5678 expires on 2025-02-25, before the trip "
        "ends on 2025-02-26; renew it or travel on another document"
    )


def test_an_expired_document_is_an_error_and_does_not_admit():
    text = swap("expires: 2030-01-01}", "expires: 2025-01-31}")
    found = problems(text)
    assert [p.code for p in found] == ["document-expiry", "missing-document"]
    assert found[0].message == (
        "person 'yan': mainland-travel-permit …5678 expired on 2025-01-31, before the trip "
        "starts on 2025-02-25; renew it or travel on another document"
    )
    assert found[1].message == (
        "event 'cross': yan enters mainland China on 2025-02-25 but mainland-travel-permit "
        "…5678 expires on 2025-01-31; needs one of: Mainland Travel Permit for Hong Kong and "
        "Macao Residents (回乡证); Exit-Entry Permit for Travelling to and from Hong Kong and "
        "Macao; passport (CN); passport and visa (CN); passport and residence permit (CN); "
        "passport and APEC Business Travel Card; a passport of a visa-free country"
    )
    assert found[1].event == "cross"


def test_a_document_expiring_soon_after_the_trip_is_a_warning_and_its_near_miss():
    p = only(swap("expires: 2030-01-01}", "expires: 2025-08-25}"), "document-expiry")
    assert p.severity == "warning"
    assert p.message == (
        "person 'yan': mainland-travel-permit …5678 expires on 2025-08-25, less than 6 months "
        "after the trip ends (2025-02-26); some borders refuse it: renew it, or set "
        "trip.documents.validity_months"
    )
    assert problems(swap("expires: 2030-01-01}", "expires: 2025-08-26}")) == []


def test_the_months_are_the_trips_own():
    soon = swap("expires: 2030-01-01}", "expires: 2025-05-31}")
    assert [p.code for p in problems(soon)] == ["document-expiry"]
    three = swap("end: 2025-02-26}", "end: 2025-02-26, documents: {validity_months: 3}}", soon)
    assert problems(three) == []
    none = swap("end: 2025-02-26}", "end: 2025-02-26, documents: {validity_months: 0}}", soon)
    assert problems(none) == []


def test_a_visa_only_has_to_last_the_trip():
    text = swap(
        '      - {type: hk-identity-card, number: "Z1234567"}\n',
        '      - {type: hk-identity-card, number: "Z1234567"}\n'
        "      - {type: visa, country: JP, expires: 2025-03-31}\n",
    )
    assert problems(text) == []


# --- missing-document -----------------------------------------------------------------


def test_crossing_without_a_document_that_admits_and_its_near_miss():
    text = swap(
        '      - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}\n',
        "",
    )
    p = only(text, "missing-document")
    assert p.severity == "warning"
    assert (p.line, p.event) == (31, "cross")
    assert p.message.startswith(
        "event 'cross': ko enters mainland China on 2025-02-25 with no document that admits "
        "them there; needs one of: Mainland Travel Permit for Hong Kong and Macao Residents"
    )
    # A passport of a visa-free country admits; one that needs a visa does not.
    french = '      - {type: passport, country: FR, number: "12AB34567", expires: 2030-01-01}\n'
    british = french.replace("FR", "GB")
    at = '      - {type: hk-identity-card, number: "Z7654321"}\n'
    assert problems(swap(at, at + french, text)) == []
    assert [p.code for p in problems(swap(at, at + british, text))] == ["missing-document"]
    with_visa = at + british + "      - {type: visa, country: CN, expires: 2025-12-31}\n"
    assert problems(swap(at, with_visa, text)) == []


def test_a_visa_free_arrangement_counts_only_while_in_force():
    # Brazil's is in force from 1 June 2025.
    text = swap(
        '      - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}\n',
        '      - {type: passport, country: BR, number: "FA000000", expires: 2030-01-01}\n',
    )
    assert [p.code for p in problems(text)] == ["missing-document"]
    later = text.replace("2025-02-25", "2025-06-25").replace("2025-02-26", "2025-06-26")
    assert problems(later) == []


def test_the_way_home_needs_a_document_too():
    text = swap('      - {type: hk-identity-card, number: "Z7654321"}\n', "")
    p = only(text, "missing-document")
    assert p.event == "home"
    assert p.message == (
        "event 'home': ko enters Hong Kong on 2025-02-25 with no document that admits them "
        "there; needs one of: Hong Kong identity card; HKSAR passport; passport (HK); "
        "Exit-Entry Permit for Travelling to and from Hong Kong and Macao; passport and visa "
        "(HK); a passport of a visa-free country"
    )


def test_someone_with_no_documents_while_others_have_them():
    text = swap(
        "    documents:\n"
        '      - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}\n'
        '      - {type: hk-identity-card, number: "Z7654321"}\n',
        "",
    )
    found = problems(text)
    assert [(p.code, p.event) for p in found] == [
        ("missing-document", "cross"),
        ("missing-document", "home"),
    ]
    assert "ko enters mainland China on 2025-02-25 with no documents listed;" in found[0].message


def test_no_documents_at_all_is_said_once():
    text = LOGI
    for block in (
        "    documents:\n"
        '      - {type: mainland-travel-permit, number: "H12345678", expires: 2030-01-01}\n'
        '      - {type: hk-identity-card, number: "Z1234567"}\n',
        "    documents:\n"
        '      - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}\n'
        '      - {type: hk-identity-card, number: "Z7654321"}\n',
    ):
        text = swap(block, "", text)
    p = only(text, "missing-document")
    assert p.severity == "warning"
    assert (p.line, p.column) == (4, 3)
    assert p.event is None
    assert p.message == (
        "travel documents are not checked: no one's are listed, and the trip crosses borders "
        "('cross', 'home'); add documents: [{type, country, number, expires}] to each person"
    )
    # A trip that stays on one side says nothing.
    stay = swap("from: lmc, to: futian", "from: futian, to: ehub", text)
    stay = swap("to: tamar", "to: futian", stay)
    assert problems(stay) == []


def test_a_trip_replaces_the_rules_of_a_region():
    text = swap(
        '      - {type: mainland-travel-permit, number: "H87654321", expires: 2030-01-01}\n',
        "",
    )
    own = swap(
        "end: 2025-02-26}",
        "end: 2025-02-26,\n"
        "       documents: {admission: {CN: [{needs: [hk-identity-card], source: test}]}}}",
        text,
    )
    assert problems(own) == []
    # Replaced, not added to: the permit alone no longer admits.
    yan_only = swap(
        '      - {type: hk-identity-card, number: "Z1234567"}\n',
        "",
        own.replace("ko", "yan", 0),
    )
    assert [(p.code, p.event) for p in problems(yan_only)] == [
        ("missing-document", "cross"),
        ("missing-document", "home"),
    ]


def test_an_unknown_document_type_suggests_the_known_one():
    text = swap(
        'type: mainland-travel-permit, number: "H1', 'type: mainland-travel-pemit, number: "H1'
    )
    found = problems(text)
    assert [p.code for p in found] == ["schema", "missing-document"]
    assert found[0].message == (
        "person 'yan': document type 'mainland-travel-pemit' is not known; did you mean "
        "'mainland-travel-permit'? (or give rules for it under trip.documents.admission)"
    )
    assert (found[0].line, found[0].column) == (8, 16)


# --- vehicles -----------------------------------------------------------------------------


def test_more_people_than_seats_and_its_near_miss():
    p = only(swap("car-2: {seats: 2,", "car-2: {seats: 1,"), "vehicle-overbooked")
    assert p.event == "home"
    assert (p.line, p.column) == (43, 27)
    assert p.message == (
        "event 'home': car-2 has 1 passenger seats but 2 people are in it (yan, ko); move "
        "someone to another vehicle"
    )
    day = only(
        swap("car-1: {name: Lead car, seats: 4,", "car-1: {name: Lead car, seats: 1,"),
        "vehicle-overbooked",
    )
    assert day.message == (
        "day 2025-02-25: car-1 (Lead car) has 1 passenger seats but 2 people are in it (yan, "
        "ko); move someone to another vehicle"
    )


def test_someone_written_twice_takes_one_seat():
    assert problems(swap("vehicles: {car-2: [yan, ko]}", "vehicles: {car-2: [yan, ko, ko]}")) == []


def test_one_vehicle_in_two_places_at_once():
    text = swap(
        "      - {id: to-port, title: To the port, mode: car, from: park, to: bay, "
        'start: "17:00", end: "17:30"}\n',
        "      - {id: to-port, title: To the port, mode: car, from: park, to: bay, "
        'start: "17:00", end: "17:30", attendees: [yan]}\n'
        "      - {id: to-cafe, title: To the cafe, mode: car, from: park, to: tamar, "
        'start: "17:00", end: "17:40", attendees: [ko], vehicles: {car-1: [ko]}}\n',
    )
    # (the 40 minutes written for the drive to Tamar are doubted: journey-too-short; Ko
    # cannot be back from Tamar for the 17:45 drive from Shenzhen Bay: travel-infeasible)
    aside = ("travel-infeasible", "missing-travel", "journey-too-short")
    found = [p for p in problems(text) if p.code not in aside]
    assert [p.code for p in found] == ["vehicle-conflict"]
    assert found[0].message == (
        "car-1 (Lead car) is in two places at once: 'to-port' 17:00-17:30 and 'to-cafe' "
        "17:00-17:40; give one of them another vehicle"
    )


def test_a_vehicle_that_cannot_reach_its_next_pick_up_and_its_near_miss():
    late = swap("vehicles: {car-2: [yan, ko]}", "vehicles: {car-1: [yan, ko]}")
    late = swap(
        'from: bay\n        to: tamar\n        start: "17:45"',
        'from: futian\n        to: tamar\n        start: "17:45"',
        late,
    )
    found = [p for p in problems(late) if p.code == "vehicle-conflict"]
    # Leaving at 17:30, in the evening peak: 50 min where the daytime speed gives 42.
    assert [p.message for p in found] == [
        "car-1 (Lead car) drops off at Shenzhen Bay Port at 17:30 and cannot reach Futian "
        "Port for the pick-up by 17:45 (needs ~50 min by car); give one of them another "
        "vehicle or move them apart"
    ]
    assert found[0].event == "home"
    on_time = swap(
        'start: "17:45"\n        end: "18:45"', 'start: "18:30"\n        end: "19:30"', late
    )
    assert [p for p in problems(on_time) if p.code == "vehicle-conflict"] == []


def test_transfers_wait_for_the_car_when_the_gap_allows():
    # One car, two groups moving apart at 11:30: it takes ko first, then comes back.
    text = swap(
        '      - {id: park-visit, title: Park, kind: visit, venue: park, start: "12:15", end: "13:15"}\n',
        '      - {id: park-visit, title: Park, kind: visit, venue: park, start: "12:15", end: "13:15", attendees: [yan]}\n'
        '      - {id: cafe-call, title: Call, kind: meeting, venue: futian, start: "15:00", end: "15:30", attendees: [ko]}\n',
    )
    assert [p.code for p in problems(text) if p.code not in ("missing-travel",)] == []


def _one_driver_for_two_cars(driver: str) -> str:
    """The trip with car-2's driver written as `driver`, at a time car-1's driver (Chen)
    takes yan to the port while car-2 takes ko home."""
    text = swap("car-2: {seats: 2, driver: {name: Li}", f"car-2: {{seats: 2, driver: {driver}")
    text = swap(
        'start: "17:45"\n        end: "18:45"', 'start: "17:15"\n        end: "18:15"', text
    )
    text = swap("from: bay\n        to: tamar", "from: park\n        to: tamar", text)
    text = swap(
        'to: bay, start: "17:00", end: "17:30"}',
        'to: bay, start: "17:00", end: "17:30", attendees: [yan], vehicles: {car-1: [yan]}}',
        text,
    )
    return swap(
        "vehicles: {car-2: [yan, ko]}", "vehicles: {car-2: [ko]}\n        attendees: [ko]", text
    )


def test_one_driver_for_two_vehicles_at_once():
    text = _one_driver_for_two_cars('{name: Chen, phone: "+86 139 0000 0000"}')
    found = [p for p in problems(text) if p.code == "vehicle-conflict"]
    assert [p.message for p in found] == [
        "driver Chen (car-1 and car-2) is in two places at once: 'to-port' 17:00-17:30 and "
        "'home' 17:15-18:15; give one of them another vehicle"
    ]


def test_a_driver_with_phones_is_one_driver_as_with_phone():
    # The same driver written with `phones` on one car and `phone` on the other: the
    # numbers are the driver's, whichever key holds them.
    text = _one_driver_for_two_cars('{name: Chen, phones: ["+86 139 0000 0000"]}')
    found = [p for p in problems(text) if p.code in ("vehicle-conflict", "schema")]
    assert [p.message for p in found] == [
        "driver Chen (car-1 and car-2) is in two places at once: 'to-port' 17:00-17:30 and "
        "'home' 17:15-18:15; give one of them another vehicle"
    ]


def test_someone_in_two_vehicles():
    p = only(
        swap("vehicles: {car-2: [yan, ko]}", "vehicles: {car-2: [yan, ko], car-1: [ko]}"),
        "vehicle-conflict",
    )
    assert p.message == "event 'home': 'ko' is in both car-2 and car-1; keep one"
    assert (p.line, p.column) == (43, 46)


def test_someone_in_a_car_journey_in_none_of_its_vehicles():
    p = only(swap("vehicles: {car-2: [yan, ko]}", "vehicles: {car-2: [yan]}"), "no-vehicle")
    assert p.severity == "warning"
    assert p.event == "home"
    assert p.message == "event 'home': ko is in none of its vehicles (car-2); add them to one"


def test_someone_in_a_move_by_car_in_none_of_the_days_vehicles_and_its_near_miss():
    found = problems(swap("vehicles: {car-1: [yan, ko]}", "vehicles: {car-1: [yan]}"), "no-vehicle")
    assert [p.message for p in found] == [
        "day 2025-02-25: ko goes by car from 'cross' to 'ehub-visit' in none of the day's "
        "vehicles (car-1); add them to one",
        "day 2025-02-25: ko goes by car from 'ehub-visit' to 'park-visit' in none of the "
        "day's vehicles (car-1); add them to one",
        "event 'to-port': ko is in none of its vehicles (car-1); add them to one",
    ]
    # A walk needs no car.
    walk = swap(
        "venue: park, start",
        "venue: cafe, start",
        swap("from: park, to: bay", "from: cafe, to: bay"),
    )
    walk = swap("vehicles: {car-1: [yan, ko]}", "vehicles: {car-1: [yan, ko]}", walk)
    assert problems(walk, "no-vehicle") == []


def test_vehicles_and_riders_that_do_not_exist_or_do_not_travel():
    found = problems(swap("vehicles: {car-2: [yan, ko]}", "vehicles: {car-3: [yan, kho]}"))
    assert [(p.code, p.message) for p in found if p.code == "unknown-ref"] == [
        (
            "unknown-ref",
            "event 'home': vehicle 'car-3' is not one of the vehicles; did you mean 'car-2'?",
        ),
        (
            "unknown-ref",
            "event 'home': 'kho' in car-3 is not one of the people; did you mean 'ko'?",
        ),
    ]
    passenger = swap('start: "17:45"', 'start: "17:45"\n        attendees: [yan]')
    p = only(passenger, "unknown-ref")
    assert p.message == (
        "event 'home': 'ko' rides in car-2 but does not attend it; add them to attendees or "
        "take them out of the vehicle"
    )


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "mode: car, from: park",
            "mode: train, service: G1, vehicles: {car-1: [yan]}, from: park",
            "vehicles are for journeys by car",
        ),
        (
            "kind: visit, venue: ehub,",
            "kind: visit, venue: ehub, bookings: {yan: {seat: 1A}},",
            "bookings (seat, coach, reference) are for journeys",
        ),
        (
            "    vehicles: {car-1: [yan, ko]}\n",
            "    rooms: {yan: {room: '12'}}\n",
            "rooms need hotel",
        ),
        (
            "{name: Duty officer, role: duty-officer,",
            "{role: duty-officer,",
            "a contact needs name, or person",
        ),
        ("role: duty-officer,", "role: duty-oficer,", "did you mean 'duty-officer'?"),
        ("car-2: {seats: 2,", "car-2: {seat: 2,", "did you mean 'seats'?"),
        ("car-2: {seats: 2,", "car-2: {seats: 0,", "out of range"),
        ("car-1: [yan, ko]}\n    events", "car-1: []}\n    events", "wrong number of items"),
        ("expires: 2030-01-01}", "expires: soon}", "not a date"),
    ],
)
def test_logistics_schema_errors_say_what_to_write(old: str, new: str, words: str):
    found = problems(swap(old, new), "schema")
    assert found, problems(swap(old, new))
    assert words in found[0].message, found[0].message


# --- no-contact ---------------------------------------------------------------------------


def test_a_day_away_without_a_duty_contact_and_its_near_misses():
    liaison = swap("role: duty-officer,", "role: liaison,")
    p = only(liaison, "no-contact")
    assert p.severity == "warning"
    assert (p.line, p.column) == (29, 11)
    assert p.message == (
        "day 2025-02-25: no emergency or duty contact covers Shenzhen; add one under contacts "
        "(role: duty-officer, or emergency: true) whose days and cities include it"
    )
    assert problems(swap("role: liaison,", "role: liaison, emergency: true,", liaison)) == []
    elsewhere = swap("role: duty-officer,", "role: duty-officer, cities: [Hangzhou],")
    assert only(elsewhere, "no-contact").message.startswith("day 2025-02-25: no emergency")
    assert (
        problems(swap("cities: [Hangzhou]", "cities: [shenzhen], internal: true", elsewhere)) == []
    )
    other_day = swap("role: duty-officer,", "role: duty-officer, days: [2025-02-26],")
    assert [p.code for p in problems(other_day)] == ["no-contact"]


def test_no_contacts_at_all_is_said_once():
    text = swap(
        'contacts:\n  - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}\n',
        "",
    )
    p = only(text, "no-contact")
    assert (p.line, p.column) == (2, 7)
    assert p.message == (
        "no contacts are listed for 1 day away from Hong Kong (Tue 25 Feb); add contacts: "
        "with a duty officer (role: duty-officer) or emergency numbers (emergency: true)"
    )


def test_a_day_in_hong_kong_needs_no_contact():
    text = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Hong_Kong, start: 2025-02-25, end: 2025-02-25}
        people: {yan: {name: Yan}}
        venues:
          tamar: {name: Tamar, city: Hong Kong, location: [22.2810, 114.1655]}
        days:
          - date: 2025-02-25
            events:
              - {id: a, title: A, venue: tamar, start: "09:00", end: "10:00"}
    """)
    assert problems(text) == []


def test_a_contact_naming_someone_who_is_not_in_people():
    p = only(swap("{name: Duty officer, role:", "{person: lueng, role:"), "unknown-ref")
    assert p.message == "contact 1: person 'lueng' is not one of the people; add them under people"
    found = problems(swap("{name: Duty officer, role:", "{person: yna, role:"), "unknown-ref")
    assert found[0].message.endswith("did you mean 'yan'?")


def test_check_json_lists_the_logistics_codes(tripplan: Any, write: Any):
    run = tripplan(
        "check", "--format", "json", write(swap("car-2: {seats: 2,", "car-2: {seats: 1,"))
    )
    assert run.exit_code == 1
    [problem] = run.json()["files"][0]["problems"]
    assert problem["code"] == "vehicle-overbooked"
    assert problem["severity"] == "error"
    assert problem["event"] == "home"


def test_the_pressing_drive_goes_first():
    # ko could leave the park at 10:00 but need not be at Futian before 16:00; yan must be
    # at the E-Hub by 11:00. One car does both if it takes yan first.
    text = dedent("""
        version: 1
        trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-02-25, end: 2025-02-25}
        people: {yan: {name: Yan}, ko: {name: Ko}}
        venues:
          futian: {name: Futian Port, city: Shenzhen, location: [22.5182, 114.0650]}
          ehub: {name: E-Hub, city: Shenzhen, location: [22.5290, 113.8950]}
          park: {name: Science park, city: Shenzhen, location: [22.5400, 113.9500]}
        vehicles: {car-1: {seats: 4}}
        contacts: [{name: Duty officer, role: duty-officer}]
        days:
          - date: 2025-02-25
            vehicles: {car-1: [yan, ko]}
            events:
              - {id: ko-a, title: A, venue: park, start: "09:00", end: "10:00", attendees: [ko]}
              - {id: yan-a, title: A, venue: park, start: "09:00", end: "10:15", attendees: [yan]}
              - {id: yan-b, title: B, venue: ehub, start: "11:00", end: "12:00", attendees: [yan]}
              - {id: ko-b, title: B, venue: futian, start: "16:00", end: "17:00", attendees: [ko]}
    """)
    assert problems(text) == []
    squeezed = text.replace('start: "16:00", end: "17:00"', 'start: "10:55", end: "17:00"')
    [p] = problems(squeezed, "vehicle-conflict")
    assert p.message == (
        "car-1 is in two places at once: from 'ko-a' to 'ko-b' (10:00-10:55) and from 'yan-a' "
        "to 'yan-b' (10:15-11:00); give one of them another vehicle"
    )


# --- the data and the schema --------------------------------------------------------------


def test_the_shipped_admission_table_cites_a_source_for_every_way_in():
    from importlib import resources

    from tripplan.checks.documents import shipped

    text = resources.files("tripplan.checks").joinpath("data/admission.yaml").read_text("utf-8")
    table = shipped()
    assert set(table.regions) >= {"CN", "HK", "MO"}
    for region, rules in table.regions.items():
        for rule in rules:
            assert rule.source, (region, rule)
            for tag in rule.source.split(", "):
                assert f"# [{tag}]" in text, (region, tag)  # each source named in the header
            for need in rule.needs:
                assert need.type in table.types, (region, need.type)
    # The facts the office relies on most.
    cn = table.regions["CN"]
    assert [r.needs[0].type for r in cn[:2]] == ["mainland-travel-permit", "exit-entry-permit"]
    assert not any(n.type == "hksar-passport" for r in cn for n in r.needs)
    assert any(n.issued_by and "NO" in n.issued_by for r in cn for n in r.needs)  # Norway


def test_the_schema_describes_every_logistics_key(tripplan: Any):
    import json

    schema = json.loads(tripplan("schema").stdout)
    defs = schema["$defs"]
    expected = {
        "Person": ["precedence", "dietary", "documents", "internal_notes"],
        "Trip": ["documents", "internal_notes"],
        "Day": ["vehicles", "rooms", "internal_notes"],
        "Event": ["vehicles", "bookings", "talking_points", "background", "internal_notes"],
        "Host": ["name_local", "title", "bio", "address_as"],
        "Vehicle": ["name", "plate", "seats", "driver", "notes"],
        "Driver": ["name", "phone", "phones"],
        "TripContact": [
            "name",
            "person",
            "role",
            "phones",
            "days",
            "cities",
            "emergency",
            "internal",
        ],
        "TravelDocument": ["type", "country", "number", "expires"],
        "SeatBooking": ["seat", "coach", "reference"],
        "RoomBooking": ["room", "confirmation"],
        "DocumentSettings": ["validity_months", "admission"],
        "AdmissionRule": ["needs", "from", "until", "source"],
    }
    for model, keys in expected.items():
        properties = defs[model]["properties"]
        for key in keys:
            assert properties[key].get("description"), (model, key)
    assert {"vehicles", "contacts"} <= set(schema["properties"])
    assert "anyOf" in json.dumps(defs["TalkingPoint"])  # a string, or {text, internal}


# --- hotel runs -------------------------------------------------------------------------

# Two nights in Guangzhou; on the second day two groups leave the same hotel for two
# places 20 km apart in the one van, the second group 30 minutes after the first.
HOTEL = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-17, end: 2025-03-18}
    people:
      yan: {name: Peter Yan, principal: true}
      chan: {name: Chan Mei-ling}
      lam: {name: Lam Ka-ho}
    venues:
      hotel: {name: Hotel in Zhujiang New Town, city: Guangzhou, location: [23.1200, 113.3250]}
      tower: {name: Canton Tower, city: Guangzhou, location: [23.1065, 113.3245]}
      sci: {name: Guangzhou Science City, city: Guangzhou, location: [23.1700, 113.4500]}
      panyu: {name: Panyu park, city: Guangzhou, location: [22.9400, 113.3800]}
    vehicles:
      gz-van: {name: Van, seats: 6, driver: {name: Wong, phone: "+86 139 1111 2222"}}
    contacts:
      - {name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}
    days:
      - date: 2025-03-17
        hotel: hotel
        events:
          - {id: dinner, title: Dinner, venue: tower, start: "19:00", end: "20:30"}
      - date: 2025-03-18
        vehicles: {gz-van: [yan, chan, lam]}
        events:
          - {id: panyu-visit, title: Panyu visit, venue: panyu, start: "10:00", end: "11:00", attendees: [yan, chan]}
          - {id: sci-visit, title: Science City, venue: sci, start: "10:30", end: "11:30", attendees: [lam]}
""")


def test_one_van_cannot_make_two_hotel_runs_at_once_and_its_near_miss():
    found = only(HOTEL, "vehicle-conflict")
    assert found.event == "sci-visit"
    assert found.message == (
        # At the earliest: the van's sheet has it there at 09:50, the buffer before 10:00.
        "gz-van (Van) drops off at Panyu park at 09:20 at the earliest and cannot reach Hotel "
        "in Zhujiang New Town for the pick-up by 09:38 (needs ~49 min by car); give one of "
        "them another vehicle or move them apart"
    )
    # Hours apart, one van takes both groups.
    assert (
        problems(swap('start: "10:30", end: "11:30"', 'start: "15:30", end: "16:30"', HOTEL)) == []
    )


def test_a_driver_is_told_to_pick_up_at_the_hotel(tripplan: Any, write: Any):
    later = swap('start: "10:30", end: "11:30"', 'start: "15:30", end: "16:30"', HOTEL)
    run = tripplan("show", write(later), "--for", "driver", "--vehicle", "gz-van")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.count("Hotel in Zhujiang New Town") >= 2, run.stdout  # out and back


# --- a driver's phones ----------------------------------------------------------------------

TWO_NUMBERS = 'driver: {name: Chen, phones: ["+86 139 0000 0000", "+86 138 1111 1111"]}'


def test_a_driver_takes_phones_as_a_contact_does(tripplan: Any, write: Any):
    text = swap('driver: {name: Chen, phone: "+86 139 0000 0000"}', TWO_NUMBERS)
    path = write(text)
    checked = tripplan("check", path)
    assert "schema" not in checked.stdout, checked.stdout
    sheet = tripplan("show", path, "--for", "driver", "--vehicle", "car-1")
    assert sheet.exit_code == 0, sheet.stderr
    assert "driver Chen +86 139 0000 0000, +86 138 1111 1111" in sheet.stdout, sheet.stdout
    # One number without the list, as for contacts.
    one = write(swap('phone: "+86 139 0000 0000"', 'phones: "+86 139 0000 0000"'), "one.yaml")
    sheet = tripplan("show", one, "--for", "driver", "--format", "markdown")
    assert "## car-1 · Lead car · 4 seats · driver Chen +86 139 0000 0000\n" in sheet.stdout
    # The same number under the other key is no change in meaning; a second one is.
    assert tripplan("diff", write(LOGI, "before.yaml"), one).exit_code == 0
    added = tripplan("diff", one, path)
    assert added.exit_code == 1
    assert (
        "Vehicle Lead car (car-1): driver now Chen, +86 139 0000 0000, +86 138 1111 1111 "
        "(was Chen, +86 139 0000 0000)"
    ) in added.stdout, added.stdout


def test_a_driver_with_both_phone_and_phones_is_one_clear_error(tripplan: Any, write: Any):
    both = 'driver: {name: Chen, phone: "+86 139 0000 0000", phones: ["+86 138 1111 1111"]}'
    path = write(swap('driver: {name: Chen, phone: "+86 139 0000 0000"}', both))
    run = tripplan("check", path)
    assert run.exit_code == 1
    errors = [line for line in run.stdout.splitlines() if " error " in line]
    assert errors == [
        f"{path}:24:86: error schema: vehicle 'car-1': the driver has both phone and phones: "
        "keep one (phones: [...] for several numbers)"
    ]
    # `phone:` left empty beside phones is not written, as elsewhere in the format.
    empty = 'driver: {name: Chen, phone: , phones: ["+86 138 1111 1111"]}'
    path = write(swap('driver: {name: Chen, phone: "+86 139 0000 0000"}', empty), "empty.yaml")
    assert "schema" not in tripplan("check", path).stdout


# --- groups that split one way in the morning and another after lunch (QA 8) -------------

SPLIT = ROOT / "tests" / "data" / "split-lunch.yaml"


@pytest.fixture(autouse=True)
def _wide_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A driver's sheet read a run a line (a terminal of 80 columns wraps them)."""
    monkeypatch.setenv("COLUMNS", "200")


def runs_of(tripplan: Any, path: Any, vehicle: str) -> list[str]:
    """A vehicle's runs on the driver's sheet: "HH:MM from → to: passengers"."""
    sheet = tripplan("show", path, "--for", "driver", "--vehicle", vehicle)
    assert sheet.exit_code == 0, sheet.stderr
    found = re.findall(
        r"\d{4} (\d\d:\d\d), there by \S+, ~\d+ min: (.+)\n(?:.*\n)*?\s+Passengers: (.+)",
        sheet.stdout,
    )
    return [f"{when} {where}: {who}" for when, where, who in found]


def test_groups_that_split_another_way_after_lunch_are_seated_afresh(tripplan: Any, tmp_path):
    # As written, each car would take one of its pair to each visit after lunch; the
    # pairs are seated one to a car instead, and each car stays with its pair.
    run = tripplan("check", SPLIT)
    assert run.exit_code == 0, run.stdout
    assert "vehicle-conflict" not in run.stdout
    assert runs_of(tripplan, SPLIT, "car-a")[2:4] == [
        "13:30 Restaurant by West Lake → Robotics company, Binjiang: Peter Yan, Wong Hoi-ying",
        "15:30 Robotics company, Binjiang → Hangzhou Citizen Center: Peter Yan, Wong Hoi-ying",
    ]
    assert runs_of(tripplan, SPLIT, "car-b") == [
        "09:11 Hotel by West Lake → Games company, Binjiang: Wong Hoi-ying, Tse Chi-wai",
        "11:00 Games company, Binjiang → Restaurant by West Lake: Wong Hoi-ying, Tse Chi-wai",
        "13:30 Restaurant by West Lake → E-commerce campus, Xixi: Ko Wing-sze, Tse Chi-wai",
        "15:30 E-commerce campus, Xixi → Hangzhou Citizen Center: Ko Wing-sze, Tse Chi-wai",
    ]
    # The delegation's car plan says the same.
    done = tripplan("brief", SPLIT, "--for", "delegation", "-o", tmp_path / "pack.html")
    assert done.exit_code == 0, done.stderr
    pack = " ".join(re.sub(r"<[^>]+>", " ", (tmp_path / "pack.html").read_text("utf-8")).split())
    assert (
        "13:30–14:30 car-b Restaurant by West Lake → E-commerce campus, Xixi Ko Wing-sze, "
        "Tse Chi-wai"
    ) in pack


def test_one_car_for_two_groups_at_once_is_still_a_conflict(tripplan: Any, write: Any):
    text = SPLIT.read_text(encoding="utf-8")
    one = text.replace(
        "vehicles: {car-a: [yan, ko], car-b: [wong, tse]}",
        "vehicles: {car-a: [yan, ko, wong, tse]}",
    )
    assert one != text
    run = tripplan("check", write(one))
    assert run.exit_code == 1
    assert (
        "error vehicle-conflict: car-a (Lead car) is in two places at once: from 'lunch' to "
        "'campus-visit' (13:30-14:30) and from 'lunch' to 'robotics-visit' (13:30-14:30); give "
        "one of them another vehicle"
    ) in run.stdout


def test_a_split_the_cars_can_make_as_written_keeps_its_seats(tripplan: Any, write: Any):
    # The campus visit at 17:00 and no meeting after: each car takes one of its pair to
    # the robots, comes back and takes the other to the campus, as written.
    text = SPLIT.read_text(encoding="utf-8")
    text = text.replace(
        'venue: campus, start: "14:30", end: "15:30"', 'venue: campus, start: "17:00", end: "18:00"'
    )
    text = "".join(
        line
        for line in text.splitlines(keepends=True)
        if "id: mayor" not in line and "id: to-airport" not in line
    )
    path = write(text)
    assert tripplan("check", path).exit_code == 0
    assert runs_of(tripplan, path, "car-a")[2:] == [
        "13:30 Restaurant by West Lake → Robotics company, Binjiang: Peter Yan",
        "14:38 Restaurant by West Lake → E-commerce campus, Xixi: Ko Wing-sze",
    ]


def test_a_vehicle_driven_on_both_sides_of_the_boundary_is_a_warning(tripplan, write):
    # car-2 takes the delegation from Shenzhen Bay Port across to Tamar: it needs
    # cross-boundary plates, which the file no longer says it has.
    plain = LOGI.replace(", cross_boundary: true}", "}")
    assert plain.count("cross_boundary") == 0
    run = tripplan("check", write(plain))
    assert run.exit_code == 0, run.stdout
    assert (
        "warning vehicle-boundary: car-2 is driven in the mainland (Shenzhen Bay Port, "
        "25 Feb 17:45) and in Hong Kong (Tamar, 25 Feb 18:45); give the moves on one side "
        "another vehicle, or set cross_boundary: true on car-2 if it may cross"
    ) in " ".join(run.stdout.split())
    # car-1 stays in Shenzhen all day: nothing to say of it.
    assert "car-1" not in run.stdout
