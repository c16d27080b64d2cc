"""The moves a day's vehicles make between events: who goes by car from one event to the
next (a short walk needs no car), and who rides on a car journey. Pure: `plan.vehicles`
turns them into each vehicle's runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tripplan.format.model import Day, Event, Itinerary
from tripplan.plan.travel import TravelModel, country_of_venue, departure_zone


@dataclass(frozen=True, slots=True)
class Move:
    """A move by car of some people between two of their consecutive events of a day."""

    day: Day
    after: Event
    before: Event
    start: str
    end: str
    drive: timedelta | None
    people: tuple[str, ...]


def riders(day: Day, event: Event) -> dict[str, list[str]] | None:
    """Who rides in which vehicle on a car journey of `day`: the event's own `vehicles`,
    else the day's; None when no vehicles are assigned for it."""
    if event.mode != "car" or event.is_cancelled:
        return None
    return event.vehicles if event.vehicles is not None else day.vehicles


def car_moves(itinerary: Itinerary, day: Day, model: TravelModel) -> list[Move]:
    """Each person's moves between consecutive events of `day` that are not walks, a move
    made together listed once, in time order."""
    timed = [e for e in day.events if not e.is_cancelled and e.start_at and e.end_at and e.places]
    timed.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
    found: dict[tuple[int, int], tuple[str, str, timedelta | None, list[str]]] = {}
    for person in itinerary.people:
        mine = [e for e in timed if person in itinerary.attendees(e)]
        for first, second in zip(mine, mine[1:], strict=False):
            here, there = first.places[-1], second.places[0]
            if here == there:
                continue
            key = (id(first), id(second))
            if key not in found:
                a, b = itinerary.point(here), itinerary.point(there)
                drive: timedelta | None = None
                if a is not None and b is not None:
                    zone = departure_zone(first)
                    leaves = first.end_at.astimezone(zone) if first.end_at else None
                    country = country_of_venue(itinerary, here, zone)
                    transfer = model.transfer(a, b, leaves, country)
                    if transfer.mode != "car":
                        continue  # a short walk: no car needed
                    drive = transfer.time
                found[key] = (here, there, drive, [])
            found[key][3].append(person)
    by_id = {id(e): e for e in timed}
    moves = [
        Move(day, by_id[a], by_id[b], here, there, drive, tuple(people))
        for (a, b), (here, there, drive, people) in found.items()
    ]
    moves.sort(key=lambda m: (m.after.end_ts or 0.0, m.before.start_ts or 0.0))
    return moves
