"""Planning the days: the travel model, the sequencer (problem, searches, route search), OSRM.

Imports the base modules, `format` and `geo`; pure but for the OSRM client.
"""
