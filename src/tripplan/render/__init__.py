"""Renderings of an itinerary for people: terminal summaries (and, later, briefing sheets)."""
