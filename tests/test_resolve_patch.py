"""Incremental resolution: patching a previous resolution with added articles equals resolving everything again.

All names here are invented.
"""
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline.resolve import aggregates, resolve
from data_pipeline.resolve.actors import Actor, Role
from data_pipeline.resolve.corrections import Corrections
from data_pipeline.resolve.patch import patch

GIVEN = ["Ardun", "Belisse", "Corvin", "Delphor", "Evanth"]
SURNAMES = ["Quorvel", "Kvorvel", "Brasnik", "Tellowan", "Zimbrak", "Halvessy"]
COUNTRIES = ["Norland", "Vesmark", None]
ROLES = ["Foreign Minister", "Defense Minister", "President"]
LABELS = ["PERSON", "PERSON", "ORG", "GPE", "NORP", "PROPN"]


def mention(text, label="PERSON", kind="name", role=None, subject=False, participant=False, sentence=0):
    return {"text": text, "label": label, "kind": kind, "role": role, "subject": subject,
            "participant": participant, "sentence": sentence}


def doc(*items):
    """Mentions laid out one after the other (increasing offsets), two to a sentence."""
    out, pos = [], 0
    for n, it in enumerate(items):
        it = {"sentence": n // 2, **it}
        it["start"], it["end"] = pos, pos + len(it["text"])
        it["tokens"] = [it["start"], it["start"] + 1]
        pos = it["end"] + 10
        out.append(it)
    return out


def rows(res_list):
    """Ids, role rows and reason rows of several results together, in a comparable form."""
    ids, roles, reasons = {}, set(), set()
    for r in res_list:
        ids.update(r.ids)
        roles |= {tuple(sorted((k, str(v)) for k, v in x.items())) for x in r.roles}
        reasons |= {tuple(sorted(x.items())) for x in r.reasons}
    return ids, roles, reasons


def assert_exact(old_docs, added, dates, actors=None):
    """When patch answers, old rows + patched rows equal a full pass; returns whether it answered."""
    before = resolve(old_docs, dates=dates, actors=actors)
    res = patch(before.state, [(a, ms, dates.get(a)) for a, ms in added], dates=dates, actors=actors)
    if res is None:
        return False
    full = resolve(old_docs + added, dates=dates, actors=actors)
    assert res.entities == full.entities
    assert rows([before, res]) == rows([full])
    assert set(res.ids) == {k for k in full.ids if k[0] in {a for a, _ in added}}
    return True


@st.composite
def name_mention(draw, sentence):
    kind = draw(st.sampled_from(["full", "full", "surname", "title", "place"]))
    role = draw(st.none() | st.builds(lambda r, c: {"role": r, "country": c}, st.sampled_from(ROLES),
                                      st.sampled_from(COUNTRIES)))
    if kind == "title":
        return mention(draw(st.sampled_from(["the minister", "the president"])), label="PERSON", kind="title",
                       role=role or {"role": "President", "country": "Norland"}, sentence=sentence)
    if kind == "place":
        return mention(draw(st.sampled_from(["Norland", "Vesmark Trading Board", "Quorvel"])),
                       label=draw(st.sampled_from(LABELS)), sentence=sentence)
    text = draw(st.sampled_from(SURNAMES))
    if kind == "full":
        text = draw(st.sampled_from(GIVEN)) + " " + draw(st.sampled_from(["", "Lune "])) + text
    return mention(text, label=draw(st.sampled_from(LABELS)), role=role, subject=draw(st.booleans()),
                   participant=draw(st.booleans()), sentence=sentence)


@st.composite
def corpora(draw):
    n = draw(st.integers(2, 7))
    docs, dates = [], {}
    for k in range(n):
        ms = [draw(name_mention(sentence=j // 2)) for j in range(draw(st.integers(1, 7)))]
        docs.append((f"art{k}", doc(*ms)))
        dates[f"art{k}"] = draw(st.none() | st.builds(lambda d: date(2021, 1, 1) + timedelta(days=d), st.integers(0, 900)))
    cut = draw(st.integers(1, n - 1))
    return docs[:cut], docs[cut:], dates


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora(), st.booleans())
def test_patch_equals_a_full_pass_whenever_it_answers(corpus, with_kb):
    old, added, dates = corpus
    actors = [Actor("Corvin Brasnik", ("C. Brasnik",), "Vesmark", "PERSON",
                    (Role("President", country="Vesmark", start=date(2020, 1, 1)),))] if with_kb else None
    assert_exact(old, added, dates, actors)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(corpora())
def test_resolution_does_not_depend_on_article_order(corpus):
    old, added, dates = corpus
    a, b = resolve(old + added, dates=dates), resolve(list(reversed(added + old)), dates=dates)
    assert a.entities == b.entities and rows([a]) == rows([b])


def base():
    """Two known people, seen with roles, and a lone surname resolved corpus-wide."""
    return [("a1", doc(mention("Ardun Quorvel", role={"role": "Foreign Minister", "country": "Norland"}),
                       mention("Belisse Tellowan", role={"role": "President", "country": "Vesmark"}))),
            ("a2", doc(mention("Ardun Quorvel"), mention("Quorvel", "ORG", subject=True))),
            ("a3", doc(mention("Belisse Tellowan"), mention("Tellowan", subject=True)))]


DATES = {"a1": date(2022, 3, 1), "a2": date(2022, 3, 4), "a3": date(2022, 3, 9), "n1": date(2022, 3, 12),
         "n2": date(2022, 3, 14)}


def test_a_typical_addition_takes_the_patch_path():
    """Known names again, with roles and a lone surname: counts grow, no decision changes."""
    added = [("n1", doc(mention("Ardun Quorvel", role={"role": "Foreign Minister", "country": "Norland"}),
                        mention("Belisse Tellowan"), mention("Tellowan", subject=True),
                        mention("Norland", "GPE")))]
    assert assert_exact(base(), added, DATES)


def test_a_new_person_with_a_new_surname_takes_the_patch_path():
    added = [("n1", doc(mention("Delphor Zimbrak"), mention("Zimbrak", subject=True), mention("Ardun Quorvel")))]
    assert assert_exact(base(), added, DATES)


def test_state_survives_serialisation():
    before = resolve(base(), dates=DATES)
    state = aggregates.loads(aggregates.dumps(before.state))
    res = patch(state, [("n1", doc(mention("Ardun Quorvel")), DATES["n1"])])
    full = resolve(base() + [("n1", doc(mention("Ardun Quorvel")))], dates=DATES)
    assert res is not None and res.entities == full.entities and res.ids == {("n1", 0): full.ids[("n1", 0)]}


def fallback(added, old=None, **kw):
    before = resolve(old or base(), dates=DATES)
    return patch(before.state, [(a, ms, DATES.get(a)) for a, ms in added], **kw)


def test_fallback_when_a_fuller_form_refounds_a_cluster():
    assert fallback([("n1", doc(mention("Ardun Lune Quorvel")))]) is None


def test_fallback_when_a_new_namesake_makes_a_lone_surname_ambiguous():
    # "Quorvel" of a2 is Ardun Quorvel's as long as he is the only Quorvel named in full
    old = [("a1", doc(mention("Ardun Quorvel"))), ("a2", doc(mention("Quorvel", "ORG", subject=True)))]
    assert fallback([("n1", doc(mention("Evanth Quorvel")))], old=old) is None


def test_fallback_when_a_lone_name_changes_type():
    old = [("a1", doc(mention("Halvessy", "ORG"))), ("a2", doc(mention("Halvessy", "ORG")))]
    added = [("n1", doc(*[mention("Halvessy", "PERSON", subject=True)] * 3))]
    assert fallback(added, old=old) is None


def test_fallback_when_a_majority_label_changes():
    old = [("a1", doc(mention("Vesmark Trading Board", "ORG")))]
    added = [("n1", doc(mention("Vesmark Trading Board", "NORP"), mention("Vesmark Trading Board", "NORP")))]
    assert fallback(added, old=old) is None


def test_fallback_when_a_title_mention_gets_a_holder():
    # "the minister" in a1 had nobody known to be foreign minister; the new article says who is
    old = [("a1", doc(mention("Ardun Quorvel"), mention("the minister", kind="title",
                                                         role={"role": "Foreign Minister", "country": None})))]
    added = [("n1", doc(mention("Ardun Quorvel", role={"role": "Foreign Minister", "country": None})))]
    assert fallback(added, old=old) is None
    assert assert_exact(old, [("n2", doc(mention("Ardun Quorvel")))], DATES)  # no role: nothing moves


def test_fallback_when_an_entity_is_renamed():
    # the name shown (and the id) is the most frequent full form: a second "Ardun Lune Quorvel" outnumbers "Ardun Quorvel"
    old = [("a1", doc(mention("Ardun Lune Quorvel"))), ("a2", doc(mention("Ardun Quorvel"))),
           ("a3", doc(mention("Ardun Quorvel")))]
    added = [("n1", doc(mention("Ardun Lune Quorvel"), mention("Ardun Lune Quorvel")))]
    assert fallback(added, old=old) is None
    assert assert_exact(old, [("n2", doc(mention("Ardun Quorvel")))], DATES)


def test_fallback_on_removal_edit_corrections_and_another_knowledge_base():
    fix = Corrections(reject=["person:ardun-quorvel"])
    assert fallback([("n1", doc(mention("Ardun Quorvel")))], removed=["a1"]) is None
    assert fallback([("a2", doc(mention("Ardun Quorvel")))]) is None  # an old id again: an edit
    assert fallback([("n1", doc(mention("Ardun Quorvel")))], corrections=fix) is None
    assert fallback([("n1", doc(mention("Ardun Quorvel")))], actors=[Actor("Evanth Brasnik")]) is None
