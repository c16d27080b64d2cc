"""What readers get: calendars, the terminal timeline, briefing sheets (PDF/HTML), diffs.

Imports everything below it (base, `format`, `geo`, `plan`, `checks`); never the pipeline.
"""
