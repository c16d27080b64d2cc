"""What each audience's pack holds, section by section, in the reader's language.

| section | principal | delegation | driver | host |
| cover | yes | yes | yes | yes |
| programme at a glance | yes | yes | | |
| daily pages | with background and talking points | yes | pick-ups and drop-offs | their events |
| delegation list | yes | with phones | passengers | names and roles |
| contacts and emergency numbers | yes | yes | the driver's | the liaison |
| car plan, rooming list, documents | | yes | | |

(The README's table says the same in full.) Host and driver papers are built only from
what those readers may see: no notes, no booking references, no phones of the
delegation but the liaison's.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from tripplan.format.model import Itinerary
from tripplan.outputs.brief import outside
from tripplan.outputs.brief.context import AUDIENCES, Context, Reader
from tripplan.outputs.brief.days import day_section, event_time, event_title
from tripplan.outputs.brief.i18n import Lang
from tripplan.outputs.brief.lists import (
    car_plan,
    contacts,
    delegation_list,
    documents,
    rooming,
)
from tripplan.outputs.brief.model import Block, Heading, Pack, Para, Section, Table
from tripplan.plan.vehicles import timetable


def audience_words(ctx: Context) -> str:
    return {
        "principal": ctx._("Principal's brief"),
        "delegation": ctx._("Delegation brief"),
        "driver": ctx._("Driver's sheet"),
        "host": ctx._("Programme for hosts"),
    }[ctx.audience]


def version_of(itinerary: Itinerary) -> str:
    """The trip's own `revision`, else a fingerprint of its content (same trip, same value)."""
    if itinerary.trip.revision:
        return itinerary.trip.revision
    dump = itinerary.model_dump_json(by_alias=True, exclude_none=True)
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()[:8]


def build_pack(
    itinerary: Itinerary,
    reader: Reader,
    lang: Lang,
    *,
    now: datetime,
    day: date | None = None,
    draft_errors: int = 0,
) -> Pack:
    """The pack for `reader`; `now` is its "as at" time (in the trip's zone if it has
    none), `day` keeps one day only."""
    if reader.audience not in AUDIENCES:
        raise ValueError(f"unknown audience {reader.audience!r}")
    inside = reader.audience in ("principal", "delegation")
    driven = tuple(timetable(itinerary)) if inside and itinerary.vehicles else ()
    ctx = Context(itinerary, lang, reader, driven)
    trip = itinerary.trip
    marking = trip.classification or ""
    version = ctx._("Version {version}", version=version_of(itinerary))
    now = now.astimezone(trip.timezone) if now.tzinfo else now.replace(tzinfo=trip.timezone)
    as_at = ctx._("as at {moment}", moment=lang.moment(now))
    draft = ""
    if draft_errors:
        draft = lang.ngettext(
            "DRAFT — not checked: {n} error", "DRAFT — not checked: {n} errors", draft_errors
        )
    days = [d for d in itinerary.days if day is None or d.date == day]
    sections = [_cover(ctx, version, as_at, marking, draft)]
    if reader.audience in ("principal", "delegation"):
        if day is None:
            sections.append(_glance(ctx))
        sections.extend(day_section(ctx, d) for d in days)
        sections.append(delegation_list(ctx))
        sections.append(contacts(ctx, days))
        if reader.audience == "delegation":
            more = (car_plan(ctx, days), rooming(ctx, days), documents(ctx, days))
            sections.extend(s for s in more if s)
    elif reader.audience == "driver":
        sections.extend(outside.driver_sections(ctx, [d.date for d in days]))
    else:
        sections.extend(outside.host_sections(ctx, [d.date for d in days]))
    return Pack(
        title=trip.title,
        audience=audience_words(ctx),
        lang=lang.code,
        font_family=lang.font_family,
        face=lang.face,
        html_lang=lang.html_lang,
        version=version,
        footer=" · ".join(p for p in (version, as_at, marking) if p),
        marking=marking,
        draft=draft,
        page_words=ctx._("Page {page} of {pages}", page="{page}", pages="{pages}"),
        sections=tuple(sections),
    )


def _dates(ctx: Context) -> str:
    trip = ctx.itinerary.trip
    if trip.start == trip.end:
        return ctx.lang.date(trip.start)
    return f"{ctx.lang.date(trip.start)} – {ctx.lang.date(trip.end)}"


def _cover(ctx: Context, version: str, as_at: str, marking: str, draft: str) -> Section:
    reader = ctx.reader
    blocks: list[Block] = []
    if marking:
        blocks.append(Para(marking, "warning"))
    blocks += [Heading(ctx.itinerary.trip.title, 0), Para(_dates(ctx), "lead")]
    blocks.append(Heading(audience_words(ctx), 1))
    if reader.person:
        blocks.append(Para(ctx._("For: {name}", name=ctx.person(reader.person)), "lead"))
    if reader.vehicle:
        blocks.append(Para(ctx._("Vehicle: {vehicle}", vehicle=reader.vehicle), "lead"))
    if reader.host:
        blocks.append(Para(ctx._("Host: {who}", who=reader.host), "lead"))
    organizer = ctx.itinerary.trip.organizer
    if organizer is not None:
        blocks.append(Para(ctx._("Issued by {who}", who=organizer.name), "body"))
    blocks.append(Para(f"{version} · {as_at}", "body"))
    notes = ctx.itinerary.trip.internal_notes
    if notes and ctx.inside:  # never on a host's or a driver's cover
        blocks.append(Para(ctx._("Internal: {text}", text=notes), "note"))
    if draft:
        blocks.append(Para(draft, "warning"))
    return Section("cover", tuple(blocks))


def _glance(ctx: Context) -> Section:
    """The whole trip on one page: a row per day, each event one short line."""
    rows = []
    for day in ctx.itinerary.days:
        lines = []
        for event in sorted(
            (e for e in day.events if not e.is_cancelled),
            key=lambda e: e.start_at.timestamp() if e.start_at else 0.0,
        ):
            if ctx.reader.person and ctx.reader.person not in ctx.itinerary.attendees(event):
                continue
            when = event_time(ctx, event).replace("\n", " ")
            lines.append(f"{when}  {event_title(ctx, event)}")
        night = ctx.venue(day.hotel) if day.hotel else ""
        rows.append(
            (
                ctx.lang.short_date(day.date, "\n"),
                ctx.lang.city(day.city or ""),
                "\n".join(lines),
                night,
            )
        )
    header = (
        ctx.lang.pair("Date"),
        ctx.lang.pair("City"),
        ctx.lang.pair("Programme"),
        ctx.lang.pair("Night"),
    )
    table = Table(header, tuple(rows), (14, 12, 56, 18), frozenset({0}))
    return Section("glance", (Heading(ctx._("Programme at a glance"), 1), table))
