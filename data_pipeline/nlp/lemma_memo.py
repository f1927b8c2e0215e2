"""The model's rule lemmatizer with every answer remembered: same lemmas, each (word, POS, morphology) worked out once.

spaCy's rule lemmatizer caches only the words it looks up in its tables; the many it leaves
uninflected ("is_base_form": a singular noun, an infinitive) are worked out again on every token.
Here the lemma of each (ORTH, POS, MORPH) is asked of the stock lemmatizer once per process and
read from a dictionary afterwards, and the doc's LEMMA column is written in one call.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

NAME = "lemmatizer"
MEMO_SIZE = 500_000  # distinct (word, POS, morphology) remembered, then forgotten: bounded memory on any corpus


class MemoLemmatizer:
    """Sets the lemmas `lemmatizer` would set (rule mode, no overwrite), asking it once per distinct token."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __getattr__(self, name: str):
        """Everything else (`lookups`, `rule_lemmatize`, ...) is the stock lemmatizer's: readers of its tables work as before."""
        if name == "lemmatizer":
            raise AttributeError(name)
        return getattr(self.lemmatizer, name)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings, memo, changed = doc.vocab.strings, self.memo, False
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma:
                continue  # set by the attribute ruler: kept, as the stock lemmatizer keeps it
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                found = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            arr[i, 3] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], arr[:, 3:4])
        return doc

    def pipe(self, docs: Iterable[Doc], **_options) -> Iterator[Doc]:
        """`self(doc)` of each Doc, in order: `nlp.pipe` runs a component through its `pipe`, which `__getattr__`
        would otherwise hand to the stock lemmatizer (working out every token again); batching changes nothing."""
        for doc in docs:
            yield self(doc)


@Language.factory("memo_lemmatizer")
def make_memo_lemmatizer(nlp: Language, name: str) -> MemoLemmatizer:
    """Built from the pipeline's own `lemmatizer`, which `use_memo_lemmatizer` then removes."""
    return MemoLemmatizer(nlp.get_pipe(NAME))


def use_memo_lemmatizer(nlp: Language) -> Language:
    """Swap a rule-mode, non-overwriting Lemmatizer for the memoised one, in the same place and under the
    same name (`nlp.get_pipe("lemmatizer")` still answers, with the stock tables); returns `nlp`."""
    if NAME in nlp.pipe_names:
        pipe = nlp.get_pipe(NAME)
        if isinstance(pipe, Lemmatizer) and pipe.mode == "rule" and not pipe.overwrite:
            nlp.add_pipe("memo_lemmatizer", name="memo_lemmatizer", after=NAME)
            nlp.remove_pipe(NAME)
            nlp.rename_pipe("memo_lemmatizer", NAME)
    return nlp
