"""The build's parsing model: `nlp/`'s English model, loaded once per process.

Its memoised lemmatizer (`nlp/lemma_memo.MemoLemmatizer`) has a `pipe` of its own, so `nlp.pipe`, the build's only
way of parsing, runs the memo too (until the twelfth session it handed `pipe` to the stock lemmatizer it wraps, and
this module patched the loaded object).
"""
from __future__ import annotations

from data_pipeline import MODEL_NAME


def parsing_model():
    """This process's English model (`nlp.spacy_model.load_model`, loaded once)."""
    from data_pipeline.run.spacy_import import import_spacy

    import_spacy()  # unless imported already: without its command line (spacy_import.py)
    from data_pipeline.nlp.spacy_model import load_model

    return load_model(MODEL_NAME)
