"""What an install from a wheel holds: every file tripplan reads at run time is declared.

An editable install (the README's test command) reads the source tree, so a data file
missing from `package-data` only shows on a real install (`pip install .`): the command
then fails on every run. This reads the declaration instead of building a wheel.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch

from conftest import ROOT

PACKAGE = ROOT / "src" / "tripplan"


def test_every_data_file_of_the_package_is_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["tripplan"]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "the package has data files (the gazetteer, the fonts)"
    undeclared = [name for name in data if not any(fnmatch(name, p) for p in patterns)]
    assert undeclared == []
