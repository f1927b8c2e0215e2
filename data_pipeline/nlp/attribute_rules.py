"""An exact, faster stand-in for the model's `attribute_ruler` (tag → POS/morphology and lemma exceptions).

spaCy's AttributeRuler runs all of its ~180 token patterns through a Matcher on every token: about a
tenth of the whole model's time on news text. Almost all of them test one token for fixed values of
TAG, LOWER, DEP or IS_SPACE, which a dictionary lookup answers. Those are looked up here; the rest
(several tokens, regular expressions) still go through a Matcher. The attributes are then set exactly
as the AttributeRuler sets them (its own `set_token_attrs`, in its rule order), so every token ends
up with the same POS, morphology and lemma (tests/test_attribute_rules.py compares whole documents).
"""
from __future__ import annotations

from collections import defaultdict

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

NAME = "attribute_ruler"
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_ORDER = list(_COLUMNS)  # column order of the doc arrays
_TAG_COL, _LOWER_COL = _ORDER.index("TAG"), _ORDER.index("LOWER")


class ExactAttributeRuler:
    """Applies an AttributeRuler's patterns and attributes, single-token fixed-value patterns by lookup."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.by_lower: dict[int, list] = defaultdict(list)
        self.by_tag: dict[int, list] = defaultdict(list)
        self.always: list = []
        self.matcher = Matcher(ruler.vocab)  # the patterns a lookup cannot answer
        for attr_id, (patterns, index) in enumerate(zip(self._patterns(ruler), self.indices)):
            for pattern in patterns:
                conds = _fixed_conditions(pattern, strings) if index in (0, -1) else None
                if conds is None:
                    self.matcher.add(str(attr_id), [pattern])
                    continue
                rule, cols = (attr_id, conds), dict(conds)
                if _LOWER_COL in cols:  # filed under each value its most selective column allows
                    for value in cols[_LOWER_COL]:
                        self.by_lower[value].append(rule)
                elif _TAG_COL in cols:
                    for value in cols[_TAG_COL]:
                        self.by_tag[value].append(rule)
                else:
                    self.always.append(rule)

    @staticmethod
    def _patterns(ruler: AttributeRuler) -> list[list]:
        """Each rule's token patterns, in rule order: rule i is the ruler's Matcher key str(i)."""
        return [ruler.matcher.get(str(i))[1] for i in range(len(ruler.attrs))]

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([_COLUMNS[c] for c in _ORDER]).tolist() if len(doc) else []
        hits: dict[int, set[int]] = defaultdict(set)
        for i, row in enumerate(rows):
            candidates = (*self.by_lower.get(row[_LOWER_COL], ()), *self.by_tag.get(row[_TAG_COL], ()), *self.always)
            for attr_id, conds in candidates:
                if all(row[col] in values for col, values in conds):
                    hits[i].add(attr_id)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id = int(doc.vocab.strings[match_id])
                hits[doc[start:end][self.indices[attr_id]].i].add(attr_id)
        for i in sorted(hits):
            token = doc[i]
            for attr_id in sorted(hits[i]):  # later rules take precedence, as in AttributeRuler.match
                set_token_attrs(token, self.attrs[attr_id])
        return doc


def _fixed_conditions(pattern: list[dict], strings) -> tuple | None:
    """((column, allowed values), ...) of a one-token pattern testing fixed values only; None otherwise."""
    if len(pattern) != 1:
        return None
    conds = []
    for attr, value in pattern[0].items():
        if attr not in _COLUMNS:
            return None
        if isinstance(value, dict):
            if set(value) != {"IN"}:
                return None
            values = value["IN"]
        else:
            values = [value]
        if attr == "IS_SPACE":
            if not all(isinstance(v, bool) for v in values):
                return None
            allowed = frozenset(int(v) for v in values)
        else:
            if not all(isinstance(v, str) for v in values):
                return None
            allowed = frozenset(strings.add(v) for v in values)
        conds.append((_ORDER.index(attr), allowed))
    return tuple(conds)


@Language.factory("exact_attribute_ruler")
def make_exact_attribute_ruler(nlp: Language, name: str) -> ExactAttributeRuler:
    """Built from the pipeline's own `attribute_ruler`, which `use_exact_attribute_ruler` then removes."""
    return ExactAttributeRuler(nlp.get_pipe(NAME))


def use_exact_attribute_ruler(nlp: Language) -> Language:
    """Swap the pipeline's AttributeRuler for the exact lookup version, in the same place; returns `nlp`."""
    if NAME in nlp.pipe_names and isinstance(nlp.get_pipe(NAME), AttributeRuler):
        nlp.add_pipe("exact_attribute_ruler", name="exact_attribute_ruler", after=NAME)
        nlp.remove_pipe(NAME)
    return nlp
