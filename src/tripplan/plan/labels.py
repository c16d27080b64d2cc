"""The step every search shares: a label (where everyone is after some visits) and how
it grows by one visit, with the bounds and tests that prune it."""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.plan.problem import ENDLESS, NEVER, DayProblem, Plan, Visit


# A label: everyone's position after a set of visits, and what it cost to get there.
# tokens[p] is the last visit of person p (-1: none yet), k[p] how many fixed events of
# theirs come before their next move, times[p] when they are free.
@dataclass(slots=True)
class Label:
    done: int  # bit set of visits placed
    tokens: tuple[int, ...]
    ks: tuple[int, ...]
    times: tuple[int, ...]
    cost: int
    finish: int
    slack: int
    parent: Label | None
    visit: int
    start: int


class DaySearch:
    """The problem with what every search step needs precomputed."""

    def __init__(self, problem: DayProblem) -> None:
        self.p = problem
        self.n = len(problem.visits)
        self.fixed_base = 0
        keys = {f.key for person in problem.people for f in person.fixed}
        self.visit_base = max(keys, default=-1) + 1
        self.home_base = self.visit_base + self.n
        self.stride = self.home_base + len(problem.travel) + 2

        self.move, self.pause = problem.move, problem.pause

    def where(self, person: int, token: int, k: int) -> tuple[int | None, int]:
        """The place a person leaves from and its leg key, given their last visit."""
        if token >= 0:
            return self.p.visits[token].place, self.visit_base + token
        home = self.p.people[person].home
        return home, self.home_base + (home if home is not None else len(self.p.travel))

    def gaps(self, label: Label, person: int, visit: Visit) -> list[tuple[int, int, int]]:
        """(earliest start, latest start, gap index) where `person` could do `visit`."""
        fixed = self.p.people[person].fixed
        token, k, ready = label.tokens[person], label.ks[person], label.times[person]
        place, _ = self.where(person, token, k)
        found = []
        for m in range(k, len(fixed) + 1):
            if m == k:
                lo = NEVER if ready == NEVER else ready + self.pause(place, visit.place)
            else:
                before = fixed[m - 1]
                if before.end > visit.close - visit.duration:
                    break  # this gap and every later one open too late
                lo = before.end + self.pause(before.leave, visit.place)
            if m < len(fixed):
                after = fixed[m]
                hi = after.start - self.pause(visit.place, after.arrive) - visit.duration
            else:
                hi = ENDLESS
            if lo <= hi:
                found.append((lo, hi, m))
        return found

    def legs(
        self, person: int, token: int, k: int, m: int, to_place: int | None, to_key: int
    ) -> list[tuple[int, int]]:
        """(leg key, seconds) of the moves from where a person is to `to_key`, past fixed k..m-1."""
        place, key = self.where(person, token, k)
        fixed = self.p.people[person].fixed
        out = []
        for f in fixed[k:m]:
            out.append((key * self.stride + f.key, self.move(place, f.arrive)))
            place, key = f.leave, f.key
        out.append((key * self.stride + to_key, self.move(place, to_place)))
        return out

    def step(self, label: Label, v: int, first_only: bool) -> list[Label]:
        """Labels for doing visit `v` next, one per distinct choice of gaps."""
        visit = self.p.visits[v]
        latest_start = visit.close - visit.duration
        per_person = []
        candidates = {visit.open}
        for person in visit.people:
            gaps = self.gaps(label, person, visit)
            if not gaps:
                return []
            per_person.append(gaps)
            grain = self.p.grain
            candidates.update(
                -(-lo // grain) * grain for lo, _, _ in gaps if visit.open < lo <= latest_start
            )
        made: list[Label] = []
        seen: set[tuple[int, ...]] = set()
        for s in sorted(candidates):
            if s > latest_start:
                break
            choice = []
            room = latest_start - s
            for gaps in per_person:
                for lo, hi, m in gaps:
                    if lo <= s <= hi:
                        choice.append(m)
                        room = min(room, hi - s)
                        break
                else:
                    break
            if len(choice) != len(per_person):
                continue
            signature = tuple(choice)
            if signature in seen:
                continue
            seen.add(signature)
            made.append(self._after(label, v, s, choice, room))
            if first_only:
                break
        return made

    def _after(self, label: Label, v: int, s: int, choice: list[int], room: int) -> Label:
        visit = self.p.visits[v]
        tokens, ks, times = list(label.tokens), list(label.ks), list(label.times)
        moves: dict[int, int] = {}
        for person, m in zip(visit.people, choice, strict=True):
            for key, seconds in self.legs(
                person, tokens[person], ks[person], m, visit.place, self.visit_base + v
            ):
                moves[key] = seconds
            tokens[person], ks[person], times[person] = v, m, s + visit.duration
        end = s + visit.duration
        return Label(
            label.done | (1 << v),
            tuple(tokens),
            tuple(ks),
            tuple(times),
            label.cost + sum(moves.values()),
            max(label.finish, end),
            min(label.slack, room),
            label,
            v,
            s,
        )

    def closing_cost(self, label: Label) -> int:
        """The rest of everyone's day: through their remaining fixed events to the hotel."""
        moves: dict[int, int] = {}
        for person, who in enumerate(self.p.people):
            night_key = self.home_base + (
                who.night if who.night is not None else len(self.p.travel) + 1
            )
            tail = self.legs(
                person, label.tokens[person], label.ks[person], len(who.fixed), who.night, night_key
            )
            if who.night is None:
                tail = tail[:-1]
            moves.update(tail)
        return label.cost + sum(moves.values())

    def start(self) -> Label:
        people = len(self.p.people)
        return Label(
            0, (-1,) * people, (0,) * people, (NEVER,) * people, 0, NEVER, ENDLESS, None, -1, 0
        )

    def earliest_at(
        self, person: int, place: int | None, ready: int, k: int, there: int | None
    ) -> int:
        """When a person free at `ready` at `place` can be at `there` at the earliest:
        directly, or after one of their fixed events still to come (a journey there may
        be faster than the roads)."""
        soonest = ready + self.pause(place, there)
        for f in self.p.people[person].fixed[k:]:
            soonest = min(soonest, f.end + self.pause(f.leave, there))
        return soonest

    def hopeless(self, label: Label) -> bool:
        """True when some visit still to do can no longer be reached by one of its people."""
        for u, visit in enumerate(self.p.visits):
            if label.done >> u & 1:
                continue
            for person in visit.people:
                ready = label.times[person]
                if ready == NEVER:
                    continue
                k = label.ks[person]
                place, _ = self.where(person, label.tokens[person], k)
                soonest = self.earliest_at(person, place, ready, k, visit.place)
                if soonest + visit.duration > visit.close:
                    return True
        return False

    def arrival_bounds(self) -> tuple[list[int], int]:
        """The cheapest way into each visit, and into every other stop of the day summed.

        Every move ends somewhere and every visit, fixed event and hotel is arrived at by
        at least one move, so the cheapest arrivals, each counted once, bound any plan.
        """
        visit_places = [v.place for v in self.p.visits]
        into_visit = []
        for v, visit in enumerate(self.p.visits):
            sources = {u for i, u in enumerate(visit_places) if i != v}
            for person in visit.people:
                who = self.p.people[person]
                sources.add(who.home)
                sources.update(f.leave for f in who.fixed)
            into_visit.append(min((self.move(a, visit.place) for a in sources), default=0))
        into: dict[tuple[str, int | None], int] = {}
        for who in self.p.people:
            before = who.home
            for f in who.fixed:
                cheapest = min(
                    [self.move(before, f.arrive)] + [self.move(a, f.arrive) for a in visit_places]
                )
                into[("f", f.key)] = min(into.get(("f", f.key), cheapest), cheapest)
                before = f.leave
            if who.night is not None:
                cheapest = min(
                    [self.move(before, who.night)] + [self.move(a, who.night) for a in visit_places]
                )
                into[("n", who.night)] = min(into.get(("n", who.night), cheapest), cheapest)
        return into_visit, sum(into.values())

    def recount(self, starts: dict[int, int]) -> int:
        """Travel of the whole day with these visits placed, each shared move once."""
        moves: dict[tuple[int, int], int] = {}
        for person, who in enumerate(self.p.people):
            stops = [(f.start, f.key, f.arrive, f.leave) for f in who.fixed]
            stops += [
                (s, self.visit_base + v, self.p.visits[v].place, self.p.visits[v].place)
                for v, s in starts.items()
                if person in self.p.visits[v].people
            ]
            stops.sort()
            place, key = self.where(person, -1, 0)
            for _, stop_key, arrive, leave in stops:
                moves[(key, stop_key)] = self.move(place, arrive)
                place, key = leave, stop_key
            if who.night is not None:
                moves[(key, -1 - who.night)] = self.move(place, who.night)
        return sum(moves.values())

    def score(self, label: Label, missed: int) -> tuple[int, int, int, int]:
        return (missed, self.closing_cost(label), label.finish, -label.slack)

    def starts(self, label: Label) -> dict[int, int]:
        """Visit -> start along the label's history."""
        starts: dict[int, int] = {}
        at: Label | None = label
        while at is not None and at.visit >= 0:
            starts[at.visit] = at.start
            at = at.parent
        return starts

    def label_for(self, starts: dict[int, int]) -> Label | None:
        """The label of placing the visits at exactly these starts, if the steps allow it."""
        label = self.start()
        for v in sorted(starts, key=lambda v: (starts[v], v)):
            found = [c for c in self.step(label, v, first_only=False) if c.start == starts[v]]
            if not found:
                return None
            label = found[0]
        return label

    def plan(self, label: Label, *, exact: bool, lower: int) -> Plan:
        starts = self.starts(label)
        travel = self.recount(starts)
        order = tuple(sorted(starts, key=lambda v: (starts[v], v)))
        return Plan(
            starts,
            travel,
            label.finish,
            label.slack if starts else 0,
            exact,
            travel if exact else min(lower, travel),
            order,
        )
