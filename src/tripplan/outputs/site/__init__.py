"""The published site: per-person calendar feeds and programme pages at secret
addresses, the staff's index, the tokens that keep the addresses, and the local server.

Imports the layers below it (base, `format`, `geo`, `plan`, `checks`) and the other
outputs (calendars, timeline); never the pipeline. Starlette and uvicorn are imported by
`server` only, which only `tripplan serve` imports.
"""
