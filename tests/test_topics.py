"""Topic tagging: lemma matching per sentence, wildcards, hyphens, exclusions and evidence rows."""
import pytest

from data_pipeline.nlp import sentences
from data_pipeline.topics import tagging
from data_pipeline.topics.taxonomy import load_taxonomy, parse_taxonomy
from data_pipeline.errors import PipelineError


def _analysis(nlp, text):
    doc = nlp(text)
    return {"sentences": [[s.start_char, s.end_char] for s in doc.sents],
            "sent_lemmas": sentences.sentence_lemmas(doc), "sent_offsets": sentences.sentence_offsets(doc)}


def _compiled(nlp, yaml_text):
    return tagging.compile_taxonomy(nlp, parse_taxonomy(yaml_text))


SUPPLY = "supply:\n  description: deliveries\n  phrases: [supply]\n"


@pytest.mark.parametrize("sentence", [
    "The factory supplies spare parts to the navy.",
    "Norway is supplying drones to its partners.",
    "Canada supplied rifles to the border guards.",
    "New supplies of ammunition reached the front.",
    "ARMS SUPPLIES RESUME AFTER THE SUMMIT",
])
def test_topics_lemma_matching_finds_every_inflection(nlp, sentence):
    hits = tagging.tag(_analysis(nlp, sentence)["sent_lemmas"], _compiled(nlp, SUPPLY))
    assert hits == {"supply": [0]}


def test_topics_multiword_phrase_needs_every_word_in_order(nlp):
    comp = _compiled(nlp, "arms:\n  description: d\n  phrases: [arms supply]\n")
    an = _analysis(nlp, "Arms supplies were discussed. Supplies of bread and arms were late. He raised his arms.")
    assert tagging.tag(an["sent_lemmas"], comp) == {"arms": [0]}


def test_topics_exclusion_vetoes_only_the_match_it_overlaps(nlp):
    comp = _compiled(nlp, "energy:\n  description: d\n  phrases: [oil]\n  exclude: [palm oil, olive oil]\n")
    an = _analysis(nlp, "Oil exports fell in March. Palm oil prices and oil output both rose. Olive oil is cheap.")
    assert tagging.tag(an["sent_lemmas"], comp) == {"energy": [0, 1]}
    hits = tagging.find_hits(an["sent_lemmas"], comp)
    assert [(h.sentence, an["sent_lemmas"][h.sentence][h.first - 1]) for h in hits if h.sentence == 1] == [(1, "and")]


def test_topics_exclusion_applies_to_its_own_topic(nlp):
    comp = _compiled(nlp, "energy:\n  description: d\n  phrases: [oil]\n  exclude: [palm oil]\n"
                          "farming:\n  description: d\n  phrases: [palm oil]\n")
    an = _analysis(nlp, "Palm oil plantations expanded.")
    assert tagging.tag(an["sent_lemmas"], comp) == {"farming": [0]}


@pytest.mark.parametrize("sentence", [
    "The sides agreed on the exchange of bodies.",
    "They completed an exchange of the bodies of soldiers.",
])
def test_topics_wildcard_allows_at_most_one_word(nlp, sentence):
    comp = _compiled(nlp, "bodies:\n  description: d\n  phrases: ['exchange of * body']\n")
    assert tagging.tag(_analysis(nlp, sentence)["sent_lemmas"], comp) == {"bodies": [0]}


def test_topics_wildcard_does_not_span_two_words(nlp):
    comp = _compiled(nlp, "bodies:\n  description: d\n  phrases: ['exchange of * body']\n")
    an = _analysis(nlp, "The exchange of views on the body of the treaty went well.")
    assert tagging.tag(an["sent_lemmas"], comp) == {}


@pytest.mark.parametrize("sentence", ["The cease-fire held overnight.", "The cease fire held overnight."])
def test_topics_hyphen_in_phrase_is_optional(nlp, sentence):
    comp = _compiled(nlp, "truce:\n  description: d\n  phrases: [cease-fire]\n")
    assert tagging.tag(_analysis(nlp, sentence)["sent_lemmas"], comp) == {"truce": [0]}


def test_topics_phrase_never_spans_two_sentences(nlp):
    comp = _compiled(nlp, "x:\n  description: d\n  phrases: [tank brigade]\n")
    an = _analysis(nlp, "They ordered a new tank. Brigade commanders were pleased.")
    assert tagging.tag(an["sent_lemmas"], comp) == {}


def test_topics_article_rows_score_and_evidence(nlp):
    text = "Talks covered trade. The navy received new submarines. Officials praised the submarine deliveries."
    an = _analysis(nlp, text)
    comp = _compiled(nlp, "navy:\n  description: d\n  phrases: [submarine delivery, submarine]\n")
    scores, evidence = tagging.article_topics(an, text, comp, "a1")
    assert scores == [{"article_id": "a1", "topic": "navy", "score": round(2 / 3, 4), "group": "other"}]
    assert [e["phrase"] for e in evidence] == ["submarines", "submarine deliveries"]
    for e in evidence:
        assert text[e["start"]:e["end"]] == e["sentence"] and e["phrase"] in e["sentence"]


def test_topics_covers_known_terms(nlp):
    comp = _compiled(nlp, SUPPLY)
    assert tagging.covers(comp, ["fuel", "supply"]) and not tagging.covers(comp, ["drone", "attack"])


@pytest.mark.parametrize("yaml_text, needle", [
    ("energy: [oil, gas]\n", "energy"),
    ("energy:\n  description: d\n  phrase: [oil]\n", "unknown key 'phrase'"),
    ("energy:\n  description: d\n  phrases: []\n", "`phrases` must be a non-empty list"),
    ("energy:\n  description: d\n  phrases: [oil, 12]\n", "`phrases` must be a non-empty list"),
    ("energy:\n  description: d\n  phrases: [oil]\n  exclude: palm oil\n", "`exclude` must be a list"),
    ("energy:\n  phrases: [oil]\n", "`description`"),
    ("a:\n  description: d\n  phrases: [x]\na:\n  description: d\n  phrases: [y]\n", "defined twice"),
    ("energy:\n  description: d\n  phrases: [oil\n", "not valid YAML"),
    ("[]\n", "must map topic names"),
])
def test_topics_taxonomy_schema_errors_name_the_problem(yaml_text, needle):
    with pytest.raises(PipelineError) as err:
        parse_taxonomy(yaml_text, "my.yaml")
    assert needle in str(err.value) and str(err.value).startswith("my.yaml")


def test_topics_taxonomy_error_points_at_the_line():
    text = "ok:\n  description: d\n  phrases: [x]\nbad:\n  description: d\n  phrases: []\n"
    with pytest.raises(PipelineError, match=r"^t\.yaml:6: topic 'bad'"):
        parse_taxonomy(text, "t.yaml")


def test_topics_load_taxonomy_reports_missing_file(tmp_path):
    with pytest.raises(PipelineError, match="cannot read topic taxonomy"):
        load_taxonomy(tmp_path / "nope.yaml")


def test_topics_default_taxonomy_is_valid_and_compiles(nlp):
    tax = load_taxonomy()
    assert len(tax) >= 22 and all(spec["description"] and spec["phrases"] for spec in tax.values())
    assert all(spec["group"] in ("security", "diplomacy", "economy", "humanitarian") for spec in tax.values())
    compiled = set(tagging.compile_taxonomy(nlp, tax).keys.values())
    assert all((t, p) in compiled for t, spec in tax.items() for p in spec["phrases"] + spec["ru"]["phrases"])


@pytest.mark.parametrize("phrase, sentence", [
    ("prisoner", "The old prison was closed."),
    ("officer training", "Office training starts today."),
    ("POW", "Nuclear power plants were inspected."),
])
def test_topics_lemma_matching_does_not_conflate_different_words(nlp, phrase, sentence):
    comp = _compiled(nlp, f"t:\n  description: d\n  phrases: ['{phrase}']\n"
                          "u:\n  description: d\n  phrases: [prison, office, nuclear power]\n")
    assert "t" not in tagging.tag(_analysis(nlp, sentence)["sent_lemmas"], comp)


def test_topics_wildcards_join_with_gaps_of_up_to_their_count(nlp):
    comp = _compiled(nlp, "x:\n  description: d\n  phrases: ['supply * * tank']\n")
    tagged = [tagging.tag(_analysis(nlp, s)["sent_lemmas"], comp) for s in (
        "They supply tanks.", "They supply modern tanks.", "They supply two modern tanks.",
        "They supply the two modern tanks.")]
    assert tagged == [{"x": [0]}, {"x": [0]}, {"x": [0]}, {}]


PLANNED = """
ports:
  description: harbours and shipping
  phrases: [harbour fee, "cease-fire", "exchange of * crews"]
  exclude: [harbour master]
  objects:
    - action: [lease]
      object: [terminal]
"""


def test_topics_a_kept_plan_compiles_to_what_the_model_compiles(nlp):
    """A taxonomy's plan through JSON (plain lists and dicts: what the cache keeps) gives the same patterns and the
    same hits as compiling with the model."""
    import json

    tax = parse_taxonomy(PLANNED)
    plan = json.loads(json.dumps(tagging.taxonomy_plan(nlp, tax)))
    direct, kept = tagging.compile_taxonomy(nlp, tax), tagging.compile_taxonomy(nlp, tax, plan=plan)
    for field in ("canon", "keys", "excludes", "objects", "sides", "descriptions", "groups"):
        assert getattr(kept, field) == getattr(direct, field), field
    assert "leases" in kept.canon and "harbours" in kept.canon  # word forms worked out by the model's lemmatizer
    an = _analysis(nlp, "Harbour fees rose again. The harbour master left. A cease fire held. "
                        "They agreed an exchange of the crews.")
    assert tagging.tag(an["sent_lemmas"], kept) == tagging.tag(an["sent_lemmas"], direct) == {"ports": [0, 2, 3]}
