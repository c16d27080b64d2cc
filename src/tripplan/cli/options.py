"""What several commands share: exit statuses, options declared once, and their checks."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Collection
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tripplan import safe
from tripplan.cli import completion
from tripplan.errors import TripplanError

if TYPE_CHECKING:
    from rich.console import Console

    from tripplan.format.model import Itinerary

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class Language(StrEnum):
    """--lang: the briefing pack's and the published pages' languages."""

    en = "en"
    zh_hant = "zh-hant"
    zh_hans = "zh-hans"
    en_zh_hant = "en+zh-hant"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


OutputFormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
]
RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        metavar="FILE",
        help="The office's venue registry (default: venues.yaml beside the itinerary, if any).",
    ),
]
DayOption = Annotated[
    str | None,
    typer.Option(
        "--day",
        metavar="YYYY-MM-DD",
        autocompletion=completion.days,
        help="Only this day; default: every day.",
    ),
]
PersonOption = Annotated[
    str | None,
    typer.Option(
        "--person",
        metavar="ID",
        autocompletion=completion.people,
        help="Only the events this person attends.",
    ),
]
HideCancelledOption = Annotated[
    bool, typer.Option("--hide-cancelled", help="Leave cancelled events out.")
]
# The calendars' options, alike in export, publish and serve.
AlarmOption = Annotated[
    str,
    typer.Option(
        "--alarm", metavar="DURATION", help="Reminder before each event, e.g. 15m, 1h, or none."
    ),
]
TransfersOption = Annotated[
    bool,
    typer.Option(
        "--transfers/--no-transfers",
        help="Car/walk time between venues (estimated) as events of their own.",
    ),
]
RefreshOption = Annotated[
    str,
    typer.Option("--refresh", help="How often calendar apps should read the feeds again."),
]
PagesLanguageOption = Annotated[
    Language,
    typer.Option("--lang", help="The pages' language: en, zh-hant, zh-hans or en+zh-hant."),
]


def stdout(*, soft_wrap: bool = True) -> Console:
    """The console for results; nothing printed on it can reach the terminal as a control."""
    from tripplan.cli.console import guarded_stdout

    return guarded_stdout(soft_wrap=soft_wrap)


def stderr() -> Console:
    """The console for errors and warnings, guarded as stdout is."""
    from tripplan.cli.console import guarded_stderr

    return guarded_stderr()


def quiet_libraries() -> None:
    """Keep libraries' log messages (geopy retrying with a traceback, fpdf2 missing a
    glyph) off stderr: without a handler Python prints them there by itself. The
    commands that use such libraries say what matters in their own words. (Not done for
    `check`, whose start-up is measured: it uses none of them.)"""
    import logging

    logging.getLogger().addHandler(logging.NullHandler())


def emit(text: str) -> None:
    """Write a finished document (Markdown, JSON) to stdout; a control character that
    slipped past its renderer is shown as its escape, never obeyed."""
    sys.stdout.write(safe.visible(text, newlines=True))


# A line of output as pieces of text, each with a rich style ("" for none); the pieces
# are made safe for the terminal by whoever makes them.
Styled = list[tuple[str, str]]


def print_lines(lines: list[Styled]) -> None:
    """Lines on stdout: styled by rich for a terminal, plain text to a pipe or a file.

    `check` prints this way: it runs on every save, its output read by an editor or a
    hook, and rich (a tenth of its start-up to import) would only strip the styles.
    """
    if not _styled(sys.stdout):
        emit("".join(f"{''.join(text for text, _ in line)}\n" for line in lines))
        return
    from rich.text import Text

    out = stdout()
    for line in lines:
        out.print(Text.assemble(*line))


def terminal_width() -> int:
    """Columns to lay text out in: $COLUMNS, else the terminal's, else 80 (a pipe)."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 20)


def _styled(stream: object) -> bool:
    """Whether rich would treat `stream` as a terminal (its own test, without importing it)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def chosen_day(itinerary: Itinerary, day: str | None) -> date | None:
    """The --day option as a date of the trip; TripplanError if it is not one."""
    if day is None:
        return None
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise TripplanError(f"--day {day}: write the date as YYYY-MM-DD") from None
    if chosen not in {d.date for d in itinerary.days}:
        raise TripplanError(f"--day {day}: the trip has no such day")
    return chosen


def known_person(
    itinerary: Itinerary | Collection[str],
    person: str | None,
    source: object,
    option: str = "--person",
) -> None:
    """TripplanError unless `person` (if given) is one of the people (of an itinerary, or
    these ids), with the likely one."""
    from tripplan.format.model import Itinerary

    people = itinerary.people if isinstance(itinerary, Itinerary) else itinerary
    if person is None or person in people:
        return
    close = difflib.get_close_matches(person, list(people), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise TripplanError(f"{option} {person}: not one of the people of {source}{hint}")


def itinerary_files(paths: list[Path]) -> list[Path]:
    """The itineraries named, folders searched for *.yaml and *.yml (hidden folders and
    the office's venue registry skipped); TripplanError for a path that is not there."""
    from tripplan.pipeline import REGISTRY_NAME

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.name != REGISTRY_NAME  # the office's venue registry, not a trip
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise TripplanError(f"{path}: no itineraries (*.yaml, *.yml) in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        elif path.is_symlink():  # to nothing, or round in a loop
            raise TripplanError(
                f"{path}: a link to nothing that can be read; check where it points"
            )
        else:
            raise TripplanError(f"{path}: no such file or folder; check the path")
    return files


def host_hint(host: str, hosts: list[str]) -> str:
    """What to give instead: the nearest name, else the names (a few), else that none are."""
    if not hosts:
        return "no event names a host"
    by_case = {h.casefold(): h for h in hosts}
    close = difflib.get_close_matches(host.strip().casefold(), list(by_case), n=1, cutoff=0.5)
    # A part of a name ("guo" for "Mr Guo Ming") is how people remember hosts.
    close = close or [k for k in by_case if host.strip().casefold() in k][:1]
    if close:
        return f"did you mean '{by_case[close[0]]}'?"
    listed = ", ".join(f"'{h}'" for h in hosts[:5])
    more = f" and {len(hosts) - 5} more" if len(hosts) > 5 else ""
    return f"give the host's name as written: {listed}{more}"
