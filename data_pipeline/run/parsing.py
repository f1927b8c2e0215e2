"""The build's parsing model: `nlp/`'s English model, with its memoised lemmatizer used by `nlp.pipe` too.

`nlp/lemma_memo.MemoLemmatizer` hands every attribute it lacks to the stock lemmatizer it wraps, `pipe` included,
and spaCy's `Language.pipe` runs a component through its `pipe` when it has one. So in `nlp.pipe`, the build's
only way of parsing, the stock lemmatizer still worked out every token (~0.3 s CPU per 305 bench articles) and the
memo (~0.04 s) served only `nlp(text)`. Here the loaded memo gets a `pipe` of its own that calls it on each Doc.
Same lemmas: both ask the stock lemmatizer, once per (word, POS, morphology), which is also the stock lemmatizer's
own cache key (tests/test_parsing.py compares every token). `nlp/` is frozen (its bytes key the parse cache), so
the loaded object is changed; once `MemoLemmatizer` has a `pipe` method of its own, this leaves it alone.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from data_pipeline import MODEL_NAME


def parsing_model():
    """This process's English model (`nlp.spacy_model.load_model`, loaded once), its memo lemmatizer used by
    `nlp.pipe`."""
    from data_pipeline.nlp.spacy_model import load_model

    return memo_in_pipe(load_model(MODEL_NAME))


def memo_in_pipe(nlp):
    """Give `nlp`'s memoised lemmatizer a `pipe` that calls it per Doc, unless it has one; returns `nlp`."""
    from data_pipeline.nlp.lemma_memo import NAME, MemoLemmatizer

    if NAME in nlp.pipe_names:
        memo = nlp.get_pipe(NAME)
        if isinstance(memo, MemoLemmatizer) and "pipe" not in type(memo).__dict__ and "pipe" not in vars(memo):
            memo.pipe = partial(each_doc, memo)
    return nlp


def each_doc(component, docs: Iterable, **_options) -> Iterator:
    """`component(doc)` of each Doc, in order (a component's `pipe`; `batch_size` and the like do not matter)."""
    for doc in docs:
        yield component(doc)
