"""Travel documents: valid long enough, and one that admits each person at each border.

Which documents admit to which country or region is data (`data/admission.yaml`,
with its sources), read only when someone's documents are listed; a trip replaces a
region's rules with `trip.documents.admission`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from tripplan.checks.words import listed, named
from tripplan.format.logistics import AdmissionRule, DocumentSettings, TravelDocument
from tripplan.format.model import Event, Itinerary
from tripplan.geo.places import country_name, venue_country
from tripplan.problems import Problem

# A visa only has to last the trip; passports and permits are refused at some borders
# with fewer months left, so they get the warning.
_ONLY_FOR_THE_TRIP = frozenset({"visa"})


@dataclass(frozen=True, slots=True)
class Admission:
    """The shipped table: names of document types, and the ways into each region."""

    types: dict[str, str]
    regions: dict[str, list[AdmissionRule]]


@lru_cache(maxsize=1)
def shipped() -> Admission:
    from tripplan.format.yamldoc import read_yaml

    text = resources.files("tripplan.checks").joinpath("data/admission.yaml").read_text("utf-8")
    data = read_yaml(text).data  # as written: "NO" is Norway, not YAML 1.1's false
    regions = {
        str(region): [AdmissionRule.model_validate(rule) for rule in rules]
        for region, rules in data["regions"].items()
    }
    return Admission(dict(data["types"]), regions)


def document_expiry(itinerary: Itinerary) -> Iterator[Problem]:
    """A document that expires before the trip ends (error), or less than
    `trip.documents.validity_months` after it (warning; visas only need the trip)."""
    trip = itinerary.trip
    months = (trip.documents or DocumentSettings()).validity_months
    wanted = _add_months(trip.end, months)
    for pid, person in itinerary.people.items():
        for i, document in enumerate(person.documents):
            expires = document.expires
            if expires is None:
                continue
            path = ("people", pid, "documents", i, "expires")
            what = f"person '{pid}': {document.label}"
            if expires < trip.start:
                yield Problem.of(
                    "document-expiry",
                    f"{what} expired on {expires}, before the trip starts on {trip.start}; "
                    "renew it or travel on another document",
                    path,
                )
            elif expires < trip.end:
                yield Problem.of(
                    "document-expiry",
                    f"{what} expires on {expires}, before the trip ends on {trip.end}; "
                    "renew it or travel on another document",
                    path,
                )
            elif expires < wanted and document.type not in _ONLY_FOR_THE_TRIP:
                yield Problem.of(
                    "document-expiry",
                    f"{what} expires on {expires}, less than {months} months after the trip "
                    f"ends ({trip.end}); some borders refuse it: renew it, or set "
                    "trip.documents.validity_months",
                    path,
                    severity="warning",
                )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class Crossing:
    """A journey from one country or region into another."""

    event: Event
    leaving: str
    entering: str
    on: date


def crossings(itinerary: Itinerary) -> list[Crossing]:
    """Journeys whose `from` and `to` are in different countries or regions (Hong Kong
    and Macao count apart from the mainland)."""
    found = []
    for event in itinerary.events():
        if event.kind != "travel" or event.is_cancelled or not event.from_ or not event.to:
            continue
        leaving = venue_country(itinerary, event.from_, event.zone)
        entering = venue_country(itinerary, event.to, event.end_timezone or event.zone)
        if leaving and entering and leaving != entering:
            on = event.end_at.date() if event.end_at else event.day
            found.append(Crossing(event, leaving, entering, on))
    return found


def missing_documents(itinerary: Itinerary) -> Iterator[Problem]:
    """A person crossing a border without a document that admits them there.

    Not checked while no one's documents are listed (said once, when the trip crosses a
    border); once anyone's are, everyone who crosses needs one.
    """
    people = itinerary.people
    trip_crossings = [
        c for c in crossings(itinerary) if any(p in people for p in itinerary.attendees(c.event))
    ]
    if not trip_crossings:
        return
    if not any(person.documents for person in people.values()):
        ids = ", ".join(f"'{c.event.id}'" for c in trip_crossings[:3])
        more = f" and {len(trip_crossings) - 3} more" if len(trip_crossings) > 3 else ""
        yield Problem.of(
            "missing-document",
            f"travel documents are not checked: no one's are listed, and the trip crosses "
            f"borders ({ids}{more}); add documents: [{{type, country, number, expires}}] "
            "to each person",
            ("people",),
        )
        return
    table = shipped()
    own = (itinerary.trip.documents.admission if itinerary.trip.documents else None) or {}
    yield from _unknown_types(itinerary, table, own)
    for crossing in trip_crossings:
        rules = own.get(crossing.entering, table.regions.get(crossing.entering))
        if rules is None:
            continue  # no rules for that region: nothing to say either way
        for pid in itinerary.attendees(crossing.event):
            person = people.get(pid)
            if person is None or _admitted(person.documents, rules, crossing.on):
                continue
            yield Problem.of(
                "missing-document",
                _refusal(itinerary, pid, person.documents, rules, crossing, table),
                (*crossing.event.path, "to"),
                crossing.event.id,
            )


def to_carry(itinerary: Itinerary, pid: str, crossing: Crossing) -> list[TravelDocument] | None:
    """The documents of `pid` that admit them at `crossing` by the first rule they meet
    (what the briefing pack's checklist tells them to carry); [] when no rules are known
    for the region; None when none of their documents admits them."""
    person = itinerary.people.get(pid)
    own = (itinerary.trip.documents.admission if itinerary.trip.documents else None) or {}
    rules = own.get(crossing.entering, shipped().regions.get(crossing.entering))
    if person is None or rules is None:
        return []
    held = [d for d in person.documents if _valid(d, crossing.on)]
    for rule in rules:
        if not _in_force(rule, crossing.on):
            continue
        chosen = [next((d for d in held if need.met_by(d)), None) for need in rule.needs]
        if all(chosen):
            found: list[TravelDocument] = []
            for document in chosen:
                if document is not None and all(document is not d for d in found):
                    found.append(document)
            return found
    return None


def _in_force(rule: AdmissionRule, on: date) -> bool:
    return (rule.from_ is None or rule.from_ <= on) and (rule.until is None or on <= rule.until)


def _valid(document: TravelDocument, on: date) -> bool:
    return document.expires is None or document.expires >= on


def _admitted(documents: list[TravelDocument], rules: list[AdmissionRule], on: date) -> bool:
    held = [d for d in documents if _valid(d, on)]
    return any(
        _in_force(rule, on) and all(any(need.met_by(d) for d in held) for need in rule.needs)
        for rule in rules
    )


def _refusal(
    itinerary: Itinerary,
    pid: str,
    documents: list[TravelDocument],
    rules: list[AdmissionRule],
    crossing: Crossing,
    table: Admission,
) -> str:
    where = country_name(crossing.entering)
    said = f"event {named(crossing.event)}: {listed(itinerary, [pid])} enters {where}"
    expired = [
        d
        for d in documents
        if not _valid(d, crossing.on) and any(n.met_by(d) for r in rules for n in r.needs)
    ]
    if not documents:
        why = "with no documents listed"
    elif expired:
        why = "but " + " and ".join(f"{d.label} expires on {d.expires}" for d in expired)
    else:
        why = "with no document that admits them there"
    ways = _ways(rules, crossing.entering, crossing.on, table)
    return f"{said} on {crossing.on} {why}; needs {ways}"


def _ways(rules: list[AdmissionRule], region: str, on: date, table: Admission) -> str:
    """The ways in, as staff would list them; the passports of other countries that
    need no visa said in one phrase."""
    said: list[str] = []
    visa_free = False
    for rule in rules:
        if not _in_force(rule, on):
            continue
        needs = rule.needs
        issuers = needs[0].issued_by or []
        if len(needs) == 1 and needs[0].type == "passport" and issuers and region not in issuers:
            visa_free = True
            continue
        parts = []
        for need in needs:
            name = table.types.get(need.type, need.type)
            if need.issued_by:
                name += f" ({', '.join(need.issued_by)})"
            parts.append(name)
        text = " and ".join(parts)
        if text not in said:
            said.append(text)
    if visa_free:
        said.append("a passport of a visa-free country")
    if len(said) > 1:
        return "one of: " + "; ".join(said)
    return said[0] if said else "a document admitting them there"


def _unknown_types(
    itinerary: Itinerary, table: Admission, own: dict[str, list[AdmissionRule]]
) -> Iterator[Problem]:
    known = set(table.types) | {n.type for rules in own.values() for r in rules for n in r.needs}
    for pid, person in itinerary.people.items():
        for i, document in enumerate(person.documents):
            if document.type in known:
                continue
            close = difflib.get_close_matches(document.type, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(table.types)}"
            yield Problem.of(
                "schema",
                f"person '{pid}': document type '{document.type}' is not known; {hint} "
                "(or give rules for it under trip.documents.admission)",
                ("people", pid, "documents", i, "type"),
            )
