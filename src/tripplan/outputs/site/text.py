"""What the site's pages share: words, dates, and the content policy."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

from tripplan.safe import html as h


def paragraphs(text: str) -> str:
    """Notes with their line breaks (any kind, as newlines: `white-space: pre-line`
    keeps them)."""
    return h(text.strip())


def short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


# One line per client; the feed, not an imported file, is what stays current.
SUBSCRIBE_HELP = """<ul>
<li><b>iPhone, iPad, Mac:</b> tap Subscribe; on a Mac choose Location “On My Mac” if the
address is inside the office network, and Auto-refresh every hour.</li>
<li><b>Outlook (Windows):</b> tap Subscribe, or Home → Add Calendar → From Internet and paste
the https address.</li>
<li><b>Outlook on the web, new Outlook:</b> Calendar → Add calendar → Subscribe from web →
paste the https address (it must be reachable from the internet).</li>
<li><b>Google Calendar:</b> on a computer, Other calendars + → From URL → paste the https
address (reachable from the internet; Google refreshes it every few hours).</li>
<li>Subscribe rather than download: an imported file never changes, and importing it
again makes Outlook show every event twice.</li>
</ul>"""


def content_policy(script: str = "") -> str:
    """A Content-Security-Policy for a page of the site, as a <meta> (so it holds on any
    web server): nothing loaded from anywhere, its own style, and its one script by hash."""
    scripts = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        scripts = f"'sha256-{digest}'"
    policy = (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
