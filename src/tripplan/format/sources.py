"""Where itinerary text comes from: a file, or a file as it was in a git revision.

The read stage of the pipeline: bytes to text, with the limits every itinerary gets
(size, UTF-8); a file that is too large or not text is a `yaml` problem at line 1, a
file that cannot be read at all is a TripplanError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.format.yamldoc import MAX_BYTES, Document, Positions, decode, read_yaml
from tripplan.problems import Problem


@dataclass(frozen=True, slots=True)
class Source:
    """An itinerary's text as read, or the problem that kept it from being read."""

    name: str  # what messages call it: the path as given, or REV:path
    text: str | None
    problem: Problem | None = None
    folder: Path | None = None  # the folder of a file on disk (an office registry may be there)


def from_file(path: str | Path) -> Source:
    """The text of the itinerary in `path`."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        raw = b""
        if size <= MAX_BYTES:
            # No more than the limit, whatever the size said: a device or a pipe says 0
            # (/dev/zero would be read until memory ran out).
            with path.open("rb") as file:
                raw = file.read(MAX_BYTES + 1)
        if size > MAX_BYTES or len(raw) > MAX_BYTES:
            mib = MAX_BYTES // (1024 * 1024)
            big = f"{size / (1024 * 1024):.0f} MiB" if size > MAX_BYTES else f"over {mib} MiB"
            problem = Problem.of(
                "yaml",
                f"the file is {big}; tripplan reads itineraries up to {mib} MiB: split the "
                "trip or check this is the right file",
            ).at(1, 1)
            return Source(name, None, problem, path.parent)
    except FileNotFoundError:
        raise TripplanError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise TripplanError(f"{path}: is a folder; give an itinerary file") from None
    except PermissionError:
        raise TripplanError(f"{path}: permission denied; check who can read it") from None
    except OSError as e:
        raise TripplanError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        text = decode(raw)
    except UnicodeDecodeError as e:
        return Source(name, None, Problem.of("yaml", e.reason).at(e.start, 1), path.parent)
    return Source(name, text, None, path.parent)


def read_document(path: str | Path) -> Document:
    """Any other YAML file tripplan opens (an office's venue registry, the gazetteer's
    hubs), read with the limits of itineraries: size, UTF-8, aliases, depth, duplicate
    keys; their breaches are `yaml` problems, an unreadable file a TripplanError."""
    source = from_file(path)
    if source.text is None:
        return Document(None, Positions(), [source.problem] if source.problem else [])
    return read_yaml(source.text)


def from_spec(spec: str, *, since: str | None = None) -> Source:
    """Read `spec`: a path, or `REV:path` for the path as it was in git revision REV.

    With `since`, `spec` is a path and the side read is that path at revision `since`.
    """
    if since is not None:
        return from_revision(since, spec)
    path = Path(spec)
    if not path.exists() and ":" in spec:
        revision, _, file = spec.partition(":")
        if revision and file:
            return from_revision(revision, file)
    return from_file(path)


# A revision as people write one (HEAD~1, main, v1.2, a1b2c3d, @{yesterday}): never an
# option (git would obey `--output=FILE`), no spaces, controls or colons.
_REVISION = re.compile(r"[^-\s:\x00-\x1f\x7f][^\s:\x00-\x1f\x7f]*")


def from_revision(revision: str, file: str) -> Source:
    """The text of `file` as it was in git revision `revision`."""
    import shutil
    import subprocess  # here: `check` never asks git, and starts on every save

    if not _REVISION.fullmatch(revision):
        raise TripplanError(
            f"{revision!r} is not a git revision; give a commit, branch or tag such as HEAD~1"
        )
    git = shutil.which("git")
    if git is None:
        raise TripplanError("git is not installed: give two files to compare instead")
    path = Path(file)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TripplanError(f"{file}: no such folder; check the path")
    label = f"{revision}:{file}"
    # Revisions go after --end-of-options, so that git reads nothing in them as an option.
    commit = subprocess.run(
        [
            git,
            "-C",
            str(folder),
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{revision}^{{commit}}",
        ],
        capture_output=True,
        check=False,
    )
    sha = commit.stdout.decode("ascii", "replace").strip()
    if commit.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", sha):
        raise TripplanError(f"{label}: cannot be read from git ({revision!r} is not a commit here)")
    # "./name" makes git read the path relative to `folder`, not to the repository root.
    done = subprocess.run(
        [git, "-C", str(folder), "show", "--end-of-options", f"{sha}:./{path.name}"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else "git failed"
        raise TripplanError(f"{label}: cannot be read from git ({detail})")
    try:
        text = done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TripplanError(f"{label}: is not UTF-8 text") from None
    return Source(label, text)
