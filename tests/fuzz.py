"""A seeded fuzzer: mutants of real itineraries through every command, asserting what any
input must give.

    python -m tests.fuzz --count 20000            # locally, any number (seeded: repeatable)
    python -m tests.fuzz --count 500 --seed 7 --keep /tmp/crashers

Each mutant is a bundled itinerary, a file of tests/data or the format document's
example, changed by a few seeded mutations: bytes flipped or inserted, odd text
(controls, escape sequences, bidirectional overrides, markup, YAML syntax) put in,
values replaced by odd ones (huge numbers, bad times, wrong types), lines and blocks
duplicated, moved or cut, the file truncated, blown up to megabytes, given alias bombs
or deep nesting. It then runs `check` (text and JSON) and one or two other commands
chosen by the seed (show, show --format markdown, diff against the original, export to
stdout, sequence, sequence --pin on a copy, geocode, brief to HTML or PDF), in process,
and asserts for every run:

- the exit status is 0, 1 or 2, and nothing escaped as an exception;
- no traceback and no "internal error" anywhere;
- every line on stderr is one message, starting "error:" or "warning:";
- no control character (C0 but newline, DEL, C1, bidirectional controls) on stdout or
  stderr: text from the file is shown, never obeyed;
- `check --format json` prints one JSON document;
- each run takes less than LIMIT seconds of CPU.

It prints how many mutants and runs it made, each distinct failure (where and what)
with the seed that makes it, and the worst CPU time and memory by kind of input and by
command. tests/test_fuzz.py runs a few hundred mutants in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 20.0  # CPU seconds for one run of one command on one mutant
MAX_SIZE = 6 * 1024 * 1024  # mutants stay below the 16 MiB the reader accepts, mostly

FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)

# fmt: off
ODD_TEXT = [
    "\t", "\x00", "\x07", "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07", "\x9b31m", "\x85", "\u2028", "\u2029",
    "\ufeff", "\r", "\r\n", "\u202e", "\u2066", "\u200f", "\x7f", "\x01", "\U0010ffff",
    "\U0001f600", "中文", "香港西九龍站", "\u0301", "[/]", "[link=https://evil.example]x[/link]",
    "[bold]", "<img src=x onerror=alert(1)>", "![p](https://t.example/p.png)",
    "[here](https://evil.example)", "*", "_", "|", "`", "&lt;", "%s", "{0}", "\\", ": ",
    "- ", "? ", "&a ", "*a", "<<: *a", "{", "}", "[", "]", "'", '"', "#", "!!binary ",
    "!custom ", "~", "|\n", ">\n", "---\n", "...\n", "%YAML 1.1\n", "\n  - ", "\n    ",
    '"\\e[2J"', '"\\x9b"', '"\\u202e"', '"\\0"', '"\\N"', '"\\L"',
]
ODD_VALUES = [
    '"25:00"', '"24:00"', '"06:10+1"', '"23:59+9"', '"-01:00"', "09:30", "0m", "-1h",
    "99999999999h", "999999h", "744h", "745h", "1h30", "1.5h", "2025-02-30", "1899-12-31",
    "2200-01-01", "0001-01-01", "9999-12-31", "Mars/Olympus", "asia/shanghai", "UTC",
    "Etc/GMT+14", "~", "null", "''", "[]", "{}", "[[[]]]", "{a: b}", "true", "no", "1e999",
    "-0", "0x1F", "1e-10", "4.9e-324", "1e308", "12345678901234567890123456789", ".nan",
    "-.inf", "*nope", "&x", "[91, 181]", "[90, 180]", "[-90, -180]", "[1]",
    "{lat: 90, lon: 180, datum: gcj02}", "{lat: 39.9, lon: 116.4, datum: bd09}",
    '["09:00"]', '["12:00", "09:00"]', '["00:00", "23:59+9"]', "cancelled", "tentative",
    "travel", "[yan, yan]", "[nobody]", '"\\e]0;x\\a"', '"a\\u202eb"', '"<script>x</script>"',
    '"[link=https://evil.example]x[/link]"', "{car: {speed: 1e-10}}", "{car: {speed: 1}}",
]
MUTATIONS = [
    "replace-value", "replace-value", "flip-bit", "set-byte", "insert-bytes", "insert-text",
    "insert-text", "delete-bytes", "duplicate-line", "delete-line", "move-line", "indent",
    "truncate", "duplicate-block", "crlf", "cr-only", "bom",
]
# Large inputs, slow to run through every command: one mutation in twenty-five.
RARE = ["blow-up", "alias-bomb", "deep-nesting", "many-venues", "many-flexible"]
# fmt: on

COMMANDS = [
    "show",
    "show-markdown",
    "show-host",
    "show-driver",
    "diff",
    "diff-markdown",
    "diff-json",
    "export",
    "sequence",
    "sequence-json",
    "pin",
    "geocode",
    "brief-html",
    "brief-pdf",
]


def sources() -> dict[str, bytes]:
    found = {p.name: p.read_bytes() for p in sorted((ROOT / "itineraries").glob("*.yaml"))}
    found |= {
        f"data/{p.name}": p.read_bytes() for p in sorted((ROOT / "tests/data").glob("*.yaml"))
    }
    doc = ROOT / "docs" / "itinerary-format.md"
    if doc.is_file():
        match = re.search(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
        if match:
            found["itinerary-format.md"] = match.group(1).encode("utf-8")
    return found


# --- mutating ----------------------------------------------------------------------------


def mutate(data: bytes, dice: random.Random) -> tuple[bytes, list[str]]:
    done = []
    for _ in range(dice.randint(1, 5)):
        op = dice.choice(RARE if dice.random() < 0.04 else MUTATIONS)
        data = _apply(op, data, dice)
        done.append(op)
        if len(data) > MAX_SIZE:
            data = data[:MAX_SIZE]
    return data, done


def _apply(op: str, data: bytes, dice: random.Random) -> bytes:
    lines = data.splitlines(keepends=True) or [b""]
    at = dice.randrange(len(lines))
    pos = dice.randint(0, len(data))
    if op == "flip-bit" and data:
        pos = min(pos, len(data) - 1)
        return data[:pos] + bytes([data[pos] ^ (1 << dice.randrange(8))]) + data[pos + 1 :]
    if op == "set-byte" and data:
        pos = min(pos, len(data) - 1)
        return data[:pos] + bytes([dice.randrange(256)]) + data[pos + 1 :]
    if op == "insert-bytes":
        return data[:pos] + dice.randbytes(dice.randint(1, 8)) + data[pos:]
    if op == "insert-text":
        text = dice.choice(ODD_TEXT).encode("utf-8")
        # Mostly at a character boundary inside a line, so the file stays UTF-8 and the
        # text reaches the parser (and, inside a value, the outputs).
        pos = sum(len(line) for line in lines[:at]) + dice.randint(0, len(lines[at]))
        while 0 < pos < len(data) and (data[pos] & 0xC0) == 0x80:
            pos -= 1
        return data[:pos] + text + data[pos:]
    if op == "replace-value":
        spots = [m.end() for m in re.finditer(rb"(?m)^\s*(?:- )?[\w-]+: |^\s*- ", data)]
        if spots:
            start = dice.choice(spots)
            stop = data.find(b"\n", start)
            stop = len(data) if stop < 0 else stop
            return data[:start] + dice.choice(ODD_VALUES).encode("utf-8") + data[stop:]
        return data
    if op == "delete-bytes":
        return data[:pos] + data[pos + dice.randint(1, 40) :]
    if op == "duplicate-line":
        lines.insert(at, lines[at])
    elif op == "duplicate-block":
        end = min(len(lines), at + dice.randint(2, 12))
        lines[end:end] = lines[at:end]
    elif op == "delete-line":
        del lines[at]
    elif op == "move-line":
        line = lines.pop(at)
        lines.insert(dice.randint(0, len(lines)), line)
    elif op == "indent":
        lines[at] = (
            b" " * dice.randint(1, 4) + lines[at] if dice.random() < 0.5 else lines[at].lstrip(b" ")
        )
    elif op == "truncate":
        return data[:pos]
    elif op == "blow-up":  # a block repeated until the file is megabytes
        end = min(len(lines), at + dice.randint(1, 8))
        block = b"".join(lines[at:end]) or b"\n"
        times = min(dice.choice((100, 1000, 20_000)), MAX_SIZE // max(1, len(block)))
        lines[end:end] = [block * times]
    elif op == "alias-bomb":
        bomb = b"x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i, name in enumerate("bcdefghi"):
            prev = "abcdefghi"[i]
            bomb += f"x-{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n".encode()
        return (
            bomb + data
            if dice.random() < 0.5
            else data.replace(b"people:", b"people: *i\nx-p:", 1) + b"\n" + bomb
        )
    elif op == "deep-nesting":
        depth = dice.choice((60, 1000, 100_000))
        lines.insert(at, b"x-deep: " + b"[" * depth + b"]" * depth + b"\n")
    elif op == "crlf":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    elif op == "cr-only":
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    elif op == "bom":
        return b"\xef\xbb\xbf" + data
    elif op == "many-venues":  # thousands of venues without coordinates, each used
        return _many(data, dice, flexible=False)
    elif op == "many-flexible":
        return _many(data, dice, flexible=True)
    return b"".join(lines)


def _many(data: bytes, dice: random.Random, *, flexible: bool) -> bytes:
    count = dice.choice((50, 250, 2000) if flexible else (200, 3000))
    venues = b"".join(
        f"  fz{i}: {{name: Fuzz venue {i}, city: Hangzhou"
        f"{f', location: [30.{i % 97:02d}, 120.{i % 89:02d}]' if flexible else ''}}}\n".encode()
        for i in range(count)
    )
    events = b"".join(
        (
            f"      - {{id: fz-{i}, title: F{i}, venue: fz{i}, window: ['08:00', '20:00'], "
            "duration: 15m}\n"
            if flexible
            else f"      - {{id: fz-{i}, title: F{i}, venue: fz{i}, start: '{6 + i % 16:02d}:"
            f"{i % 4 * 15:02d}', duration: 10m}}\n"
        ).encode()
        for i in range(count)
    )
    data = data.replace(b"\nvenues:\n", b"\nvenues:\n" + venues, 1)
    return data.replace(b"    events:\n", b"    events:\n" + events, 1)


# --- running --------------------------------------------------------------------------------


@dataclass
class Outcome:
    runs: int = 0
    mutants: int = 0
    failures: dict[str, tuple[int, str]] = field(default_factory=dict)  # what -> (seed, detail)
    worst: dict[str, tuple[float, int]] = field(default_factory=dict)  # class -> (cpu s, seed)

    def note(self, kind: str, seconds: float, seed: int) -> None:
        if seconds > self.worst.get(kind, (-1.0, 0))[0]:
            self.worst[kind] = (seconds, seed)


def _commands(dice: random.Random) -> list[str]:
    picked = [dice.choice(COMMANDS)]
    if dice.random() < 0.3:
        picked.append(dice.choice(COMMANDS))
    # PDFs are slow to make: one mutant in ten.
    return [c for c in picked if c != "brief-pdf" or dice.random() < 0.1]


def _args(command: str, mutant: Path, original: Path, out: Path) -> list[str]:
    m, o = str(mutant), str(original)
    return {
        "check": ["check", m],
        "check-json": ["check", m, "--format", "json"],
        "show": ["show", m],
        "show-markdown": ["show", m, "--format", "markdown"],
        "show-host": ["show", m, "--for", "host"],
        "show-driver": ["show", m, "--for", "driver", "--format", "markdown"],
        "diff": ["diff", o, m],
        "diff-markdown": ["diff", o, m, "--format", "markdown"],
        "diff-json": ["diff", m, o, "--format", "json"],
        "export": ["export", m, "-o", "-", "--transfers"],
        "sequence": ["sequence", m],
        "sequence-json": ["sequence", m, "--format", "json"],
        "pin": ["sequence", m, "--pin"],
        "geocode": ["geocode", m],
        "brief-html": ["brief", m, "-o", str(out / "brief.html")],
        "brief-pdf": ["brief", m, "-o", str(out / "brief.pdf")],
    }[command]


def _problems(command: str, result: Any) -> list[str]:
    """What is wrong with one run's result (nothing, for a run that behaved)."""
    wrong = []
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        wrong.append(f"raised {type(error).__name__} at {where}: {str(error)[:120]!r}")
        return wrong
    if result.exit_code not in (0, 1, 2):
        wrong.append(f"exit {result.exit_code}")
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if "Traceback" in text or "internal error" in text:
            line = next(line for line in text.splitlines() if "error" in line or "Trace" in line)
            wrong.append(f"{stream}: {line[:160]!r}")
        found = FORBIDDEN.search(text) if command != "export" or stream == "stderr" else None
        if found:
            wrong.append(f"{stream}: control {found.group()!r}")
    for line in result.stderr.splitlines():
        if not line.startswith(("error: ", "warning: ")):
            wrong.append(f"stderr line not a message: {line[:120]!r}")
            break
    if command == "check-json" and result.exit_code in (0, 1):
        try:
            json.loads(result.stdout)
        except ValueError:
            wrong.append("check --format json printed no JSON document")
    if command == "export" and result.exit_code == 0:
        calendar = result.stdout_bytes.replace(b"\r\n", b"\n")
        if FORBIDDEN.search(calendar.decode("utf-8", "replace")):
            wrong.append("export: a control character in the calendar")
    return wrong


def fuzz(
    count: int, seed: int = 1, keep: Path | None = None, log: Callable[[str], None] = print
) -> Outcome:
    """Run `count` mutants from `seed`; what went wrong, and the worst times."""
    from typer.testing import CliRunner

    runner = CliRunner()
    seeds = sources()
    outcome = Outcome()
    was = os.environ.get("TRIPPLAN_CACHE_DIR")
    try:
        with tempfile.TemporaryDirectory(prefix="tripplan-fuzz-") as folder:
            _fuzz(Path(folder), count, seed, keep, log, runner, seeds, outcome)
    finally:
        if was is None:
            os.environ.pop("TRIPPLAN_CACHE_DIR", None)
        else:
            os.environ["TRIPPLAN_CACHE_DIR"] = was
    return outcome


def _fuzz(
    work: Path,
    count: int,
    seed: int,
    keep: Path | None,
    log: Callable[[str], None],
    runner: Any,
    seeds: dict[str, bytes],
    outcome: Outcome,
) -> None:
    from tripplan.cli import app

    names = sorted(seeds)
    os.environ["TRIPPLAN_CACHE_DIR"] = str(work / "cache")
    original = work / "original.yaml"
    for n in range(count):
        mutant_seed = seed * 1_000_003 + n
        dice = random.Random(mutant_seed)
        name = dice.choice(names)
        data, ops = mutate(seeds[name], dice)
        original.write_bytes(seeds[name])
        mutant = work / "mutant.yaml"
        mutant.write_bytes(data)
        kind = "+".join(sorted(set(ops)))
        outcome.mutants += 1
        for command in ["check", "check-json", *_commands(dice)]:
            started = time.process_time()
            result = runner.invoke(app, _args(command, mutant, original, work))
            seconds = time.process_time() - started
            outcome.runs += 1
            for op in set(ops):
                outcome.note(f"input {op}", seconds, mutant_seed)
            outcome.note(f"command {command}", seconds, mutant_seed)
            wrong = _problems(command, result)
            if seconds > LIMIT:
                wrong.append(f"took {seconds:.1f} s of CPU (limit {LIMIT:g})")
            for what in wrong:
                key = f"{command}: {re.sub(r'[0-9]+', 'N', what)}"
                if key not in outcome.failures:
                    outcome.failures[key] = (mutant_seed, f"{name} ({kind})")
                    log(f"FAIL seed {mutant_seed} {name} ({kind}) {command}: {what}")
                    if keep is not None:
                        keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy(mutant, keep / f"{mutant_seed}-{command}.yaml")
            if command == "pin":
                mutant.write_bytes(data)  # the next command reads the mutant as made
        if (n + 1) % 1000 == 0:
            log(f"{n + 1} mutants, {outcome.runs} runs, {len(outcome.failures)} failures")


def reproduce(seed: int) -> tuple[str, bytes, list[str]]:
    """The mutant a seed makes: its source, its bytes and the mutations."""
    dice = random.Random(seed)
    seeds = sources()
    name = dice.choice(sorted(seeds))
    data, ops = mutate(seeds[name], dice)
    return name, data, ops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--count", type=int, default=1000, help="mutants to run (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the run's seed (default 1)")
    parser.add_argument("--keep", type=Path, help="copy each failing mutant into this folder")
    parser.add_argument("--show", type=int, metavar="SEED", help="print the mutant of a seed")
    args = parser.parse_args(argv)
    if args.show is not None:
        name, data, ops = reproduce(args.show)
        sys.stderr.write(f"{name}: {', '.join(ops)}\n")
        sys.stdout.buffer.write(data)
        return 0
    started = time.monotonic()
    outcome = fuzz(args.count, args.seed, args.keep)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(
        f"{outcome.mutants} mutants, {outcome.runs} runs in {time.monotonic() - started:.0f} s; "
        f"{len(outcome.failures)} distinct failures; peak memory {peak} MB"
    )
    for key, (seconds, seed) in sorted(outcome.worst.items()):
        print(f"  worst {key}: {seconds:.2f} s CPU (seed {seed})")
    for key, (seed, what) in sorted(outcome.failures.items()):
        print(f"  FAILURE {key} — seed {seed}, {what}")
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
