"""The lookup attribute ruler must annotate exactly like spaCy's AttributeRuler."""
import spacy
from spacy.pipeline import AttributeRuler

from data_pipeline import MODEL_NAME
from data_pipeline.nlp.attribute_rules import ExactAttributeRuler, use_exact_attribute_ruler
from data_pipeline.nlp.spacy_model import load_model

from conftest import SEEDS

TRICKY = ["Y'all ain't gonna believe it. Let's go, I'd nothin' to say.\n\n  Gotta run, innit?",
          "", "   \n ", "He ain't here; we don't know 'em. You'll see. Shoigu met   Papikyan in Yerevan."]


def annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.norm_) for t in doc]


def test_model_pipeline_annotates_like_the_stock_model():
    stock, ours = spacy.load(MODEL_NAME), load_model(MODEL_NAME)
    stock.add_pipe("line_sentences", before="parser")  # ours starts a sentence at each line (spacy_model.py)
    assert "exact_attribute_ruler" in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + TRICKY
    for a, b in zip(stock.pipe(texts), ours.pipe(texts)):
        assert annotations(a) == annotations(b)


def test_rule_order_multi_token_regex_and_in_patterns_match_attribute_ruler():
    def ruler(nlp):
        r = nlp.add_pipe("attribute_ruler")
        r.add([[{"LOWER": {"IN": ["go", "went"]}}]], {"LEMMA": "go-in"})
        r.add([[{"LOWER": "went"}]], {"LEMMA": "went-later"})  # later rule wins on "went"
        r.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=-1)
        r.add([[{"LOWER": {"REGEX": "^y'?$"}}]], {"NORM": "you"})
        r.add([[{"IS_SPACE": True}]], {"POS": "SPACE"})
        r.add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "ex"})
        return nlp

    stock = ruler(spacy.blank("en"))
    ours = use_exact_attribute_ruler(ruler(spacy.blank("en")))
    assert isinstance(ours.get_pipe("exact_attribute_ruler"), ExactAttributeRuler)
    assert isinstance(stock.get_pipe("attribute_ruler"), AttributeRuler)
    text = "We go and went , gon na see y' all  x x ok"
    a, b = stock(text), ours(text)
    assert annotations(a) == annotations(b)
    assert [t.lemma_ for t in b][1:4] == ["go-in", "", "went-later"]
    assert b[6].lemma_ == "to" and b[8].norm_ == "you" and b[11].pos_ == "SPACE"
    assert b[12].lemma_ == b[13].lemma_ == "ex"
