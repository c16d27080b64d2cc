"""The secret part of each published address: a random token per person and trip, and
one for the staff's index of each trip, kept in a small state file beside the
itineraries so that publishing again keeps every address.

The file is JSON (never YAML: `tripplan check FOLDER` reads every *.yaml in the folder),
written atomically and readable by its owner only. Losing it changes every address;
`rotate` changes one (a link that was forwarded too far).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.files import write_atomically

STATE_NAME = "tripplan-publish.json"
_ABOUT = (
    "tripplan publish: the secret part of each published address. Keep this file private "
    "and beside the itineraries: publishing again keeps the addresses; deleting it changes "
    "them all."
)
# 128 bits from the system's CSPRNG, URL-safe: nobody finds a feed by guessing.
_TOKEN_BYTES = 16
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


@dataclass(slots=True)
class TripTokens:
    staff: str
    people: dict[str, str] = field(default_factory=dict)
    # People outside the delegation: "vehicle:ID" (its driver), "host:NAME".
    outside: dict[str, str] = field(default_factory=dict)

    def of(self, key: str | None) -> str:
        """The token of a person or someone outside (the staff's for None)."""
        if key is None:
            return self.staff
        return self.people.get(key) or self.outside[key]


@dataclass(slots=True)
class State:
    """What the state file holds: the site's public address (if given) and the tokens."""

    path: Path
    url: str | None = None
    trips: dict[str, TripTokens] = field(default_factory=dict)

    def tokens(self, trip: str, people: Iterable[str], outside: Iterable[str] = ()) -> TripTokens:
        """The trip's tokens, new ones drawn for the trip, people and others outside the
        delegation that have none."""
        used = self._used()
        mine = self.trips.get(trip)
        if mine is None:
            mine = self.trips[trip] = TripTokens(_fresh(used))
        for held, keys in ((mine.people, people), (mine.outside, outside)):
            for key in keys:
                if key not in held:
                    held[key] = _fresh(used)
        return mine

    def rotate(self, trip: str, key: str | None) -> None:
        """A new token for a person or someone outside in `trip` (the staff's for None)."""
        used = self._used()
        mine = self.trips.get(trip)
        if mine is None:
            return
        if key is None:
            mine.staff = _fresh(used)
        for held in (mine.people, mine.outside):
            if key in held:
                held[key] = _fresh(used)

    def _used(self) -> set[str]:
        return {
            t
            for trip in self.trips.values()
            for t in (trip.staff, *trip.people.values(), *trip.outside.values())
        }

    def dumps(self) -> bytes:
        document: dict[str, object] = {"about": _ABOUT, "version": 1}
        if self.url:
            document["url"] = self.url
        trips: dict[str, object] = {}
        for trip, tokens in sorted(self.trips.items()):
            listed: dict[str, object] = {"staff": tokens.staff}
            listed["people"] = dict(sorted(tokens.people.items()))
            if tokens.outside:
                listed["outside"] = dict(sorted(tokens.outside.items()))
            trips[trip] = listed
        document["trips"] = trips
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def save(self) -> None:
        """Written atomically, and only when it changed (`tripplan serve` watches the
        folder it is in); a new file is readable by its owner only (it holds secrets)."""
        data = self.dumps()
        try:
            if self.path.read_bytes() == data:
                return
        except OSError:
            pass  # not there yet
        write_atomically(self.path, data, new_mode=0o600)


def _fresh(used: set[str]) -> str:
    while True:
        token = new_token()
        if token not in used:
            used.add(token)
            return token


def load_state(path: Path) -> State:
    """The state file at `path`, or an empty state if there is none yet.

    A file that is not one (edited by hand, cut short) is an error naming it: drawing
    new tokens instead would silently change every address people subscribed to.
    """
    if not path.exists():
        return State(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else "not UTF-8"
        raise TripplanError(f"{path}: cannot be read ({reason})") from None
    try:
        document = json.loads(text)
        return _state(path, document)
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise TripplanError(
            f"{path}: not a tripplan publish state file ({detail}); restore it from a backup, "
            "or move it aside to publish every feed at a new address"
        ) from None


def _state(path: Path, document: object) -> State:
    if not isinstance(document, dict) or document.get("version") != 1:
        raise ValueError("expected an object with version 1")
    url = document.get("url")
    if url is not None and not isinstance(url, str):
        raise ValueError("url is not text")
    trips: dict[str, TripTokens] = {}
    listed = document.get("trips", {})
    if not isinstance(listed, dict):
        raise ValueError("trips is not an object")
    for trip, value in listed.items():
        if not isinstance(value, dict):
            raise ValueError(f"trip {trip!r} is not an object")
        held = []
        for part in ("people", "outside"):
            listed = value.get(part, {})
            if not isinstance(listed, dict):
                raise ValueError(f"trip {trip!r}: {part} is not an object")
            held.append({key: _checked(token, trip) for key, token in listed.items()})
        trips[trip] = TripTokens(_checked(value.get("staff"), trip), *held)
    return State(path, url, trips)


def _checked(token: object, trip: str) -> str:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError(f"trip {trip!r}: a token is not 16-64 letters, digits, - or _")
    return token
