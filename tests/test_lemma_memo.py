"""The memoised lemmatizer must set exactly the stock rule lemmatizer's lemmas, and keep its tables reachable."""
import spacy

from data_pipeline import MODEL_NAME
from data_pipeline.nlp.lemma_memo import MemoLemmatizer, use_memo_lemmatizer
from data_pipeline.nlp.spacy_model import load_model

TEXTS = ["The ministers were meeting their counterparts; talks continued and both sides visited ports.",
         "Meetings, meetings: she had met him twice before the delegations left.\n\nHe is leaving.",
         "", "  \n ", "Officials said the newest proposals were better than the older ones."]


def lemmas(doc):
    return [(t.text, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_lemma_memo_sets_the_stock_lemmas_twice_over():
    stock, ours = spacy.load(MODEL_NAME), load_model(MODEL_NAME)
    stock.add_pipe("line_sentences", before="parser")
    assert isinstance(ours.get_pipe("lemmatizer"), MemoLemmatizer)
    for _ in range(2):  # the second pass reads every lemma from the memo
        for a, b in zip(stock.pipe(TEXTS), ours.pipe(TEXTS)):
            assert lemmas(a) == lemmas(b)


def test_lemma_memo_keeps_a_ruler_lemma_and_the_stock_tables():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "went"}]], {"LEMMA": "went-kept", "POS": "VERB"})
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    nlp.get_pipe("lemmatizer").initialize(lookups=load_model().get_pipe("lemmatizer").lookups)
    use_memo_lemmatizer(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]
    memo = nlp.get_pipe("lemmatizer")
    assert isinstance(memo, MemoLemmatizer) and memo.lookups.has_table("lemma_index")
    doc = nlp.make_doc("she went home")
    for t, pos in zip(doc, ("PRON", "VERB", "NOUN")):
        t.pos_ = pos
    doc = memo(ruler(doc))
    assert [t.lemma_ for t in doc] == ["she", "went-kept", "home"]
