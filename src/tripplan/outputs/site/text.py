"""What the site's pages share: words in the reader's language, and the content policy."""

from __future__ import annotations

import base64
import hashlib

from tripplan.format.model import Itinerary
from tripplan.outputs.brief.i18n import N_, Lang
from tripplan.safe import html as h

# One line per client; the feed, not an imported file, is what stays current.
_SUBSCRIBE = (
    (
        N_("iPhone, iPad, Mac:"),
        N_(
            "tap Subscribe; on a Mac choose Location “On My Mac” if the address is inside "
            "the office network, and Auto-refresh every hour."
        ),
    ),
    (
        N_("Outlook (Windows):"),
        N_("tap Subscribe, or Home → Add Calendar → From Internet and paste the https address."),
    ),
    (
        N_("Outlook on the web, new Outlook:"),
        N_(
            "Calendar → Add calendar → Subscribe from web → paste the https address (it must "
            "be reachable from the internet)."
        ),
    ),
    (
        N_("Google Calendar:"),
        N_(
            "on a computer, Other calendars + → From URL → paste the https address (reachable "
            "from the internet; Google refreshes it every few hours)."
        ),
    ),
)
_IMPORT = N_(
    "Subscribe rather than download: an imported file never changes, and importing it again "
    "makes Outlook show every event twice."
)


def subscribe_help(lang: Lang) -> str:
    """How to subscribe in each calendar app, as a list."""
    items = [f"<li><b>{h(lang._(app))}</b> {h(lang._(how))}</li>" for app, how in _SUBSCRIBE]
    return "<ul>" + "".join(items) + f"<li>{h(lang._(_IMPORT))}</li></ul>"


def trip_dates(itinerary: Itinerary, lang: Lang) -> str:
    trip = itinerary.trip
    if trip.start == trip.end:
        return f"{lang.short_date(trip.start)} {trip.start.year}"
    return f"{lang.short_date(trip.start)} – {lang.short_date(trip.end)} {trip.end.year}"


def content_policy(script: str = "") -> str:
    """A Content-Security-Policy for a page of the site, as a <meta> (so it holds on any
    web server): nothing loaded from anywhere, its own style, and its one script by hash."""
    scripts = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        scripts = f"'sha256-{digest}'"
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
