"""The exact searches: labelling over (visits done, where everyone last was), pruned by
reachability and a lower bound against an incumbent plan."""

from __future__ import annotations

from typing import Any

from tripplan.plan.labels import DaySearch, Label
from tripplan.plan.problem import ENDLESS
from tripplan.plan.walks import Together, Where

# Labels created before the exact search gives way to the heuristic (about a second
# here): the search for a delegation together makes a label in ~10 us; the general one
# takes ~25 us per person in the day, so its budget counts labels times people.
LABEL_BUDGET = 80_000
GENERAL_LABEL_BUDGET = 50_000


# A label of the together search: (state, visits done, last visit, parent, start of the last).
Held = tuple[Where, int, int, Any, int]


def exact_apart(
    day: DaySearch, incumbent: Label, budget: int | None = GENERAL_LABEL_BUDGET
) -> Label | None:
    """The optimal plan, or None when no plan fits every visit or the budget runs out."""
    n = day.n
    complete = incumbent.done == (1 << n) - 1
    bound = day.closing(incumbent) if complete else (ENDLESS, ENDLESS)
    rest = _RestBound(day)
    first = day.start()
    layer: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[Label]] = {
        (0, first.tokens, first.ks): [first]
    }
    created, people = 0, max(1, len(day.p.people))
    for _ in range(n):
        following: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[Label]] = {}
        for labels in layer.values():
            for label in labels:
                for v in range(n):
                    if label.done >> v & 1:
                        continue
                    for new in day.step(label, v, first_only=False):
                        created += people
                        if budget is not None and created > budget:
                            return None
                        if (new.tight, new.cost + rest.of(new)) > bound or day.hopeless(new):
                            continue
                        _keep(day, following, new)
        layer = following
        if not layer:
            return None
    finished = [label for labels in layer.values() for label in labels]
    finished.append(incumbent) if complete else None
    if not finished:
        return None
    return min(finished, key=lambda label: day.score(label, 0))


def exact_together(
    day: DaySearch, together: Together, incumbent: Label, budget: int | None = LABEL_BUDGET
) -> Label | None:
    """`exact_apart` for a delegation that moves together: the same search, with a state that
    is one place and one clock instead of one per person (several times faster)."""
    n, full = day.n, (1 << day.n) - 1
    complete = incumbent.done == full
    bound = day.closing(incumbent) if complete else (ENDLESS, ENDLESS)
    rest = _RestBound(day)
    visits = day.p.visits
    one = day.p.visits[0].people[0]  # everyone is alike: one of them stands for all
    first: Held = (together.start(), 0, -1, None, 0)
    layer: dict[tuple[int, int, int], list[Held]] = {(0, -1, 0): [first]}
    created = 0
    for _ in range(n):
        following: dict[tuple[int, int, int], list[Held]] = {}
        for labels in layer.values():
            for label in labels:
                state, done = label[0], label[1]
                for v in range(n):
                    if done >> v & 1:
                        continue
                    for new in together.options(state, v, first_only=False):
                        created += 1
                        if budget is not None and created > budget:
                            return None
                        now = done | 1 << v
                        place, ready = new[0], new[1]
                        if (new[7], new[3] + rest.at(now, place)) > bound:
                            continue
                        k = new[2]
                        if any(
                            not now >> u & 1
                            and day.earliest_at(one, place, ready, k, x.place) + x.duration
                            > x.close
                            for u, x in enumerate(visits)
                        ):
                            continue  # a visit left can no longer be reached
                        start = new[1] - visits[v].duration
                        ahead = n - now.bit_count()
                        _keep_together(day, following, (new, now, v, label, start), ahead)
        layer = following
        if not layer:
            return None
    finished = [label for labels in layer.values() for label in labels]
    best = min(finished, key=lambda label: together.score(label[0]))
    starts = {}
    at: Any = best
    while at is not None and at[2] >= 0:
        starts[at[2]] = at[4]
        at = at[3]
    found = day.label_for(starts)
    if found is None:
        return exact_apart(day, incumbent)
    if complete and day.score(incumbent, 0) <= day.score(found, 0):
        return incumbent
    return found


def _keep_together(
    day: DaySearch, labels: dict[tuple[int, int, int], list[Any]], new: Any, ahead: int
) -> None:
    """`_keep` for the together search: cost, clock, finish and slack compared."""
    state = new[0]
    key = (new[1], new[2], state[2])
    bucket = labels.get(key)
    if bucket is None:
        labels[key] = [new]
        return
    if any(_beats_together(day, old[0], state, ahead) for old in bucket):
        return
    bucket[:] = [old for old in bucket if not _beats_together(day, state, old[0], ahead)]
    bucket.append(new)


def _beats_together(day: DaySearch, a: Where, b: Where, ahead: int) -> bool:
    """Whether state `a` is at least as good as `b` for any way of finishing the day."""
    if a[7] > b[7] or a[1] > b[1]:
        return False
    if a[7] < b[7]:
        return True  # fewer moves short of the buffer: `a` can do whatever `b` does
    cost = a[3] + day.extra(0, ahead, b[1] - a[1], 0) if day.timed else a[3]
    if cost < b[3]:
        return True
    return cost == b[3] and a[4] <= b[4] and a[5] >= b[5]


class _RestBound:
    """A lower bound on the travel still to come into the visits a label has not done.

    Each visit left is arrived at from one of: another visit left, where one of its
    people is now, or a hotel or fixed event of theirs; the cheapest of these, summed.
    """

    def __init__(self, day: DaySearch) -> None:
        self.day = day
        self.places = [v.place for v in day.p.visits]
        self.outside = []
        for visit in day.p.visits:
            sources: set[int | None] = set()
            for person in visit.people:
                who = day.p.people[person]
                sources.add(who.home)
                sources.update(f.leave for f in who.fixed)
            self.outside.append(min((day._low(a, visit.place) for a in sources), default=ENDLESS))
        self.memo: dict[tuple[int, int], int] = {}

    def _from_visits(self, u: int, mask: int) -> int:
        """The cheapest move into visit u from one of the visits in `mask`."""
        found = self.memo.get((u, mask))
        if found is None:
            target = self.places[u]
            found = min(
                (
                    self.day._low(self.places[w], target)
                    for w in range(len(self.places))
                    if mask >> w & 1
                ),
                default=ENDLESS,
            )
            self.memo[(u, mask)] = found
        return found

    def at(self, done: int, place: int | None) -> int:
        """The bound for everyone at `place` with the visits of `done` done."""
        total, left = 0, ~done & ((1 << self.day.n) - 1)
        for u in range(self.day.n):
            if left >> u & 1:
                cheapest = min(
                    self._from_visits(u, left & ~(1 << u)),
                    self.outside[u],
                    self.day._low(place, self.places[u]),
                )
                total += 0 if cheapest >= ENDLESS else cheapest
        return total

    def of(self, label: Label) -> int:
        day, total = self.day, 0
        left = ~label.done & ((1 << day.n) - 1)
        for u in range(day.n):
            if not left >> u & 1:
                continue
            visit = day.p.visits[u]
            cheapest = min(self._from_visits(u, left & ~(1 << u)), self.outside[u])
            for person in visit.people:
                place, _ = day.where(person, label.tokens[person], label.ks[person])
                cheapest = min(cheapest, day._low(place, visit.place))
            total += 0 if cheapest >= ENDLESS else cheapest  # a visit nobody attends
        return total


def _keep(
    day: DaySearch,
    labels: dict[tuple[int, tuple[int, ...], tuple[int, ...]], list[Label]],
    new: Label,
) -> None:
    """Add `new` unless a label of the same state beats it; drop those it beats."""
    key = (new.done, new.tokens, new.ks)
    bucket = labels.get(key)
    if bucket is None:
        labels[key] = [new]
        return
    ahead = shared = 0
    if day.timed:  # what a head start may cost later (see DaySearch.extra)
        for u, visit in enumerate(day.p.visits):
            if not new.done >> u & 1:
                ahead += len(visit.people)
                shared += len(visit.people) if len(visit.people) > 1 else 0
    for old in bucket:
        if _beats(day, old, new, shared, ahead):
            return
    bucket[:] = [old for old in bucket if not _beats(day, new, old, shared, ahead)]
    bucket.append(new)


def _beats(day: DaySearch, a: Label, b: Label, shared: int, ahead: int) -> bool:
    """Whether label `a` is at least as good as `b` for any way of finishing the day: free
    no later, with no more moves short of the buffer, and paying no more (within what
    leaving earlier may cost later); ties on the rest of the score."""
    if a.tight > b.tight or not b.paid <= a.paid:
        return False
    earlier = spread = 0
    for x, y in zip(a.times, b.times, strict=True):
        if x > y:
            return False
        if y != x:
            earlier += y - x
            spread = max(spread, y - x)
    if a.tight < b.tight:
        return True
    cost = a.cost + day.extra(shared, ahead, earlier, spread)
    if cost < b.cost:
        return True
    return cost == b.cost and a.finish <= b.finish and a.slack >= b.slack
