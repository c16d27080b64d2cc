"""The staff's index of a published trip: each person's page and calendar, with the
addresses to send them and how to subscribe; and the site's root, which lists nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Itinerary
from tripplan.outputs.brief.i18n import N_, Lang
from tripplan.outputs.site.assets import HEAD, INDEX_CSS, INDEX_SCRIPT
from tripplan.outputs.site.links import absolute, webcal
from tripplan.outputs.site.text import content_policy, subscribe_help
from tripplan.problems import Problem
from tripplan.safe import html as h

# Words written inside f-strings below, marked here for the catalogues: Babel does not
# look inside f-strings on Python 3.11.
_MARKED = (
    N_("Calendar ({events})"),
    N_("How to subscribe"),
    N_("If an address leaks"),
    N_("Outside the delegation: drivers and hosts"),
    N_("Problems found by tripplan check"),
    N_("published calendars"),
)


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
    lang: Lang,
) -> str:
    """The index page at site path `here` ("TOKEN/"), with absolute addresses when the
    site's `url` is known; otherwise relative links that a script completes from the
    address the page was opened at."""
    _ = lang._
    trip = itinerary.trip
    local = now.astimezone(trip.timezone)
    moment = f"{lang.moment(local)} {lang.zone(local)}".strip()
    out = [
        HEAD.format(
            lang=lang.html_lang,
            title=h(f"{trip.title} — {_('published calendars')}"),
            css=INDEX_CSS,
            policy=content_policy("" if url else INDEX_SCRIPT),
        ),
        "<body><main>",
        f"<h1>{h(trip.title)}</h1>",
        "<p>"
        + h(
            _(
                "Published calendars and programme pages, {moment}. For the organising staff "
                "only: each address below is secret and opens one person's programme; send "
                "each person their own page (their calendar is on it).",
                moment=moment,
            )
        )
        + "</p>",
    ]
    if not url:
        warning = _(
            "The site's address was not given (publish with --url https://…): the addresses "
            "below are completed from where this page is opened."
        )
        out.append(f'<p class="warn">{h(warning)}</p>')
    outside = [e for e in listed if e.audience in ("driver", "host")]
    out += [_entry(entry, url, here, lang) for entry in listed if entry not in outside]
    if outside:
        note = _(
            "Their pages and calendars hold only what may leave the office: no internal "
            "notes or contacts, talking points, travel documents, bookings, or the "
            "delegation's own phones."
        )
        out.append(f"<h2>{h(_('Outside the delegation: drivers and hosts'))}</h2>")
        out.append(f"<p>{h(note)}</p>")
        out += [_entry(entry, url, here, lang) for entry in outside]
    out.append(f"<h2>{h(_('How to subscribe'))}</h2>{subscribe_help(lang)}")
    if problems:
        out.append(f"<h2>{h(_('Problems found by tripplan check'))}</h2><ul>")
        out += [f"<li>{h(p.code)}: {h(p.message)}</li>" for p in problems]
        out.append("</ul>")
    leak = _(
        "Publish again with --rotate PERSON (--rotate-staff for this index): that person gets "
        "a new address and the old one stops working. Send them the new page."
    )
    out.append(f"<h2>{h(_('If an address leaks'))}</h2><p>{h(leak)}</p>")
    out += ["</main>", f"<script>{INDEX_SCRIPT}</script>" if not url else "", "</body></html>"]
    return "\n".join(line for line in out if line) + "\n"


def _entry(entry: Entry, url: str | None, here: str, lang: Lang) -> str:
    _ = lang._
    role = f" — {h(entry.role)}" if entry.role else ""
    events = lang.ngettext("{n} event", "{n} events", entry.events)
    if entry.person is None:
        page_label, page_path = _("Whole programme (staff, with problems)"), "programme.html"
    else:
        page_label, page_path = _("Page"), ""
    return (
        f'<section class="person"><h2>{h(entry.name)}{role}</h2>'
        f"<p>{h(page_label)}: {_link(url, entry.page + page_path, here)}</p>"
        f"<p>{h(_('Calendar ({events})', events=events))}: "
        f"{_link(url, entry.feed, here, calendar=True)}</p>"
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
    head = HEAD.format(lang="en", title="Nothing here", css=INDEX_CSS, policy=content_policy())
    return head + "<body><p>Nothing here.</p></body></html>\n"


ROBOTS = "User-agent: *\nDisallow: /\n"
