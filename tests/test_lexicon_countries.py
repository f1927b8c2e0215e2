"""The one country lookup: codes, display names and capitals agree for every spelling of a country."""
import pytest

from data_pipeline.lexicon.countries import capital_of, country_code, country_name, is_capital
from data_pipeline.lexicon.gazetteer import country_of


@pytest.mark.parametrize("spelling,code,name", [
    ("Russia", "RU", "Russia"), ("the Russian Federation", "RU", "Russia"), ("RUSSIA", "RU", "Russia"),
    ("UK", "GB", "United Kingdom"), ("Britain", "GB", "United Kingdom"), ("U.S.", "US", "United States"),
    ("UAE", "AE", "United Arab Emirates"), ("Burma", "MM", "Myanmar"), ("Türkiye", "TR", "Turkey"),
    ("Iran, Islamic Republic of", "IR", "Iran"), ("Czech Republic", "CZ", "Czechia"),
])
def test_countries_spellings_share_code_and_name(spelling, code, name):
    assert country_code(spelling) == code
    assert country_name(spelling) == name


def test_countries_the_gazetteer_and_the_store_agree():
    for spelling in ("Russia", "Russian Federation", "UAE", "Britain"):
        assert country_of(spelling) == country_name(spelling)


@pytest.mark.parametrize("country,capital", [("Kazakhstan", "Astana"), ("Burma", "Naypyidaw"),
                                              ("Armenia", "Yerevan"), ("United States", "Washington")])
def test_countries_capitals_with_overrides(country, capital):
    assert capital_of(country) == capital
    assert is_capital(capital)


@pytest.mark.parametrize("not_a_country", ["Yerevan", "Armenian", "Sergei", "", "the"])
def test_countries_cities_and_words_are_not_countries(not_a_country):
    assert country_code(not_a_country) is None
    assert country_name(not_a_country) is None
