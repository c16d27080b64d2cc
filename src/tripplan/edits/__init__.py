"""Byte-exact rewrites of an itinerary's YAML: pinning starts, writing locations.

Imports the base modules and `format` (to read the file back before replacing it).
"""
