"""`tripplan brief`: the briefing pack for one audience, in one language, as PDF, HTML or Word."""

from __future__ import annotations

import difflib
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tripplan import pipeline, safe
from tripplan.cli import completion
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    DayOption,
    HideCancelledOption,
    Language,
    PersonOption,
    chosen_day,
    host_hint,
    known_person,
    print_lines,
    quiet_libraries,
    stderr,
)
from tripplan.errors import TripplanError
from tripplan.files import folder_exists, safe_name, write_atomically
from tripplan.problems import Problem, in_file_order


class Audience(StrEnum):
    principal = "principal"
    delegation = "delegation"
    driver = "driver"
    host = "host"


_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx"}


def brief(
    path: Annotated[Path, typer.Argument(help="The itinerary.")],
    audience: Annotated[
        Audience,
        typer.Option("--for", help="Who reads it: principal, delegation, driver or host."),
    ] = Audience.delegation,
    lang: Annotated[
        Language, typer.Option("--lang", help="en, zh-hant, zh-hans or en+zh-hant (both).")
    ] = Language.en,
    day: DayOption = None,
    person: PersonOption = None,
    vehicle: Annotated[
        str | None,
        typer.Option(
            "--vehicle",
            metavar="ID",
            autocompletion=completion.vehicles,
            help="With --for driver: one vehicle's sheet.",
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option("--host", metavar="NAME", help="With --for host: one host's programme."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="OUT.pdf, OUT.html or OUT.docx (default: TRIP-ID.pdf).",
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Print even with errors, marked DRAFT on every page."),
    ] = False,
    as_at: Annotated[
        str | None,
        typer.Option("--as-at", help='The "as at" time printed (YYYY-MM-DD HH:MM); default: now.'),
    ] = None,
    hide_cancelled: HideCancelledOption = False,
) -> None:
    """The briefing pack: cover, programme at a glance, daily pages, lists, for one audience.

    principal: the run of each day with hosts; delegation: everything but what is internal
    to someone else, with contacts, rooming and documents; driver: pick-ups and drop-offs,
    Chinese first; host: one section per host organisation. Every page has the version,
    the "as at" time, the marking and "page N of M". A file with errors is refused (exit
    1) unless --draft.

    Example:  tripplan brief itineraries/hangzhou-shenzhen-2025-02.yaml --lang zh-hant -o pack.docx
    """
    quiet_libraries()
    target = output or None
    kind = _SUFFIXES.get(target.suffix.lower()) if target else "pdf"
    if kind is None:
        raise TripplanError(f"{safe.terminal(target)}: name the output .pdf, .html or .docx")
    if target is not None:  # said before the pack is built, not after
        folder_exists(target.parent, target)
    checked = pipeline.run(path)
    errors = in_file_order(p for p in checked.problems if p.severity == "error")
    itinerary = checked.itinerary
    if errors and (not draft or itinerary is None):
        _refuse(checked.source, errors, draft_possible=itinerary is not None)
        raise typer.Exit(EXIT_PROBLEMS)
    assert itinerary is not None
    chosen = chosen_day(itinerary, day)
    known_person(itinerary, person, path)
    if vehicle is not None and audience is not Audience.driver:
        raise TripplanError("--vehicle goes with --for driver")
    if host is not None and audience is not Audience.host:
        raise TripplanError("--host goes with --for host")
    if person is not None and audience in (Audience.driver, Audience.host):
        # Their packs are a vehicle's or a host's, whoever of the delegation is aboard.
        raise TripplanError(
            f"--person goes with --for principal or delegation; for --for {audience.value}, "
            f"give {'--vehicle' if audience is Audience.driver else '--host'} instead"
        )
    from tripplan.outputs.brief.context import Reader
    from tripplan.outputs.brief.i18n import Lang
    from tripplan.outputs.brief.outside import host_names, vehicle_ids
    from tripplan.outputs.brief.pack import build_pack

    if vehicle is not None:
        _known("--vehicle", vehicle, vehicle_ids(itinerary), "vehicles", path)
    if host is not None:
        names = host_names(itinerary)
        match = next((n for n in names if n.casefold() == host.strip().casefold()), None)
        if match is None:  # as show says it: the nearest name, or part of one
            raise TripplanError(f"--host {host}: no event has this host; {host_hint(host, names)}")
        host = match
    if not itinerary.days:
        raise TripplanError(f"{path}: the trip has no days to brief")
    reader = Reader(audience.value, person, vehicle, host, hide_cancelled)
    language = Lang(lang.value, chinese_first=audience is Audience.driver)
    pack = build_pack(
        itinerary,
        reader,
        language,
        now=_as_at(as_at),
        day=chosen,
        draft_errors=len(errors),
    )
    if target is None:
        target = Path(f"{safe_name(itinerary.trip.id)}-{audience.value}.pdf")
    data = _render(pack, kind)
    write_atomically(target, data)
    # Plain text to a pipe: rich (a twentieth of a small brief to import) only for a terminal.
    print_lines(
        [[(f"wrote {safe.terminal(target)}: {safe.terminal(pack.audience)}, {_count(pack)}", "")]]
    )


def _count(pack: object) -> str:
    from tripplan.outputs.brief.model import Pack

    assert isinstance(pack, Pack)
    # The days it covers (a driver's sheet per vehicle covers several).
    days = len({d for s in pack.sections for d in s.days})
    sections = len(pack.sections)
    return f"{sections} section{'s' if sections != 1 else ''}" + (
        f", {days} day{'s' if days != 1 else ''}" if days else ""
    )


def _render(pack: object, kind: str) -> bytes:
    from tripplan.outputs.brief.model import Pack

    assert isinstance(pack, Pack)
    if kind == "html":
        from tripplan.outputs.brief.html import render_html

        return render_html(pack).encode("utf-8")
    if kind == "docx":
        from tripplan.outputs.brief.docx import render_docx

        return render_docx(pack)
    from tripplan.outputs.brief.pdf import render_pdf

    missing: list[str] = []
    data = render_pdf(pack, missing=missing)
    if missing:
        from rich.markup import escape

        glyphs = ", ".join(f"{c} (U+{ord(c):04X})" for c in dict.fromkeys(missing))
        stderr().print(
            "[yellow]warning:[/] the PDF's font has no glyph for "
            f"{escape(safe.terminal(glyphs))}; they print as empty boxes "
            "(use -o OUT.html to let the browser find a font)"
        )
    return data


def _as_at(text: str | None) -> datetime:
    if text is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TripplanError(f"--as-at {text}: write it as YYYY-MM-DD HH:MM") from None
    return moment  # without a zone: the trip's (build_pack says so)


def _known(
    option: str, value: str, known: list[str], what: str, source: Path, found: str | None = None
) -> None:
    if found is not None or value in known:
        return
    if not known:
        raise TripplanError(f"{option} {value}: {source} lists no {what}")
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else f" (one of: {', '.join(known)})"
    raise TripplanError(f"{option} {value}: not one of the {what} of {source}{hint}")


def _refuse(source: str, errors: list[Problem], *, draft_possible: bool) -> None:
    """One line: where the first error is, what it says, how many there are, what to do."""
    from rich.markup import escape

    first = errors[0]
    where = f"{source}:{first.line}:{first.column}" if first.line is not None else source
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    advice = (
        f"fix them (tripplan check {source}) or add --draft to print a marked draft"
        if draft_possible
        else f"fix them (tripplan check {source})"
    )
    stderr().print(
        f"[bold red]error:[/] {escape(safe.terminal(where))}: {escape(first.code)}: "
        f"{escape(safe.terminal(first.message))} — {count}, not briefed: "
        f"{escape(safe.terminal(advice))}"
    )
