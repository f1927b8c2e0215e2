"""Title phrases → role, organisation, country; role comparison for title-only mentions."""
import pytest

from data_pipeline.nlp.roles import parse_role, role_of_name
from data_pipeline.resolve.roles import canonical_role, org_key, roles_compatible


@pytest.mark.parametrize("words,expected", [
    ("Georgian Minister of Defence", {"role": "Minister of Defence", "org": None, "country": "Georgia"}),
    ("director of the Uralvagonzavod Corporation", {"role": "director", "org": "Uralvagonzavod Corporation", "country": None}),
    ("Turkish Foreign Ministry spokeswoman", {"role": "spokeswoman", "org": "Turkish Foreign Ministry", "country": "Turkey"}),
    ("Deputy Prime Minister", {"role": "Deputy Prime Minister", "org": None, "country": None}),
    ("his Iranian counterpart", {"role": "counterpart", "org": None, "country": "Iran"}),
])
def test_roles_parse_role(words, expected):
    assert parse_role(words.split()) == expected


def test_roles_parse_role_needs_a_title():
    assert parse_role("the Georgian army".split()) is None


@pytest.mark.parametrize("a,b", [("Minister of Foreign Affairs", "foreign minister"),
                                 ("Minister of Defence", "Defense Minister"),
                                 ("Kremlin spokesman", "Kremlin press secretary")])
def test_roles_canonical_role_equates_wordings(a, b):
    assert canonical_role(a) == canonical_role(b)


@pytest.mark.parametrize("query,held,ok", [
    ("minister", "Defense Minister", True),
    ("defense minister", "Minister of Defence", True),
    ("defense minister", "foreign minister", False),
    ("minister", "Deputy Defense Minister", False),
    ("counterpart", "President", True),
    ("president", "Prime Minister", False),
])
def test_roles_compatible(query, held, ok):
    assert roles_compatible(query, held) is ok


def test_roles_role_from_apposition():
    from conftest import parsed
    # Karen Sargsyan, Armenia's deputy foreign minister, arrived in Riga.
    doc = parsed("Karen/PROPN/compound/1/PERSON Sargsyan/PROPN/nsubj/9/PERSON ,/PUNCT:,/punct/1 "
                 "Armenia/PROPN/poss/7/GPE 's/PART:POS/case/3 deputy/ADJ/compound/7 foreign/ADJ/amod/7 "
                 "minister/NOUN/appos/1 ,/PUNCT:,/punct/1 arrived/VERB/ROOT/9/=arrive in/ADP/prep/9 "
                 "Riga/PROPN/pobj/10/GPE ./PUNCT/punct/9")
    role = role_of_name(doc, 0, 2)
    assert role["country"] == "Armenia" and canonical_role(role["role"]) == "deputy foreign minister"


def test_roles_leader_means_head_of_state_or_government():
    assert roles_compatible("leader", "President") and roles_compatible("leader", "Prime Minister")
    assert not roles_compatible("leader", "Foreign Minister")


def test_roles_parse_role_adviser_to():
    assert parse_role("foreign policy adviser to the Moldovan president".split()) == {
        "role": "foreign policy adviser", "org": "president", "country": "Moldova"}


@pytest.mark.parametrize("a,b", [
    ("georgian ministry of defence", "georgian defense ministry"),
    ("ministry of foreign affairs of georgia", "georgian foreign ministry"),
    ("ministry of defense of the russian federation", "russian defense ministry"),
])
def test_roles_org_key_equates_wordings(a, b):
    assert org_key(a) == org_key(b)
