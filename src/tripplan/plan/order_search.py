"""Local search over the order of visits, for days the route search does not cover."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from tripplan.plan.walks import Walk


def improve_order(
    walk: Walk,
    cheapest: list[int],
    order: list[int],
    budget: int,
    *,
    perturb: bool,
) -> list[int]:
    """Local search from `order`: or-opt (moving 1 to 3 visits), swaps and reversals.

    First improvement, the scan going on from where it was; at a local optimum, when
    `perturb`, a seeded shake (three visits moved at random) and again, keeping the
    best, until `budget` visits have been placed. Candidates are abandoned as soon as
    they cannot beat the current order: more visits missed, more moves short of the
    buffer, or more travel already plus the cheapest arrival at each visit still to place.
    """
    n = len(order)
    if n < 2:
        return order
    shake = random.Random(20250225)

    def attempt(
        candidate: list[int], since: int, states: list[Any], bar: tuple[int, ...]
    ) -> tuple[tuple[int, int, int, int, int], list[Any]] | None:
        state = states[since]
        rest = sum(cheapest[v] for v in candidate[since:])
        tail = states[: since + 1]
        for v in candidate[since:]:
            state = walk.advance(state, v)
            tail.append(state)
            rest -= cheapest[v]
            if (walk.missed(state), walk.tight(state), walk.cost(state) + rest) > bar[:3]:
                return None
        score = walk.score(state)
        return (score, tail) if score < bar else None

    def moves(order: list[int]) -> Iterator[tuple[int, list[int]]]:
        for length in (1, 2, 3):
            for i in range(n - length + 1):
                segment, others = order[i : i + length], order[:i] + order[i + length :]
                for j in range(len(others) + 1):
                    if j != i:
                        yield min(i, j), others[:j] + segment + others[j:]
        for i in range(n):
            for j in range(i + 1, n):
                swapped = order[:]
                swapped[i], swapped[j] = swapped[j], swapped[i]
                yield i, swapped
                if j - i > 2:
                    yield i, order[:i] + order[i : j + 1][::-1] + order[j + 1 :]

    states = walk.run(order)
    score = walk.score(states[-1])
    best, best_score = order, score
    stale = 0
    while walk.steps < budget:
        improved = False
        for since, candidate in moves(order):
            if walk.steps >= budget:
                break
            found = attempt(candidate, since, states, score)
            if found is not None:
                score, states = found
                order, improved = candidate, True
                break
        if improved:
            continue
        if score < best_score:
            best, best_score, stale = order, score, 0
        else:
            stale += 1
        if not perturb or stale > 2 * n:
            break
        # A double bridge: A B C D becomes A C B D, which local moves rarely undo.
        a, b, c = sorted(shake.sample(range(1, n), 3)) if n > 3 else (1, 1, 1)
        order = best[:a] + best[b:c] + best[a:b] + best[c:]
        states = walk.run(order)
        score = walk.score(states[-1])
    return order if score < best_score else best
