"""The pre-commit hook (.pre-commit-hooks.yaml), tried as an office would use it.

`pre-commit try-repo` installs tripplan from this repository (its working tree) into a
fresh environment, as `repo:` in an office's .pre-commit-config.yaml would, and runs the
hook on a temporary repository of trips. It needs git and pre-commit (in the test
extra), and installs tripplan's dependencies from the package index the first time
(pre-commit keeps the environment in PRE_COMMIT_HOME, here under the test's cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE, ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _needed() -> str | None:
    if not PRE_COMMIT.exists() and shutil.which("pre-commit") is None:
        return "pre-commit is not installed (pip install -e '.[test]' installs it)"
    if shutil.which("git") is None:
        return "git is not installed"
    if not (ROOT / ".git").exists():
        return f"{ROOT} is not a git clone: pre-commit try-repo needs one"
    return None


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A repository of trips, and the environment pre-commit runs in."""
    reason = _needed()
    if reason:
        print(f"skipped: {reason}")
        pytest.skip(reason)
    repo = tmp_path_factory.mktemp("office")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.getbasetemp() / "pre-commit-home"),
        "TRIPPLAN_CACHE_DIR": str(repo.parent / "cache"),
        "GIT_AUTHOR_NAME": "Office",
        "GIT_AUTHOR_EMAIL": "office@example.gov.hk",
        "GIT_COMMITTER_NAME": "Office",
        "GIT_COMMITTER_EMAIL": "office@example.gov.hk",
    }
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    (repo / "trips").mkdir()
    tentative = BASE.replace('start: "16:30"', 'start: "16:30"\n        status: tentative')
    (repo / "trips" / "good.yaml").write_text(tentative, encoding="utf-8")
    broken = BASE.replace("venue: campus", "venue: campsu")
    (repo / "trips" / "draft.yaml").write_text(broken, encoding="utf-8")
    (repo / "trips" / "venues.yaml").write_text("venues: {}\n", encoding="utf-8")
    (repo / ".hidden.yaml").write_text("not: [an, itinerary]\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo, env


def _try_repo(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = str(PRE_COMMIT) if PRE_COMMIT.exists() else "pre-commit"
    return subprocess.run(
        [command, "try-repo", str(ROOT), "tripplan-check", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def test_the_hook_lets_a_good_itinerary_through(office):
    repo, env = office
    done = _try_repo(repo, env, "--files", "trips/good.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tripplan check" in done.stdout
    assert "Passed" in done.stdout
    # Let through, and shown: pre-commit hides a passing hook's output unless it is verbose.
    assert "warning tentative: event 'founders' is tentative" in done.stdout


def test_the_hook_stops_a_commit_with_errors_and_says_where(office):
    repo, env = office
    done = _try_repo(repo, env, "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "trips/draft.yaml:" in done.stdout
    assert "error unknown-ref: event 'founders': venue 'campsu'" in done.stdout
    # Neither the office registry nor a hidden file is taken for an itinerary.
    assert "venues.yaml" not in done.stdout
    assert ".hidden.yaml" not in done.stdout
