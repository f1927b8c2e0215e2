"""Countries, demonyms and cities from the maintained packages."""
import pytest

from data_pipeline.gazetteer import country_of, place_type


@pytest.mark.parametrize("text,kind", [
    ("Georgia", "GPE"), ("the Russian Federation", "GPE"), ("Iran", "GPE"), ("UK", "GPE"),
    ("Tbilisi", "GPE"), ("GYUMRI", "GPE"), ("Kyiv", "GPE"),
    ("Georgian", "NORP"), ("Azeri", "NORP"), ("Turkish", "NORP"), ("Ukrainians", "NORP"),
    ("Nagorno-Karabakh", "LOC"),
])
def test_gazetteer_place_type(text, kind):
    assert place_type(text) == kind


@pytest.mark.parametrize("name", ["Pashinyan", "Erdogan", "Zelensky", "Mirzoyan", "Peskov"])
def test_gazetteer_does_not_list_surnames(name):
    assert place_type(name) is None


@pytest.mark.parametrize("text,country", [("Armenian", "Armenia"), ("Azerbaijani", "Azerbaijan"),
                                          ("Russia", "Russia"), ("Russian Federation", "Russia"),
                                          ("French", "France"), ("American", "United States")])
def test_gazetteer_country_of(text, country):
    assert country_of(text) == country
