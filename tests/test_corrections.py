"""Analyst corrections: each type applied through resolve(), and file validation."""
import pytest

from data_pipeline.resolve.corrections import DEFAULT_CORRECTIONS, Corrections, load_corrections, parse_corrections
from data_pipeline.errors import PipelineError
from data_pipeline.resolve import resolve


def mention(text, label="PERSON", start=0, subject=True):
    return {"text": text, "start": start, "end": start + len(text), "sentence": 0, "label": label,
            "kind": "name", "tokens": [0, 1], "role": None, "subject": subject}


DOCS = [("a1", [mention("Vardan Grigoryan"), mention("Grigoryan", start=40)]),
        ("a2", [mention("V. Grigoryan"), mention("Zorakert", start=30)]),
        ("a3", [mention("Read More"), mention("Tigran Sahakyan", start=30)])]


def by_id(res):
    return {e["entity_id"]: e for e in res.entities}


def test_corrections_merge_ids():
    base = resolve(DOCS)
    assert base.ids[("a1", 0)] != base.ids[("a3", 1)]
    res = resolve(DOCS, corrections=Corrections(merge=[["person:vardan-grigoryan", "person:tigran-sahakyan"]]))
    assert res.ids[("a3", 1)] == res.ids[("a1", 0)] == "person:vardan-grigoryan"
    assert "Tigran Sahakyan" in by_id(res)["person:vardan-grigoryan"]["aliases"]
    assert any(r["reason"] == "correction" and r["surface"] == "Tigran Sahakyan" for r in res.reasons)


def test_corrections_split_alias_off():
    base = resolve(DOCS)
    assert base.ids[("a2", 0)] == base.ids[("a1", 0)]
    res = resolve(DOCS, corrections=Corrections(split=[{"entity": "person:vardan-grigoryan", "alias": "V. Grigoryan",
                                                        "new_id": "person:v-grigoryan"}]))
    assert res.ids[("a2", 0)] == "person:v-grigoryan" and res.ids[("a1", 0)] == "person:vardan-grigoryan"
    assert by_id(res)["person:v-grigoryan"]["type"] == "PERSON"


def test_corrections_reject_drops_entity_and_mentions():
    base = resolve(DOCS)
    noise = base.ids[("a3", 0)]
    res = resolve(DOCS, corrections=Corrections(reject=[noise]))
    assert ("a3", 0) not in res.ids and noise not in by_id(res)


def test_corrections_retype_not_a_person():
    base = resolve(DOCS)
    eid = base.ids[("a2", 1)]
    assert by_id(base)[eid]["type"] == "PERSON"
    res = resolve(DOCS, corrections=Corrections(retype={eid: "GPE"}))
    assert by_id(res)["gpe:zorakert"]["type"] == "GPE" and res.ids[("a2", 1)] == "gpe:zorakert"


@pytest.mark.parametrize("text,needle", [
    ("merge: [a]\n", "`merge` must be"),
    ("split:\n  - {entity: person:x}\n", "split[0] needs"),
    ("rename: {}\n", "unknown key"),
    ("retype: [x]\n", "`retype` must"),
])
def test_corrections_schema_errors(text, needle):
    with pytest.raises(PipelineError) as err:
        parse_corrections(text, "fix.yaml")
    assert str(err.value).startswith("fix.yaml") and needle in str(err.value)


def test_corrections_shipped_file_is_empty_and_valid():
    assert load_corrections(DEFAULT_CORRECTIONS).empty()
