"""Corpus-level resolution over hand-made mention dicts (no model needed)."""
from datetime import date

from data_pipeline.resolve.actors import Actor, Role
from data_pipeline.resolve import resolve

REASONS = {"exact", "transliteration", "surname-in-article", "given-name-in-article", "surname-in-corpus", "title-role",
           "knowledge-base", "correction"}


def mention(text, label="PERSON", start=0, kind="name", role=None, subject=False):
    return {"text": text, "start": start, "end": start + len(text), "sentence": 0, "label": label,
            "kind": kind, "tokens": [start, start + 1], "role": role, "subject": subject}


def doc(*items):
    """Mentions laid out one after the other, so their offsets are increasing."""
    out, pos = [], 0
    for it in items:
        it = dict(it)
        it["start"], it["end"] = pos, pos + len(it["text"])
        pos = it["end"] + 10
        out.append(it)
    return out


def entity_of(res, aid, i):
    eid = res.ids.get((aid, i))
    return next((e for e in res.entities if e["entity_id"] == eid), None)


def test_resolve_transliteration_variants_are_one_person():
    docs = [("a1", doc(mention("Vardan Grigoryan"))), ("a2", doc(mention("Vardan Grigorian"))),
            ("a3", doc(mention("Vardan GRIGORYAN")))]
    res = resolve(docs)
    assert len({res.ids[(a, 0)] for a in ("a1", "a2", "a3")}) == 1
    assert entity_of(res, "a1", 0)["entity_id"] == "person:vardan-grigoryan"
    assert {"transliteration"} <= {r["reason"] for r in res.reasons}


def test_resolve_first_name_variants_merge():
    res = resolve([("a1", doc(mention("Aleksandr Petrosyan"))), ("a2", doc(mention("Alexander Petrosian")))])
    assert res.ids[("a1", 0)] == res.ids[("a2", 0)]


def test_resolve_surname_in_article_with_any_label_and_possessive():
    res = resolve([("a1", doc(mention("Tigran Avetisyan"), mention("Avetisyan", "NORP", subject=True),
                              mention("Avetisian’s", "GPE")))])
    assert res.ids[("a1", 0)] == res.ids[("a1", 1)] == res.ids[("a1", 2)]
    assert entity_of(res, "a1", 1)["type"] == "PERSON"
    assert any(r["reason"] == "surname-in-article" for r in res.reasons)


def test_resolve_surname_in_corpus_when_unique():
    res = resolve([("a1", doc(mention("Tigran Avetisyan"))), ("a2", doc(mention("Avetisian", "ORG", subject=True)))])
    assert res.ids[("a2", 0)] == res.ids[("a1", 0)]
    assert any(r["reason"] == "surname-in-corpus" and r["article_id"] == "a2" for r in res.reasons)


def test_resolve_people_sharing_a_surname_stay_apart():
    res = resolve([("a1", doc(mention("Ilham Aliyev"), mention("Aliyev", subject=True))),
                   ("a2", doc(mention("Heydar Aliyev"), mention("Aliyev", subject=True))),
                   ("a3", doc(mention("Aliyev", subject=True)))])
    assert res.ids[("a1", 0)] != res.ids[("a2", 0)]
    assert res.ids[("a1", 1)] == res.ids[("a1", 0)] and res.ids[("a2", 1)] == res.ids[("a2", 0)]
    assert res.ids.get(("a3", 0)) not in (res.ids[("a1", 0)], res.ids[("a2", 0)])


def test_resolve_places_tagged_as_people_are_retyped():
    res = resolve([("a1", doc(mention("Tbilisi"), mention("GYUMRI", subject=True), mention("Azerbaijani")))])
    assert [entity_of(res, "a1", i)["type"] for i in range(3)] == ["GPE", "GPE", "NORP"]


def test_resolve_noise_never_becomes_an_entity():
    res = resolve([("a1", doc(mention("подтверждаете свое"), mention("cookie policy"), mention("Read"),
                              mention("Stepanavan Road")))])
    assert not any(e["type"] == "PERSON" for e in res.entities)
    assert ("a1", 0) not in res.ids and ("a1", 1) not in res.ids


def test_resolve_lone_name_needs_person_evidence():
    res = resolve([("a1", doc(mention("Zarubyan"), mention("Khachik", subject=True)))])
    assert ("a1", 0) not in res.ids
    assert entity_of(res, "a1", 1)["type"] == "PERSON"


def test_resolve_title_only_mention_to_role_holder_in_article():
    items = doc(mention("Ilia Darchiashvili", role={"role": "Foreign Minister", "org": None, "country": "Georgia"}),
                mention("Hakan Fidan", role={"role": "counterpart", "org": None, "country": "Turkey"}),
                mention("the Georgian minister", kind="title",
                        role={"role": "minister", "org": None, "country": "Georgia"}),
                mention("his Turkish counterpart", kind="title",
                        role={"role": "counterpart", "org": None, "country": "Turkey"}))
    res = resolve([("a1", items)])
    assert res.ids[("a1", 2)] == res.ids[("a1", 0)]
    assert res.ids[("a1", 3)] == res.ids[("a1", 1)]
    assert {r["reason"] for r in res.reasons if r["surface"].startswith(("the", "his"))} == {"title-role"}


def test_resolve_title_role_from_other_article():
    res = resolve([("a1", doc(mention("Ilia Darchiashvili", role={"role": "Foreign Minister", "org": None,
                                                                  "country": "Georgia"}))),
                   ("a2", doc(mention("Darchiashvili", "GPE", subject=True),
                              mention("the Georgian foreign minister", kind="title",
                                      role={"role": "foreign minister", "org": None, "country": "Georgia"})))],
                  dates={"a1": date(2024, 3, 1), "a2": date(2024, 3, 20)})
    assert res.ids[("a2", 1)] == res.ids[("a1", 0)]


def test_resolve_roles_rows_and_entity_country():
    res = resolve([("a1", doc(mention("Nurlan Abenov", role={"role": "spokesman", "org": "Kazakh Defense Ministry",
                                                             "country": "Kazakhstan"})))],
                  dates={"a1": date(2024, 5, 2)})
    assert res.roles == [{"entity_id": "person:nurlan-abenov", "role": "spokesman", "org": "Kazakh Defense Ministry",
                          "country": "Kazakhstan", "article_id": "a1", "date": date(2024, 5, 2)}]
    assert res.entities[0]["country"] == "Kazakhstan"


def test_resolve_works_with_empty_knowledge_base_and_is_deterministic():
    docs = [("a1", doc(mention("Vardan Grigoryan"), mention("Grigoryan", "ORG", subject=True), mention("Yerevan"))),
            ("a2", doc(mention("Vardan Grigorian"), mention("Tbilisi", "GPE")))]
    one, two = resolve(docs, actors=[]), resolve(list(reversed(docs)), actors=[])
    assert one.ids == two.ids and one.entities == two.entities
    assert all(r["reason"] in REASONS for r in one.reasons)
    assert {k for k in one.ids} == {("a1", 0), ("a1", 1), ("a1", 2), ("a2", 0), ("a2", 1)}


def test_resolve_knowledge_base_canonical_name_and_title_at_date():
    kb = [Actor(name="Andrei Sidorenko", aliases=("Andrey Sydorenko",), country="Ruritania",
                roles=(Role("Defense Minister", country="Georgia", start=date(2020, 1, 1), end=date(2022, 1, 1)),)),
          Actor(name="Pavel Orlov", country="Georgia",
                roles=(Role("Defense Minister", country="Georgia", start=date(2022, 1, 2)),))]
    docs = [("a1", doc(mention("Andrey Sidorenko"))),
            ("a2", doc(mention("the Georgian defense minister", kind="title",
                               role={"role": "defense minister", "org": None, "country": "Georgia"}))),
            ("a3", doc(mention("the Georgian defense minister", kind="title",
                               role={"role": "defense minister", "org": None, "country": "Georgia"})))]
    res = resolve(docs, dates={"a1": date(2021, 5, 1), "a2": date(2021, 6, 1), "a3": date(2023, 6, 1)}, actors=kb)
    assert res.ids[("a1", 0)] == "person:andrei-sidorenko"
    assert res.ids[("a2", 0)] == "person:andrei-sidorenko"
    assert res.ids[("a3", 0)] == "person:pavel-orlov"
    assert any(r["reason"] == "knowledge-base" for r in res.reasons)


def test_resolve_mislabelled_full_name_with_known_given_name():
    res = resolve([("a1", doc(mention("Tigran Avetisyan"))), ("a2", doc(mention("Tigran Sahakyan", "ORG")))])
    assert entity_of(res, "a2", 0)["type"] == "PERSON"
    assert res.ids[("a2", 0)] != res.ids[("a1", 0)]


def test_resolve_calling_name_and_full_name_one_person():
    res = resolve([("a1", doc(mention("Recep Erdogan"))), ("a2", doc(mention("Tayyip Erdogan"))),
                   ("a3", doc(mention("Recep Tayyip Erdogan")))])
    assert len({res.ids[(a, 0)] for a in ("a1", "a2", "a3")}) == 1


def test_resolve_lone_surname_prefers_relative_with_a_role_in_article():
    items = doc(mention("Ilham Aliyev", role={"role": "President", "org": None, "country": "Azerbaijan"}),
                mention("Heydar Aliyev"), mention("Aliyev", subject=True))
    res = resolve([("a1", items)])
    assert res.ids[("a1", 2)] == res.ids[("a1", 0)] != res.ids[("a1", 1)]


def test_resolve_shared_surname_not_an_alias_of_either():
    res = resolve([("a1", doc(mention("Ilham Aliyev"), mention("Aliyev", subject=True))),
                   ("a2", doc(mention("Heydar Aliyev")))])
    for e in res.entities:
        assert "Aliyev" not in e["aliases"]
    assert any(r["surface"] == "Aliyev" and r["reason"] == "surname-in-article" for r in res.reasons)


def test_resolve_lone_surname_goes_to_the_dominant_bearer():
    named = [("a%d" % n, doc(mention("Ilham Aliyev"))) for n in range(4)]
    res = resolve(named + [("h", doc(mention("Heydar Aliyev"))), ("x", doc(mention("Aliyev", subject=True)))])
    assert res.ids[("x", 0)] == res.ids[("a0", 0)]


def test_resolve_untagged_proper_noun_only_joins_known_people():
    res = resolve([("a1", doc(mention("Tigran Avetisyan"), mention("Avetisyan", "PROPN"), mention("Dilijan", "PROPN"))),
                   ("a2", doc(mention("Karapetyants", "PROPN", subject=True)))])
    assert res.ids[("a1", 1)] == res.ids[("a1", 0)]
    assert ("a1", 2) not in res.ids and ("a2", 0) not in res.ids


def test_resolve_counterpart_takes_the_role_of_the_other_party():
    kb = [Actor(name="Ruben Sahakyan", country="Armenia", roles=(Role("Foreign Minister", country="Armenia"),)),
          Actor(name="Levon Arakelyan", country="Armenia", roles=(Role("Prime Minister", country="Armenia"),))]
    items = doc(mention("Elnur Mammadov", role={"role": "FM", "org": None, "country": "Azerbaijan"}),
                mention("his Armenian counterpart", kind="title",
                        role={"role": "counterpart", "org": None, "country": "Armenia"}),
                mention("Levon Arakelyan", role={"role": "Prime Minister", "org": None, "country": "Armenia"}))
    for it in items:
        it["sentence"] = 0
    items[2]["sentence"] = 1
    res = resolve([("a1", items)], actors=kb)
    assert res.ids[("a1", 1)] == "person:ruben-sahakyan"


def test_resolve_lone_surname_with_title_picks_the_role_holder():
    kb = [Actor(name="Ilham Aliyev", roles=(Role("President", country="Azerbaijan", start=date(2003, 10, 31)),)),
          Actor(name="Heydar Aliyev", roles=(Role("President", country="Azerbaijan", end=date(2003, 10, 31)),))]
    res = resolve([("a1", doc(mention("Aliyev", role={"role": "President", "org": None, "country": None})))],
                  dates={"a1": date(2020, 1, 1)}, actors=kb)
    assert res.ids[("a1", 0)] == "person:ilham-aliyev"


def test_resolve_organisation_wordings_one_entity():
    res = resolve([("a1", doc(mention("the Georgian Ministry of Defence", "ORG"))),
                   ("a2", doc(mention("Georgian Defense Ministry", "ORG")))])
    assert res.ids[("a1", 0)] == res.ids[("a2", 0)]
    assert entity_of(res, "a1", 0)["type"] == "ORG" and entity_of(res, "a1", 0)["country"] == "Georgia"


def test_resolve_called_by_the_first_word_of_the_name():
    # family name first, and people called by their given name, within one article
    res = resolve([("a1", doc(mention("Han Zhengwei"), mention("Tesfaye Girma Alemu"), mention("Han"),
                              mention("Tesfaye", "ORG")))])
    assert res.ids[("a1", 2)] == res.ids[("a1", 0)] and res.ids[("a1", 3)] == res.ids[("a1", 1)]
    assert any(r["reason"] == "given-name-in-article" for r in res.reasons)


def test_resolve_first_word_shared_by_two_people_links_nobody():
    res = resolve([("a1", doc(mention("Tesfaye Girma Alemu"), mention("Tesfaye Bekele"), mention("Tesfaye")))])
    assert res.ids.get(("a1", 2)) not in (res.ids[("a1", 0)], res.ids[("a1", 1)])


def test_resolve_double_surnames_and_particles_are_one_person():
    res = resolve([("a1", doc(mention("Rafael Ortega Salinas"), mention("Ortega", "GPE", subject=True))),
                   ("a2", doc(mention("Rafael Ortega"), mention("Pieter van den Broek"))),
                   ("a3", doc(mention("Khalid bin Nasser Al Harthy"), mention("Khalid bin Nasser bin Saif")))])
    assert res.ids[("a1", 0)] == res.ids[("a1", 1)] == res.ids[("a2", 0)]
    assert res.ids[("a3", 0)] == res.ids[("a3", 1)]
    assert entity_of(res, "a2", 1)["type"] == "PERSON"


def test_resolve_organisation_phrases_are_no_people():
    res = resolve([("a1", doc(mention("Joint Task Force"), mention("Rapid Reaction Group"), mention("Border Agreement")))])
    assert all((e or {}).get("type") != "PERSON" for e in (entity_of(res, "a1", i) for i in range(3)))


def test_resolve_memoised_name_keys_equal_the_lexicon_functions():
    """The memos resolution keeps by surface text give what the lexicon functions give, every time asked."""
    from data_pipeline.lexicon.names import name_words, surname_key
    from data_pipeline.resolve.clusters import _name_words
    from data_pipeline.resolve.entities import _surname_key

    for text in ("Sheikh Tamim bin Hamad Al-Thani", "Hakan Fidan", "Marcos Jr.", "Đuro Macut", "", "van der Berg"):
        for _ in range(2):
            assert _surname_key(text) == surname_key(text)
            assert _name_words(text) == tuple(name_words(text))
