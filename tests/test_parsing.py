"""The build's parsing model runs its memoised lemmatizer in `nlp.pipe` too, with the stock lemmas (run/parsing.py,
nlp/lemma_memo.py)."""

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, TAG

from data_pipeline.nlp.lemma_memo import MemoLemmatizer
from data_pipeline.run.parsing import parsing_model

ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, NORM]
TEXTS = [
    "The ministers were meeting in Quito while the negotiators kept drafting clauses.",
    "She'd said the ferries aren't running; dockworkers struck for better wages.\nTalks resumed on Monday.",
    "Children played, geese flew south, and the mayor's aides hurried along the wettest streets.",
    "Prices rose 3.5% in May, faster than economists had expected.",
    "He has been elected twice, and is seeking a third term.",
]


def _arrays(nlp, texts) -> list[np.ndarray]:
    return [doc.to_array(ATTRS) for doc in nlp.pipe(texts, batch_size=2)]


def test_parsing_model_pipe_runs_the_memo_and_gives_the_stock_lemmas(tmp_path, monkeypatch):
    from bench.corpus import generate

    texts = TEXTS + [p.read_text(encoding="utf-8") for p in generate(tmp_path / "gen", 12, seed=5)]
    nlp = parsing_model()
    memo = nlp.get_pipe("lemmatizer")
    assert isinstance(memo, MemoLemmatizer) and "pipe" in type(memo).__dict__
    with monkeypatch.context() as m:
        m.setattr(memo, "pipe", memo.lemmatizer.pipe, raising=False)  # the stock lemmatizer's own pipe, every token
        before = _arrays(nlp, texts)
    memo.memo.clear()
    stock_calls = []
    real_call = type(memo.lemmatizer).__call__
    monkeypatch.setattr(type(memo.lemmatizer), "__call__", lambda self, doc: stock_calls.append(1) or real_call(self, doc))
    after = _arrays(nlp, texts)
    assert stock_calls == []  # the stock component never ran over a whole Doc
    assert len(memo.memo) > 0
    assert all(np.array_equal(a, b) for a, b in zip(before, after)) and len(after) == len(texts)


def test_memo_lemmatizer_pipe_calls_it_on_each_doc_in_order_and_passes_errors_on(monkeypatch):
    memo = MemoLemmatizer(object())
    seen = []
    monkeypatch.setattr(MemoLemmatizer, "__call__", lambda self, doc: seen.append(doc) or doc * 2)
    assert list(memo.pipe([1, 2, 3], batch_size=8)) == [2, 4, 6] and seen == [1, 2, 3]

    def broken(self, doc):
        raise ValueError("bad doc")

    monkeypatch.setattr(MemoLemmatizer, "__call__", broken)
    with pytest.raises(ValueError, match="bad doc"):
        list(memo.pipe([1]))
