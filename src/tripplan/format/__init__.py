"""The itinerary format: values, pydantic models, YAML with positions, the loader, the schema.

What may be written and what it means. Imports only the base modules (errors, problems).
"""
