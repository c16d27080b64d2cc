"""The programme page: one person's programme (or, for the staff, the whole trip) on a
phone — the next event and today's at the top, the whole programme below, numbers to tap
and a map for every place — in English, Chinese or both (the briefing pack's catalogues).

One HTML file with its style and a short script inline (nothing else to fetch, so it
works on a hotel's slow Wi-Fi). The top box is written for the time of publishing and
worked out again by the script for the time the page is read; every event carries its
instants for that. Every text from the itinerary is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Day, Event, Itinerary
from tripplan.outputs.brief.i18n import N_, Lang
from tripplan.outputs.day_moves import car_times, clock_on
from tripplan.outputs.site.assets import HEAD, PAGE_CSS, PAGE_SCRIPT
from tripplan.outputs.site.links import mailto, map_link, tel
from tripplan.outputs.site.text import content_policy, subscribe_help, trip_dates
from tripplan.outputs.timeline import Row, day_number, rows, selected_days
from tripplan.plan.travel import Transfer, hotel_legs, legs
from tripplan.plan.vehicles import departures
from tripplan.problems import Problem
from tripplan.safe import html as h

ENGLISH = Lang("en")
KINDS = {
    "meeting": N_("Meeting"),
    "visit": N_("Visit"),
    "meal": N_("Meal"),
    "travel": N_("Journey"),
    "press": N_("Press"),
    "briefing": N_("Briefing"),
}
MODES = {"car": N_("Car"), "walk": N_("Walk"), "train": N_("Train"), "flight": N_("Flight")}
MODES["ferry"] = N_("Ferry")
TRAFFIC = {"peak": N_("peak"), "busy": N_("busy"), "light traffic": N_("light traffic")}

# Words written inside f-strings below, marked here for the catalogues: Babel does not
# look inside f-strings on Python 3.11.
_MARKED = (
    N_("Attending: {names}"),
    N_("Booking: {reference}"),
    N_("Calendar address (https)"),
    N_("Delegation"),
    N_("Dress: {dress}"),
    N_("Map"),
    N_("Next"),
    N_("Nothing planned."),
    N_("Organiser"),
    N_("Problems found by tripplan check"),
    N_("Programme"),
    N_("Today · {day}"),
    N_("tentative"),
    N_("cancelled"),
    N_("flexible"),
)


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """Where the page's calendar is: relative to the page, and absolute when the site's
    address is known."""

    relative: str
    https: str | None
    webcal: str | None


@dataclass(frozen=True, slots=True)
class _Page:
    itinerary: Itinerary
    lang: Lang
    staff: bool

    def _(self, message: str, **values: object) -> str:
        return self.lang._(message, **values)

    def name(self, name: str, local: str | None) -> str:
        return self.lang.name(name, local)

    def venue(self, vid: str) -> str:
        venue = self.itinerary.venues.get(vid)
        return self.name(venue.name, venue.name_local) if venue else vid


def programme_page(
    itinerary: Itinerary,
    *,
    person: str | None,
    now: datetime,
    feed: FeedLinks,
    problems: list[Problem] | None = None,
    lang: Lang = ENGLISH,
) -> str:
    """The page of `person`, or with `person` None the staff's page of the whole trip,
    which alone shows `problems` (what `tripplan check` found)."""
    page = _Page(itinerary, lang, person is None)
    _ = page._
    trip = itinerary.trip
    who = itinerary.people.get(person) if person else None
    problems = (problems or []) if person is None else []
    days = []
    for day in selected_days(itinerary, None):
        day_rows = rows(itinerary, day, problems, person=person)
        if day_rows or person is None:
            days.append((day, day_rows))
    all_rows = [r for _day, day_rows in days for r in day_rows]
    moves = _departures(page, [r.event for r in all_rows], person)
    heading = page.name(who.name, who.name_local) if who else _("Whole programme")
    meta = [who.role if who else _("staff page"), trip_dates(itinerary, lang)]
    parts = [
        HEAD.format(
            lang=lang.html_lang,
            title=h(f"{trip.title} — {heading}"),
            css=PAGE_CSS,
            policy=content_policy(PAGE_SCRIPT),
        ),
        f'<body data-zone="{h(trip.timezone.key)}">',
        "<header>",
        f'<p class="trip">{h(trip.title)}</p>',
        f"<h1>{h(heading)}</h1>",
        f'<p class="meta">{" · ".join(h(m) for m in meta if m)}</p>',
        "</header>",
        "<main>",
        _now_box(page, all_rows, now),
    ]
    general = [p for p in problems if not p.event]
    if general:
        parts.append(f'<section id="problems"><h2>{h(_("Problems found by tripplan check"))}')
        parts += ["</h2><ul>", *(f"<li>{h(p.code)}: {h(p.message)}</li>" for p in general)]
        parts.append("</ul></section>")
    parts.append(f'<section id="programme"><h2>{h(_("Programme"))}</h2>')
    parts += [_day(page, day, day_rows, moves) for day, day_rows in days]
    if not days:
        parts.append(f"<p>{h(_('Nothing planned.'))}</p>")
    parts += ["</section>", _people(page), _subscribe(page, feed), "</main>"]
    local = now.astimezone(trip.timezone)
    moment = f"{lang.moment(local)} {lang.zone(local)}".strip()
    footer = _(
        "As published {moment} by tripplan. Reload for the latest; your calendar updates "
        "by itself.",
        moment=moment,
    )
    parts += [f"<footer>{h(footer)}</footer>", f"<script>{PAGE_SCRIPT}</script>"]
    return "\n".join([*parts, "</body>", "</html>"]) + "\n"


# --- the top: next and today -----------------------------------------------------------


def _now_box(page: _Page, all_rows: list[Row], now: datetime) -> str:
    """The next event and today's, as at `now` (the script redoes it when read), and
    what the script says, in the page's language."""
    _ = page._
    lang = page.lang
    today = now.astimezone(page.itinerary.trip.timezone).date()
    timed = sorted(
        (r for r in all_rows if r.event.start_at and r.event.end_at),
        key=lambda r: r.event.start_at.timestamp() if r.event.start_at else 0.0,
    )
    moment = now.timestamp()
    todays = [r for r in all_rows if r.event.day == today]
    none = ""
    if not todays:
        none = _("Nothing on the programme today.")
        if timed and moment < (timed[0].event.start_at or now).timestamp():
            none = _("The programme starts on {day}.", day=lang.short_date(timed[0].event.day))
        elif timed and moment >= (timed[-1].event.end_at or now).timestamp():
            none = _("The programme ended on {day}.", day=lang.short_date(timed[-1].event.day))
    upcoming = [
        r
        for r in timed
        if not r.event.is_cancelled and r.event.start_at and r.event.start_at.timestamp() > moment
    ]
    following = _summary(page, upcoming[0], now, "p") if upcoming else ""
    done = _("Nothing more on the programme.")
    words = {
        "today": _("Today · {day}", day="{day}"),
        "starts": _("The programme starts on {day}.", day="{day}"),
        "ended": _("The programme ended on {day}.", day="{day}"),
        "nothing": _("Nothing on the programme today."),
        "done": done,
    }
    said = "".join(f' data-{key}="{h(value)}"' for key, value in words.items())
    return (
        f'<section id="now"{said}>'
        f"<h2>{h(_('Next'))}</h2>"
        f'<div id="next">{following or f"<p>{h(done)}</p>"}</div>'
        f'<h2 id="today-title">{h(_("Today · {day}", day=lang.short_date(today)))}</h2>'
        f'<ol id="today">{"".join(_summary(page, r, now) for r in todays)}</ol>'
        f'<p id="today-none"{"" if none else " hidden"}>{h(none)}</p>'
        "</section>"
    )


def _summary(page: _Page, row: Row, now: datetime, tag: str = "li") -> str:
    """An event in the top box: its time and title, and where for the next one (`p`)."""
    event = row.event
    on = (
        event.start_at is not None
        and event.end_at is not None
        and not event.is_cancelled
        and event.start_at.timestamp() <= now.timestamp() < event.end_at.timestamp()
    )
    where = _where(page, event) if tag == "p" else ""
    classes = [c for c, yes in (("on", on), ("cancelled", event.is_cancelled)) if yes]
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    place = f' <span class="w">{h(where)}</span>' if where else ""
    tentative = page._("tentative")
    badge = f' <span class="badge">{h(tentative)}</span>' if event.status == "tentative" else ""
    return (
        f'<{tag}{attribute}><a href="#e-{h(event.id)}"><span class="t">{h(row.time)}</span> '
        f"<b>{h(_what(page, event))}</b>{badge}{place}</a></{tag}>"
    )


# --- the programme ------------------------------------------------------------------------


def _departures(
    page: _Page, events: list[Event], person: str | None
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """How people come to each event from the night's hotel (listed before it) and move
    on from it, to the next event or back to the hotel (after it), in words, by the id()
    of the event: listed when it happens, not under where it goes (who else is on the way
    there may be coming from elsewhere). The hotel's are `show`'s and the packs'."""
    it = page.itinerary
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    # Each at the time its car leaves, as the packs and the driver's sheet give it.
    runs = car_times(it)
    days = {d.date: d for d in it.days}
    for leg in legs(it, events, person):
        ends = set(it.attendees(leg.after)) | set(it.attendees(leg.before))
        for when, people in departures(runs, leg):
            words = _move(page, leg.transfer, leg.start, leg.end, people, ends, person)
            if when != leg.after.end_at:  # not when the event ends: when its car comes
                words = f"{clock_on(it, when, days[leg.after.day])} {words}"
            after.setdefault(id(leg.after), []).append(words)
    everyone = set(it.people)  # a hotel's way says who unless it is the whole delegation
    for way in hotel_legs(it, events, person):
        event = way.event
        start, end = (way.hotel, event.places[0]) if way.leaving else (event.places[-1], way.hotel)
        for when, people in departures(runs, way):
            words = _move(page, way.transfer, start, end, people, everyone, person)
            words = f"{clock_on(it, when, days[event.day])} {words}"
            (before if way.leaving else after).setdefault(id(event), []).append(words)
    return before, after


def _move(
    page: _Page,
    move: Transfer,
    start: str,
    end: str,
    people: tuple[str, ...],
    ends: set[str],
    person: str | None,
) -> str:
    """ "By car — Chan Mei-ling, Alex Hughes from Restaurant to Park: 28.0 km, about 55
    min": who, unless all of `ends` move (or the page is one person's)."""
    mode = page._("By car") if move.mode == "car" else page._("On foot")
    there = page._(
        "from {start} to {place}: {km}, about {time}",
        start=page.venue(start),
        place=page.venue(end),
        km=page.lang.km(move.km),
        time=page.lang.duration(move.time),
    )
    if move.traffic:
        there += page._(" ({traffic})", traffic=page._(TRAFFIC.get(move.traffic, move.traffic)))
    if person is not None or ends.issubset(people):
        return f"{mode} {there}"
    it = page.itinerary
    who = [it.people[p] for p in it.by_precedence() if p in people]
    return f"{mode} — {', '.join(page.name(p.name, p.name_local) for p in who)} {there}"


def _day(
    page: _Page,
    day: Day,
    day_rows: list[Row],
    moves: tuple[dict[int, list[str]], dict[int, list[str]]],
) -> str:
    it = page.itinerary
    when = day.date.isoformat()
    number, total = day_number(it, day)
    short = page.lang.short_date(day.date)
    title = [page._("Day {number} of {total}", number=number, total=total), short]
    if day.city:
        title.append(page.lang.city(day.city))
    out = [
        f'<section class="day" data-date="{when}" id="d-{when}">',
        f'<h3 data-short="{h(short)}">{h(" · ".join(title))}</h3>',
    ]
    if day.hotel and day.hotel in it.venues:
        hotel = it.venues[day.hotel]
        night = page._("Night: {hotel}", hotel=page.name(hotel.name, hotel.name_local))
        links = _links(page, map_link(it, day.hotel), hotel.phone)
        out.append(f'<p class="night">{h(night)}{links}</p>')
    if day.notes:
        out.append(f'<p class="notes">{h(day.notes.strip())}</p>')
    if not day_rows:
        out.append(f"<p>{h(page._('Nothing planned.'))}</p>")
    before, after = moves
    for row in day_rows:
        out += [f'<p class="move">↳ {h(way)}</p>' for way in before.get(id(row.event), [])]
        out.append(_event(page, row))
        out += [f'<p class="move">↳ {h(way)}</p>' for way in after.get(id(row.event), [])]
    out.append("</section>")
    return "\n".join(out)


def _event(page: _Page, row: Row) -> str:
    _ = page._
    event = row.event
    what = _what(page, event)
    data = ""
    if event.start_at is not None and event.end_at is not None:
        data = f' data-start="{event.start_at.isoformat()}" data-end="{event.end_at.isoformat()}"'
    data += f' data-time="{h(row.time)}" data-title="{h(what)}"'
    if event.status == "tentative":
        data += f' data-badge="{h(_("tentative"))}"'
    data += f' data-where="{h(_where(page, event))}"'
    out = [f'<article class="event {event.status}" id="e-{h(event.id)}"{data}>']
    status = [] if event.status == "confirmed" else [_(event.status)]
    if event.window is not None and not event.is_cancelled:
        status.append(_("flexible"))
    badge = f' <span class="badge">{h(", ".join(status))}</span>' if status else ""
    kind = f" · {h(_(KINDS[event.kind]))}" if event.kind in KINDS else ""
    out.append(f'<p class="time">{h(row.time)}{kind}{badge}</p>')
    out.append(f"<h4>{h(what)}</h4>")
    out += _places(page, event)
    if event.host is not None:
        host = _("Host: {who}", who=", ".join(p for p in (event.host.name, event.host.role) if p))
        out.append(f"<p>{h(host)}{_links(page, None, event.host.phone, event.host.email)}</p>")
    if page.staff and row.who:
        names = ", ".join(page.name(*_person(page, p)) for p in event.attendees or [])
        out.append(f"<p>{h(_('Attending: {names}', names=names))}</p>")
    if event.dress:
        out.append(f"<p>{h(_('Dress: {dress}', dress=event.dress))}</p>")
    if event.reference:
        out.append(f"<p>{h(_('Booking: {reference}', reference=event.reference))}</p>")
    if event.notes:
        out.append(f'<p class="notes">{h(event.notes.strip())}</p>')
    if page.staff and row.problems:
        out.append('<ul class="problems">')
        out += [f"<li>{h(p.code)}: {h(p.message)}</li>" for p in row.problems]
        out.append("</ul>")
    out.append("</article>")
    return "\n".join(out)


def _person(page: _Page, pid: str) -> tuple[str, str | None]:
    person = page.itinerary.people.get(pid)
    return (person.name, person.name_local) if person else (pid, None)


def _what(page: _Page, event: Event) -> str:
    """The title; a journey reads "Train G3002: West Kowloon → Hangzhou East"."""
    if event.kind != "travel" or not event.from_ or not event.to:
        return event.title
    mode = page._(MODES.get(event.mode or "", N_("Travel")))
    service = f" {event.service}" if event.service else ""
    return f"{mode}{service}: {page.venue(event.from_)} → {page.venue(event.to)}"


def _where(page: _Page, event: Event) -> str:
    return "" if event.kind == "travel" or not event.venue else page.venue(event.venue)


def _places(page: _Page, event: Event) -> list[str]:
    if event.kind == "travel" and event.from_ and event.to:
        return [
            f'<p class="where">{h(page._(label))}: {_venue(page, vid)}</p>'
            for label, vid in ((N_("From"), event.from_), (N_("To"), event.to))
        ]
    if event.venue:
        return [f'<p class="where">{_venue(page, event.venue)}</p>']
    return []


def _venue(page: _Page, vid: str) -> str:
    venue = page.itinerary.venues.get(vid)
    if venue is None:
        return h(vid)
    text = h(page.name(venue.name, venue.name_local))
    if venue.address:
        text += f'<br><span class="addr">{h(venue.address)}</span>'
    return text + _links(page, map_link(page.itinerary, vid), venue.phone)


def _links(page: _Page, map_url: str | None, phone: str | None, email: str | None = None) -> str:
    out = []
    if map_url:
        out.append(f'<a class="map" href="{h(map_url)}" rel="noreferrer">{h(page._("Map"))}</a>')
    dial = tel(phone)
    if phone and dial:
        out.append(f'<a class="tel" href="{h(dial)}">{h(phone)}</a>')
    elif phone:
        out.append(h(phone))
    mail = mailto(email)
    if email and mail:
        out.append(f'<a href="{h(mail)}">{h(email)}</a>')
    return f'<span class="links">{"".join(out)}</span>' if out else ""


def _people(page: _Page) -> str:
    _ = page._
    out = [f'<section id="people"><h2>{h(_("Delegation"))}</h2><ul>']
    for person in page.itinerary.people.values():
        star = "★ " if person.principal else ""
        role = f" — {h(person.role)}" if person.role else ""
        out.append(
            f"<li>{star}{h(page.name(person.name, person.name_local))}{role}"
            f"{_links(page, None, person.phone, person.email)}</li>"
        )
    out.append("</ul>")
    organizer = page.itinerary.trip.organizer
    if organizer is not None:
        role = f", {organizer.role}" if organizer.role else ""
        out.append(
            f"<p>{h(_('Organiser'))}: {h(organizer.name + role)}"
            f"{_links(page, None, organizer.phone, organizer.email)}</p>"
        )
    out.append("</section>")
    return "\n".join(out)


def _subscribe(page: _Page, feed: FeedLinks) -> str:
    _ = page._
    if page.staff:
        title = _("Keep the whole delegation's calendar")
    else:
        title = _("Keep this programme in your calendar")
    https = feed.https or feed.relative
    webcal = ""
    if feed.webcal:
        said = h(_("Subscribe (iPhone, Mac, Outlook)"))
        webcal = f'<a class="button" href="{h(feed.webcal)}">{said}</a>'
    return (
        f'<section id="subscribe"><h2>{h(title)}</h2>'
        f'<p>{webcal}<a class="button" href="{h(https)}">'
        f"{h(_('Calendar address (https)'))}</a></p>{subscribe_help(page.lang)}</section>"
    )
