"""Where venues are: distances, the gazetteer, the office registry, online geocoders.

Imports the base modules and `format`; never planning, checks or outputs.
"""
