"""`tripplan check`: every problem of each itinerary, for people or for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tripplan import safe
from tripplan.cli.options import (
    EXIT_PROBLEMS,
    OutputFormat,
    OutputFormatOption,
    RegistryOption,
    Styled,
    emit,
    itinerary_files,
    print_lines,
)
from tripplan.pipeline import Report, check_file
from tripplan.problems import count


def check(
    paths: Annotated[
        list[Path], typer.Argument(help="Itinerary files, or folders to search for *.yaml.")
    ],
    output_format: OutputFormatOption = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Count warnings as errors for the exit status.")
    ] = False,
    registry: RegistryOption = None,
) -> None:
    """Check itineraries before circulating them.

    Reports every problem of each file as FILE:LINE:COL: SEVERITY CODE: MESSAGE.
    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 could not run.

    Example:  tripplan check itineraries/hangzhou-shenzhen-2025-02.yaml
    """
    reports = [check_file(path, registry=registry) for path in itinerary_files(paths)]
    problems = [p for report in reports for p in report.problems]
    errors, warnings = count(problems, "error"), count(problems, "warning")
    if output_format is OutputFormat.json:
        document = {
            "files": [
                {"file": r.file, "problems": [p.as_json() for p in r.problems]} for r in reports
            ],
            "errors": errors,
            "warnings": warnings,
        }
        emit(safe.json(document) + "\n")
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
    files = f"{len(reports)} file" + ("s" if len(reports) != 1 else "")
    summary = (
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} in {files}"
    )
    style = "bold red" if errors else ("yellow" if warnings else "bold green")
    lines.append([(summary, style)])
    print_lines(lines)
