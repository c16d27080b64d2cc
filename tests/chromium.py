"""Headless Chromium driven over the DevTools protocol on a pipe: the standard library only.

Chromium reads JSON commands on its file descriptor 3 and writes replies on 4, each
message ending with a NUL byte (`--remote-debugging-pipe`). A phone's viewport is
emulated with `Emulation.setDeviceMetricsOverride`: `--window-size` cannot do it, as
headless Chromium lays pages out at least 500 px wide whatever the window.

Used by the programme page's tests and by docs/screenshots.py.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any

# A phone: an iPhone 12-15's CSS viewport.
PHONE = (390, 844)


def find() -> str | None:
    """The Chromium to use: $TRIPPLAN_CHROMIUM, else Debian's or Google's on PATH."""
    explicit = os.environ.get("TRIPPLAN_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], send: Any, receive: Any) -> None:
        self._process = process
        self._send = send
        self._receive = receive
        self._buffer = b""
        self._ids = iter(range(1, 1 << 30))

    def call(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send.write(json.dumps(message).encode("utf-8") + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = self._receive.read(1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def open(
        self,
        url: str,
        *,
        size: tuple[int, int] = PHONE,
        now: datetime | None = None,
        scale: float = 2,
    ) -> Page:
        """A new tab showing `url` on a phone-sized screen, its clock at `now` if given."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        width, height = size
        metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": True}
        self.call("Emulation.setDeviceMetricsOverride", metrics, session)
        self.call("Page.enable", session=session)
        if now is not None:
            stamp = now.timestamp() * 1000
            script = f"Date.now = function () {{ return {stamp!r}; }};"
            self.call("Page.addScriptToEvaluateOnNewDocument", {"source": script}, session)
        self.call("Page.navigate", {"url": url}, session)
        page = Page(self, session)
        deadline = time.monotonic() + 20
        while page.evaluate("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not load in 20 s")
            time.sleep(0.05)
        return page


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self._browser = browser
        self._session = session

    def evaluate(self, expression: str) -> Any:
        result = self._browser.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self._session
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def overflow(self) -> dict[str, Any]:
        """How wide the page is against the viewport, and the elements sticking out.

        `clientWidth` stays the viewport's width; `innerWidth` grows with a page that is
        too wide (a phone zooms out), so it cannot be the measure."""
        return self.evaluate(  # type: ignore[no-any-return]
            "(() => { const d = document.documentElement, w = d.clientWidth;"
            " return {scrollWidth: d.scrollWidth, clientWidth: w,"
            " offenders: [...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > w + 0.5)"
            ".map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
            " + (e.className ? '.' + e.className : ''))}; })()"
        )

    def screenshot(self, *, full: bool = False) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
            height = self.evaluate("document.documentElement.scrollHeight")
            width = self.evaluate("document.documentElement.clientWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self._browser.call("Page.captureScreenshot", params, self._session)
        return base64.b64decode(shot["data"])


@contextmanager
def chromium(executable: str, *, env: dict[str, str] | None = None) -> Iterator[Browser]:
    """A headless Chromium for the duration of the block."""
    read_commands, write_commands = os.pipe()
    read_replies, write_replies = os.pipe()
    profile = tempfile.mkdtemp(prefix="tripplan-chromium-")

    def pipes_on_3_and_4() -> None:  # in the child: via high numbers, so 3 and 4 never clash
        a, b = os.dup2(read_commands, 100), os.dup2(write_replies, 101)
        os.dup2(a, 3)
        os.dup2(b, 4)

    process = subprocess.Popen(
        [
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        preexec_fn=pipes_on_3_and_4,
        close_fds=False,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(read_commands)
    os.close(write_replies)
    send = os.fdopen(write_commands, "wb", buffering=0)
    receive = os.fdopen(read_replies, "rb", buffering=0)
    try:
        yield Browser(process, send, receive)
    finally:
        with suppress(RuntimeError, OSError):
            Browser(process, send, receive).call("Browser.close")
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        send.close()
        receive.close()
        shutil.rmtree(profile, ignore_errors=True)
