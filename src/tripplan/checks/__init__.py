"""The rules behind `tripplan check`, with public holidays and countries of places.

Imports the base modules, `format`, `geo` and `plan`; each rule yields `Problem`s.
"""
