"""The offline gazetteer: curated hubs and GeoNames cities (tripplan.geo)."""

from __future__ import annotations

import time

import pytest

from tripplan.geo.gazetteer import CITIES_DB, HUBS_YAML, Gazetteer, Match
from tripplan.geo.normalize import hub_key, key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


@pytest.mark.parametrize(
    "query",
    [
        "Hangzhou East Railway Station",
        "Hangzhou East Station",
        "hangzhou-east railway station",
        "HANGZHOU  EAST",
        "杭州东站",
        "杭州東站",
        "Hangzhoudong",
    ],
)
def test_hangzhou_east_variants(gaz: Gazetteer, query: str) -> None:
    m = gaz.lookup(query)
    assert m is not None
    assert m.id == "hangzhou-east"
    assert (m.precision, m.layer) == ("exact", "gazetteer-hub")
    assert m.source


@pytest.mark.parametrize(
    "query",
    [
        "West Kowloon",
        "West Kowloon Station",
        "Hong Kong West Kowloon Station",
        "香港西九龍站",
        "香港西九龙站",
    ],
)
def test_west_kowloon(gaz: Gazetteer, query: str) -> None:
    m = gaz.lookup(query)
    assert m is not None
    assert m.id == "west-kowloon"
    assert m.country == "HK"
    assert m.lat == pytest.approx(22.304, abs=0.01)


@pytest.mark.parametrize(
    ("query", "hub_id"),
    [
        ("HGH", "hgh-airport"),
        ("Hangzhou Airport", "hgh-airport"),
        ("Hangzhou Xiaoshan International Airport", "hgh-airport"),
        ("杭州萧山国际机场", "hgh-airport"),
        ("Hangzhou Station", "hangzhou-station"),
        ("Shenzhen Bay Control Point", "shenzhen-bay-port"),
        ("深圳灣口岸", "shenzhen-bay-port"),
        ("Futian Port", "futian-port"),
        ("Lok Ma Chau Spur Line Control Point", "lok-ma-chau-spur-line"),
        ("Lo Wu", "lo-wu-control-point"),
        ("HZMB", "hzmb-hong-kong-port"),
        ("Central Government Offices, Tamar", "cgo-tamar"),
        ("政府總部", "cgo-tamar"),
        ("Hong Kong Science Park", "hk-science-park"),
        ("Cyberport", "cyberport"),
        ("Shenzhen Bay Science and Technology Ecological Park", "shenzhen-bay-eco-park"),
        ("Hetao Shenzhen Park", "hetao-shenzhen-park"),
        ("Zhangjiang Hi-Tech Park", "zhangjiang-science-city"),
        ("中关村", "zhongguancun"),
        ("Future Sci-Tech City", "future-sci-tech-city"),
        ("广州南站", "guangzhou-south"),
        ("Shenzhen Bao'an International Airport", "szx-airport"),
        ("shenzhen baoan airport", "szx-airport"),
    ],
)
def test_hubs_by_name_local_name_and_alias(gaz: Gazetteer, query: str, hub_id: str) -> None:
    m = gaz.lookup(query)
    assert m is not None, query
    assert m.id == hub_id


def test_airport_and_station_of_a_city_stay_apart(gaz: Gazetteer) -> None:
    airport = gaz.lookup("Hangzhou Airport")
    station = gaz.lookup("Hangzhou Station")
    assert airport is not None
    assert station is not None
    assert airport.id != station.id


@pytest.mark.parametrize(
    ("query", "country", "expected_country", "lat"),
    [
        ("Hangzhou", None, "CN", 30.29),
        ("Shenzhen", None, "CN", 22.55),
        ("深圳", None, "CN", 22.55),
        ("杭州", None, "CN", 30.29),
        ("Hong Kong", None, "HK", 22.28),
        ("香港", None, "HK", 22.28),
        ("Hongkong", None, "HK", 22.28),
        ("London", "GB", "GB", 51.51),
        ("London", "CA", "CA", 42.98),
        ("London", None, "GB", 51.51),
        ("São Paulo", None, "BR", -23.55),
        ("Sao Paulo", None, "BR", -23.55),
    ],
)
def test_cities(
    gaz: Gazetteer, query: str, country: str | None, expected_country: str, lat: float
) -> None:
    m = gaz.lookup(query, country=country)
    assert m is not None
    assert (m.precision, m.layer) == ("city", "gazetteer-city")
    assert m.country == expected_country
    assert m.lat == pytest.approx(lat, abs=0.1)
    assert "GeoNames" in m.source


def test_city_name_does_not_become_a_hub(gaz: Gazetteer) -> None:
    # "Hangzhou Railway Station" minus its class word is "Hangzhou": still the city.
    m = gaz.lookup("Hangzhou")
    assert m is not None
    assert m.precision == "city"


def test_hangzhou_never_finds_zhangzhou(gaz: Gazetteer) -> None:
    for query in ("Hangzhou", "hangzhou", "杭州", "Hangzhou City"):
        m = gaz.lookup(query)
        assert m is not None
        assert m.name == "Hangzhou"
    zhangzhou = gaz.lookup("Zhangzhou")
    assert zhangzhou is not None
    assert zhangzhou.name == "Zhangzhou"
    assert zhangzhou.id != gaz.lookup("Hangzhou").id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query",
    ["Hilton", "Hilton Hotel", "", "   ", "--", "Hangzhou East Hilton", "angzhou", "Kowloon Sta"],
)
def test_unknown_returns_none(gaz: Gazetteer, query: str) -> None:
    assert gaz.lookup(query) is None


def test_hub_preference_by_city(gaz: Gazetteer) -> None:
    m = gaz.lookup("West Kowloon Station", city="香港")
    assert m is not None
    assert m.id == "west-kowloon"


def test_match_is_a_value() -> None:
    m = Match("x", 1.0, 2.0, "city", "gazetteer-city", "s", "x", "geonames:1")
    with pytest.raises(AttributeError):
        m.lat = 3.0  # type: ignore[misc]


def test_normalisation() -> None:
    assert key("Hong Kong") == key("hongkong") == key("HONG-KONG")
    assert key("Bao'an") == key("Baoan")
    assert key("香港西九龍站") == key("香港西九龙站")
    assert hub_key("Hangzhou East Railway Station") == ("hangzhoueast", "station")
    assert hub_key("杭州萧山国际机场") == ("杭州萧山", "airport")
    assert hub_key("Station") == ("station", None)  # a class word alone is a name


def test_open_and_lookup_is_fast() -> None:
    start = time.perf_counter()
    gaz = Gazetteer()
    m = gaz.lookup("Shenzhen")  # opens cities.sqlite and loads hubs.yaml (hubs come first)
    first = time.perf_counter() - start
    start = time.perf_counter()
    gaz.lookup("Hangzhou East Station")
    second = time.perf_counter() - start
    gaz.close()
    assert m is not None
    print(f"new Gazetteer + first lookup: {first * 1000:.1f} ms; next: {second * 1000:.2f} ms")


def test_data_files_are_compact() -> None:
    size = CITIES_DB.stat().st_size
    print(f"cities.sqlite: {size / 1e6:.2f} MB; hubs.yaml: {HUBS_YAML.stat().st_size / 1e3:.1f} kB")
    assert size < 10_000_000
