"""The calendars the tests write, read by parsers other than tripplan's own.

- icalendar, strict: what it could not parse, and the semantics Outlook and RFC 5545 want
  (VERSION, PRODID, METHOD:PUBLISH, a VTIMEZONE for every TZID, UID/DTSTAMP/DTSTART, an end
  after the start, alarms that can show, no ORGANIZER or ATTENDEE, unique UIDs, GEO);
- vobject, validating;
- Mozilla's ical.js (Thunderbird's parser) under node, with each start compared with
  icalendar's (a VTIMEZONE that disagrees with the tz database shows there);
- the octets: UTF-8, CRLF, lines of at most 75 octets, folds that never split a character.

The tests carry it (the README's test command needs nothing beside the repository):
ical.js is installed from npm into a cache folder the first time; where node or npm is
missing, or the registry cannot be reached, `ical_js()` says why and the other checks
still run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

ICAL_JS = "ical.js@2"
_TZID = re.compile(r';TZID=("([^"]*)"|[^;:]*)', re.IGNORECASE)
_SCRIPT = r"""
import ICAL from '%(ical)s';
import fs from 'fs';
const out = {};
for (const f of process.argv.slice(2)) {
  const r = {errors: [], events: []};
  try {
    const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(f, 'utf8')));
    ICAL.TimezoneService.reset();
    for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    for (const ve of comp.getAllSubcomponents('vevent')) {
      try {
        const ev = new ICAL.Event(ve);
        const s = ev.startDate;
        const zoned = s && !s.isDate && s.zone && s.zone.tzid !== 'floating';
        r.events.push({uid: ev.uid, start: zoned ? s.toUnixTime() : null});
      } catch (err) { r.errors.push('event ' + ve.getFirstPropertyValue('uid') + ': ' + err.message); }
    }
  } catch (err) { r.errors.push(String(err.message || err).split('\n')[0]); }
  out[f] = r;
}
console.log(JSON.stringify(out));
"""


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tripplan-tests"


def ical_js() -> tuple[Path | None, str]:
    """ical.js's module file, installed from npm the first time; or None and why not."""
    folder = cache_folder() / "icaljs"
    module = folder / "node_modules" / "ical.js" / "dist" / "ical.js"
    if shutil.which("node") is None:
        return None, "node is not installed: calendars are not read by ical.js"
    if module.exists():
        return module, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "npm is not installed: ical.js cannot be installed"
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder), ICAL_JS],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not module.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"npm install {ICAL_JS} failed ({last})"
    return module, ""


def _read_with_ical_js(module: Path, paths: list[Path]) -> dict[str, dict[str, list]]:
    script = cache_folder() / "icaljs" / "read.mjs"
    script.write_text(_SCRIPT % {"ical": module.as_posix()}, encoding="utf-8")
    done = subprocess.run(
        ["node", str(script), *map(str, paths)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return {
            str(p): {"errors": [f"node failed: {done.stderr.strip()}"], "events": []} for p in paths
        }
    return json.loads(done.stdout)


def problems(paths: Iterable[Path], *, ical_js_module: Path | None = None) -> list[str]:
    """Every problem any of the readers finds in the calendars, as "FILE:LINE: what"."""
    paths = sorted(set(paths))
    found: list[str] = []
    read_by_js = _read_with_ical_js(ical_js_module, paths) if ical_js_module else {}
    for path in paths:
        found += _octets(path)
        found += _vobject(path)
        found += _icalendar(path, read_by_js.get(str(path)))
    return found


def _octets(path: Path) -> list[str]:
    data = path.read_bytes()
    found = []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        found.append(f"{path}:0: not UTF-8 ({e})")
    if data.replace(b"\r\n", b"").count(b"\n") or data.replace(b"\r\n", b"").count(b"\r"):
        found.append(f"{path}:0: a line ends without CRLF")
    if data and not data.endswith(b"\r\n"):
        found.append(f"{path}:0: the file does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if len(line) > 75:
            found.append(f"{path}:{number}: {len(line)} octets, longer than 75 (not folded)")
        if line[:1] in (b" ", b"\t"):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                found.append(f"{path}:{number}: a fold splits a UTF-8 character")
    return found


def _vobject(path: Path) -> list[str]:
    import vobject

    try:
        if not list(vobject.readComponents(path.read_text(encoding="utf-8"), validate=True)):
            return [f"{path}:0: vobject: no component"]
    except Exception as e:  # vobject raises many kinds; each is a problem here
        return [
            f"{path}:0: vobject: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        ]
    return []


def _icalendar(path: Path, by_js: dict[str, list] | None) -> list[str]:
    import icalendar

    found: list[str] = []
    text = path.read_text(encoding="utf-8")
    say = found.append
    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except Exception as e:  # a calendar icalendar cannot read at all
        return [f"{path}:0: icalendar: {type(e).__name__}: {e}"]
    if len(calendars) != 1:
        say(f"{path}:0: {len(calendars)} VCALENDARs, not one")
    for error in (js := by_js or {}).get("errors", []):
        say(f"{path}:0: ical.js: {error}")
    unfolded = re.sub(r"\r\n[ \t]", "", text).splitlines()
    used = set()
    for line in unfolded:
        name, _, value = line.partition(":")
        for match in _TZID.finditer(name):
            used.add(match.group(2) if match.group(2) is not None else match.group(1))
            if re.search(r"\d{8}T\d{6}Z\s*$", value):
                say(f"{path}:0: TZID with a UTC time: {line[:60]}")
    starts_js = {e["uid"]: e["start"] for e in js.get("events", [])}
    for calendar in calendars:
        for component in calendar.walk():
            for name, message in getattr(component, "errors", []):
                say(f"{path}:0: icalendar: {name}: {message}")
        if str(calendar.get("VERSION", "")) != "2.0":
            say(f"{path}:0: no VERSION:2.0")
        if "PRODID" not in calendar:
            say(f"{path}:0: no PRODID")
        if str(calendar.get("METHOD", "")).upper() != "PUBLISH":
            say(f"{path}:0: METHOD is not PUBLISH (Outlook makes an invitation of REQUEST)")
        defined = {str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")}
        for tzid in sorted(used - defined):
            say(f"{path}:0: TZID {tzid} has no VTIMEZONE")
        seen: set[str] = set()
        for event in calendar.walk("VEVENT"):
            found += _event(path, event, seen, defined, starts_js)
    return found


def _event(
    path: Path, event: object, seen: set[str], zones: set[str], starts_js: dict[str, int | None]
) -> list[str]:
    get = event.get  # type: ignore[attr-defined]
    uid = str(get("UID", ""))
    where = f"{path}:0: VEVENT {uid or '(no UID)'}"
    found = [f"{where} lacks {key}" for key in ("UID", "DTSTAMP", "DTSTART") if get(key) is None]
    if uid in seen:
        found.append(f"{where}: the UID is used twice")
    seen.add(uid)
    stamp = get("DTSTAMP")
    if stamp is not None and not (
        isinstance(stamp.dt, dt.datetime) and stamp.dt.utcoffset() == dt.timedelta(0)
    ):
        found.append(f"{where}: DTSTAMP is not in UTC")
    if get("DTEND") is not None and get("DURATION") is not None:
        found.append(f"{where}: both DTEND and DURATION")
    start, end = get("DTSTART"), get("DTEND")
    if start is not None and end is not None and end.dt <= start.dt:
        found.append(f"{where}: DTEND {end.dt} is not after DTSTART {start.dt}")
    for alarm in event.walk("VALARM"):  # type: ignore[attr-defined]
        if alarm.get("ACTION") is None or alarm.get("TRIGGER") is None:
            found.append(f"{where}: an alarm without ACTION or TRIGGER")
        if str(alarm.get("ACTION", "")).upper() == "DISPLAY" and alarm.get("DESCRIPTION") is None:
            found.append(f"{where}: a DISPLAY alarm without DESCRIPTION")
    if get("ORGANIZER") is not None or get("ATTENDEE") is not None:
        found.append(f"{where}: ORGANIZER or ATTENDEE (Outlook shows a meeting invitation)")
    geo = get("GEO")
    if geo is not None and not (-90 <= geo.latitude <= 90 and -180 <= geo.longitude <= 180):
        found.append(f"{where}: GEO out of range")
    js_start = starts_js.get(uid)
    if start is not None and js_start is not None and isinstance(start.dt, dt.datetime):
        tzid = start.params.get("TZID")
        if (tzid is None or tzid in zones) and int(start.dt.timestamp()) != js_start:
            found.append(
                f"{where}: the start differs between readers: icalendar {start.dt.isoformat()}, "
                f"ical.js {dt.datetime.fromtimestamp(js_start, dt.UTC).isoformat()}"
            )
    return found
