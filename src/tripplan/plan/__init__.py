"""Planning the days: the travel model and its time of day (`travel`, `traffic`), the
sequencer (problem, searches, tour, route search, parts, re-timing), vehicles, OSRM.

Imports the base modules, `format` and `geo`; pure but for the OSRM client.
"""
