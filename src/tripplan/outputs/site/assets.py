"""What the site's pages look like: their head, style and scripts (no text to translate)."""

from __future__ import annotations

HEAD = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
{policy}
<title>{title}</title>
<style>{css}</style>
</head>"""

PAGE_CSS = """
:root { color-scheme: light dark; --muted: #666; --line: #ddd; --accent: #0b5cad;
        --warn: #9a5b00; --card: #f6f7f9; }
@media (prefers-color-scheme: dark) {
  :root { --muted: #aaa; --line: #444; --accent: #6cb0ff; --warn: #ffb454; --card: #1d2126; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
       "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
       overflow-wrap: anywhere; }
header, main, footer { max-width: 42rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; padding-top: 0.6rem;
     border-top: 2px solid var(--line); }
h4 { font-size: 1rem; margin: 0.1rem 0 0.3rem; }
p { margin: 0.25rem 0; }
.trip, .meta, footer, .addr, .move, .w { color: var(--muted); }
.trip { margin: 0; font-size: 0.9rem; }
#now { background: var(--card); border-radius: 12px; padding: 0.2rem 0.9rem 0.8rem;
       margin-top: 1rem; }
#now h2 { margin-top: 0.8rem; }
#now ol { list-style: none; margin: 0; padding: 0; }
#now li { margin: 0.1rem 0; }
#now a { display: block; color: inherit; text-decoration: none; padding: 0.25rem 0; }
#now li b { font-weight: normal; }
#now .t { font-weight: 600; }
#next p { margin: 0.2rem 0; font-size: 1.1rem; }
#next .w { display: block; font-size: 1rem; }
#now .on { border-left: 4px solid var(--accent); padding-left: 0.5rem; }
.t { font-variant-numeric: tabular-nums; white-space: nowrap; }
.event { padding: 0.6rem 0; border-bottom: 1px solid var(--line); }
.time { font-weight: 600; font-variant-numeric: tabular-nums; }
.cancelled h4, .cancelled .time, #now .cancelled b { text-decoration: line-through;
       color: var(--muted); }
.badge { color: var(--warn); font-weight: 600; }
.notes { white-space: pre-line; }
.links { display: inline; }
.links a { display: inline-block; margin: 0.15rem 0 0.15rem 0.6rem; padding: 0.25rem 0.6rem;
           border: 1px solid var(--line); border-radius: 999px; color: var(--accent);
           text-decoration: none; min-height: 2rem; line-height: 1.5rem; white-space: nowrap; }
.problems, #problems li { color: var(--warn); }
#people ul { padding-left: 1.1rem; }
.button { display: inline-block; margin: 0.3rem 0.5rem 0.3rem 0; padding: 0.55rem 0.9rem;
          border-radius: 8px; background: var(--accent); color: #fff; text-decoration: none; }
#subscribe li { margin: 0.2rem 0; }
footer { font-size: 0.85rem; padding: 1.5rem 1rem 2rem; }
"""

# Recomputes the top box for the moment the page is read: today's events in the trip's
# zone, the one on now, and the next. Text is set with textContent only.
PAGE_SCRIPT = """
(function () {
  var zone = document.body.getAttribute("data-zone");
  var now = Date.now();
  var day = new Intl.DateTimeFormat("en-CA", {timeZone: zone, year: "numeric",
    month: "2-digit", day: "2-digit"}).format(new Date(now));
  var box = document.getElementById("now");
  function said(name, day) { return box.getAttribute("data-" + name).replace("{day}", day); }
  var heading = document.querySelector('section[data-date="' + day + '"] h3');
  var label = heading ? heading.getAttribute("data-short") : new Intl.DateTimeFormat(
    document.documentElement.lang, {timeZone: zone, weekday: "short", day: "numeric",
    month: "short"}).format(new Date(now));
  function item(e, tag) {
    var el = document.createElement(tag), a = document.createElement("a");
    var s = Date.parse(e.getAttribute("data-start")), t = Date.parse(e.getAttribute("data-end"));
    var off = e.classList.contains("cancelled");
    if (!off && s <= now && now < t) el.className = "on";
    if (off) el.className = "cancelled";
    a.href = "#" + e.id;
    var time = document.createElement("span"); time.className = "t";
    time.textContent = e.getAttribute("data-time");
    var what = document.createElement("b"); what.textContent = e.getAttribute("data-title");
    a.appendChild(time); a.appendChild(document.createTextNode(" ")); a.appendChild(what);
    if (e.getAttribute("data-badge")) {
      var b = document.createElement("span"); b.className = "badge";
      b.textContent = e.getAttribute("data-badge");
      a.appendChild(document.createTextNode(" ")); a.appendChild(b);
    }
    if (tag === "p" && e.getAttribute("data-where")) {
      var w = document.createElement("span"); w.className = "w";
      w.textContent = e.getAttribute("data-where");
      a.appendChild(document.createTextNode(" ")); a.appendChild(w);
    }
    el.appendChild(a);
    return el;
  }
  var events = Array.prototype.slice.call(document.querySelectorAll("article[data-start]"));
  events.sort(function (a, b) {
    return Date.parse(a.getAttribute("data-start")) - Date.parse(b.getAttribute("data-start"));
  });
  var list = document.getElementById("today"), none = document.getElementById("today-none");
  document.getElementById("today-title").textContent = said("today", label);
  list.textContent = "";
  var todays = events.filter(function (e) {
    return e.parentNode.getAttribute("data-date") === day;
  });
  todays.forEach(function (e) { list.appendChild(item(e, "li")); });
  none.hidden = todays.length > 0;
  function dayOf(e) { return e.parentNode.querySelector("h3").getAttribute("data-short"); }
  if (!todays.length && events.length) {
    var last = events[events.length - 1];
    none.textContent = now < Date.parse(events[0].getAttribute("data-start"))
      ? said("starts", dayOf(events[0]))
      : now >= Date.parse(last.getAttribute("data-end"))
      ? said("ended", dayOf(last)) : said("nothing", "");
  }
  var next = events.filter(function (e) {
    return !e.classList.contains("cancelled") && Date.parse(e.getAttribute("data-start")) > now;
  })[0];
  var following = document.getElementById("next");
  following.textContent = "";
  if (next) { following.appendChild(item(next, "p")); }
  else { var p = document.createElement("p"); p.textContent = said("done", "");
         following.appendChild(p); }
})();
"""

INDEX_CSS = """
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK TC",
       sans-serif; margin: 0 auto; max-width: 46rem; padding: 0 1rem 2rem;
       overflow-wrap: anywhere; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.4rem; }
code { font-size: 0.85rem; } .warn { color: #9a5b00; }
.person { border-top: 1px solid #ddd; }
"""

# Without the site's address: each relative link made absolute from where the page was
# opened, and the calendar links in their webcal:// form.
INDEX_SCRIPT = """
document.querySelectorAll("a[data-path]").forEach(function (a) {
  var u = new URL(a.getAttribute("data-path"), location.href);
  var text = a.hasAttribute("data-webcal") ? "webcal://" + u.host + u.pathname : u.href;
  a.href = text;
  a.firstChild.textContent = text;
});
"""

OUTSIDE_CSS = """
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC",
       "Noto Sans CJK TC", sans-serif; margin: 0 auto; max-width: 42rem; padding: 0 1rem 2rem;
       overflow-wrap: anywhere; }
h1 { font-size: 1.4rem; margin: 0.2rem 0; } h2 { font-size: 1.1rem; margin-top: 1.4rem; }
h3 { font-size: 1rem; margin: 0.2rem 0; } p { margin: 0.25rem 0; }
.trip, .meta, .addr { color: #666; } .time { font-weight: 600; }
.run, .event { border-bottom: 1px solid #ddd; padding: 0.5rem 0; }
.cancelled h3 { text-decoration: line-through; color: #666; }
.badge { color: #9a5b00; font-weight: 600; } .notes { white-space: pre-line; }
.link { display: inline-block; margin: 0.15rem 0 0.15rem 0.4rem; padding: 0.2rem 0.6rem;
        border: 1px solid #ddd; border-radius: 999px; text-decoration: none;
        white-space: nowrap; }
.button { display: inline-block; margin: 0.3rem 0.5rem 0.3rem 0; padding: 0.55rem 0.9rem;
          border-radius: 8px; background: #0b5cad; color: #fff; text-decoration: none; }
"""
