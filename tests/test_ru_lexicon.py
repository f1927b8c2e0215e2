"""Russian word lists: transliteration to Latin spellings, places and country adjectives, titles as English roles."""
from __future__ import annotations

import pytest

from data_pipeline.lexicon import ru_places, ru_titles
from data_pipeline.lexicon.names import translit_key
from data_pipeline.lexicon.translit import has_cyrillic, latin_spellings, to_latin


def test_translit_to_latin_standard_scheme():
    assert to_latin("Дмитрий Медведев") == "Dmitry Medvedev"
    assert to_latin("Mixed Latin") == "Mixed Latin"
    assert has_cyrillic("Лавров") and not has_cyrillic("Lavrov")


@pytest.mark.parametrize("cyrillic, english", [
    ("Реджеп Эрдоган", "Recep Erdogan"),        # Дж as Turkish C
    ("Гусейн Гасымов", "Huseyn Hasymov"),        # Г written H in Turkic names
    ("Герхард Шрёдер", "Gerhard Schroder"),       # Ш as Sch
    ("Николя Саркози", "Nicolya Sarkozi"),        # К as C
])
def test_translit_latin_spellings_include_english_renderings(cyrillic, english):
    keys = {" ".join(translit_key(w) for w in s.split()) for s in latin_spellings(cyrillic)}
    assert " ".join(translit_key(w) for w in english.split()) in keys


def test_translit_latin_spellings_standard_first_and_bounded():
    spellings = latin_spellings("Щербаков Жуковский Цхакая")
    assert spellings[0] == to_latin("Щербаков Жуковский Цхакая")
    assert len(spellings) <= 32
    assert latin_spellings("Already Latin") == ["Already Latin"]


@pytest.mark.parametrize("name, english", [
    ("Москва", "Moscow"), ("Санкт-Петербург", "Saint Petersburg"), ("Россия", "Russia"), ("РФ", "Russia"),
    ("Германия", "Germany"), ("Нагорный Карабах", "Nagorno-Karabakh"), ("Париж", "Paris"),
])
def test_ru_places_english_names(name, english):
    assert ru_places.english_place(name) == english


def test_ru_places_country_adjectives_and_unknown_places():
    assert ru_places.country("российский") == "Russia"
    assert ru_places.country("армянский") == "Armenia"
    assert ru_places.country("стол") is None
    assert ru_places.english_place("Нижние Подгорки") is None


@pytest.mark.parametrize("lemmas, country, role", [
    (["министр", "иностранный", "дело"], "Russia", {"role": "Foreign Minister", "org": "Ministry of Foreign Affairs",
                                                   "country": "Russia"}),
    (["заместитель", "министр", "оборона"], None, {"role": "Deputy Defense Minister", "org": "Ministry of Defense",
                                                   "country": None}),
    (["секретарь", "совет", "безопасность"], "Armenia", {"role": "Secretary", "org": "Security Council",
                                                         "country": "Armenia"}),
    (["официальный", "представитель", "мид"], "Russia", {"role": "spokesperson", "org": None, "country": "Russia"}),
    (["начальник", "генеральный", "штаб", "генерал", "армия"], None, {"role": "Chief", "org": "General Staff",
                                                                     "country": None}),
    (["коллега"], "Armenia", {"role": "counterpart", "org": None, "country": "Armenia"}),
])
def test_ru_titles_roles_in_english(lemmas, country, role):
    assert ru_titles.role(lemmas, country) == role


def test_ru_titles_no_position_no_role():
    assert ru_titles.role(["большой", "город"]) is None
