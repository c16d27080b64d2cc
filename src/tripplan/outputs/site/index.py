"""The staff's index of a published trip: each person's page and calendar, with the
addresses to send them and how to subscribe; and the site's root, which lists nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Itinerary
from tripplan.outputs.site.links import absolute, webcal
from tripplan.outputs.site.text import SUBSCRIBE_HELP, content_policy, short_date
from tripplan.problems import Problem
from tripplan.safe import html as h


@dataclass(frozen=True, slots=True)
class Entry:
    """One person's page and calendar on the site (or the staff's, for the whole trip)."""

    trip: str
    person: str | None  # a person's id, "vehicle:ID" or "host:NAME"; None: the staff's own
    audience: str  # staff, principal, delegation, driver or host
    name: str
    role: str | None
    page: str  # site paths, "TOKEN/" and "TOKEN/FILE.ics"
    feed: str
    events: int

    def as_json(self, url: str | None) -> dict[str, object]:
        page = self.page + ("programme.html" if self.person is None else "")
        feed = absolute(url, self.feed)
        return {
            "trip": self.trip,
            "person": self.person,
            "audience": self.audience,
            "name": self.name,
            "page": page,
            "feed": self.feed,
            "page_url": absolute(url, page),
            "feed_url": feed,
            "webcal_url": webcal(feed),
            "events": self.events,
        }


def staff_index(
    itinerary: Itinerary,
    listed: list[Entry],
    problems: list[Problem],
    *,
    url: str | None,
    now: datetime,
    here: str,
) -> str:
    """The index page at site path `here` ("TOKEN/"), with absolute addresses when the
    site's `url` is known; otherwise relative links that a script completes from the
    address the page was opened at."""
    trip = itinerary.trip
    local = now.astimezone(trip.timezone)
    out = [
        _HEAD.format(
            title=h(f"{trip.title} — published calendars"),
            policy=content_policy("" if url else _SCRIPT),
        ),
        "<body><main>",
        f"<h1>{h(trip.title)}</h1>",
        f"<p>Published calendars and programme pages, {h(short_date(local.date()))} "
        f"{local:%H:%M} {h(local.tzname() or '')}. For the organising staff only: each "
        "address below is secret and opens one person's programme; send each person their "
        "own page (their calendar is on it).</p>",
    ]
    if not url:
        out.append(
            '<p class="warn">The site\'s address was not given (publish with --url '
            "https://…): the addresses below are completed from where this page is opened."
            "</p>"
        )
    outside = [e for e in listed if e.audience in ("driver", "host")]
    out += [_entry(entry, url, here) for entry in listed if entry not in outside]
    if outside:
        out.append(
            "<h2>Outside the delegation: drivers and hosts</h2><p>Their pages and calendars "
            "hold only what may leave the office: no internal notes or contacts, talking "
            "points, travel documents, bookings, or the delegation's own phones.</p>"
        )
        out += [_entry(entry, url, here) for entry in outside]
    out.append(f"<h2>How to subscribe</h2>{SUBSCRIBE_HELP}")
    if problems:
        out.append("<h2>Problems found by tripplan check</h2><ul>")
        out += [f"<li>{h(p.code)}: {h(p.message)}</li>" for p in problems]
        out.append("</ul>")
    out.append(
        "<h2>If an address leaks</h2><p>Publish again with <code>--rotate PERSON</code> "
        "(<code>--rotate-staff</code> for this index): that person gets a new address and "
        "the old one stops working. Send them the new page.</p>"
    )
    out += ["</main>", f"<script>{_SCRIPT}</script>" if not url else "", "</body></html>"]
    return "\n".join(line for line in out if line) + "\n"


def _entry(entry: Entry, url: str | None, here: str) -> str:
    role = f" — {h(entry.role)}" if entry.role else ""
    events = f"{entry.events} event{'s' if entry.events != 1 else ''}"
    page_label = "Whole programme (staff, with problems)" if entry.person is None else "Page"
    page_path = entry.page + ("programme.html" if entry.person is None else "")
    return (
        f'<section class="person"><h2>{h(entry.name)}{role}</h2>'
        f"<p>{page_label}: {_link(url, page_path, here)}</p>"
        f"<p>Calendar ({events}): {_link(url, entry.feed, here, calendar=True)}</p>"
        f"<p>https: {_link(url, entry.feed, here)}</p></section>"
    )


def _link(url: str | None, path: str, here: str, *, calendar: bool = False) -> str:
    if url:
        address = url.rstrip("/") + "/" + path
        shown = webcal(address) if calendar else address
        return f'<a href="{h(shown)}"><code>{h(shown)}</code></a>'
    relative = "../" * here.count("/") + path
    kind = ' data-webcal=""' if calendar else ""
    return f'<a href="{h(relative)}" data-path="{h(relative)}"{kind}><code>{h(relative)}</code></a>'


def root_page() -> str:
    """What the site's root shows: nothing to follow (every address is secret)."""
    head = _HEAD.format(title="Nothing here", policy=content_policy())
    return head + "<body><p>Nothing here.</p></body></html>\n"


ROBOTS = "User-agent: *\nDisallow: /\n"

_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
{policy}
<title>{title}</title>
<style>
body {{ font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK TC",
        sans-serif; margin: 0 auto; max-width: 46rem; padding: 0 1rem 2rem;
        overflow-wrap: anywhere; }}
h1 {{ font-size: 1.4rem; }} h2 {{ font-size: 1.1rem; margin-top: 1.4rem; }}
code {{ font-size: 0.85rem; }} .warn {{ color: #9a5b00; }}
.person {{ border-top: 1px solid #ddd; }}
</style>
</head>"""

# Without the site's address: each relative link made absolute from where the page was
# opened, and the calendar links in their webcal:// form.
_SCRIPT = """
document.querySelectorAll("a[data-path]").forEach(function (a) {
  var u = new URL(a.getAttribute("data-path"), location.href);
  var text = a.hasAttribute("data-webcal") ? "webcal://" + u.host + u.pathname : u.href;
  a.href = text;
  a.firstChild.textContent = text;
});
"""
