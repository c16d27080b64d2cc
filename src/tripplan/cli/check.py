"""`tripplan check`: every problem of each itinerary, for people or for scripts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tripplan import safe
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    RegistryOption,
    Styled,
    emit,
    itinerary_files,
    print_lines,
)
from tripplan.pipeline import Report, check_file
from tripplan.problems import Problem, count


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE|FOLDER", help="Itinerary files, or folders to search for *.yaml."
        ),
    ],
    output_format: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text for people, json for scripts, github for annotations in GitHub "
            "Actions (::error file=...,line=...::).",
        ),
    ] = CheckFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    registry: RegistryOption = None,
) -> None:
    """Check itineraries before circulating them.

    Reports every problem of each file as FILE:LINE:COL: SEVERITY CODE: MESSAGE.
    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 could not run.

    Examples:  tripplan check itineraries/hangzhou-shenzhen-2025-02.yaml
               tripplan check itineraries/ --format github   (in a GitHub Actions step)
    """
    reports = [check_file(path, registry=registry) for path in itinerary_files(paths)]
    problems = [p for report in reports for p in report.problems]
    errors, warnings = count(problems, "error"), count(problems, "warning")
    if output_format is CheckFormat.json:
        document = {
            "files": [
                {"file": r.file, "problems": [p.as_json() for p in r.problems]} for r in reports
            ],
            "errors": errors,
            "warnings": warnings,
        }
        emit(safe.json(document) + "\n")
    elif output_format is CheckFormat.github:
        emit("".join(_annotation(r.file, p) for r in reports for p in r.problems))
        emit(_summary(reports, errors, warnings) + "\n")
    else:
        _print_reports(reports, errors, warnings)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEMS)


def _print_reports(reports: list[Report], errors: int, warnings: int) -> None:
    styles = {"error": "bold red", "warning": "yellow"}
    lines: list[Styled] = []
    for report in reports:
        file = safe.terminal(report.file)
        if not report.problems:
            lines.append([(file, "bold"), (": ", ""), ("no problems", "green")])
        for p in report.problems:
            where = f"{p.line}:{p.column}:" if p.line is not None else ""
            lines.append(
                [
                    (f"{file}:{where}", "bold"),
                    (" ", ""),
                    (f"{p.severity} {p.code}:", styles[p.severity]),
                    (f" {safe.terminal(p.message)}", ""),
                ]
            )
    style = "bold red" if errors else ("yellow" if warnings else "bold green")
    lines.append([(_summary(reports, errors, warnings), style)])
    print_lines(lines)


def _summary(reports: list[Report], errors: int, warnings: int) -> str:
    files = f"{len(reports)} file" + ("s" if len(reports) != 1 else "")
    return (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {files}"
    )


def _annotation(file: str, problem: Problem) -> str:
    """A GitHub Actions workflow command: the problem shown at its line in the diff.

    Values are escaped as the runner reads them (a newline or a comma in a message must
    not end the command or start another)."""
    where = f"file={_property(file)}"
    if problem.line is not None:
        where += f",line={problem.line}"
        if problem.column is not None:
            where += f",col={problem.column}"
    level = "error" if problem.severity == "error" else "warning"
    return f"::{level} {where},title={_property(problem.code)}::{_data(problem.message)}\n"


def _data(text: str) -> str:
    return safe.terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
