"""The page of someone outside the delegation: a driver's run sheet (Chinese first) or a
host's programme, for a phone — every place with a map link, every number to tap.

Made only from an audience view (`SharedTrip`), which holds nothing internal.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tripplan.format.values import format_clock
from tripplan.geo.places import country_of
from tripplan.outputs.audience import (
    SharedContact,
    SharedEvent,
    SharedPerson,
    SharedRun,
    SharedTrip,
    SharedVenue,
)
from tripplan.outputs.brief.i18n import N_, Lang
from tripplan.outputs.site.assets import HEAD, OUTSIDE_CSS
from tripplan.outputs.site.links import map_of, tel
from tripplan.outputs.site.outside import Outsider
from tripplan.outputs.site.page import FeedLinks
from tripplan.outputs.site.text import content_policy, subscribe_help
from tripplan.safe import html as h

# Words written inside f-strings below, marked here for the catalogues: Babel does not
# look inside f-strings on Python 3.11.
_MARKED = (
    N_("Attending: {names}"),
    N_("Calendar address (https)"),
    N_("Contacts"),
    N_("Delegation in order of precedence"),
    N_("Dress: {dress}"),
    N_("Drop off at"),
    N_("Emergency"),
    N_("In your calendar"),
    N_("Leave"),
    N_("Map"),
    N_("Nothing planned."),
    N_("Passengers"),
    N_("Pick up at"),
    N_("Subscribe"),
    N_("There by"),
)


def outside_page(
    view: SharedTrip, who: Outsider, feed: FeedLinks, now: datetime, lang: Lang
) -> str:
    """A driver's run sheet or a host's programme in `lang` (a driver's Chinese first)."""
    if who.audience == "driver" and lang.chinese:
        lang = Lang(lang.code, chinese_first=True)
    _ = lang._
    zone = ZoneInfo(view.timezone)
    local = now.astimezone(zone)
    kind = _("Driver's sheet") if who.audience == "driver" else _("Programme for hosts")
    dates = f"{lang.short_date(view.start)} – {lang.short_date(view.end)} {view.end.year}"
    moment = f"{lang.moment(local)} {lang.zone(local)}".strip()
    published = _("as at {moment}", moment=moment)
    out = [
        HEAD.format(
            lang=lang.html_lang,
            title=h(f"{view.title} — {who.name}"),
            css=OUTSIDE_CSS,
            policy=content_policy(),
        ),
        "<body><main>",
        f'<p class="trip">{h(view.title)}</p>',
        f"<h1>{h(kind)}: {h(who.name)}</h1>",
        f'<p class="meta">{h(dates)} · {h(published)}</p>',
    ]
    if who.audience == "driver":
        for day, day_runs in _by_day([(r.leave.astimezone(zone).date(), r) for r in view.runs]):
            out.append(f"<h2>{h(lang.short_date(day))}</h2>")
            out += [_run(view, run, lang) for run in day_runs]
        if not view.runs:
            out.append(f"<p>{h(_('Nothing planned.'))}</p>")
    else:
        for listed in view.days:
            city = f" · {h(lang.city(listed.city))}" if listed.city else ""
            out.append(f"<h2>{h(lang.short_date(listed.date))}{city}</h2>")
            out += [_event(view, event, lang) for event in listed.events]
    if view.delegation:
        out.append(f"<h2>{h(_('Delegation in order of precedence'))}</h2><ol>")
        out += [f"<li>{h(_person(p, lang, role=True))}</li>" for p in view.delegation]
        out.append("</ol>")
    contacts = [*view.contacts, *([view.organizer] if view.organizer else [])]
    if contacts:
        out.append(f"<h2>{h(_('Contacts'))}</h2><ul>")
        out += [f"<li>{_contact(c, lang)}</li>" for c in contacts]
        out.append("</ul>")
    https = feed.https or feed.relative
    webcal = ""
    if feed.webcal:
        webcal = f'<a class="button" href="{h(feed.webcal)}">{h(_("Subscribe"))}</a> '
    out.append(
        f"<h2>{h(_('In your calendar'))}</h2><p>{webcal}"
        f'<a class="button" href="{h(https)}">{h(_("Calendar address (https)"))}</a></p>'
        f"{subscribe_help(lang)}"
    )
    out += ["</main></body></html>"]
    return "\n".join(out) + "\n"


def _by_day(items: list[tuple[date, SharedRun]]) -> list[tuple[date, list[SharedRun]]]:
    grouped: dict[date, list[SharedRun]] = {}
    for day, run in sorted(items, key=lambda item: item[1].leave):
        grouped.setdefault(day, []).append(run)
    return list(grouped.items())


def _run(view: SharedTrip, run: SharedRun, lang: Lang) -> str:
    _ = lang._
    drive = ""
    if run.drive is not None:
        drive = " · ~" + lang.duration(run.drive)
    there = f"{_('There by')} {format_clock(run.arrive_by, run.leave)}"
    names = ", ".join(_person(p, lang) for p in run.passengers)
    return (
        '<section class="run">'
        f'<p class="time">{h(_("Leave"))} {format_clock(run.leave)} → {h(there)}{h(drive)}</p>'
        f"<p>{h(_('Pick up at'))}: {_venue(view, run.pick_up, lang)}</p>"
        f"<p>{h(_('Drop off at'))}: {_venue(view, run.drop_off, lang)}</p>"
        f"<p>{h(_('Passengers'))}: {h(names)}</p></section>"
    )


def _event(view: SharedTrip, event: SharedEvent, lang: Lang) -> str:
    _ = lang._
    time = "–"
    if event.start_at is not None and event.end_at is not None:
        time = f"{format_clock(event.start_at)}–{format_clock(event.end_at, event.start_at)}"
    status = ""
    if event.status != "confirmed":
        status = f' <span class="badge">{h(_(event.status))}</span>'
    out = [f'<section class="event {h(event.status)}"><p class="time">{h(time)}{status}</p>']
    out.append(f"<h3>{h(event.title)}</h3>")
    for venue in (event.venue, event.origin, event.destination):
        if venue is not None:
            out.append(f"<p>{_venue(view, venue, lang)}</p>")
    if event.attendees:
        names = "; ".join(_person(p, lang, role=True) for p in event.attendees)
        out.append(f"<p>{h(_('Attending: {names}', names=names))}</p>")
    if event.dress:
        out.append(f"<p>{h(_('Dress: {dress}', dress=event.dress))}</p>")
    if event.notes:
        out.append(f'<p class="notes">{h(event.notes)}</p>')
    return "".join(out) + "</section>"


def _venue(view: SharedTrip, venue: SharedVenue, lang: Lang) -> str:
    text = h(lang.name(venue.name, venue.name_local))
    if venue.address:
        text += f'<br><span class="addr">{h(venue.address)}</span>'
    country = country_of(venue.country, venue.city, ZoneInfo(view.timezone))
    local = venue.name_local or venue.name
    where = map_of(local, venue.address, venue.city, country, venue.location)
    links = f' <a class="link" href="{h(where)}" rel="noreferrer">{h(lang._("Map"))}</a>'
    return text + links + _phone(venue.phone)


def _person(person: SharedPerson, lang: Lang, *, role: bool = False) -> str:
    name = lang.name(person.name, person.name_local)
    return name + (f" ({person.role})" if role and person.role else "")


def _phone(phone: str | None) -> str:
    dial = tel(phone)
    if phone and dial:
        return f' <a class="link" href="{h(dial)}">{h(phone)}</a>'
    return f" {h(phone)}" if phone else ""


def _contact(contact: SharedContact, lang: Lang) -> str:
    about = ", ".join(x for x in (contact.title, contact.role, contact.organisation) if x)
    text = h(lang.name(contact.name, contact.name_local))
    text += f" ({h(about)})" if about else ""
    text += "".join(_phone(p) for p in contact.phones)
    if contact.emergency:
        text += f' <span class="badge">{h(lang._("Emergency"))}</span>'
    return text
