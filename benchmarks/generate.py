"""Generate large, valid itineraries (format version 1) for benchmarks.

The output is deterministic for a given ``--seed`` and passes every error-level check
of ``tripplan check``; only warnings such as ``holiday`` or ``tentative`` may appear.

How validity is kept by construction:

* People are split into groups of about five. Each group has its own timeline per
  day and every fixed event's attendees come from one group, so nobody is ever
  double-booked (one event may end exactly when the next starts).
* The gap between two consecutive events of a group covers a deliberately slow
  estimate of the transfer between their places (`transfer_minutes`) plus the
  trip's buffer, so neither ``travel-infeasible`` nor ``tight-transfer`` fires,
  whatever subset of the group a person attends.
* All groups are in the same city on a given day; on the day the trip moves between
  Hangzhou and Shenzhen each group starts with a train or a flight that it takes
  together.
* Flexible events (``window`` plus a shorter ``duration``) close a group's day: their
  window opens after its last fixed event, far enough from it to be reachable.

Days hold 25-40 events when there are enough groups (people) to carry them; with
few people each day holds what the groups' timelines fit, so there are more days.

Usage::

    python benchmarks/generate.py --events 10000 --people 40 -o /tmp/big.yaml

From Python (e.g. a benchmark script with this directory on ``sys.path``)::

    from generate import generate
    text = generate(events=1000, people=20, seed=1)
"""

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

TRIP_START = date(2025, 3, 3)
BUFFER_MINUTES = 10
GROUP_SIZE = 5
MAX_GROUP_SIZE = 6
MAX_EVENTS_PER_GROUP_DAY = 7
DAY_FIRST_START = (8 * 60, 9 * 60 + 30)  # first fixed event starts in this range
LAST_FIXED_END = 22 * 60 + 30  # no fixed event ends later than this
LAST_WINDOW_END = 23 * 60 + 30  # no flexible window ends later than this
FLEXIBLE_RATE = 0.02  # chance that a group's day ends with a flexible event
SUBSET_WEIGHTS = (50, 25, 12, 8, 5)  # attendee lists of 2, 3, 4, 5, 6 people
CANCELLED_RATE = 0.015
TENTATIVE_RATE = 0.01


# --- static material -------------------------------------------------------------------


@dataclass(frozen=True)
class District:
    """A district of a city: where its venues cluster."""

    name: str
    name_local: str
    slug: str  # short, for venue ids
    lat: float
    lon: float


@dataclass(frozen=True)
class City:
    """A city the trip visits, with its districts and transport hubs."""

    name: str
    name_local: str
    code: str  # short, for venue ids
    phone_prefix: str
    streets: tuple[str, ...]
    districts: tuple[District, ...]
    station: tuple[str, str, float, float]  # name, local name, lat, lon
    airport: tuple[str, str, float, float]
    hotel_district: int  # index into districts


HANGZHOU = City(
    name="Hangzhou",
    name_local="杭州",
    code="hz",
    phone_prefix="+86 571",
    streets=(
        "Wensan",
        "Jiangnan",
        "Tianmushan",
        "Moganshan",
        "Jiefang",
        "Qingchun",
        "Wener",
        "Binsheng",
        "Wenyi",
        "Zhijiang",
    ),
    districts=(
        District("West Lake", "西湖", "xh", 30.2590, 120.1300),
        District("Shangcheng", "上城", "sc", 30.2420, 120.1690),
        District("Gongshu", "拱墅", "gs", 30.3190, 120.1420),
        District("Binjiang", "滨江", "bj", 30.2080, 120.2120),
        District("Future Sci-Tech City", "未来科技城", "wl", 30.2800, 120.0300),
    ),
    station=("Hangzhou East Railway Station", "杭州东站", 30.2910, 120.2130),
    airport=("Hangzhou Xiaoshan International Airport", "杭州萧山国际机场", 30.2290, 120.4340),
    hotel_district=0,
)

SHENZHEN = City(
    name="Shenzhen",
    name_local="深圳",
    code="sz",
    phone_prefix="+86 755",
    streets=(
        "Shennan",
        "Binhe",
        "Keyuan",
        "Houhai",
        "Yitian",
        "Qianhai",
        "Xinzhou",
        "Hongli",
        "Caitian",
        "Nanhai",
    ),
    districts=(
        District("Futian", "福田", "ft", 22.5410, 114.0550),
        District("Nanshan", "南山", "ns", 22.5330, 113.9300),
        District("Luohu", "罗湖", "lh", 22.5480, 114.1310),
        District("Qianhai", "前海", "qh", 22.5200, 113.9000),
        District("Longhua", "龙华", "lg", 22.6560, 114.0440),
    ),
    station=("Shenzhen North Railway Station", "深圳北站", 22.6090, 114.0290),
    airport=("Shenzhen Bao'an International Airport", "深圳宝安国际机场", 22.6390, 113.8110),
    hotel_district=0,
)

CITIES = (HANGZHOU, SHENZHEN)

WORK_VENUES = (
    ("Innovation Park", "创新园"),
    ("Technology Centre", "科技中心"),
    ("Conference Centre", "会议中心"),
    ("Software Park", "软件园"),
    ("Start-up Incubator", "创业孵化器"),
    ("Government Offices", "政府办公楼"),
    ("Science Museum", "科学馆"),
    ("Research Institute", "研究院"),
    ("Exhibition Hall", "展览馆"),
    ("University Campus", "大学校区"),
    ("Finance Tower", "金融大厦"),
    ("Industrial Park", "产业园"),
    ("Robotics Lab", "机器人实验室"),
    ("Media Centre", "传媒中心"),
)
DINING_VENUES = (
    ("Restaurant", "餐厅"),
    ("Teahouse", "茶楼"),
    ("Banquet Hall", "宴会厅"),
)
CHINESE_NUMBERS = "一二三四五六七八九十"

SURNAMES = (
    "Chan",
    "Wong",
    "Lee",
    "Cheung",
    "Lau",
    "Ho",
    "Ng",
    "Leung",
    "Yan",
    "Ko",
    "Tang",
    "Chow",
    "Lam",
    "Yip",
    "Fung",
    "Tsang",
    "Kwok",
    "Mak",
    "Siu",
    "Choi",
)
GIVEN_NAMES = (
    "Wing-sze",
    "Ka-ming",
    "Siu-fung",
    "Mei-ling",
    "Chi-keung",
    "Hoi-yan",
    "Tsz-hin",
    "Ka-yan",
    "Wai-man",
    "Pui-shan",
    "Kin-wah",
    "Yuk-ling",
)
WESTERN_NAMES = (
    "Peter",
    "Grace",
    "Oscar",
    "Emily",
    "Vincent",
    "Joyce",
    "Raymond",
    "Cathy",
    "Alan",
    "Winnie",
    "Kelvin",
    "Irene",
)
ROLES = (
    "Deputy Director",
    "Senior Manager",
    "Manager",
    "Assistant Manager",
    "Press Officer",
    "Protocol Officer",
    "Policy Adviser",
    "Interpreter",
    "Security Officer",
    "Photographer",
    "Executive Officer",
    "Personal Assistant",
)

ORGANISATIONS = (
    "the Commerce Bureau",
    "an AI model maker",
    "an electric vehicle maker",
    "a drone manufacturer",
    "a biotech start-up",
    "the Science Department",
    "an e-commerce platform",
    "a chip designer",
    "a robotics company",
    "a fintech platform",
    "the Investment Agency",
    "a university spin-off",
    "an online games studio",
    "a battery maker",
    "Hong Kong firms",
    "a cloud provider",
    "a logistics firm",
    "the Talent Office",
)
TOPICS = (
    "the day's programme",
    "security arrangements",
    "media enquiries",
    "talent admission schemes",
    "investment promotion",
    "the Greater Bay Area",
    "cross-boundary data flows",
    "protocol and gifts",
    "follow-up actions",
    "the press release",
)
NOTES = (
    "Discuss setting up an overseas headquarters in Hong Kong.",
    "Bring business cards and the bilingual brochure.",
    "Photographs allowed in the lobby only.",
    "Interpretation provided by the host.",
    "Exchange of souvenirs at the end.",
    "Speaking notes in the red folder.",
    "Host will meet the party at the main entrance.",
    "Keep to time: the next stop is across town.",
    "Vegetarian option requested for two guests.",
    "Short remarks by the principal, three minutes.",
    "Demonstration of the latest products, about twenty minutes.",
    "Press stand-up afterwards if time allows.",
)
DRESS = ("business", "business", "smart casual", "formal", "casual")
HOST_TITLES = (
    "Founder's office",
    "General Manager's office",
    "External affairs",
    "Protocol section",
    "Chairman's office",
    "Reception desk",
)

KIND_WEIGHTS = {"meeting": 40, "visit": 25, "briefing": 15, "travel": 20}
DURATIONS = {  # minutes, in 15-minute steps
    "meeting": (45, 60, 60, 75, 90),
    "visit": (60, 75, 90, 90, 120),
    "briefing": (30, 30, 45),
    "meal": (60, 75, 90),
}


# --- model of what is generated ------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone travelling."""

    id: str
    name: str
    role: str
    principal: bool
    email: str | None


@dataclass(frozen=True)
class Venue:
    """A place where events happen."""

    id: str
    name: str
    name_local: str
    city: City
    district: int
    category: str  # work | dining | hotel | station | airport
    address: str
    lat: float
    lon: float


@dataclass
class Event:
    """One event, fixed (``start``) or flexible (``window``)."""

    id: str
    title: str
    kind: str
    attendees: list[str]
    start: int | None = None  # minutes after midnight
    duration: int = 0
    window: tuple[int, int] | None = None
    write_end: bool = False
    venue: Venue | None = None
    mode: str | None = None
    origin: Venue | None = None
    destination: Venue | None = None
    host: tuple[str, str] | None = None
    status: str | None = None
    dress: str | None = None
    notes: str | None = None
    reference: str | None = None


@dataclass
class Day:
    """One day of the trip."""

    date: date
    city: City
    hotel: Venue
    events: list[Event] = field(default_factory=list)


# --- geometry and timing -------------------------------------------------------------------


def distance_km(a: Venue, b: Venue) -> float:
    """Great-circle distance between two venues."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def transfer_minutes(a: Venue, b: Venue) -> int:
    """A deliberately slow estimate of getting from one venue to another in a city.

    At least 35 minutes between different venues (slower than walking up to 2 km),
    then 5 minutes a kilometre (12 km/h) plus 20 minutes to get going: any sensible
    travel model of the checker finds the resulting gaps feasible.
    """
    if a.id == b.id:
        return 0
    return max(35, math.ceil(20 + 5 * distance_km(a, b)))


def round_up(minutes: int, step: int = 5) -> int:
    """Round minutes up to a multiple of ``step``."""
    return -(-minutes // step) * step


def gap_minutes(rng: random.Random, a: Venue, b: Venue) -> int:
    """Minutes to leave between an event at ``a`` and the next one at ``b``."""
    if a.id == b.id:
        return rng.choice((BUFFER_MINUTES, 15, 15, 20, 30))
    return round_up(transfer_minutes(a, b) + BUFFER_MINUTES + rng.choice((0, 0, 5, 10)))


# --- building the trip ---------------------------------------------------------------------


def make_people(rng: random.Random, count: int) -> list[Person]:
    """``count`` people with slug ids ``p001``...; the first is the principal."""
    width = max(3, len(str(count)))
    people = []
    for number in range(1, count + 1):
        pid = f"p{number:0{width}d}"
        surname = rng.choice(SURNAMES)
        if rng.random() < 0.4:
            name = f"{rng.choice(WESTERN_NAMES)} {surname}"
        else:
            name = f"{surname} {rng.choice(GIVEN_NAMES)}"
        principal = number == 1
        role = "Director-General" if principal else rng.choice(ROLES)
        email = f"{pid}@example.gov.hk" if principal or rng.random() < 0.5 else None
        people.append(Person(pid, name, role, principal, email))
    return people


def make_groups(rng: random.Random, people: Sequence[Person]) -> list[list[str]]:
    """Split people into groups of 2-6 (about five) that travel together."""
    count = max(1, round(len(people) / GROUP_SIZE), math.ceil(len(people) / MAX_GROUP_SIZE))
    count = min(count, len(people) // 2)
    ids = [p.id for p in people]
    rng.shuffle(ids)
    return [sorted(ids[i::count]) for i in range(count)]


def make_venues(rng: random.Random, count: int) -> list[Venue]:
    """Make a pool of ``count`` venues (at least 20) spread over both cities."""
    venues: list[Venue] = []
    seen_names: dict[str, int] = {}

    def add(
        vid: str,
        city: City,
        district: int,
        category: str,
        name: str,
        local: str,
        position: tuple[float, float],
    ) -> None:
        repeat = seen_names.get(name, 0) + 1
        seen_names[name] = repeat
        if repeat > 1:
            name = f"{name} No. {repeat}"
            local = f"{local}{CHINESE_NUMBERS[(repeat - 1) % 10]}号"
        street = rng.choice(city.streets)
        address = (
            f"{rng.randint(1, 999)} {street} Road, "
            f"{city.districts[district].name} District, {city.name}"
        )
        lat, lon = (round(x, 4) for x in position)
        venues.append(Venue(vid, name, local, city, district, category, address, lat, lon))

    for city in CITIES:
        home = city.districts[city.hotel_district]
        add(
            f"{city.code}-hotel",
            city,
            city.hotel_district,
            "hotel",
            f"Lakeside Hotel {city.name}",
            f"{city.name_local}湖滨酒店",
            (home.lat + 0.004, home.lon - 0.003),
        )
        name, local, lat, lon = city.station
        add(f"{city.code}-station", city, 0, "station", name, local, (lat, lon))
        name, local, lat, lon = city.airport
        add(f"{city.code}-airport", city, 0, "airport", name, local, (lat, lon))

    slots = [(city, d) for d in range(5) for city in CITIES]
    for i in range(max(count, 20) - len(venues)):
        city, d = slots[i % len(slots)]
        district = city.districts[d]
        dining = rng.random() < 0.25
        en, zh = rng.choice(DINING_VENUES if dining else WORK_VENUES)
        # Within about 1.5 km of the district centre.
        lat = district.lat + rng.uniform(-0.012, 0.012)
        lon = district.lon + rng.uniform(-0.014, 0.014)
        add(
            f"{city.code}-{district.slug}-{i // len(slots) + 1}",
            city,
            d,
            "dining" if dining else "work",
            f"{district.name} {en}",
            f"{city.name_local}{district.name_local}{zh}",
            (lat, lon),
        )
    return venues


@dataclass
class Context:
    """Everything the timeline builder draws from."""

    rng: random.Random
    venues_by_city_district: dict[tuple[str, int], list[Venue]]
    venues_by_city: dict[str, list[Venue]]
    hubs: dict[tuple[str, str], Venue]  # (city, station|airport) -> venue

    def pick_venue(
        self, city: City, district: int, *, meal: bool, avoid: Venue | None = None
    ) -> Venue:
        """A venue for an event: mostly in the group's district of the day."""
        rng = self.rng
        local = self.venues_by_city_district[(city.name, district)]
        pool = local if local and rng.random() < 0.85 else self.venues_by_city[city.name]
        if meal:
            dining = [v for v in pool if v.category == "dining"]
            if dining and rng.random() < 0.8:
                pool = dining
        choices = [v for v in pool if v is not avoid] or pool
        return rng.choice(choices)


def describe(rng: random.Random, event: Event, city: City) -> None:
    """Fill the optional fields that make an event look real."""
    if event.kind in ("meeting", "visit", "meal") and rng.random() < 0.12:
        phone = f"{city.phone_prefix} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        event.host = (rng.choice(HOST_TITLES), phone)
    if rng.random() < 0.08:
        event.notes = rng.choice(NOTES)
    if event.kind in ("meeting", "visit") and rng.random() < 0.12:
        event.dress = rng.choice(DRESS)
    if event.kind == "meal" and rng.random() < 0.2:
        event.reference = f"table {rng.randint(1, 40)}, booking {rng.randint(10000, 99999)}"
    event.write_end = rng.random() < 0.3


def build_group_day(
    ctx: Context,
    day: Day,
    day_no: int,
    group_no: int,
    group: list[str],
    want: int,
    move_from: City | None,
) -> list[Event]:
    """Up to ``want`` events for one group on one day, none overlapping another.

    ``move_from`` is the city the group wakes up in when the trip changes city today.
    """
    rng = ctx.rng
    city = day.city
    district = rng.randrange(len(city.districts))
    events: list[Event] = []
    place: Venue | None = None
    t = rng.randrange(*DAY_FIRST_START, 5)
    had_lunch = had_dinner = False

    def new_id(suffix: str = "") -> str:
        return f"d{day_no}-g{group_no}-{len(events) + 1}{suffix}"

    def subset() -> list[str]:
        sizes = range(2, min(6, len(group)) + 1)
        size = rng.choices(sizes, SUBSET_WEIGHTS[: len(sizes)])[0]
        return sorted(rng.sample(group, size))

    if move_from is not None and want > 0:
        by_air = rng.random() < 0.4
        hub = "airport" if by_air else "station"
        origin = ctx.hubs[(move_from.name, hub)]
        destination = ctx.hubs[(city.name, hub)]
        duration = rng.choice((135, 140, 150)) if by_air else rng.choice((375, 390, 405))
        code = "CZ" if by_air else "G"
        event = Event(
            id=new_id(),
            title=f"{'Flight' if by_air else 'High-speed rail'} to {city.name}",
            kind="travel",
            attendees=list(group),
            start=t,
            duration=duration,
            mode="flight" if by_air else "train",
            origin=origin,
            destination=destination,
            reference=f"{code}{rng.randint(100, 9999)}, seats booked for {len(group)}",
            write_end=True,
        )
        events.append(event)
        t += duration
        place = destination

    flexible = want >= 2 and rng.random() < FLEXIBLE_RATE
    while len(events) < want - flexible:
        lunch_time = not had_lunch and 11 * 60 + 30 <= t <= 13 * 60
        dinner_time = not had_dinner and t >= 18 * 60
        if lunch_time or dinner_time:
            kind = "meal"
        else:
            kinds = list(KIND_WEIGHTS)
            weights = [KIND_WEIGHTS[k] for k in kinds]
            if place is None or events[-1].kind == "travel" or place.category != "work":
                weights[kinds.index("travel")] = 0
            kind = rng.choices(kinds, weights)[0]

        if kind == "travel":
            assert place is not None
            destination = ctx.pick_venue(city, district, meal=False, avoid=place)
            start = t + rng.choice((BUFFER_MINUTES, 15))
            duration = max(20, round_up(transfer_minutes(place, destination)))
            if start + duration > LAST_FIXED_END:
                break
            walk = distance_km(place, destination) < 1.0
            event = Event(
                id=new_id(),
                title=f"{'Walk' if walk else 'Car'} to {destination.name}",
                kind="travel",
                attendees=subset(),
                start=start,
                duration=duration,
                mode="walk" if walk else "car",
                origin=place,
                destination=destination,
            )
            if not walk and rng.random() < 0.2:
                event.reference = f"car {rng.randint(1, 6)}, plate {rng.randint(10000, 99999)}"
            events.append(event)
            t, place = start + duration, destination
            continue

        if place is not None and place.category in ("work", "dining") and rng.random() < 0.35:
            venue = place
        else:
            venue = ctx.pick_venue(city, district, meal=kind == "meal", avoid=place)
        start = t if place is None else t + gap_minutes(rng, place, venue)
        duration = rng.choice(DURATIONS[kind])
        if start + duration > LAST_FIXED_END:
            break
        org = rng.choice(ORGANISATIONS)
        if kind == "meal":
            lunch = start < 15 * 60
            had_lunch |= lunch
            had_dinner |= not lunch
            title = f"Lunch with {org}" if lunch else f"Dinner with {org}"
        elif kind == "meeting":
            title = f"Meeting with {org}"
        elif kind == "visit":
            title = f"Tour of {venue.name}" if rng.random() < 0.3 else f"Visit {org}"
        else:
            title = f"Briefing on {rng.choice(TOPICS)}"
        event = Event(
            id=new_id(),
            title=title,
            kind=kind,
            attendees=subset(),
            start=start,
            duration=duration,
            venue=venue,
        )
        describe(rng, event, city)
        if rng.random() < CANCELLED_RATE:
            event.status = "cancelled"
        elif rng.random() < TENTATIVE_RATE:
            event.status = "tentative"
        events.append(event)
        t, place = start + duration, venue

    if flexible and place is not None:
        venue = ctx.pick_venue(city, district, meal=False, avoid=place)
        opens = round_up(t + transfer_minutes(place, venue) + 2 * BUFFER_MINUTES, 15)
        duration = rng.choice((30, 45, 60))
        closes = opens + duration + rng.choice((30, 45, 60, 90))
        if closes <= LAST_WINDOW_END:
            title = rng.choice(
                (
                    f"Informal call on {rng.choice(ORGANISATIONS)}",
                    f"Walk-through of {venue.name}",
                )
            )
            event = Event(
                id=new_id("-flex"),
                title=title,
                kind="visit",
                attendees=subset(),
                duration=duration,
                window=(opens, closes),
                venue=venue,
            )
            describe(rng, event, city)
            event.write_end = False
            events.append(event)
    return events


def starts_at(event: Event) -> tuple[int, str]:
    """Sort key: fixed start, or the opening of a flexible event's window."""
    if event.window is not None:
        return event.window[0], event.id
    return event.start or 0, event.id


def build_days(
    rng: random.Random, total_events: int, groups: list[list[str]], venues: list[Venue]
) -> list[Day]:
    """Days of 25-40 events (as many as the groups fit) until ``total_events`` are made."""
    by_district: dict[tuple[str, int], list[Venue]] = {}
    by_city: dict[str, list[Venue]] = {}
    hubs: dict[tuple[str, str], Venue] = {}
    hotels: dict[str, Venue] = {}
    for v in venues:
        if v.category in ("station", "airport"):
            hubs[(v.city.name, v.category)] = v
        elif v.category == "hotel":
            hotels[v.city.name] = v
        else:
            by_district.setdefault((v.city.name, v.district), []).append(v)
            by_city.setdefault(v.city.name, []).append(v)
    ctx = Context(rng, by_district, by_city, hubs)

    days: list[Day] = []
    remaining = total_events
    city_index, stint_left = 0, rng.randint(5, 12)
    while remaining > 0:
        previous = CITIES[city_index]
        if stint_left == 0:
            city_index, stint_left = 1 - city_index, rng.randint(5, 12)
        stint_left -= 1
        city = CITIES[city_index]
        moving = bool(days) and city is not previous
        day = Day(TRIP_START + timedelta(days=len(days)), city, hotels[city.name])
        target = min(rng.randint(25, 40), remaining)
        base, extra = divmod(target, len(groups))
        shares = [base + (i < extra) for i in range(len(groups))]
        order = list(range(len(groups)))
        rng.shuffle(order)
        carry = 0
        for group_no in order:
            want = min(shares[group_no] + carry, MAX_EVENTS_PER_GROUP_DAY)
            made = build_group_day(
                ctx,
                day,
                len(days) + 1,
                group_no + 1,
                groups[group_no],
                want,
                previous if moving else None,
            )
            carry = shares[group_no] + carry - len(made)
            day.events.extend(made)
        day.events.sort(key=starts_at)
        remaining -= len(day.events)
        days.append(day)
    return days


# --- writing YAML --------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/&+-]*")
_PLAIN_IN_FLOW = re.compile(r"[A-Za-z][A-Za-z0-9 .'()/&+-]*")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def scalar(text: str, *, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain where that is unambiguous, else double-quoted."""
    pattern = _PLAIN_IN_FLOW if flow else _PLAIN
    if pattern.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def clock(minutes: int) -> str:
    """``"HH:MM"``, quoted."""
    return f'"{minutes // 60:02d}:{minutes % 60:02d}"'


def span(minutes: int) -> str:
    """A duration such as ``45m``, ``1h`` or ``1h30m``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def render(
    events: int, people: list[Person], venues: list[Venue], days: list[Day], seed: int
) -> str:
    """Write the itinerary as YAML text.

    Sequences under ``days`` and ``events`` are not indented (as PyYAML writes them),
    which keeps a 10,000-event file under 2 MB.
    """
    lines = [
        f"# Generated by benchmarks/generate.py --events {events} --people {len(people)}"
        f" --seed {seed}",
        "version: 1",
        "trip:",
        f"  id: benchmark-{events}-{len(people)}-{seed}",
        f"  title: Benchmark delegation to Hangzhou and Shenzhen ({events} events)",
        "  timezone: Asia/Shanghai",
        f"  start: {days[0].date.isoformat()}",
        f"  end: {days[-1].date.isoformat()}",
        "  organizer: {name: OASES Secretariat, email: secretariat@example.gov.hk}",
        f"  buffer: {span(BUFFER_MINUTES)}",
        "",
        "people:",
    ]
    for p in people:
        lines += [f"  {p.id}:", f"    name: {scalar(p.name)}", f"    role: {scalar(p.role)}"]
        if p.principal:
            lines.append("    principal: true")
        if p.email:
            lines.append(f"    email: {p.email}")

    lines += ["", "venues:"]
    for v in venues:
        lines += [
            f"  {v.id}:",
            f"    name: {scalar(v.name)}",
            f"    name_local: {scalar(v.name_local)}",
            f"    address: {scalar(v.address)}",
            f"    city: {v.city.name}",
            "    country: CN",
            f"    location: [{v.lat:.4f}, {v.lon:.4f}]",
        ]

    lines += ["", "days:"]
    for day in days:
        lines += [
            f"- date: {day.date.isoformat()}",
            f"  city: {day.city.name}",
            f"  hotel: {day.hotel.id}",
            "  events:",
        ]
        for e in day.events:
            first, *rest = event_fields(e)
            lines.append(f"  - {first}")
            lines += [f"    {line}" for line in rest]
    return "\n".join(lines) + "\n"


def event_fields(e: Event) -> list[str]:
    """Return the ``key: value`` lines of one event, unindented."""
    out = [
        f"id: {e.id}",
        f"title: {scalar(e.title)}",
        f"kind: {e.kind}",
    ]
    if e.kind == "travel":
        assert e.origin is not None
        assert e.destination is not None
        out += [
            f"mode: {e.mode}",
            f"from: {e.origin.id}",
            f"to: {e.destination.id}",
        ]
    else:
        assert e.venue is not None
        out.append(f"venue: {e.venue.id}")
    if e.window is not None:
        out.append(f"window: [{clock(e.window[0])}, {clock(e.window[1])}]")
        out.append(f"duration: {span(e.duration)}")
    else:
        assert e.start is not None
        out.append(f"start: {clock(e.start)}")
        if e.write_end:
            out.append(f"end: {clock(e.start + e.duration)}")
        else:
            out.append(f"duration: {span(e.duration)}")
    out.append(f"attendees: [{', '.join(e.attendees)}]")
    if e.host is not None:
        name, phone = e.host
        out.append(f"host: {{name: {scalar(name, flow=True)}, phone: {scalar(phone)}}}")
    if e.status is not None:
        out.append(f"status: {e.status}")
    if e.dress is not None:
        out.append(f"dress: {scalar(e.dress)}")
    if e.reference is not None:
        out.append(f"reference: {scalar(e.reference)}")
    if e.notes is not None:
        out.append(f"notes: {scalar(e.notes)}")
    return out


# --- entry points --------------------------------------------------------------------------


def generate(events: int, people: int, seed: int = 1, *, everyone: bool = False) -> str:
    """A valid itinerary with exactly ``events`` events and ``people`` people, as YAML.

    With ``everyone``, everyone attends every event (one group, no ``attendees``)."""
    if events < 1:
        raise ValueError("events must be at least 1")
    if people < 2:
        raise ValueError("people must be at least 2 (attendee lists have 2-6 people)")
    rng = random.Random(seed)
    persons = make_people(rng, people)
    groups = [sorted(p.id for p in persons)] if everyone else make_groups(rng, persons)
    venues = make_venues(rng, max(20, round(events / 20)))
    days = build_days(rng, events, groups, venues)
    text = render(events, persons, venues, days, seed)
    if everyone:  # the default: everyone in `people`
        text = re.sub(r"\n *attendees: \[[^\]\n]*\]", "", text)
        text = text.replace(f" --seed {seed}\n", f" --seed {seed} --everyone\n", 1)
        text = text.replace(f"-{seed}\n", f"-{seed}-everyone\n", 1)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the generated itinerary to a file or stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="number of events (1000)")
    parser.add_argument("--people", type=int, default=40, help="number of people (40)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--everyone", action="store_true", help="everyone attends every event (no attendees)"
    )
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    if args.events < 1 or args.people < 2:
        parser.error("--events must be at least 1 and --people at least 2")

    began = time.perf_counter()
    text = generate(args.events, args.people, args.seed, everyone=args.everyone)
    elapsed = time.perf_counter() - began
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        size = len(text.encode("utf-8"))
        print(
            f"wrote {args.output}: {args.events} events, {size / 1e6:.2f} MB in {elapsed:.2f} s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
