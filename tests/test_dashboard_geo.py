"""Place names onto the map: cities by coordinates, countries at their capital, unknown names left out."""
import pandas as pd

from dashboard import geo


def test_geo_locates_cities_and_countries():
    vienna = geo.locate("Vienna")
    assert vienna.iso3 is None and abs(vienna.lat - 48.2) < 0.5 and abs(vienna.lon - 16.4) < 0.5
    assert geo.locate("vienna") == geo.Spot(name="vienna", lat=vienna.lat, lon=vienna.lon, country="AT")
    armenia = geo.locate("Armenia")
    assert armenia.iso3 == "ARM" and abs(armenia.lat - 40.2) < 0.5  # at Yerevan


def test_geo_unknown_places_are_split_off():
    located, unplaced = geo.locate_all(pd.DataFrame({"place": ["Geneva", "the Blue Hall of Nowhere"],
                                                     "events": [3, 1]}))
    assert located["place"].tolist() == ["Geneva"] and unplaced["place"].tolist() == ["the Blue Hall of Nowhere"]
    assert geo.locate("") is None


def test_geo_a_name_with_the_is_not_read_as_a_translated_city_name():
    # geonames lists translations among a city's alternate names ("Casa Blanca" -> "White House"):
    # a building written with "the" must not land on that city, while a city's own name with "the" still does
    assert geo.locate("the White House") is None
    assert geo.locate("the Hague").country == "NL"
    assert geo.locate("Casablanca").country == "MA"
    assert geo.locate("Kiev").country == "UA"  # a Latin alternate name, written without "the", still counts
