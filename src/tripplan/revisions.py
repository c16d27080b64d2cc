"""The two sides of a diff: files on disk, or a file as it was in a git revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.loader import Loaded, parse, parse_file


def load_side(spec: str, *, since: str | None = None) -> Loaded:
    """Read `spec`: a path, or `REV:path` for the path as it was in git revision REV.

    With `since`, `spec` is a path and the side read is that path at revision `since`.
    """
    if since is not None:
        return _from_git(since, spec)
    path = Path(spec)
    if not path.exists() and ":" in spec:
        revision, _, file = spec.partition(":")
        if revision and file:
            return _from_git(revision, file)
    return parse_file(path)


def _from_git(revision: str, file: str) -> Loaded:
    git = shutil.which("git")
    if git is None:
        raise TripplanError("git is not installed: give two files to compare instead")
    path = Path(file)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TripplanError(f"{file}: no such folder; check the path")
    # "./name" makes git read the path relative to `folder`, not to the repository root.
    done = subprocess.run(
        [git, "-C", str(folder), "show", f"{revision}:./{path.name}"],
        capture_output=True,
        check=False,
    )
    label = f"{revision}:{file}"
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = reason[-1] if reason else "git failed"
        raise TripplanError(f"{label}: cannot be read from git ({detail})")
    try:
        text = done.stdout.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TripplanError(f"{label}: is not UTF-8 text") from None
    return parse(text, label)
