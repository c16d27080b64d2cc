"""What the `tripplan` process sets up before any command runs.

- Output is UTF-8 whatever the console's code page: a Hong Kong PC redirecting `show` to a
  file under cp950 cannot even encode simplified Chinese, and the file is read as UTF-8
  by every tool it then goes to. A character that cannot be written (a file name that is
  not valid Unicode) is replaced rather than stopping the command.
- pydantic is not asked for plugins: it looks them up among every installed package's
  entry points with `importlib.metadata`, which costs a tenth of `tripplan check`'s
  start-up before the first model exists, and a command has no use for them.
- The process ends as soon as a command's output is out: the interpreter would otherwise
  free what the command built one object at a time (a 10,000-event trip is about a
  million of them: a tenth of `show`'s run, after its last line).
"""

from __future__ import annotations

import io
import os
import sys
import types


def utf8_streams() -> None:
    """Make stdout and stderr write UTF-8 whatever the locale or PYTHONIOENCODING says."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # None (no console), or a test's capture
        if stream.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors=errors)
        elif stream.errors == "strict":
            stream.reconfigure(errors=errors)


def no_pydantic_plugins() -> None:
    """Stand in for pydantic's plugin loader, unless pydantic has loaded it already."""
    name = "pydantic.plugin._loader"
    if name in sys.modules:
        return
    loader = types.ModuleType(name, "No pydantic plugins in the tripplan command.")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[name] = loader


def _no_plugins() -> tuple[()]:
    return ()


def end_now(code: object) -> None:
    """End the process with `code` (as `sys.exit` would) once stdout and stderr are
    flushed, without tearing down the interpreter; return if that cannot be done cleanly
    (a code that is not a number, a stream that cannot be flushed: a reader gone), for
    the normal exit to deal with it.

    Every file a command writes is closed (replaced atomically) before it returns, and
    tripplan registers nothing to run at exit."""
    if code is not None and not isinstance(code, int):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a closed pipe or stream: the usual exit reports it
        return
    os._exit(code or 0)
