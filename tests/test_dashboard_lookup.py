"""lookup: finding any person, organisation or meeting place by name, labelling and resolving entities."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard import lookup, queries
from dashboard.lookup import Names, fold
from picker_corpus import RARE, RARE_PLACE, TWIN_A, TWIN_B, write


def _names(rows: list[tuple], places: list[tuple] = ()) -> Names:
    """Names over hand-written entities (id, name, type, mentions, aliases[, country]) and places (place, meetings),
    labelled by lookup.LABELLED as a build's would be."""
    ent = pd.DataFrame([{"entity_id": r[0], "name": r[1], "type": r[2], "mentions": r[3], "aliases": r[4],
                         "country": r[5] if len(r) > 5 else None} for r in rows])
    con = duckdb.connect()
    con.register("ent", ent)
    return Names(lookup._table(con.execute(lookup.LABELLED).df(),
                               pd.DataFrame(list(places), columns=["place", "meetings"])))


@pytest.fixture(scope="module")
def names() -> Names:
    return _names([("p:1", "Jonas Vidmark", "PERSON", 50, ["Jonas Vidmark", "Vidmark"]),
                   ("p:2", "José Álvarez", "PERSON", 5, ["José Álvarez", "Хосе Альварес"]),
                   ("p:3", "Jo Vidal", "PERSON", 2, ["Jo Vidal"]),
                   ("p:4", "Ann Lee", "PERSON", 9, ["Ann Lee"], "Calder"),
                   ("p:5", "Ann Lee", "PERSON", 3, ["Ann Lee"]),
                   ("o:1", "Jonesboro Mills", "ORG", 20, ["Jonesboro Mills"]),
                   ("g:1", "Jonava", "GPE", 99, ["Jonava"])],
                  [("Søndervik", 4), ("Port Jonah", 1)])


@pytest.mark.parametrize("text, folded", [("Šojgú", "sojgu"), ("ŁÓDŹ", "lodz"), ("Søren", "soren"),
                                          ("Straße", "strasse"), ("Йошкар", "иошкар"), (None, "")])
def test_lookup_fold_ignores_case_accents_and_strokes(text, folded):
    assert fold(text) == folded


def test_lookup_find_matches_any_part_of_any_spelling_without_accents(names):
    assert names.find("alvarez")["key"].tolist() == ["p:2"]
    assert names.find("АЛЬВАР")["key"].tolist() == ["p:2"]  # another script's spelling, any case
    assert names.find("sonder")["key"].tolist() == ["Søndervik"]
    assert names.find("   ").empty and names.find("zzz").empty


def test_lookup_find_ands_the_words(names):
    assert names.find("jo vid")["key"].tolist() == ["p:3", "p:1"]  # "Jo Vidal" starts with it; "Jonas Vidmark" has both
    assert names.find("vid jo")["key"].tolist() == ["p:1", "p:3"]  # no name starts with it: a word does, then mentions


def test_lookup_find_ranks_exact_then_prefix_then_word_start_then_mentions(names):
    got = names.find("jon", limit=10)  # two names start with it (the more mentioned first), a place's second word
    assert got["key"].tolist() == ["p:1", "o:1", "Port Jonah"]
    assert names.find("jo vidal")["key"].tolist()[0] == "p:3"  # the exact name before anything


def test_lookup_find_keeps_to_the_kinds_asked_and_the_limit(names):
    assert names.find("jon", kinds=["ORG"])["key"].tolist() == ["o:1"]
    assert names.find("jon", kinds=["place"])["kind"].tolist() == ["place"]
    assert len(names.find("o", limit=2)) == 2
    assert "g:1" not in names.find("jonava", limit=10)["key"].tolist()  # a GPE is found as a place of meetings only


def test_lookup_labels_tell_apart_people_who_share_a_name(names):
    assert names.labels(["p:4", "p:5", "p:1", "nobody"]) == {"p:4": "Ann Lee (p:4)", "p:5": "Ann Lee (p:5)",
                                                             "p:1": "Jonas Vidmark"}


def test_lookup_resolve_finds_a_label_an_id_or_a_name(names):
    got = names.resolve(["Ann Lee (p:5)", "p:2", "Jonas Vidmark", "Ann Lee", "Nobody", "Jonesboro Mills"], ["PERSON"])
    # a shared bare name goes to the most mentioned; an organisation is not a person
    assert got == {"Ann Lee (p:5)": "p:5", "p:2": "p:2", "Jonas Vidmark": "p:1", "Ann Lee": "p:4"}
    assert names.resolve(["Port Jonah", "Nowhere"], ["place"]) == {"Port Jonah": "Port Jonah"}


def test_lookup_names_load_every_entity_and_place_of_a_build(tmp_path):
    store = queries.Store(write(tmp_path / "data"))
    names = Names.load(store)
    listed = queries.options(store, max_entities=3)
    assert RARE[0] not in set(listed["people"]["entity_id"]) and RARE_PLACE not in listed["places"]
    assert names.find("zabota")["key"].tolist() == [RARE[0]]
    assert names.find("kessa")["key"].tolist() == [RARE_PLACE]
    assert names.labels([TWIN_A, TWIN_B]) == {TWIN_A: f"Lena Ostrow ({TWIN_A})", TWIN_B: f"Lena Ostrow ({TWIN_B})"}
    # the sidebar's labels follow the same rule
    whole = queries.options(store)
    assert dict(zip(whole["people"]["entity_id"], whole["people"]["label"]))[TWIN_B] == f"Lena Ostrow ({TWIN_B})"
