"""Every rule `tripplan check` runs, in the order they run.

Each rule is a small function of a validated `Itinerary` yielding problems; it knows
nothing of files: each problem carries the path of what it is about, and the pipeline
turns paths into lines and columns. The rules live by subject beside this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tripplan.checks.circulation import public_holidays, tentative
from tripplan.checks.clocks import clock_changes
from tripplan.checks.contacts import no_contact, unknown_contact_people
from tripplan.checks.documents import document_expiry, missing_documents
from tripplan.checks.references import (
    as_meant,
    duplicate_ids,
    one_principal,
    unknown_references,
)
from tripplan.checks.times import double_bookings, ends_after_start, missing_days, trip_dates
from tripplan.checks.transfers import hotel_departures, journey_times, transfers
from tripplan.checks.vehicles import (
    no_vehicle,
    vehicle_assignments,
    vehicle_boundaries,
    vehicle_conflicts,
)
from tripplan.format.model import Itinerary
from tripplan.problems import Problem

Rule = Callable[[Itinerary], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    unknown_references,
    duplicate_ids,
    one_principal,
    trip_dates,
    missing_days,
    ends_after_start,
    clock_changes,
    double_bookings,
    transfers,
    journey_times,
    hotel_departures,
    vehicle_assignments,
    vehicle_conflicts,
    vehicle_boundaries,
    no_vehicle,
    document_expiry,
    missing_documents,
    unknown_contact_people,
    no_contact,
    tentative,
    public_holidays,
)


# The rules that only ever warn (README: the table of codes). A command that shows no
# warnings, only refuses a file with errors (`export`), runs the others: a tenth of a
# large trip's check goes to warnings it would not say.
WARNING_RULES: frozenset[Rule] = frozenset(
    {
        missing_days,
        journey_times,
        hotel_departures,
        vehicle_boundaries,
        no_vehicle,
        no_contact,
        tentative,
        public_holidays,
    }
)
ERROR_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule not in WARNING_RULES)


def run_rules(itinerary: Itinerary, rules: Iterable[Rule] = RULES) -> list[Problem]:
    # unknown-ref reports each misspelt reference; the other rules read it as meant.
    meant = as_meant(itinerary)
    return [
        problem
        for rule in rules
        for problem in rule(itinerary if rule is unknown_references else meant)
    ]
