"""What leaves the office: the views for hosts and drivers never hold internal content.

The rule is structural (a `SharedTrip` has no field for it) and tested both ways: the
records are checked for forbidden fields, and random strings put in every internal
field of a real file are looked for in every output meant for hosts or drivers.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tripplan
from conftest import EXAMPLES
from tripplan.format.logistics import INTERNAL_FIELDS, DocumentNumber
from tripplan.outputs import audience
from tripplan.outputs.audience import SharedTrip, shared_view
from tripplan.outputs.shared import markdown, text

BUNDLED = next(p for p in EXAMPLES if p.name.startswith("hangzhou-shenzhen"))

# What may never have a place in a view for hosts or drivers.
FORBIDDEN_FIELDS = INTERNAL_FIELDS | {
    "internal",
    "talking_points",
    "background",
    "bio",
    "address_as",
    "documents",
    "number",
    "bookings",
    "seat",
    "coach",
    "reference",
    "rooms",
    "room",
    "confirmation",
}


def _records(kind: Any, seen: set[type] | None = None) -> set[type]:
    """Every dataclass reachable from `kind`'s fields."""
    seen = set() if seen is None else seen
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if kind in seen:
            return seen
        seen.add(kind)
        hints = typing.get_type_hints(kind, vars(audience))
        for field in dataclasses.fields(kind):
            _records(hints[field.name], seen)
    for arg in typing.get_args(kind):
        _records(arg, seen)
    return seen


def test_shared_records_have_no_place_for_internal_content():
    records = _records(SharedTrip)
    assert {r.__name__ for r in records} >= {"SharedTrip", "SharedEvent", "SharedPerson"}
    for record in records:
        names = {f.name for f in dataclasses.fields(record)}
        assert not names & FORBIDDEN_FIELDS, record
    person = {f.name for f in dataclasses.fields(audience.SharedPerson)}
    assert not person & {"phone", "email"}  # the delegation's own: only via contacts


def test_every_model_field_named_internal_is_in_internal_fields():
    from pydantic import BaseModel

    from tripplan.format import logistics, model

    for module in (model, logistics):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel):
                for name in value.model_fields:
                    if "internal" in name and name != "internal":
                        assert name in INTERNAL_FIELDS, (value, name)


def test_only_outside_audiences_get_a_shared_view():
    it = tripplan.load(BUNDLED)
    with pytest.raises(ValueError, match="not an audience outside"):
        shared_view(it, "delegation")  # type: ignore[arg-type]


# --- the property: random internal strings never reach hosts or drivers ---------------

# A marker no output has of its own, then random letters, digits and CJK (which no
# renderer changes, so a leak shows as the whole string).
MARK = "SECRET"
_SECRET = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Lo"]), min_size=1, max_size=16
).map(lambda s: MARK + s)


def _trip(secrets: list[str], number: str) -> dict[str, Any]:
    """A trip with a secret in every internal field, and in everything else that never
    leaves the delegation (talking points, background, bios, bookings, phones)."""
    s = iter(secrets)
    return {
        "version": 1,
        "trip": {
            "id": "prop-trip",
            "title": "Visit",
            "timezone": "Asia/Shanghai",
            "start": "2025-02-25",
            "end": "2025-02-26",
            "internal_notes": next(s),
        },
        "people": {
            "yan": {
                "name": "Peter Yan",
                "principal": True,
                "phone": next(s),
                "email": next(s),
                "internal_notes": next(s),
                "documents": [
                    {"type": "mainland-travel-permit", "number": number, "expires": "2030-01-01"},
                    {"type": "hk-identity-card", "number": next(s)},
                ],
            },
            "ko": {"name": "Ko Wing-sze", "internal_notes": next(s)},
        },
        "venues": {
            "wk": {"name": "West Kowloon", "city": "Hong Kong", "location": [22.304, 114.1655]},
            "hz": {"name": "Hangzhou East", "city": "Hangzhou", "location": [30.2901, 120.2125]},
            "campus": {"name": "AI campus", "city": "Hangzhou", "location": [30.28, 120.03]},
            "hotel": {"name": "Hotel", "city": "Hangzhou", "location": [30.257, 120.164]},
        },
        "vehicles": {"car-1": {"seats": "4", "driver": {"name": "Zhang"}}},
        "contacts": [
            {"person": "ko", "role": "duty-officer", "emergency": True},
            {
                "name": next(s),
                "role": "office",
                "phones": next(s),
                "email": next(s),
                "notes": next(s),
                "internal": True,
            },
        ],
        "days": [
            {
                "date": "2025-02-25",
                "hotel": "hotel",
                "internal_notes": next(s),
                "vehicles": {"car-1": ["yan", "ko"]},
                "rooms": {"yan": {"room": next(s), "confirmation": next(s)}},
                "events": [
                    {
                        "id": "train",
                        "title": "Train",
                        "mode": "train",
                        "from": "wk",
                        "to": "hz",
                        "start": "08:05",
                        "end": "15:05",
                        "internal_notes": next(s),
                        "bookings": {
                            "yan": {"seat": next(s), "coach": next(s), "reference": next(s)}
                        },
                    },
                    {
                        "id": "founders",
                        "title": "Meeting",
                        "kind": "meeting",
                        "venue": "campus",
                        "start": "16:30",
                        "duration": "1h",
                        "host": {"name": "Founder", "bio": next(s), "address_as": next(s)},
                        "background": next(s),
                        "internal_notes": next(s),
                        "talking_points": [next(s), {"text": next(s), "internal": True}],
                    },
                ],
            },
            {
                "date": "2025-02-26",
                "events": [
                    {
                        "id": "car",
                        "title": "Car to the station",
                        "mode": "car",
                        "from": "hotel",
                        "to": "hz",
                        "start": "09:00",
                        "end": "09:40",
                        "vehicles": {"car-1": ["yan", "ko"]},
                        "internal_notes": next(s),
                    }
                ],
            },
        ],
    }


SECRETS_NEEDED = 24


def _outputs(it: tripplan.Itinerary) -> dict[str, str]:
    found = {}
    for who in ("host", "driver"):
        view = shared_view(it, who)  # type: ignore[arg-type]
        found[f"{who} view"] = repr(view)
        found[f"{who} text"] = text(view)
        found[f"{who} markdown"] = markdown(view)
        for vid in it.vehicles:
            if who == "driver":
                found[f"driver {vid}"] = text(shared_view(it, "driver", vehicle=vid))
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    secrets=st.lists(_SECRET, min_size=SECRETS_NEEDED, max_size=SECRETS_NEEDED, unique=True),
    number=_SECRET,
)
def test_internal_strings_never_reach_hosts_or_drivers(secrets: list[str], number: str):
    loaded = tripplan.parse(json.dumps(_trip(secrets, number), ensure_ascii=False), "prop.yaml")
    assert [p for p in loaded.problems if p.severity == "error"] == []
    it = loaded.itinerary
    assert it is not None
    # The secrets are really in the model (else the test could not fail).
    assert it.trip.internal_notes == secrets[0]
    assert it.people["yan"].documents[0].number == DocumentNumber(number)
    for name, output in _outputs(it).items():
        assert MARK not in output, name


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secrets=st.lists(_SECRET, min_size=SECRETS_NEEDED, max_size=SECRETS_NEEDED, unique=True))
def test_internal_strings_never_reach_show_for_hosts_or_drivers(
    secrets: list[str], tmp_path_factory: pytest.TempPathFactory
):
    from typer.testing import CliRunner

    from tripplan.cli import app

    path = tmp_path_factory.mktemp("prop") / "trip.yaml"
    path.write_text(json.dumps(_trip(secrets, "X123456789"), ensure_ascii=False), encoding="utf-8")
    for who in ("host", "driver"):
        for form in ("text", "markdown"):
            run = CliRunner().invoke(app, ["show", str(path), "--for", who, "--format", form])
            assert run.exit_code == 0, run.output
            assert MARK not in run.stdout, (who, form)
            assert "X123456789" not in run.stdout


def test_document_numbers_are_masked_wherever_printed():
    number = DocumentNumber("H12345678")
    assert str(number) == "…5678"
    assert f"{number}" == "…5678"
    assert "H123" not in repr(number)
    assert number.reveal() == "H12345678"
    assert str(DocumentNumber("1234")) == "…"  # too short to show any of it
    it = tripplan.load(BUNDLED)
    dumped = it.model_dump_json()
    assert "H00000001" not in dumped
    assert "…0001" in dumped


# --- the views themselves ----------------------------------------------------------------


def test_host_view_of_the_bundled_trip(tripplan: Any):
    run = tripplan("show", BUNDLED, "--for", "host")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "programme for hosts" in out
    assert "1. Peter Yan, Director-General, OASES" in out
    assert "Dietary: vegetarian" in out
    assert "Development trends in AI" in out  # notes are for the hosts' eyes
    # Never: internal notes, talking points, background, bios, documents, bookings,
    # internal contacts, the delegation's own phones.
    for hidden in (
        "Delegation pays; no gifts",
        "Hong Kong's talent schemes",
        "weighing an",
        "joined the company",
        "H00000001",
        "E000000001",
        "HZ-0000-1",
        "1868",
        "+852 0000 0001",
    ):
        assert hidden not in out, hidden
    # Whom a host calls is the liaison of their days and cities: not the delegation's
    # duty officer, the hotels' desks or the hotels themselves (the briefing pack's rule).
    assert "Contacts\n  Liaison, Shenzhen (placeholder) (liaison) · +86 755 0000 0010" in out
    for other in ("Leung Chun-kit (duty officer)", "+852 0000 0003", "Hotel duty manager"):
        assert other not in out, other
    assert "Night:" not in out


def test_host_view_of_one_host(tripplan: Any):
    run = tripplan("show", BUNDLED, "--for", "host", "--host", "founder's office (PLACEHOLDER)")
    assert run.exit_code == 0, run.stderr
    assert "Meeting with founders of a large language model" in run.stdout
    assert "Working dinner" not in run.stdout
    assert "Tue 25 Feb 2025 · Hangzhou" in run.stdout
    missing = tripplan("show", BUNDLED, "--for", "host", "--host", "Nobody")
    assert missing.exit_code == 2
    assert "--host Nobody: no event has this host; give the host's name as written: " in (
        missing.stderr
    )
    assert "'Founder's office (placeholder)'" in missing.stderr
    # A part of the name, as people remember hosts.
    part = tripplan("show", BUNDLED, "--for", "host", "--host", "founder")
    assert "did you mean 'Founder's office (placeholder)'?" in part.stderr
    # brief says the same.
    pack = tripplan("brief", BUNDLED, "--for", "host", "--host", "founder", "-o", "x.pdf")
    assert pack.exit_code == 2
    assert "did you mean 'Founder's office (placeholder)'?" in pack.stderr
    # A host's programme is a host's, not one person's: --person would be ignored.
    person = tripplan("show", BUNDLED, "--for", "host", "--person", "yan")
    assert person.exit_code == 2
    assert "--person goes with the office's view; for --for host, give --host instead" in (
        " ".join(person.stderr.split())
    )


HOSTED = """\
version: 1
trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-06-18, end: 2025-06-18}
people: {yan: {name: Peter Yan, principal: true}}
contacts: [{name: Duty officer, role: duty-officer, phones: "+852 0000 0000"}]
venues:
  bureau: {name: Commerce Bureau, city: Guangzhou, location: [23.1290, 113.2640]}
days:
  - date: 2025-06-18
    events:
      # Written out of order: the afternoon first, and still tentative.
      - id: afternoon
        title: Afternoon meeting
        kind: meeting
        venue: bureau
        start: "15:30"
        end: "16:30"
        status: tentative
        host: {name: Mr Guo Ming}
      - id: morning
        title: Morning meeting
        kind: meeting
        venue: bureau
        start: "09:30"
        end: "10:30"
        host: {name: Mr Guo Ming}
"""


def test_hosts_see_the_programme_in_time_order_and_what_is_not_yet_firm(write, tripplan, tmp_path):
    path = write(HOSTED)
    shown = " ".join(tripplan("show", path, "--for", "host").stdout.split())
    assert "09:30–10:30 Morning meeting" in shown
    assert shown.index("Morning meeting") < shown.index("Afternoon meeting (tentative)")
    pack = tripplan("brief", path, "--for", "host", "-o", tmp_path / "h.html")
    assert pack.exit_code == 0, pack.stderr
    page = " ".join(re.sub(r"<[^>]+>", " ", (tmp_path / "h.html").read_text("utf-8")).split())
    assert page.index("Morning meeting") < page.index("Afternoon meeting (tentative)")


@pytest.mark.parametrize(
    ("host", "liaison"),
    [
        # Hangzhou only: no liaison covers it, so the organizer.
        ("Founder's office (placeholder)", None),
        # Its Shenzhen meeting is on the Shenzhen liaison's day.
        ("Government relations team (placeholder)", "Liaison, Shenzhen (placeholder)"),
    ],
)
def test_a_host_gets_the_same_contacts_from_show_brief_and_the_view(
    tripplan: Any, host: str, liaison: str | None
):
    from briefing import pack_of
    from tripplan.outputs.brief.model import Table

    view = shared_view(tripplan_load(BUNDLED), "host", host=host)
    assert [c.name for c in view.contacts] == ([liaison] if liaison else [])
    shown = tripplan("show", BUNDLED, "--for", "host", "--host", host).stdout
    assert ("Contacts" in shown) == (liaison is not None)
    pack = pack_of(BUNDLED, "host", host=host)
    [section] = [s for s in pack.sections if s.key == "host"]
    tables = [b for b in section.blocks if isinstance(b, Table)]
    [row] = tables[-1].rows
    if liaison:
        assert row[:2] == ("liaison", liaison)
        assert liaison in shown
    else:
        assert row == ("Organiser", "OASES Secretariat", "", "secretariat@example.gov.hk")


def test_without_a_liaison_the_organizer_row_says_who_and_where_the_e_mail_is():
    from briefing import pack_of
    from tripplan.outputs.brief.model import Table

    itinerary = tripplan_load(BUNDLED).model_copy(deep=True)
    itinerary.contacts = [c for c in itinerary.contacts if c.role != "liaison"]
    pack = pack_of(itinerary, "host", "zh-hant", host="Government relations team (placeholder)")
    [section] = [s for s in pack.sections if s.key == "host"]
    table = [b for b in section.blocks if isinstance(b, Table)][-1]
    assert table.header == ("身分", "姓名", "電話", "電郵")
    assert table.rows == (("主辦單位", "OASES Secretariat", "", "secretariat@example.gov.hk"),)


def tripplan_load(path: Path) -> tripplan.Itinerary:
    from tripplan import pipeline

    checked = pipeline.run(path)
    assert checked.itinerary is not None
    return checked.itinerary


def test_driver_view_of_one_vehicle(tripplan: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "200")  # each run on a line of its own, to compare
    run = tripplan("show", BUNDLED, "--for", "driver", "--vehicle", "sz-car")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "run sheet for drivers" in out
    assert "sz-car · Shenzhen car (7-seat MPV, placeholder)" in out
    assert (
        "Wed 26 Feb 2025 17:00, there by 17:25, ~25 min: 南山科技园人工智能企业 → 深圳湾口岸" in out
    )
    assert "Pick up at 深圳宝安国际机场 Shenzhen Bao'an International Airport" in out
    assert "Passengers: Peter Yan, Wong Hoi-ying, Ko Wing-sze, Leung Chun-kit" in out
    assert "hz-car-1" not in out
    # No meeting content for drivers.
    assert "Development trends" not in out
    assert "Dietary" not in out


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("audience", ["driver", "host"])
def test_outside_views_fit_the_terminal_and_keep_phone_numbers_whole(
    tripplan: Any, monkeypatch: pytest.MonkeyPatch, width: int, audience: str
):
    from tripplan.outputs.layout import width as columns

    monkeypatch.setenv("COLUMNS", str(width))
    out = tripplan("show", BUNDLED, "--for", audience).stdout
    assert [line for line in out.splitlines() if columns(line) > width] == []
    # Wrapped at whole words, under their indent, names whole ("Wong Hoi-ying", never
    # "Hoi-" / "ying"); a phone number on one line.
    assert not re.search(r"[A-Za-z]-$", out, flags=re.M)
    phones = {"+86 571 0000 0000", "+86 755 0000 0010"} if audience == "host" else set()
    phones |= {"+852 0000 0009"} if audience == "driver" else set()
    for phone in phones:
        assert phone in out, phone


def test_driver_view_options_are_checked(tripplan: Any):
    unknown = tripplan("show", BUNDLED, "--for", "driver", "--vehicle", "car-9")
    assert unknown.exit_code == 2
    assert "--vehicle car-9: not one of the vehicles (hz-car-1" in unknown.stderr
    wrong = tripplan("show", BUNDLED, "--vehicle", "sz-car")
    assert wrong.exit_code == 2
    assert "--vehicle goes with --for driver" in wrong.stderr


def test_markdown_view_escapes_the_itinerary_text(write: Any, tripplan: Any):
    trip = _trip([f"secret{i:02d}xx" for i in range(SECRETS_NEEDED)], "X123456789")
    trip["days"][0]["events"][1]["title"] = "<script>*bold* [link](x) \x1b[31m"
    path = write(json.dumps(trip))
    md = tripplan("show", path, "--for", "host", "--format", "markdown").stdout
    assert "&lt;script&gt;\\*bold\\* \\[link\\](x)" in md
    plain = tripplan("show", path, "--for", "host").stdout
    assert "\x1b" not in plain
    assert "<script>*bold* [link](x) \\x1b[31m" in plain


def test_markdown_view_keeps_the_delegation_one_numbered_list(tripplan: Any):
    from markdown_it import MarkdownIt  # rich's own Markdown parser: CommonMark

    md = tripplan("show", BUNDLED, "--for", "host", "--format", "markdown").stdout
    page = MarkdownIt("commonmark").render(md)
    # Each dietary need is a detail of its person, not the end of the list.
    assert page.count("<ol>") == 1
    assert "<ol start=" not in page
    assert "<li>Dietary: vegetarian</li>" in page


def test_views_are_built_from_a_placed_itinerary():
    it = tripplan.load(BUNDLED)
    view = shared_view(it, "host")
    robotics = next(e for d in view.days for e in d.events if e.id == "robotics-visit")
    assert robotics.start_at is not None  # flexible, placed by the sequencer
    assert [p.id for p in view.delegation] == ["yan", "wong", "ko", "leung"]


def test_precedence_orders_the_delegation(write: Any):
    from conftest import BASE

    def order(text_: str) -> list[str]:
        it = tripplan.parse(text_).itinerary
        assert it is not None
        return it.by_precedence()

    ko_first = BASE.replace("    name: Ko Wing-sze\n", "    name: Ko Wing-sze\n    precedence: 1\n")
    assert order(BASE) == ["yan", "ko"]  # the principal first by default
    assert order(ko_first) == ["yan", "ko"]  # ... even before a written 1
    assert order(ko_first.replace("principal: true", "principal: true\n    precedence: 2")) == [
        "ko",
        "yan",
    ]
    third = BASE.replace("people:\n", "people:\n  lee: {name: Lee}\n")
    assert order(third) == ["yan", "lee", "ko"]


def test_example_file_is_unchanged_by_loading():
    # The views read the model; nothing writes back into the file.
    before = Path(BUNDLED).read_bytes()
    shared_view(tripplan.load(BUNDLED), "driver")
    assert Path(BUNDLED).read_bytes() == before


def test_readme_shows_the_real_driver_sheet(tripplan: Any, monkeypatch: pytest.MonkeyPatch):
    root = BUNDLED.parent.parent
    monkeypatch.chdir(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ tripplan show itineraries/hangzhou-shenzhen-2025-02.yaml --for driver "
    args = readme.split(command, 1)[1].split("\n", 1)[0]
    shown = readme.split(command + args + "\n", 1)[1].split("```", 1)[0]
    run = tripplan(
        "show", "itineraries/hangzhou-shenzhen-2025-02.yaml", "--for", "driver", *args.split()
    )
    assert run.stdout == shown
