"""The machines staff use: any console code page, pipes that close, Windows-safe names.

Every command writes UTF-8, whatever the console's encoding says: Hong Kong PCs use
cp950 (which cannot even encode simplified Chinese), mainland ones cp936, western ones
cp1252, and a server's `LANG=C` is ASCII. Before, `show` and `diff` stopped with exit 2
and nothing written when redirected under those (`> file`, `| clip`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE

# A trip whose every output holds Chinese that no single legacy code page has: 杭 and 东
# are simplified (not in cp950), 龍 and 臺 traditional (not in cp936), and none is in
# cp1252 or ASCII.
TRIP = (
    BASE.replace("title: Test trip", "title: 杭州考察 Test trip")
    .replace(
        "    name: Hangzhou East Railway Station\n",
        "    name: Hangzhou East Railway Station\n    name_local: 杭州东站\n",
    )
    .replace("    name: AI campus\n", "    name: AI campus\n    name_local: 九龍臺科技園\n")
    .replace(
        "        duration: 1h\n",
        "        duration: 1h\n        status: tentative\n        host: {name: 杭州市政府}\n",
    )
)
LATER = TRIP.replace("host: {name: 杭州市政府}", "host: {name: 杭州市人民政府}")

CONSOLES = {
    "cp950": {"PYTHONIOENCODING": "cp950"},
    "cp936": {"PYTHONIOENCODING": "cp936"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    # A C locale without Python's own rescue (PEP 538 coercion, PEP 540 UTF-8 mode).
    "LANG=C": {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}
# Each command, its exit status, and Chinese its output must hold (stdout, or stderr for
# the error).
COMMANDS = {
    "check": (["check", "{trip}"], 0, "杭州市政府"),
    "check-json": (["check", "{trip}", "--format", "json"], 0, "杭州市政府"),
    "check-github": (["check", "{trip}", "--format", "github"], 0, "杭州市政府"),
    "show": (["show", "{trip}"], 0, "九龍臺科技園"),
    "show-markdown": (["show", "{trip}", "--format", "markdown"], 0, "九龍臺科技園"),
    "diff": (["diff", "{trip}", "{later}"], 1, "杭州市人民政府"),
    "diff-markdown": (["diff", "{trip}", "{later}", "--format", "markdown"], 1, "杭州市人民政府"),
    "export-stdout": (["export", "{trip}", "-o", "-"], 0, "九龍臺科技園"),
    "export": (["export", "{trip}", "-o", "{folder}/日程.ics"], 0, "日程.ics"),
    "brief": (["brief", "{trip}", "-o", "{folder}/簡報.html"], 0, "簡報.html"),
    "geocode": (["geocode", "{trip}"], 0, ""),
    "sequence": (["sequence", "{trip}"], 0, ""),
    "publish": (["publish", "{trip}", "-o", "{folder}/網站"], 0, "網站"),
    "publish-json": (["publish", "{trip}", "-o", "{folder}/網站", "--format", "json"], 0, "網站"),
    "publish-error": (["publish", "{trip}", "-o", "{folder}/網站", "--rotate", "無人"], 2, "無人"),
    "schema": (["schema"], 0, ""),
    "help": (["show", "--help"], 0, ""),
    "error": (["check", "{folder}/不在.yaml"], 2, "不在.yaml"),
}
# Under a C locale Python cannot know the encoding of a file name or of an argument: it
# is shown escaped.
NAMED_BY_FILE = ("export", "brief", "error", "publish", "publish-json", "publish-error")


def _env(console: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIO", "LC_"))}
    env.pop("PYTHONUTF8", None)
    env.update(CONSOLES[console], TRIPPLAN_CACHE_DIR=str(tmp / "cache"), COLUMNS="300")
    return env


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("console", CONSOLES)
def test_every_command_writes_utf8_whatever_the_console_encoding(tmp_path, console, command):
    (tmp_path / "trip.yaml").write_text(TRIP, encoding="utf-8")
    (tmp_path / "later.yaml").write_text(LATER, encoding="utf-8")
    words, status, chinese = COMMANDS[command]
    names = {"trip": tmp_path / "trip.yaml", "later": tmp_path / "later.yaml"}
    args = [w.format(folder=tmp_path, **names) for w in words]
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", *args],
        capture_output=True,
        env=_env(console, tmp_path),
        cwd=tmp_path,
        check=False,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # never mojibake
    assert done.returncode == status, err
    assert "Traceback" not in err
    assert "internal error" not in err
    if not (console == "LANG=C" and command in NAMED_BY_FILE):
        assert chinese in (err if status == 2 else out)
    if status != 2:
        assert out.strip()


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--help"],
        ["check", "{trip}"],
        ["show", "{trip}"],
        ["show", "{trip}", "--format", "markdown"],
        ["export", "{trip}", "-o", "-"],
        ["diff", "{trip}", "{later}"],
        ["schema"],
    ],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path, args):
    # `tripplan show trip.yaml | head`: the pipe closes before everything is written.
    (tmp_path / "trip.yaml").write_text(TRIP, encoding="utf-8")
    (tmp_path / "later.yaml").write_text(LATER, encoding="utf-8")
    names = {"trip": tmp_path / "trip.yaml", "later": tmp_path / "later.yaml"}
    env = {**os.environ, "TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    with subprocess.Popen(
        [sys.executable, "-m", "tripplan", *(a.format(**names) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()  # before the command has written anything
        err = process.stderr.read().decode("utf-8")
        process.wait(timeout=120)
    assert err == ""
    assert process.returncode in (0, 1)


# --- Windows (tested on Linux: what Windows refuses is faked, the rest is the same code) ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("con", "con_"),
        ("NUL", "NUL_"),
        ("com1", "com1_"),
        ("lpt9", "lpt9_"),
        ("console", "console"),
    ],
)
def test_file_names_are_never_windows_devices(text, name):
    from tripplan.files import safe_name

    assert safe_name(text) == name
    assert len(safe_name("x" * 400)) <= 120


def test_a_replace_windows_refuses_while_the_file_is_open_is_tried_again(tmp_path, monkeypatch):
    from tripplan import files

    target = tmp_path / "trip.ics"
    target.write_bytes(b"old")
    real = os.replace
    refusals = []

    def held_open_twice(source, destination):
        if len(refusals) < 2:  # Windows: "being used by another process"
            refusals.append(destination)
            raise PermissionError(13, "The process cannot access the file")
        real(source, destination)

    monkeypatch.setattr(files, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(os, "replace", held_open_twice)
    files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(refusals) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]  # no temporary left


def test_a_file_held_open_for_good_is_one_error_and_no_temporary_is_left(tmp_path, monkeypatch):
    from tripplan import files
    from tripplan.errors import TripplanError

    target = tmp_path / "trip.ics"
    target.write_bytes(b"old")

    def always_held(source, destination):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(files, "REPLACE_PAUSE", 0.0)
    monkeypatch.setattr(os, "replace", always_held)
    with pytest.raises(TripplanError, match=r"trip\.ics: cannot be written \(The process"):
        files.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_a_published_folder_is_replaced_whole_with_or_without_an_atomic_exchange(
    tmp_path, monkeypatch, platform
):
    # Linux exchanges the two folders in one step (renameat2); Windows and macOS have no
    # such call, and the old folder is renamed aside, then the new one in.
    from tripplan import files

    monkeypatch.setattr(sys, "platform", platform)
    site, built = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "old.ics").write_text("old", encoding="utf-8")
    built.mkdir()
    (built / "new.ics").write_text("new", encoding="utf-8")
    files.replace_folder(built, site)
    assert [p.name for p in site.iterdir()] == ["new.ics"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # nothing aside is left
