"""The fuzzer in CI: a few hundred seeded mutants through the commands (see tests/fuzz.py;
`python -m tests.fuzz --count 20000` runs any number locally)."""

from __future__ import annotations

from fuzz import fuzz, mutate, reproduce


def test_a_few_hundred_mutants_behave():
    lines: list[str] = []
    outcome = fuzz(250, seed=20250225, log=lines.append)
    assert outcome.mutants == 250
    assert outcome.failures == {}, "\n".join(lines)


def test_mutants_are_repeatable_from_their_seed():
    import random

    assert reproduce(42) == reproduce(42)
    first, _ = mutate(b"version: 1\n", random.Random(5))
    again, _ = mutate(b"version: 1\n", random.Random(5))
    assert first == again
