"""Time-zone suggestions: from the domain (cities, abbreviations, offsets, Windows names),
not from string similarity; and the rest of the file is checked with the zone suggested."""

from __future__ import annotations

import pytest

from conftest import BASE
from tripplan import check_text
from tripplan.format.zones import guess_zone

# BASE's venues are in Hong Kong (country HK) and Hangzhou; most events are in Hangzhou.
SUGGESTIONS = [
    # City names that are not zones: the zone of the city, not a look-alike name.
    ("Asia/Hangzhou", "Asia/Shanghai", "Hangzhou keeps the time of Asia/Shanghai"),
    ("Asia/Shenzhen", "Asia/Shanghai", "Shenzhen keeps the time of Asia/Shanghai"),
    ("Asia/Beijing", "Asia/Shanghai", "Beijing keeps the time of Asia/Shanghai"),
    ("Asia/Wuhan", "Asia/Shanghai", "Wuhan keeps the time of Asia/Shanghai"),
    ("Europe/Hangzhou", "Asia/Shanghai", "Hangzhou keeps the time of Asia/Shanghai"),
    # Bare city names: the built-in tables, then the gazetteer (GeoNames' zones).
    ("London", "Europe/London", "it is a place, not a zone: write Europe/London"),
    ("Beijing", "Asia/Shanghai", "it is a place, not a zone: write Asia/Shanghai"),
    ("Hong Kong", "Asia/Hong_Kong", "it is a place, not a zone: write Asia/Hong_Kong"),
    ("Hong Kong time", "Asia/Hong_Kong", "write Asia/Hong_Kong"),
    ("香港", "Asia/Hong_Kong", "it is a place, not a zone: write Asia/Hong_Kong"),
    ("Lanzhou", "Asia/Shanghai", "it is a place, not a zone: write Asia/Shanghai"),
    # Spelling and letter case.
    ("asia/shanghai", "Asia/Shanghai", "zone names are case-sensitive: write Asia/Shanghai"),
    ("Asia/Shangai", "Asia/Shanghai", "did you mean 'Asia/Shanghai'?"),
    ("Asia/Hongkong", "Asia/Hong_Kong", "did you mean 'Asia/Hong_Kong'?"),
    ("Europe/Londn", "Europe/London", "did you mean 'Europe/London'?"),
    # Abbreviations: one meaning, or the meaning where the trip's venues are.
    ("HKT", "Asia/Hong_Kong", "it is the abbreviation of Hong Kong Time: write Asia/Hong_Kong"),
    ("BJT", "Asia/Shanghai", "write Asia/Shanghai"),
    ("JST", "Asia/Tokyo", "write Asia/Tokyo"),
    ("SGT", "Asia/Singapore", "write Asia/Singapore"),
    (
        "CST",
        "Asia/Shanghai",
        "it is an abbreviation with several meanings; the trip's venues on that clock are in "
        "Asia/Shanghai: write Asia/Shanghai (CST also means America/Chicago (United States) "
        "or America/Havana (Cuba))",
    ),
    # Offsets: the zones with that offset where the trip's venues are.
    (
        "GMT+8",
        "Asia/Shanghai",
        "it is a UTC offset; the trip's venues on UTC+08:00 are in Asia/Shanghai and "
        "Asia/Hong_Kong: write Asia/Shanghai, or Asia/Hong_Kong for events there",
    ),
    ("UTC+08:00", "Asia/Shanghai", "the trip's venues on UTC+08:00 are in Asia/Shanghai"),
    ("+0800", "Asia/Shanghai", "the trip's venues on UTC+08:00 are in Asia/Shanghai"),
    (
        "UTC-5",
        "Etc/GMT+5",
        "write the zone of the place (e.g. America/New_York), or Etc/GMT+5 for a fixed "
        "UTC-05:00 (IANA writes the sign inverted)",
    ),
    # Windows names, as Outlook shows them (CLDR windowsZones).
    ("China Standard Time", "Asia/Shanghai", "the Windows (Outlook) name of Asia/Shanghai"),
    ("GMT Standard Time", "Europe/London", "the Windows (Outlook) name of Europe/London"),
    ("Tokyo Standard Time", "Asia/Tokyo", "write Asia/Tokyo"),
    ("pacific standard time", "America/Los_Angeles", "write America/Los_Angeles"),
    ("India Standard Time", "Asia/Kolkata", "write Asia/Kolkata"),
    ("(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", "Asia/Shanghai", "Asia/Shanghai"),
]


@pytest.mark.parametrize(("written", "zone", "words"), SUGGESTIONS)
def test_a_trip_zone_gets_the_suggestion_the_domain_gives(written: str, zone: str, words: str):
    text = BASE.replace("timezone: Asia/Shanghai", f'timezone: "{written}"')
    found = check_text(text, "trip.yaml").problems
    [problem] = [p for p in found if p.code == "bad-timezone"]
    if zone in ("Asia/Shanghai", "Asia/Hong_Kong"):  # the rest is checked with `zone`
        assert found == [problem]
    assert (problem.line, problem.column) == (5, 13)
    assert problem.message.startswith(f"trip: '{written}' is not an IANA time zone name; ")
    assert words in problem.message
    assert zone in problem.message


def test_there_are_enough_cases():
    assert len(SUGGESTIONS) >= 25


def test_an_event_zone_is_guessed_from_the_events_own_venue():
    # The train leaves from West Kowloon (HK): GMT+8 there means Hong Kong, not Shanghai.
    text = BASE.replace("timezone: Asia/Hong_Kong", "timezone: GMT+8")
    [problem] = check_text(text, "trip.yaml").problems
    assert "the trip's venues on UTC+08:00 are in Asia/Hong_Kong and Asia/Shanghai" in (
        problem.message
    )
    assert "write Asia/Hong_Kong," in problem.message


def test_an_ambiguous_abbreviation_names_the_candidates():
    guess = guess_zone("IST")
    assert guess is not None
    assert guess.zone is None
    assert guess.advice == (
        "it is an abbreviation with several meanings: write the zone you mean, "
        "Asia/Kolkata (India), Asia/Jerusalem (Israel) or Europe/Dublin (Ireland)"
    )


def test_cst_without_a_place_names_china_and_the_americas():
    guess = guess_zone("CST")
    assert guess is not None
    assert guess.zone is None
    assert "Asia/Shanghai (China), America/Chicago (United States) or America/Havana (Cuba)" in (
        guess.advice
    )


def test_an_offset_without_venues_gives_the_fixed_zone_and_a_place():
    guess = guess_zone("GMT+8")
    assert guess is not None
    assert guess.zone == "Etc/GMT-8"
    assert "e.g. Asia/Hong_Kong" in guess.advice


def test_nothing_to_go_on_says_how_zones_are_written():
    text = BASE.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus")
    problems = check_text(text, "trip.yaml").problems
    [problem] = problems
    # The venues are in Hangzhou and Hong Kong: the likely zone is where most events are.
    assert problem.message == (
        "trip: 'Mars/Olympus' is not an IANA time zone name; write the zone of the place as "
        "Region/City, e.g. Asia/Shanghai (the venues')"
    )


def test_windows_names_come_from_cldr_with_current_names():
    from tripplan.format.zone_tables import windows_zones

    table = windows_zones()
    assert len(table) == 139
    assert table["chinastandardtime"] == "Asia/Shanghai"
    assert table["indiastandardtime"] == "Asia/Kolkata"  # CLDR's Asia/Calcutta, canonicalised
    assert table["flestandardtime"] == "Europe/Kyiv"  # CLDR's Europe/Kiev
