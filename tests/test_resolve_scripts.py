"""Cyrillic name mentions aligned to the Latin names of the corpus and the knowledge base before resolution."""
from __future__ import annotations

from data_pipeline.resolve.actors import Actor
from data_pipeline.resolve.scripts import align, surface


def person(text: str, norm: str | None = None, latin: str | None = None) -> dict:
    m = {"text": text, "label": "PERSON", "kind": "name", "start": 0, "end": len(text), "sentence": 0}
    if latin is not None:
        m.update(norm=norm or text, latin=latin)
    return m


def test_scripts_cyrillic_name_takes_the_english_spelling_of_the_corpus():
    docs = [("en", [person("Huseyn Hasymov")]),
            ("ru", [person("Гусейна Гасымова", "Гусейн Гасымов", "Guseyn Gasymov")])]
    out, why = align(docs)
    m = out[1][1][0]
    assert (m["text"], surface(m)) == ("Huseyn Hasymov", "Гусейна Гасымова")
    assert why[("ru", 0)] == "transliteration: Гусейна Гасымова → Huseyn Hasymov"
    assert out[0][1][0] is docs[0][1][0]  # Latin mentions pass unchanged
    assert docs[1][1][0]["text"] == "Гусейна Гасымова"  # the analyses are not modified


def test_scripts_surname_alone_and_standard_transliteration_without_english_form():
    docs = [("en", [person("Olaf Scholz")]),
            ("ru", [person("Шольца", "Шольц", "Sholts"), person("Тимура Гуляева", "Тимур Гуляев", "Timur Gulyayev")])]
    out, why = align(docs)
    assert [m["text"] for m in out[1][1]] == ["Scholz", "Timur Gulyayev"]
    assert why[("ru", 0)] == "transliteration: Шольца → Scholz"
    assert why[("ru", 1)] == "transliteration: Тимура Гуляева → Timur Gulyayev"


def test_scripts_different_first_names_stay_apart():
    docs = [("en", [person("Heydar Aliyev")]), ("ru", [person("Ильхам Алиев", "Ильхам Алиев", "Ilkham Aliyev")])]
    out, _ = align(docs)
    assert out[1][1][0]["text"] == "Ilkham Aliyev"


def test_scripts_knowledge_base_cyrillic_alias():
    kb = [Actor(name="Vagharshak Harutyunyan", aliases=("Вагаршак Арутюнян",))]
    docs = [("ru", [person("Вагаршаком Арутюняном", "Вагаршак Арутюнян", "Vagarshak Arutyunyan")])]
    out, why = align(docs, kb)
    assert out[0][1][0]["text"] == "Vagharshak Harutyunyan"
    assert why[("ru", 0)].startswith("knowledge-base: ")


def test_scripts_title_mentions_are_not_names():
    title = {"text": "российский коллега", "label": "PERSON", "kind": "title", "norm": "российский коллега",
             "latin": "rossiysky kollega"}
    out, why = align([("ru", [title])])
    assert out[0][1][0] is title and not why


def test_scripts_loose_first_name_only_for_a_surname_one_person_bears():
    docs = [("en", [person("Antony Blinken"), person("Ilham Aliyev"), person("Heydar Aliyev")]),
            ("ru", [person("Энтони Блинкен", "Энтони Блинкен", "Entoni Blinken"),
                    person("Мехди Алиев", "Мехди Алиев", "Mekhdi Aliyev"),
                    person("Борис Блинкен", "Борис Блинкен", "Boris Blinken")])]
    out, why = align(docs)
    assert [m["text"] for m in out[1][1]] == ["Antony Blinken", "Mekhdi Aliyev", "Boris Blinken"]
    assert why[("ru", 0)] == "transliteration: Энтони Блинкен → Entoni Blinken ~ Antony Blinken"
