"""Nominative forms of Russian name words: the dictionary for names it knows, ending rules for the others."""
from __future__ import annotations

import pytest

from data_pipeline.nlp.ru import names


@pytest.mark.parametrize("word, case, gender, expected", [
    ("Сергея", "Gen", "Masc", "Сергей"),
    ("Владимиром", "Ins", "Masc", "Владимир"),
    ("Захаровой", "Gen", "Fem", "Захарова"),
    ("Лаврову", "Dat", "Masc", "Лавров"),
    ("Оганесяном", "Ins", "Masc", "Оганесян"),   # a surname the dictionary may not know
    ("Шрёдера", "Gen", "Masc", "Шрёдер"),        # ё kept
])
def test_names_nominative_first_candidate(word, case, gender, expected):
    assert names.nominatives(word, case, gender)[0] == expected


def test_names_nominative_keeps_nominatives_and_indeclinables():
    assert names.nominatives("Шойгу", "Nom", "Masc") == ("Шойгу",)
    assert "Шойгу" in names.nominatives("Шойгу", "Gen", "Masc")


@pytest.mark.parametrize("word, gender, case, form", [
    ("Петросяна", "Masc", "Gen", "петросян"), ("Кравцовым", "Masc", "Ins", "кравцов"),
    ("Беловой", "Fem", "Ins", "белова"), ("Задорожного", "Masc", "Gen", "задорожный"),
    ("Мишелю", "Masc", "Dat", "мишель"),
])
def test_names_rule_forms(word, gender, case, form):
    assert names.rule_forms(word, gender, case)[0] == form


def test_names_choose_prefers_attested_nominative():
    assert names.choose(("Никола", "Никол"), {"Никол"}) == "Никол"
    assert names.choose(("Никола", "Никол"), set()) == "Никола"


def test_names_word_case_corrects_a_nominative_the_dictionary_rules_out():
    assert names.word_case("Сергеем", "Nom", "Masc") == "Ins"
    assert names.word_case("Сергей", "Nom", "Masc") == "Nom"


def test_names_recase():
    assert names.recase("санкт-петербург", "Санкт-Петербурга") == "Санкт-Петербург"
    assert names.recase("москва", "МОСКВЫ") == "МОСКВА"
