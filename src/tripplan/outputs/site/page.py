"""The programme page: one person's programme (or, for the staff, the whole trip) on a
phone — today and the next event at the top, the whole programme below, numbers to tap
and a map for every place.

One HTML file with its style and a short script inline (nothing else to fetch, so it
works on a hotel's slow Wi-Fi). The top box is written for the time of publishing and
worked out again by the script for the time the page is read; every event carries its
instants for that. Every text from the itinerary is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tripplan.format.model import Day, Event, Itinerary
from tripplan.outputs.site.links import mailto, map_link, tel
from tripplan.outputs.site.text import (
    SUBSCRIBE_HELP,
    content_policy,
    paragraphs,
    short_date,
)
from tripplan.outputs.timeline import Row, day_title, rows, selected_days
from tripplan.problems import Problem
from tripplan.safe import html as h

_KINDS = {
    "meeting": "Meeting",
    "visit": "Visit",
    "meal": "Meal",
    "travel": "Journey",
    "press": "Press",
    "briefing": "Briefing",
}


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """Where the page's calendar is: relative to the page, and absolute when the site's
    address is known."""

    relative: str
    https: str | None
    webcal: str | None


def programme_page(
    itinerary: Itinerary,
    *,
    person: str | None,
    now: datetime,
    feed: FeedLinks,
    problems: list[Problem] | None = None,
) -> str:
    """The page of `person`, or with `person` None the staff's page of the whole trip,
    which alone shows `problems` (what `tripplan check` found)."""
    trip = itinerary.trip
    who = itinerary.people.get(person) if person else None
    problems = (problems or []) if person is None else []
    days = []
    for day in selected_days(itinerary, None):
        day_rows = rows(itinerary, day, problems, person=person)
        if day_rows or person is None:
            days.append((day, day_rows))
    timed = [r.event for _, day_rows in days for r in day_rows if r.event.start_at]
    timed.sort(key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
    title = f"{trip.title} — {who.name}" if who else f"{trip.title} — whole programme"
    heading = _name(who.name, who.name_local) if who else "Whole programme"
    meta = [p for p in ((who.role if who else "staff page"), _dates(itinerary)) if p]
    parts = [
        _HEAD.format(title=h(title), css=_CSS, policy=content_policy(_SCRIPT)),
        f'<body data-zone="{h(trip.timezone.key)}">',
        "<header>",
        f'<p class="trip">{h(trip.title)}</p>',
        f"<h1>{heading}</h1>",
        f'<p class="meta">{" · ".join(h(m) for m in meta)}</p>',
        "</header>",
        "<main>",
        _now_box(itinerary, [r for _, day_rows in days for r in day_rows], timed, now),
    ]
    general = [p for p in problems if not p.event]
    if general:
        parts += ['<section id="problems"><h2>Problems found by tripplan check</h2><ul>']
        parts += [f"<li>{h(p.code)}: {h(p.message)}</li>" for p in general]
        parts += ["</ul></section>"]
    parts.append('<section id="programme"><h2>Programme</h2>')
    for day, day_rows in days:
        parts.append(_day(itinerary, day, day_rows, staff=person is None))
    if not days:
        parts.append("<p>No events on the programme.</p>")
    parts.append("</section>")
    parts.append(_people(itinerary))
    parts.append(_subscribe(feed, person is None))
    parts += [
        "</main>",
        f"<footer>As published {h(_moment(now, itinerary))} by tripplan. Reload for the "
        "latest; your calendar updates by itself.</footer>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


# --- the top: today and next ------------------------------------------------------------


def _now_box(itinerary: Itinerary, all_rows: list[Row], timed: list[Event], now: datetime) -> str:
    """Today's events and the next one, as at `now` (the script redoes it when read)."""
    zone = itinerary.trip.timezone
    today = now.astimezone(zone).date()
    todays = [r for r in all_rows if r.event.day == today]
    upcoming = [
        e
        for e in timed
        if not e.is_cancelled and e.start_at and e.start_at.timestamp() > now.timestamp()
    ]
    items = "".join(_summary_item(r, now) for r in todays)
    none = ""
    if not todays:
        none = "Nothing on the programme today."
        if timed and now.timestamp() < (timed[0].start_at or now).timestamp():
            none = f"The programme starts on {short_date(timed[0].day)}."
        elif timed and now.timestamp() >= (timed[-1].end_at or now).timestamp():
            none = f"The programme ended on {short_date(timed[-1].day)}."
    following = ""
    if upcoming:
        nxt = min(upcoming, key=lambda e: e.start_at.timestamp() if e.start_at else 0.0)
        (row,) = [r for r in all_rows if r.event is nxt]
        following = _summary_item(row, now, tag="p")
    return (
        '<section id="now">'
        "<h2>Next</h2>"
        f'<div id="next">{following or "<p>Nothing more on the programme.</p>"}</div>'
        f'<h2 id="today-title">Today · {h(short_date(today))}</h2>'
        f'<ol id="today">{items}</ol>'
        f'<p id="today-none"{"" if none else " hidden"}>{h(none)}</p>'
        "</section>"
    )


def _summary_item(row: Row, now: datetime, tag: str = "li") -> str:
    """An event in the top box: its time and title, and where for the next one (`p`)."""
    event = row.event
    on = (
        event.start_at is not None
        and event.end_at is not None
        and not event.is_cancelled
        and event.start_at.timestamp() <= now.timestamp() < event.end_at.timestamp()
    )
    where = _where_line(row) if tag == "p" else ""
    classes = [c for c, yes in (("on", on), ("cancelled", event.is_cancelled)) if yes]
    attribute = f' class="{" ".join(classes)}"' if classes else ""
    place = f' <span class="w">{h(where)}</span>' if where else ""
    badge = ' <span class="badge">tentative</span>' if event.status == "tentative" else ""
    return (
        f'<{tag}{attribute}><a href="#e-{h(event.id)}"><span class="t">{h(row.time)}</span> '
        f"<b>{h(row.what)}</b>{badge}{place}</a></{tag}>"
    )


# --- the programme ------------------------------------------------------------------------


def _day(itinerary: Itinerary, day: Day, day_rows: list[Row], *, staff: bool) -> str:
    when = day.date.isoformat()
    out = [
        f'<section class="day" data-date="{when}" id="d-{when}">',
        f'<h3 data-short="{h(short_date(day.date))}">'
        f"{h(day_title(itinerary, day, night=False))}</h3>",
    ]
    if day.hotel and day.hotel in itinerary.venues:
        hotel = itinerary.venues[day.hotel]
        links = _links(map_link(itinerary, day.hotel), hotel.phone)
        out.append(f'<p class="night">Night: {_name(hotel.name, hotel.name_local)}{links}</p>')
    if day.notes:
        out.append(f'<p class="notes">{paragraphs(day.notes)}</p>')
    if not day_rows:
        out.append("<p>No events.</p>")
    out += [_event(itinerary, row, staff=staff) for row in day_rows]
    out.append("</section>")
    return "\n".join(out)


def _event(itinerary: Itinerary, row: Row, *, staff: bool) -> str:
    event = row.event
    classes = ["event", event.status]
    data = ""
    if event.start_at is not None and event.end_at is not None:
        data = f' data-start="{event.start_at.isoformat()}" data-end="{event.end_at.isoformat()}"'
    data += f' data-time="{h(row.time)}" data-title="{h(row.what)}"'
    if event.status == "tentative":
        data += ' data-badge="tentative"'
    data += f' data-where="{h(_where_line(row))}"'
    out = [f'<article class="{" ".join(classes)}" id="e-{h(event.id)}"{data}>']
    if row.arrival:
        out.append(f'<p class="move">↳ {h(row.arrival)}</p>')
    badge = "" if event.status == "confirmed" else f' <span class="badge">{h(row.status)}</span>'
    kind = _KINDS.get(event.kind or "", "")
    out.append(f'<p class="time">{h(row.time)}{f" · {kind}" if kind else ""}{badge}</p>')
    out.append(f"<h4>{h(row.what)}</h4>")
    out += _places(itinerary, event)
    if event.host is not None:
        host = ", ".join(h(p) for p in (event.host.name, event.host.role) if p)
        out.append(f"<p>Host: {host}{_links(None, event.host.phone, event.host.email)}</p>")
    if staff and row.who:
        names = [
            itinerary.people[p].name if p in itinerary.people else p for p in event.attendees or []
        ]
        out.append(f"<p>Who: {h(', '.join(names))}</p>")
    for label, value in (("Dress", event.dress), ("Booking reference", event.reference)):
        if value:
            out.append(f"<p>{label}: {h(value)}</p>")
    if event.notes:
        out.append(f'<p class="notes">{paragraphs(event.notes)}</p>')
    if staff and row.problems:
        out.append('<ul class="problems">')
        out += [f"<li>{h(p.code)}: {h(p.message)}</li>" for p in row.problems]
        out.append("</ul>")
    out.append("</article>")
    return "\n".join(out)


def _places(itinerary: Itinerary, event: Event) -> list[str]:
    if event.kind == "travel" and event.from_ and event.to:
        return [
            f'<p class="where">{label}: {_venue(itinerary, vid)}</p>'
            for label, vid in (("From", event.from_), ("To", event.to))
        ]
    if event.venue:
        return [f'<p class="where">{_venue(itinerary, event.venue)}</p>']
    return []


def _venue(itinerary: Itinerary, vid: str) -> str:
    venue = itinerary.venues.get(vid)
    if venue is None:
        return h(vid)
    text = _name(venue.name, venue.name_local)
    if venue.address:
        text += f'<br><span class="addr">{h(venue.address)}</span>'
    return text + _links(map_link(itinerary, vid), venue.phone)


def _links(map_url: str | None, phone: str | None, email: str | None = None) -> str:
    out = []
    if map_url:
        out.append(f'<a class="map" href="{h(map_url)}" rel="noreferrer">Map</a>')
    dial = tel(phone)
    if phone and dial:
        out.append(f'<a class="tel" href="{h(dial)}">{h(phone)}</a>')
    elif phone:
        out.append(h(phone))
    mail = mailto(email)
    if email and mail:
        out.append(f'<a href="{h(mail)}">{h(email)}</a>')
    return f'<span class="links">{"".join(out)}</span>' if out else ""


def _where_line(row: Row) -> str:
    return row.where.splitlines()[0] if row.where else ""


def _people(itinerary: Itinerary) -> str:
    out = ['<section id="people"><h2>Delegation</h2><ul>']
    for person in itinerary.people.values():
        star = "★ " if person.principal else ""
        role = f" — {h(person.role)}" if person.role else ""
        out.append(
            f"<li>{star}{_name(person.name, person.name_local)}{role}"
            f"{_links(None, person.phone, person.email)}</li>"
        )
    out.append("</ul>")
    organizer = itinerary.trip.organizer
    if organizer is not None:
        role = f", {h(organizer.role)}" if organizer.role else ""
        out.append(
            f"<p>Organiser: {h(organizer.name)}{role}"
            f"{_links(None, organizer.phone, organizer.email)}</p>"
        )
    out.append("</section>")
    return "\n".join(out)


def _subscribe(feed: FeedLinks, staff: bool) -> str:
    whose = "the whole delegation's calendar" if staff else "this programme in your calendar"
    https = feed.https or feed.relative
    webcal = (
        f'<a class="button" href="{h(feed.webcal)}">Subscribe (iPhone, Mac, Outlook)</a>'
        if feed.webcal
        else ""
    )
    return (
        f'<section id="subscribe"><h2>Keep {whose}</h2>'
        f'<p>{webcal}<a class="button" href="{h(https)}">Calendar address (https)</a></p>'
        f"{SUBSCRIBE_HELP}</section>"
    )


# --- words --------------------------------------------------------------------------------


def _name(name: str, local: str | None) -> str:
    if not local:
        return h(name)
    return f'{h(name)} <span lang="zh">{h(local)}</span>'


def _dates(itinerary: Itinerary) -> str:
    trip = itinerary.trip
    if trip.start == trip.end:
        return f"{short_date(trip.start)} {trip.start.year}"
    return f"{short_date(trip.start)} – {short_date(trip.end)} {trip.end.year}"


def _moment(now: datetime, itinerary: Itinerary) -> str:
    local = now.astimezone(itinerary.trip.timezone)
    return f"{short_date(local.date())} {local:%H:%M} {local.tzname() or ''}".strip()


_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
{policy}
<title>{title}</title>
<style>{css}</style>
</head>"""

_CSS = """
:root { color-scheme: light dark; --muted: #666; --line: #ddd; --accent: #0b5cad;
        --warn: #9a5b00; --card: #f6f7f9; }
@media (prefers-color-scheme: dark) {
  :root { --muted: #aaa; --line: #444; --accent: #6cb0ff; --warn: #ffb454; --card: #1d2126; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
       overflow-wrap: anywhere; }
header, main, footer { max-width: 42rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; padding-top: 0.6rem;
     border-top: 2px solid var(--line); }
h4 { font-size: 1rem; margin: 0.1rem 0 0.3rem; }
p { margin: 0.25rem 0; }
.trip, .meta, footer, .addr, .move, .w { color: var(--muted); }
.trip { margin: 0; font-size: 0.9rem; }
#now { background: var(--card); border-radius: 12px; padding: 0.2rem 0.9rem 0.8rem;
       margin-top: 1rem; }
#now h2 { margin-top: 0.8rem; }
#now ol { list-style: none; margin: 0; padding: 0; }
#now li { margin: 0.1rem 0; }
#now a { display: block; color: inherit; text-decoration: none; padding: 0.25rem 0; }
#now li b { font-weight: normal; }
#now .t { font-weight: 600; }
#next p { margin: 0.2rem 0; font-size: 1.1rem; }
#next .w { display: block; font-size: 1rem; }
#now .on { border-left: 4px solid var(--accent); padding-left: 0.5rem; }
.t { font-variant-numeric: tabular-nums; white-space: nowrap; }
.event { padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
.time { font-weight: 600; font-variant-numeric: tabular-nums; }
.cancelled h4, .cancelled .time, #now .cancelled b { text-decoration: line-through;
       color: var(--muted); }
.badge { color: var(--warn); font-weight: 600; }
.notes { white-space: pre-line; }
.links { display: inline; }
.links a { display: inline-block; margin: 0.15rem 0 0.15rem 0.6rem; padding: 0.25rem 0.6rem;
           border: 1px solid var(--line); border-radius: 999px; color: var(--accent);
           text-decoration: none; min-height: 2rem; line-height: 1.5rem; white-space: nowrap; }
.problems, #problems li { color: var(--warn); }
#people ul { padding-left: 1.1rem; }
.button { display: inline-block; margin: 0.3rem 0.5rem 0.3rem 0; padding: 0.55rem 0.9rem;
          border-radius: 8px; background: var(--accent); color: #fff; text-decoration: none; }
#subscribe li { margin: 0.2rem 0; }
footer { font-size: 0.85rem; padding: 1.5rem 1rem 2rem; }
"""

# Recomputes the top box for the moment the page is read: today's events in the trip's
# zone, the one on now, and the next. Text is set with textContent only.
_SCRIPT = """
(function () {
  var zone = document.body.getAttribute("data-zone");
  var now = Date.now();
  var day = new Intl.DateTimeFormat("en-CA", {timeZone: zone, year: "numeric",
    month: "2-digit", day: "2-digit"}).format(new Date(now));
  var label = new Intl.DateTimeFormat("en-GB", {timeZone: zone, weekday: "short",
    day: "numeric", month: "short"}).format(new Date(now)).replace(",", "");
  function item(e, tag) {
    var el = document.createElement(tag), a = document.createElement("a");
    var s = Date.parse(e.getAttribute("data-start")), t = Date.parse(e.getAttribute("data-end"));
    var off = e.classList.contains("cancelled");
    if (!off && s <= now && now < t) el.className = "on";
    if (off) el.className = "cancelled";
    a.href = "#" + e.id;
    var time = document.createElement("span"); time.className = "t";
    time.textContent = e.getAttribute("data-time");
    var what = document.createElement("b"); what.textContent = e.getAttribute("data-title");
    a.appendChild(time); a.appendChild(document.createTextNode(" ")); a.appendChild(what);
    if (e.getAttribute("data-badge")) {
      var b = document.createElement("span"); b.className = "badge";
      b.textContent = e.getAttribute("data-badge");
      a.appendChild(document.createTextNode(" ")); a.appendChild(b);
    }
    if (tag === "p" && e.getAttribute("data-where")) {
      var w = document.createElement("span"); w.className = "w";
      w.textContent = e.getAttribute("data-where");
      a.appendChild(document.createTextNode(" ")); a.appendChild(w);
    }
    el.appendChild(a);
    return el;
  }
  var events = Array.prototype.slice.call(document.querySelectorAll("article[data-start]"));
  events.sort(function (a, b) {
    return Date.parse(a.getAttribute("data-start")) - Date.parse(b.getAttribute("data-start"));
  });
  var list = document.getElementById("today"), none = document.getElementById("today-none");
  document.getElementById("today-title").textContent = "Today · " + label;
  list.textContent = "";
  var todays = events.filter(function (e) {
    return e.parentNode.getAttribute("data-date") === day;
  });
  todays.forEach(function (e) { list.appendChild(item(e, "li")); });
  none.hidden = todays.length > 0;
  function dayOf(e) { return e.parentNode.querySelector("h3").getAttribute("data-short"); }
  if (!todays.length && events.length) {
    var last = events[events.length - 1];
    none.textContent = now < Date.parse(events[0].getAttribute("data-start"))
      ? "The programme starts on " + dayOf(events[0]) + "."
      : now >= Date.parse(last.getAttribute("data-end"))
      ? "The programme ended on " + dayOf(last) + "."
      : "Nothing on the programme today.";
  }
  var next = events.filter(function (e) {
    return !e.classList.contains("cancelled") && Date.parse(e.getAttribute("data-start")) > now;
  })[0];
  var box = document.getElementById("next");
  box.textContent = "";
  if (next) { box.appendChild(item(next, "p")); }
  else { var p = document.createElement("p"); p.textContent = "Nothing more on the programme.";
         box.appendChild(p); }
})();
"""
