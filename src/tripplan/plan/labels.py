"""The step every search shares: a label (where everyone is after some visits) and how
it grows by one visit, with the bounds and tests that prune it.

The buffer between two places is kept on every move (`soft` False), or wanted but
dropped where nothing else fits (`soft` True): a start right on arrival is then allowed
too, and the moves that keep less than the buffer are counted (`Label.tight`)."""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.plan.problem import ENDLESS, NEVER, DayProblem, Plan, Visit
from tripplan.plan.tally import recount, report


# A label: everyone's position after a set of visits, and what it cost to get there.
# tokens[p] is the last visit of person p (-1: none yet), k[p] how many fixed events of
# theirs come before their next move, times[p] when they are free. `paid` holds the
# moves already paid for that someone else may still make (from where someone is, or
# between fixed events still to come): a move made together costs once, whoever makes
# it first.
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
    paid: frozenset[int] = frozenset()
    tight: int = 0  # moves that keep less than the buffer (soft searches only)


class DaySearch:
    """The problem with what every search step needs precomputed."""

    def __init__(self, problem: DayProblem, *, soft: bool = False) -> None:
        self.p = problem
        self.soft = soft and problem.buffer > 0
        self.n = len(problem.visits)
        self.fixed_base = 0
        keys = {f.key for person in problem.people for f in person.fixed}
        self.visit_base = max(keys, default=-1) + 1
        self.home_base = self.visit_base + self.n
        self.stride = self.home_base + len(problem.travel) + 2
        self.move, self.reach, self.leave_by = problem.move, problem.reach, problem.leave_by
        self.timed = problem.roads is not None
        self.low = self._lower_bounds()
        self._near: list[list[int]] | None = None
        # The keys of each person's fixed events from the k-th on.
        self.ahead = [
            [frozenset(f.key for f in who.fixed[k:]) for k in range(len(who.fixed) + 1)]
            for who in problem.people
        ]
        # With travel that depends on the hour, a label free earlier may still pay more
        # later (leaving into a rush hour); FIFO bounds how much (see `extra`). Starts
        # rounded up to the grain can add up to grain - 1 per visit to that.
        self.rounding = max(0, problem.grain - 1) if self.timed else 0

    def _lower_bounds(self) -> list[list[int]]:
        """The least time of each move at any hour a visit could be reached by."""
        p = self.p
        size = len(p.travel)
        if p.roads is None or not p.visits:
            return [[0 if a == b else p.travel[a][b] for b in range(size)] for a in range(size)]
        longest = max((max(row, default=0) for row in p.travel), default=0)
        since = min(v.open for v in p.visits) - 12 * longest - 3600
        until = max(v.close for v in p.visits)
        return p.roads.fastest(p.travel, since, until)

    def extra(self, people: int, ahead: int, earlier: int, spread: int) -> int:
        """How much more than a label free later a label free `earlier` seconds sooner
        (summed over people, at most `spread` for one) may pay for the rest of the day.

        FIFO: leaving d seconds sooner costs at most d more and arrives no later, so
        along one person's moves the extra is paid out of the head start; a visit shared
        with others can hand that person a head start of up to `spread` again (counted
        `people` times), and rounding a start up adds up to the grain per visit (`ahead`).
        """
        if not self.timed:
            return 0
        return earlier + spread * people + self.rounding * ahead

    def where(self, person: int, token: int, k: int) -> tuple[int | None, int]:
        """The place a person leaves from and its leg key, given their last visit."""
        if token >= 0:
            return self.p.visits[token].place, self.visit_base + token
        home = self.p.people[person].home
        return home, self.home_base + (home if home is not None else len(self.p.travel))

    def gaps(self, label: Label, person: int, visit: Visit) -> list[tuple[int, int, int, int]]:
        """(earliest start, earliest keeping the buffer, latest start, gap index) where
        `person` could do `visit` (the first two the same unless the search is soft)."""
        fixed = self.p.people[person].fixed
        token, k, ready = label.tokens[person], label.ks[person], label.times[person]
        place, _ = self.where(person, token, k)
        hard = not self.soft
        found = []
        for m in range(k, len(fixed) + 1):
            if m == k:
                if ready == NEVER:
                    lo = kept = NEVER
                else:
                    kept = self.reach(place, visit.place, ready)
                    lo = kept if hard else self.reach(place, visit.place, ready, False)
            else:
                before = fixed[m - 1]
                if before.end > visit.close - visit.duration:
                    break  # this gap and every later one open too late
                kept = self.reach(before.leave, visit.place, before.end)
                lo = kept if hard else self.reach(before.leave, visit.place, before.end, False)
            if m < len(fixed):
                after = fixed[m]
                hi = self.leave_by(visit.place, after.arrive, after.start, hard) - visit.duration
            else:
                hi = ENDLESS
            if lo <= hi:
                found.append((lo, kept, hi, m))
        return found

    def legs(
        self,
        person: int,
        token: int,
        k: int,
        m: int,
        to_place: int | None,
        to_key: int,
        ready: int,
        start: int | None,
    ) -> list[tuple[int, int, bool]]:
        """(leg key, seconds, short of the buffer) of the moves from where a person is
        (free at `ready`) to `to_key` (starting at `start`), past fixed k..m-1; each move
        leaves when the person is free (from the hotel: as late as arrives in time). Only
        a move from a visit to a fixed event is marked short here: the step marks the
        move into its visit."""
        place, key = self.where(person, token, k)
        fixed = self.p.people[person].fixed
        out = []
        t = ready
        timed = self.timed
        for f in fixed[k:m]:
            short = False
            if t == NEVER:
                if timed:
                    t = self.leave_by(place, f.arrive, f.start)
            elif self.soft and self.visit_base <= key < self.home_base:
                short = f.start < self.reach(place, f.arrive, t)  # from a visit
            out.append((key * self.stride + f.key, self.move(place, f.arrive, t), short))
            place, key, t = f.leave, f.key, f.end
        if timed and t == NEVER and start is not None:
            t = self.leave_by(place, to_place, start)
        out.append((key * self.stride + to_key, self.move(place, to_place, t), False))
        return out

    def step(self, label: Label, v: int, first_only: bool) -> list[Label]:
        """Labels for doing visit `v` next, one per distinct choice of gaps (and, in a
        soft search, of the moves into it that keep the buffer). `first_only`: the one
        that starts earliest, keeping the buffer where it can."""
        visit = self.p.visits[v]
        latest_start = visit.close - visit.duration
        per_person = []
        candidates = {visit.open}
        grain = self.p.grain
        for person in visit.people:
            gaps = self.gaps(label, person, visit)
            if not gaps:
                return []
            per_person.append(gaps)
            for lo, kept, _, _ in gaps:
                if visit.open < lo <= latest_start:
                    candidates.add(-(-lo // grain) * grain)
                if kept != lo and visit.open < kept <= latest_start:
                    candidates.add(-(-kept // grain) * grain)
        made: list[Label] = []
        seen: set[tuple[int, ...]] = set()
        for s in sorted(candidates):
            if s > latest_start:
                break
            choice = []
            short = []
            room = latest_start - s
            for gaps in per_person:
                for lo, kept, hi, m in gaps:
                    if lo <= s <= hi:
                        choice.append(m)
                        short.append(s < kept)
                        room = min(room, hi - s)
                        break
                else:
                    break
            if len(choice) != len(per_person):
                continue
            signature = (*choice, *short)
            if signature in seen:
                continue
            seen.add(signature)
            made.append(self._after(label, v, s, choice, short, room))
            if first_only and not any(short):
                break
        if first_only and made:
            return [min(made, key=lambda new: (new.tight, new.start))]
        return made

    def _after(
        self, label: Label, v: int, s: int, choice: list[int], short: list[bool], room: int
    ) -> Label:
        visit = self.p.visits[v]
        tokens, ks, times = list(label.tokens), list(label.ks), list(label.times)
        moves: dict[int, tuple[int, bool]] = {}
        paid = label.paid
        for person, m, late in zip(visit.people, choice, short, strict=True):
            legs = self.legs(
                person,
                tokens[person],
                ks[person],
                m,
                visit.place,
                self.visit_base + v,
                times[person],
                s,
            )
            for key, seconds, tight in legs[:-1]:
                moves[key] = (seconds, tight)
            key, seconds, _ = legs[-1]
            moves[key] = (seconds, late)
            tokens[person], ks[person], times[person] = v, m, s + visit.duration
        end = s + visit.duration
        fresh = [(key, move) for key, move in moves.items() if key not in paid]
        return Label(
            label.done | (1 << v),
            tuple(tokens),
            tuple(ks),
            tuple(times),
            label.cost + sum(seconds for _, (seconds, _) in fresh),
            max(label.finish, end),
            min(label.slack, room),
            label,
            v,
            s,
            self._still_shared(paid.union(moves), tokens, ks),
            label.tight + sum(tight for _, (_, tight) in fresh),
        )

    def _still_shared(
        self, paid: frozenset[int], tokens: list[int], ks: list[int]
    ) -> frozenset[int]:
        """The moves of `paid` someone may still make: from where someone is, or from one
        of their fixed events still to come."""
        if not paid or len(self.p.people) < 2:
            return frozenset()
        froms: set[int] = set()
        for person, (token, k) in enumerate(zip(tokens, ks, strict=True)):
            froms.add(self.where(person, token, k)[1])
            froms.update(self.ahead[person][k])
        stride = self.stride
        return frozenset(key for key in paid if key // stride in froms)

    def closing(self, label: Label) -> tuple[int, int]:
        """(moves short of the buffer, travel) of the whole day: the label's, and the
        rest of everyone's day through their remaining fixed events to the hotel."""
        moves: dict[int, tuple[int, bool]] = {}
        for person, who in enumerate(self.p.people):
            night_key = self.home_base + (
                who.night if who.night is not None else len(self.p.travel) + 1
            )
            tail = self.legs(
                person,
                label.tokens[person],
                label.ks[person],
                len(who.fixed),
                who.night,
                night_key,
                label.times[person],
                None,
            )
            if who.night is None:
                tail = tail[:-1]
            moves.update((key, (seconds, tight)) for key, seconds, tight in tail)
        fresh = [move for key, move in moves.items() if key not in label.paid]
        return (
            label.tight + sum(tight for _, tight in fresh),
            label.cost + sum(seconds for seconds, _ in fresh),
        )

    def closing_cost(self, label: Label) -> int:
        return self.closing(label)[1]

    def start(self) -> Label:
        people = len(self.p.people)
        return Label(
            0, (-1,) * people, (0,) * people, (NEVER,) * people, 0, NEVER, ENDLESS, None, -1, 0
        )

    def earliest_at(
        self, person: int, place: int | None, ready: int, k: int, there: int | None
    ) -> int:
        """No sooner than this can a person free at `ready` at `place` be at `there`:
        by any way, or after one of their fixed events still to come (a journey there
        may be faster than the roads). A bound, not a time: with travel by the hour a
        way through other places can be quicker than the direct one (another place's
        traffic, or a rush hour over by then), so the least time between two places by
        any chain of moves is used."""
        soonest = self._soonest(place, there, ready)
        for f in self.p.people[person].fixed[k:]:
            soonest = min(soonest, self._soonest(f.leave, there, f.end))
        return soonest

    def _soonest(self, a: int | None, b: int | None, t: int) -> int:
        if a is None or b is None or a == b:
            return t
        if self._near is None:  # cubic in the places: only for the searches that ask
            self._near = _shortest_paths(self.low)
        return t + self._near[a][b] + (0 if self.soft else self.p.buffer)

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
            into_visit.append(min((self._low(a, visit.place) for a in sources), default=0))
        into: dict[tuple[str, int | None], int] = {}
        for who in self.p.people:
            before, free = who.home, NEVER
            for f in who.fixed:
                depart = free if free != NEVER else self.leave_by(before, f.arrive, f.start)
                cheapest = min(
                    [self.move(before, f.arrive, depart)]
                    + [self._low(a, f.arrive) for a in visit_places]
                )
                into[("f", f.key)] = min(into.get(("f", f.key), cheapest), cheapest)
                before, free = f.leave, f.end
            if who.night is not None:
                direct = self._low(before, who.night) if free == NEVER else None
                if direct is None:
                    direct = self.move(before, who.night, free)
                cheapest = min([direct] + [self._low(a, who.night) for a in visit_places])
                into[("n", who.night)] = min(into.get(("n", who.night), cheapest), cheapest)
        return into_visit, sum(into.values())

    def _low(self, a: int | None, b: int | None) -> int:
        return 0 if a is None or b is None else self.low[a][b]

    def recount(self, starts: dict[int, int]) -> int:
        """Travel of the whole day with these visits placed (`tally.recount`)."""
        return recount(self.p, starts)

    def score(self, label: Label, missed: int) -> tuple[int, int, int, int, int]:
        """What a plan is judged by: visits left out, moves short of the buffer, travel,
        when the last visit ends, and (the more the better) how far it could slip."""
        tight, cost = self.closing(label)
        return (missed, tight, cost, label.finish, -label.slack)

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
        return self.plan_of(self.starts(label), label.finish, label.slack, exact, lower)

    def plan_of(
        self, starts: dict[int, int], finish: int, slack: int, exact: bool, lower: int
    ) -> Plan:
        travel = recount(self.p, starts)
        order = tuple(sorted(starts, key=lambda v: (starts[v], v)))
        moves, tight, spare = report(self.p, starts)
        return Plan(
            starts,
            travel,
            finish,
            slack if starts else 0,
            exact,
            travel if exact else min(lower, travel),
            order,
            moves,
            tight,
            spare,
        )


def _shortest_paths(matrix: list[list[int]]) -> list[list[int]]:
    """The least total of any chain of moves between each two places (Floyd-Warshall):
    the moves' least times may not obey the triangle inequality."""
    near = [row[:] for row in matrix]
    size = len(near)
    for k in range(size):
        through = near[k]
        for row in near:
            via = row[k]
            for j in range(size):
                if via + through[j] < row[j]:
                    row[j] = via + through[j]
    return near
