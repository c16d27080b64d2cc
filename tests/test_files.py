"""Safe rewrites and outputs: `sequence --pin`, `geocode --write`, `export` and `brief`
write only what they mean to, where they mean to, or refuse on one line.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from conftest import BASE, dedent
from hostile_http import Hostile, serve
from tripplan.errors import TripplanError
from tripplan.files import write_atomically

# Three flexible visits: `sequence --pin` gives each a start.
FLEXIBLE = dedent("""
    version: 1
    trip: {id: t, title: T, timezone: Asia/Shanghai, start: 2025-03-03, end: 2025-03-03}
    people:
      yan: {name: Yan}
    venues:
      a: {name: A, location: [22.53, 113.93]}
      b: {name: B, location: [22.54, 113.95]}
    days:
      - date: 2025-03-03
        events:
          - id: first
            title: First
            venue: a
            window: ["09:00", "12:00"]
            duration: 1h
          - id: second
            title: Second
            venue: b
            window: ["09:00", "17:00"]
            duration: 1h
""")
# A venue only the gazetteer knows: `geocode --write` adds its location.
LOCATABLE = BASE


def _one_error(result, says: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr, result.stderr


def _no_temporaries(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


# --- rewriting the itinerary ------------------------------------------------------------


def test_pin_refuses_a_file_saved_while_it_ran(tripplan, write):
    # A colleague saves the trip (a new first event) while tripplan waits for OSRM: the
    # starts were chosen for the file as it was, and the event indexes no longer match.
    path = write(FLEXIBLE)
    colleague = FLEXIBLE.replace(
        "    events:\n",
        "    events:\n      - {id: new, title: New, venue: a, start: '08:00', duration: 30m}\n",
    )
    assert colleague != FLEXIBLE

    def table(request_path: str) -> object:
        path.write_text(colleague, encoding="utf-8")
        return {"code": "Ok", "durations": [[0, 600], [600, 0]]}

    with serve(Hostile(ok=table)) as osrm:
        result = tripplan("sequence", path, "--pin", "--router", "osrm", "--osrm-url", osrm.url)
    _one_error(result, "changed on disk while tripplan was working; nothing written")
    assert path.read_text(encoding="utf-8") == colleague
    _no_temporaries(path.parent)


def test_a_write_checks_the_file_just_before_the_swap(tmp_path):
    path = tmp_path / "trip.yaml"
    path.write_bytes(b"saved by a colleague\n")
    with pytest.raises(TripplanError, match="changed on disk while tripplan was working"):
        write_atomically(path, b"ours\n", expected=b"what we read\n")
    assert path.read_bytes() == b"saved by a colleague\n"
    _no_temporaries(tmp_path)


def test_pin_keeps_a_byte_order_mark(tripplan, write):
    path = write(FLEXIBLE)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = tripplan("sequence", path, "--pin")
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"pinned by tripplan sequence") == 2
    assert tripplan("check", path).exit_code == 0


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_rewrites_keep_the_files_line_ends(tripplan, write, newline):
    pinned = write(FLEXIBLE.replace("\n", newline), "pinned.yaml")
    assert tripplan("sequence", pinned, "--pin").exit_code == 0
    located = write(LOCATABLE.replace("\n", newline), "located.yaml")
    assert tripplan("geocode", located, "--write").exit_code in (0, 1)
    for path, added in ((pinned, b"pinned by tripplan sequence"), (located, b"location:")):
        data = path.read_bytes()
        assert added in data
        other = b"\n" if newline == "\r" else b"\r"
        assert data.replace(newline.encode(), b"").count(other) == 0, data


def test_rewrites_refuse_a_read_only_file(tripplan, write):
    for path, args in (
        (write(FLEXIBLE, "pin.yaml"), ("sequence", "--pin")),
        (write(LOCATABLE, "write.yaml"), ("geocode", "--write")),
    ):
        before = path.read_bytes()
        path.chmod(0o444)
        result = tripplan(args[0], path, args[1])
        _one_error(result, "is read-only; nothing written")
        assert path.read_bytes() == before
        assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_rewrites_refuse_to_break_a_hard_link(tripplan, write, tmp_path):
    path = write(FLEXIBLE)
    other = tmp_path / "the-same-file.yaml"
    os.link(path, other)
    result = tripplan("sequence", path, "--pin")
    _one_error(result, "has 2 hard links, which replacing it would break")
    assert path.read_bytes() == other.read_bytes() == FLEXIBLE.encode()
    assert path.stat().st_ino == other.stat().st_ino


def test_rewrites_keep_owner_and_mode(tripplan, write):
    if os.geteuid() != 0:
        pytest.skip("keeping another user's ownership needs root (chown)")
    path = write(FLEXIBLE)
    os.chown(path, 4321, 4321)
    path.chmod(0o664)
    assert tripplan("sequence", path, "--pin").exit_code == 0
    status = path.stat()
    assert (status.st_uid, status.st_gid) == (4321, 4321)
    assert stat.S_IMODE(status.st_mode) == 0o664
    assert b"pinned by tripplan sequence" in path.read_bytes()


# --- outputs ------------------------------------------------------------------------------


def test_export_onto_a_fifo_is_refused_not_waited_on(write, tmp_path):
    # A real process with a timeout: a regression would block forever.
    path = write(BASE)
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "tripplan", "export", str(path), "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"error: {fifo}: is a FIFO (named pipe), not a file; give a file name\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_onto_a_symbolic_link_loop_is_one_line(tripplan, write, tmp_path):
    a, b = tmp_path / "a.ics", tmp_path / "b.ics"
    a.symlink_to(b)
    b.symlink_to(a)
    for output in (a, tmp_path / "loop" / "x.ics"):
        if output.parent.name == "loop":
            (tmp_path / "loop").symlink_to(tmp_path / "loop")
        _one_error(tripplan("export", write(BASE), "-o", output), "loop of symbolic links")
    (tmp_path / "c.html").symlink_to(tmp_path / "d.html")
    (tmp_path / "d.html").symlink_to(tmp_path / "c.html")
    brief = tripplan("brief", write(BASE), "-o", tmp_path / "c.html")
    assert brief.exit_code == 2
    assert "loop of symbolic links" in brief.stderr


def test_an_output_in_a_folder_that_does_not_exist_is_refused_not_made(tripplan, write, tmp_path):
    path = write(BASE)
    for command, name in (("brief", "x.pdf"), ("export", "x.ics")):
        output = tmp_path / "not" / "there" / name
        _one_error(
            tripplan(command, path, "-o", output),
            f"{output}: the folder {output.parent} does not exist; nothing written",
        )
        assert not (tmp_path / "not").exists()
    # With --split, -o names the folder to write in: made, but not its parent.
    assert tripplan("export", path, "--split", "day", "-o", tmp_path / "days").exit_code == 0
    assert len(list((tmp_path / "days").glob("*.ics"))) == 2
    run = tripplan("export", path, "--split", "day", "-o", tmp_path / "not" / "days")
    _one_error(run, f"the folder {tmp_path / 'not'} does not exist")
    assert not (tmp_path / "not").exists()


def test_export_onto_a_dangling_symbolic_link(tripplan, write, tmp_path):
    nowhere = tmp_path / "not" / "there" / "calendar.ics"
    link = tmp_path / "link.ics"
    link.symlink_to(nowhere)
    _one_error(tripplan("export", write(BASE), "-o", link), "in a folder that does not exist")
    assert not (tmp_path / "not").exists()
    # A link to a file not written yet, in a folder that exists: written there, as cp does.
    later = tmp_path / "later.ics"
    link.unlink()
    link.symlink_to(later)
    assert tripplan("export", write(BASE), "-o", link).exit_code == 0
    assert link.is_symlink()
    assert later.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_a_split_export_on_a_full_disk_changes_none_of_the_set(
    tripplan, write, tmp_path, monkeypatch
):
    path = write(BASE)
    out = tmp_path / "calendars"
    assert tripplan("export", path, "--split", "person", "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 2
    path.write_text(BASE.replace("title: Studio visit", "title: Studio tour"), encoding="utf-8")
    real_fsync = os.fsync
    calls = []

    def full_after_one(fd: int) -> None:  # the disk fills up while the second file is written
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_after_one)
    result = tripplan("export", path, "--split", "person", "-o", out)
    _one_error(result, "cannot be written (No space left on device); nothing written")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert tripplan("export", path, "--split", "person", "-o", out).exit_code == 0
    assert all(b"Studio tour" in p.read_bytes() for p in out.iterdir())


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t.replace("SEQUENCE:0", "SEQUENCE:²", 1), "SEQUENCE '²'"),
        (lambda t: t.replace("SEQUENCE:0", "SEQUENCE:x", 1), "SEQUENCE 'x'"),
        (lambda t: t.replace("DTSTAMP:", "DTSTAMP:yesterday", 1), "DTSTAMP"),
        (lambda t: t.replace("STATUS:CONFIRMED", "STATUS CONFIRMED", 1), "is not a property"),
        (
            lambda t: t.replace(
                "DTSTART;TZID=Asia/Shanghai:2025022", "DTSTART;TZID=Asia/Shanghai:2025132", 1
            ),
            "a date that does not exist",
        ),
        (lambda t: t[: t.rindex("END:VEVENT")], "cut short"),
        (lambda t: t.replace("T", "\udcff", 1), "not UTF-8"),
    ],
)
def test_a_hand_edited_previous_export_is_taken_as_none_with_a_warning(
    tripplan, write, tmp_path, edit, says
):
    path = write(BASE)
    out = tmp_path / "calendar.ics"
    assert tripplan("export", path, "-o", out).exit_code == 0
    edited = edit(out.read_bytes().decode("utf-8"))
    out.write_bytes(edited.encode("utf-8", "surrogateescape"))
    path.write_text(BASE.replace("title: Studio visit", "title: Studio tour"), encoding="utf-8")
    result = tripplan("export", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"warning: {out}: the earlier export cannot be read back (")
    assert says in result.stderr
    assert result.stderr.count("\n") == 1
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} >= {"Studio tour"}
