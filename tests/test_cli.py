"""The `tripplan` command as staff and scripts use it: output, exit status, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE, EXAMPLES, ROOT
from tripplan.cli import app

DATA = sorted((Path(__file__).parent / "data").glob("*.yaml"))
BAD = BASE.replace("venue: campus", "venue: campsu").replace(
    "        duration: 1h\n", "        duration: 1h\n        status: tentative\n"
)


def test_clean_file_exits_0_with_a_summary(tripplan, write):
    run = tripplan("check", write(BASE))
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "0 errors, 0 warnings in 1 file"
    assert "trip.yaml: no problems" in run.stdout


def test_problems_are_one_line_each_in_file_order(tripplan, write):
    path = write(BAD)
    run = tripplan("check", path)
    assert run.exit_code == 1, run.stdout
    assert run.stdout.splitlines() == [
        f"{path}:45:16: error unknown-ref: event 'founders': venue 'campsu' is not one of the "
        "venues; did you mean 'campus'?",
        f"{path}:48:17: warning tentative: event 'founders' is tentative; confirm it with the "
        "host before circulating, then set status: confirmed",
        "1 error, 1 warning in 1 file",
    ]
    assert run.stderr == ""


def test_warnings_alone_exit_0_unless_strict(tripplan, write):
    path = write(
        BASE.replace(
            "    events:\n      - id: train",
            "    events:\n      - id: train\n        status: tentative",
            1,
        )
    )
    assert tripplan("check", path).exit_code == 0
    assert tripplan("check", "--strict", path).exit_code == 1


def test_json_output_matches_the_format_document(tripplan, write):
    path = write(BAD)
    run = tripplan("check", "--format", "json", path)
    assert run.exit_code == 1
    assert run.json() == {
        "files": [
            {
                "file": str(path),
                "problems": [
                    {
                        "code": "unknown-ref",
                        "severity": "error",
                        "message": "event 'founders': venue 'campsu' is not one of the venues; "
                        "did you mean 'campus'?",
                        "line": 45,
                        "column": 16,
                        "event": "founders",
                    },
                    {
                        "code": "tentative",
                        "severity": "warning",
                        "message": "event 'founders' is tentative; confirm it with the host "
                        "before circulating, then set status: confirmed",
                        "line": 48,
                        "column": 17,
                        "event": "founders",
                    },
                ],
            }
        ],
        "errors": 1,
        "warnings": 1,
    }


def test_json_for_a_clean_file(tripplan, write):
    run = tripplan("check", "-f", "json", write(BASE))
    assert run.exit_code == 0
    assert run.json()["errors"] == 0
    assert run.json()["files"][0]["problems"] == []


def test_several_files_and_a_folder(tripplan, write, tmp_path):
    write(BASE, "a.yaml")
    write(BAD, "b.yml")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text("not: [valid")
    (tmp_path / "notes.txt").write_text("ignored")
    run = tripplan("check", "-f", "json", tmp_path)
    assert [f["file"] for f in run.json()["files"]] == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yml"),
    ]
    assert run.exit_code == 1
    text = tripplan("check", tmp_path)
    assert text.stdout.splitlines()[-1] == "1 error, 1 warning in 2 files"


def test_missing_file_exits_2_on_stderr(tripplan, tmp_path):
    run = tripplan("check", tmp_path / "nope.yaml")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert (
        run.stderr == f"error: {tmp_path / 'nope.yaml'}: no such file or folder; check the path\n"
    )


def test_empty_folder_exits_2(tripplan, tmp_path):
    run = tripplan("check", tmp_path)
    assert run.exit_code == 2
    assert "no itineraries" in run.stderr


def test_bad_option_exits_2(tripplan, write):
    run = tripplan("check", "--format", "xml", write(BASE))
    assert run.exit_code == 2
    # In the user's words: no "Value error," from the library that checked it.
    assert " ".join(run.stderr.split()).startswith(
        "error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', "
        "'github'; see '"
    )
    assert tripplan("check").exit_code == 2


def test_yaml_error_exits_1_not_2(tripplan, write):
    run = tripplan("check", write("trip: [unclosed\n"))
    assert run.exit_code == 1
    assert ": error yaml: not valid YAML" in run.stdout


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_no_test_file_makes_a_traceback(tripplan, path):
    for args in (["check", path], ["check", "--format", "json", path]):
        run = tripplan(*args)
        assert run.exit_code in (0, 1), run.stdout + run.stderr
        assert "internal error" not in run.stderr
        assert run.stdout


def test_every_problem_has_a_place_in_test_data(tripplan):
    run = tripplan("check", "-f", "json", *DATA)
    for report in run.json()["files"]:
        for problem in report["problems"]:
            assert problem["line"] is None or problem["line"] >= 1
            assert problem["message"]


def test_oversized_file_is_a_yaml_problem(tripplan, write):
    path = write("# padding\n" * (2 * 1024 * 1024))
    run = tripplan("check", path)
    assert run.exit_code == 1
    assert "error yaml: the file is 20 MiB; tripplan reads itineraries up to 16 MiB" in run.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_an_endless_file_is_read_no_further_than_the_limit(tripplan, tmp_path):
    # A device says it holds nothing: read as it came, it would fill the memory.
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    run = tripplan("check", tmp_path / "zero.yaml")
    assert run.exit_code == 1
    assert "error yaml: the file is over 16 MiB; tripplan reads itineraries up to 16 MiB" in (
        run.stdout
    )


def test_a_link_round_in_a_loop_is_not_called_missing(tripplan, tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    run = tripplan("check", tmp_path / "a.yaml")
    assert run.exit_code == 2
    assert "a.yaml: a link to nothing that can be read; check where it points" in run.stderr


def test_no_colour_when_not_a_terminal(tripplan, write):
    assert "\x1b[" not in tripplan("check", write(BAD)).stdout


def test_colour_on_request_and_no_color_respected(write, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.setenv("FORCE_COLOR", "1")
    path = str(write(BAD))
    coloured = CliRunner().invoke(app, ["check", path]).stdout
    assert "\x1b[31m" in coloured or "\x1b[1;31m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(app, ["check", path]).stdout
    assert "31m" not in plain


@pytest.mark.parametrize("command", ["check", "schema"])
def test_every_command_has_help_with_an_example(tripplan, command):
    run = tripplan(command, "--help")
    assert run.exit_code == 0
    assert "Example" in run.stdout
    assert f"tripplan {command}" in run.stdout


def test_schema_is_json_schema_of_the_format(tripplan):
    run = tripplan("schema")
    assert run.exit_code == 0
    schema = json.loads(run.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == {
        "version",
        "trip",
        "people",
        "venues",
        "vehicles",
        "contacts",
        "days",
    }
    event = schema["$defs"]["Event"]
    assert event["additionalProperties"] is False
    assert "from" in event["properties"]
    assert event["properties"]["start"]["anyOf"][0]["pattern"]


def test_schema_accepts_the_examples(tripplan):
    import jsonschema

    import yaml12

    schema = json.loads(tripplan("schema").stdout)
    for path in EXAMPLES:
        # Read as editors' language servers read it (YAML 1.2: dates are strings).
        jsonschema.validate(yaml12.load(path.read_text()), schema)


def test_version(tripplan):
    run = tripplan("--version")
    assert run.exit_code == 0
    assert run.stdout.startswith("tripplan ")


def test_real_command_in_a_subprocess(tmp_path):
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "check", str(EXAMPLES[0])],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("0 errors")


@pytest.mark.parametrize(("args", "status"), [(["check"], 0), (["check", "--format", "nope"], 2)])
def test_the_process_ends_when_its_output_is_out(tmp_path, args, status):
    # A command's objects are not freed one by one at exit (a tenth of a large `show`):
    # the process ends once stdout and stderr are flushed, so the interpreter's exit
    # handlers never run; what was written is all there, with the command's status.
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('torn down\\n'))\n"
        f"sys.argv = ['tripplan', *{args!r}, {str(EXAMPLES[0])!r}]\n"
        "from tripplan.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == status, done.stderr
    assert "torn down" not in done.stderr
    if status == 0:
        assert done.stdout.splitlines()[-1].startswith("0 errors")
    else:
        assert done.stderr.startswith("error: ")


# What `tripplan check` must never import: it starts on every save (benchmarks/check.py
# measures it). importlib.metadata is pydantic's plugin scan and a version lookup;
# noto_cjk_sans_otc is the font package; babel and docx are the briefing pack's; starlette
# and uvicorn serve's. Only the very first run computes holidays, with the `holidays`
# package (which reads its own metadata); every later one reads the cache.
HEAVY = (
    "geopy",
    "icalendar",
    "fpdf",
    "noto_cjk_sans_otc",
    "babel",
    "docx",
    "ruamel.yaml",
    "rich",
    "starlette",
    "uvicorn",
    # Only `tripplan schema` builds the JSON Schema (with the list of every time zone).
    "tripplan.format.schema",
)
WARM = ("importlib.metadata", "holidays")


def _imported_by_check(path: Path, env: dict[str, str], watched: tuple[str, ...]) -> str:
    code = (
        "import sys\n"
        "from tripplan.cli import run\n"
        f"sys.argv = ['tripplan', 'check', {str(path)!r}]\n"
        "try:\n    run()\n"
        "except SystemExit:\n    pass\n"
        f"print('IMPORTED', [m for m in {watched!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize("trip", ["bundled", "without-coordinates"])
def test_heavy_libraries_are_not_imported_by_check(tmp_path, trip):
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    path = EXAMPLES[0]
    if trip == "without-coordinates":  # venues looked up offline (gazetteer), not by geopy
        path = tmp_path / "trip.yaml"
        path.write_text(BASE, encoding="utf-8")
    assert "IMPORTED []" in _imported_by_check(path, env, HEAVY)
    assert "IMPORTED []" in _imported_by_check(path, env, HEAVY + WARM)


def test_icalendar_is_the_python_apis_and_geopy_online_geocodings(tmp_path):
    # Every command run in one interpreter, as a user would run them one after another;
    # none may load icalendar (the API's build_calendar returns its objects) or geopy
    # (only `geocode --provider NAME` asks a service online).
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    trip, later = tmp_path / "trip.yaml", tmp_path / "later.yaml"
    trip.write_text(BASE, encoding="utf-8")
    later.write_text(BASE.replace("title: Test trip", "title: Test trip 2"), encoding="utf-8")
    commands = [
        ["check", trip],
        ["show", trip],
        ["show", trip, "--format", "markdown"],
        ["diff", trip, later],
        ["export", trip, "-o", tmp_path / "trip.ics"],
        ["export", trip, "-o", tmp_path / "trip.ics"],  # again: the earlier file is read
        ["brief", trip, "-o", tmp_path / "brief.html"],
        ["sequence", trip],
        ["geocode", trip],
        ["publish", trip, "-o", tmp_path / "site"],
        ["schema"],
    ]
    code = (
        "import sys\n"
        "from tripplan.cli import run\n"
        f"for args in {[[str(a) for a in c] for c in commands]!r}:\n"
        "    sys.argv = ['tripplan', *args]\n"
        "    try:\n        run()\n"
        "    except SystemExit as e:\n"
        "        print('EXIT', args[0], e.code)\n"
        "print('IMPORTED', [m for m in ('icalendar', 'geopy') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    said = done.stdout + done.stderr
    assert "IMPORTED []" in said, said
    exits = re.findall(r"^EXIT (\S+) (\S+)$", done.stdout, re.MULTILINE)
    assert len(exits) == len(commands), said
    assert all(status in ("0", "1", "None") for _, status in exits), exits


def test_main_builds_only_the_command_asked_for_but_helps_with_all(tmp_path):
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "tripplan"]
    listing = subprocess.run([*run, "--help"], capture_output=True, text=True, env=env, check=False)
    for command in ("check", "diff", "export", "publish", "serve", "show", "brief", "schema"):
        assert f" {command} " in listing.stdout
    schema = subprocess.run([*run, "schema"], capture_output=True, text=True, env=env, check=False)
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["title"] == "tripplan itinerary"


# --- help, completion, CI annotations ----------------------------------------------------

COMMAND_NAMES = ("check", "diff", "export", "show", "brief", "geocode", "sequence", "schema")


@pytest.mark.parametrize("command", ["", *COMMAND_NAMES])
def test_help_names_values_not_python_types(tripplan, command):
    run = tripplan(*([command] if command else []), "--help")
    assert run.exit_code == 0, run.stderr
    assert not re.search(r"<(bool|str|int|path|list\[\w+\]|[\w|]+)>", run.stdout), run.stdout
    assert "{" not in run.stdout.split("Usage:")[1].splitlines()[0]  # no {paths}...
    if command:
        assert "Example" in run.stdout


def test_help_says_what_to_write():
    env = {**os.environ, "COLUMNS": "200"}
    show = subprocess.run(
        [sys.executable, "-m", "tripplan", "show", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    ).stdout
    assert re.search(r"--day\s+YYYY-MM-DD", show)
    assert re.search(r"--person\s+ID", show)
    assert re.search(r"--format\s+-f\s+text\|markdown", show)
    assert re.search(r"--hide-cancelled\s+Leave cancelled", show)  # a flag: no value


# Completion is keyed to the program's name: the installed `tripplan` command.
TRIPPLAN = Path(sys.executable).with_name("tripplan")


def _complete(words: str, cwd: Path, shell: str = "bash") -> list[str]:
    env = {**os.environ, "_TRIPPLAN_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words}
    done = subprocess.run(
        [str(TRIPPLAN)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=60,  # a completion that hangs fails, rather than hanging the tests
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_offers_the_ids_of_the_itinerary_being_edited(tmp_path):
    (tmp_path / "trip.yaml").write_text(BASE, encoding="utf-8")
    assert _complete("tripplan show trip.yaml --person ", tmp_path) == ["yan", "ko"]
    assert _complete("tripplan export trip.yaml --person k", tmp_path) == ["ko"]
    assert _complete("tripplan show trip.yaml --day 2025-02-2", tmp_path) == [
        "2025-02-25",
        "2025-02-26",
    ]
    assert _complete("tripplan geocode trip.yaml --venue ", tmp_path) == [
        "west-kowloon",
        "hangzhou-east",
        "campus",
        "studio",
    ]
    assert _complete("tripplan ch", tmp_path) == ["check"]
    # A file being edited, broken further down, still completes what can be read.
    (tmp_path / "editing.yaml").write_text(BASE + "  - date: [unclosed\n", encoding="utf-8")
    assert _complete("tripplan show editing.yaml --person ", tmp_path) == []
    (tmp_path / "editing.yaml").write_text(BASE.replace("venues:", "venues:\n  bad: 3"), "utf-8")
    assert _complete("tripplan show editing.yaml --person y", tmp_path) == ["yan"]
    # What the shell prints beside a value shows controls as their escapes, and is cut
    # short; a value with a control character is no id.
    hostile = BASE.replace("name: Ko Wing-sze", 'name: "Ko \\u202eevil\\u0085 Wing-sze [bold]of"')
    hostile = hostile.replace("people:\n", 'people:\n  "k\\x1b[31m": {name: K}\n')
    long = "Hong Kong West Kowloon Station, departure hall of the Express Rail Link"
    hostile = hostile.replace("name: Hong Kong West Kowloon Station", f"name: {long}")
    (tmp_path / "hostile.yaml").write_text(hostile, encoding="utf-8")
    described = " ".join(_complete("tripplan show hostile.yaml --person k", tmp_path, "zsh"))
    assert described == """_arguments '*: :(("ko":"Ko \\u202eevil Wing-sze [bold]of"))'"""
    venue = " ".join(_complete("tripplan geocode hostile.yaml --venue west", tmp_path, "zsh"))
    # Cut short: typer wraps a description longer than the terminal inside zsh's list.
    assert venue == (
        """_arguments '*: :(("west-kowloon":"Hong Kong West Kowloon Station, departure hall of…"))'"""
    )
    # A pipe named like an itinerary completes nothing, at once (reading it would wait
    # for a writer, and hang the shell).
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        assert _complete("tripplan show pipe.yaml --person ", tmp_path) == []


def test_completion_installs_with_typer(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    shown = subprocess.run(
        [str(TRIPPLAN), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "_TRIPPLAN_COMPLETE=complete_bash" in shown.stdout


def test_check_annotates_github_actions(tripplan, write):
    text = BASE.replace("venue: campus", "venue: campsu").replace(
        '        end: "11:00"\n',
        "        end: \"11:00\"\n        status: tentative\n        host: {name: 'Ops 50% desk'}\n",
    )
    run = tripplan("check", write(text), "--format", "github")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    error = next(line for line in lines if line.startswith("::error "))
    assert re.fullmatch(
        r"::error file=[^,]*trip\.yaml,line=\d+,col=\d+,title=unknown-ref::event 'founders': "
        r"venue 'campsu' is not one of the venues; did you mean 'campus'\?",
        error,
    ), error
    warning = next(line for line in lines if line.startswith("::warning "))
    assert "title=tentative::" in warning
    assert "confirm it with Ops 50%25 desk" in warning  # % would start an escape
    assert lines[-1] == "1 error, 1 warning in 1 file"
