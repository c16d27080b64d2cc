"""Which keys of an event go together: the rules, as data, for the model (which raises
the first broken one) and for error recovery (which reports them all at once)."""

from __future__ import annotations


def key_rules(
    written: set[str], kind: str | None, attendees: list[str] | None, mode: str | None = None
) -> list[tuple[str, str]]:
    """Every rule about which keys of an event go together that `written` breaks, as
    (the key to point at, what to do). `kind` is None when it is not known."""
    broken: list[tuple[str, str]] = []
    has = written.__contains__
    if has("start") and has("window"):
        broken.append(
            (
                "window",
                "an event has either start (a fixed time) or window plus duration "
                "(a flexible one), not both: remove one",
            )
        )
    elif not has("start") and not has("window"):
        broken.append(("id", 'the event has no time: add start: "HH:MM", or window and duration'))
    if has("end") and has("duration"):
        broken.append(("duration", "give either end or duration, not both: remove one"))
    elif has("start") and not has("end") and not has("duration"):
        broken.append(("start", 'add end: "HH:MM" or duration (e.g. 1h) after start'))
    if has("window") and not has("start") and (not has("duration") or has("end")):
        broken.append(("window", "a flexible event (window) needs duration instead of end"))
    if kind == "travel":
        if has("venue"):
            broken.append(
                (
                    "venue",
                    "a travel event goes from/to places, not a venue: "
                    "replace venue with from and to",
                )
            )
        for key in ("from", "to", "mode"):
            if not has(key):
                example = "car, walk, train, flight or ferry" if key == "mode" else "a venue id"
                broken.append(("id", f"a travel event needs {key}: {example}"))
    elif kind is not None:
        if any(has(k) for k in ("from", "to", "mode", "service")):
            broken.append(
                (
                    "kind",
                    "from, to, mode and service are for travel events: add kind: travel, "
                    "or use venue",
                )
            )
        if not has("venue"):
            broken.append(("id", "the event needs venue: the id of one of the venues"))
    if has("vehicles") and mode != "car" and (mode is not None or not has("mode")):
        broken.append(
            (
                "vehicles",
                "vehicles are for journeys by car (mode: car); for a train or flight give "
                "seats under bookings",
            )
        )
    if has("bookings") and kind is not None and kind != "travel":
        broken.append(
            (
                "bookings",
                "bookings (seat, coach, reference) are for journeys; for a hotel night use "
                "rooms on the day",
            )
        )
    if attendees == []:
        broken.append(
            ("attendees", "attendees is empty: list who attends, or remove it to mean everyone")
        )
    return broken
