"""What each key of the format means, in the words an editor shows on hover: the keys
whose model field carries no description of its own (docs/itinerary-format.md says the
same at more length). Keyed by the schema's definition name; "" is the top level."""

from __future__ import annotations

_TIME = '"HH:MM" in quotes, 24-hour clock; "06:10+1" for the next day'
_ID = "lower-case letters, digits and hyphens"

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "": {
        "version": "the format's version: 1",
        "trip": "the trip: id, title, time zone, first and last day",
        "people": f"everyone travelling, by id ({_ID}); attendees refer to these ids",
        "venues": "every place an event happens, by id; events refer to these ids",
        "days": "one entry per day of the programme, with its events in order",
    },
    "Trip": {
        "id": f"stable id of the trip ({_ID}): calendar entries are derived from it",
        "title": "the trip's title, as printed on programmes",
        "timezone": "the default time zone of every time in the file",
        "start": "first day of the trip, YYYY-MM-DD",
        "end": "last day of the trip (inclusive), YYYY-MM-DD",
        "organizer": "who organises the trip: {name, role, phone, email}",
        "buffer": "slack wanted between two consecutive events, e.g. 10m (default 10m)",
        "geocoder": "the online provider `tripplan geocode` uses without --provider",
        "travel": "the travel-time model: car and walk speeds, detours, time-of-day factors",
    },
    "Person": {
        "name": "full name, as printed",
        "name_local": "the name in Chinese, printed beside the name",
        "role": "title and organisation, e.g. Director-General, OASES",
        "principal": "the person the trip is for (at most one in people)",
        "email": "e-mail address",
        "phone": "phone number for the delegation list",
    },
    "Venue": {
        "name": "the venue's name, as printed",
        "name_local": "the name in Chinese, printed beside the name",
        "address": "street address",
        "city": "city, e.g. Hangzhou (also used to find the venue offline)",
        "country": "ISO 3166 code, e.g. CN, HK; default: from the gazetteer or the zone",
        "location": "[lat, lon] in WGS-84, or {lat, lon, datum: gcj02 | bd09} as copied "
        "from a mainland map app; omit it and `tripplan geocode` fills it",
        "phone": "e.g. the front desk",
        "aliases": "other names the venue goes by (for geocoding and registries)",
    },
    "Location": {
        "lat": "latitude in degrees, -90 to 90",
        "lon": "longitude in degrees, -180 to 180",
        "datum": "wgs84 (default); gcj02 (Amap, Tencent) or bd09 (Baidu), converted on load",
    },
    "Day": {
        "date": "the day, YYYY-MM-DD, within the trip's start and end",
        "city": "where the day is spent, for summaries",
        "notes": "a note for the whole day, printed under it",
        "events": "the day's events",
    },
    "Event": {
        "id": f"stable id of the event ({_ID}), unique in the trip",
        "title": "what the event is, as printed",
        "mode": "for travel: car, walk, train, flight or ferry",
        "from": "for travel: the venue id where the journey starts",
        "to": "for travel: the venue id where the journey ends",
        "venue": "the venue id where the event happens (not for travel)",
        "start": f"start time: {_TIME}",
        "end": f"end time ({_TIME}); or give duration",
        "duration": "how long it lasts: 45m, 1h, 1h30m; or give end",
        "timezone": "the zone start is written in (default: the trip's)",
        "end_timezone": "the zone end is written in (default: the event's)",
        "window": 'flexible: ["09:00", "12:00"], the earliest start and latest end; '
        "`tripplan sequence` chooses the start (give duration, not start or end)",
        "host": "who receives the delegation: {name, role, phone, email, …}",
        "status": "confirmed (default), tentative or cancelled",
        "dress": "dress code, e.g. business",
        "notes": "notes for everyone attending",
        "reference": "booking reference",
    },
    "Contact": {
        "name": "name of the person or office",
        "role": "what they do",
        "phone": "phone number",
        "email": "e-mail address",
    },
    "Host": {
        "name": "name of the person or office",
        "role": "what they do",
        "phone": "phone number",
        "email": "e-mail address",
    },
    "Driver": {
        "name": "the driver's name",
        "phone": "the driver's phone number",
        "phones": "the driver's phone numbers: one, or a list, as for contacts (not with phone)",
    },
    "GeocoderSettings": {"scheme": "http or https (default: the provider's)"},
    "TravelSettings": {
        "car": "the car: {speed, detour, overhead, traffic, peak, weekend}",
        "walk": "walking: {speed, detour, overhead}",
        "walk_up_to_km": "walk between places closer than this, 0 to 10 km (default 0.8)",
    },
    "TalkingPoint": {"text": "the point to make"},
    "TripContact": {
        "organisation": "the organisation they belong to",
        "email": "e-mail address",
    },
}
