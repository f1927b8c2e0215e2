"""An exact, faster stand-in for the model's `attribute_ruler` (tag → POS/morphology and lemma exceptions).

spaCy's AttributeRuler runs all of its ~180 token patterns through a Matcher on every token: about a
tenth of the whole model's time on news text. Almost all of them test one token for fixed values
(IN, NOT_IN) of TAG, LOWER, DEP or IS_SPACE, which a dictionary lookup answers, remembered per
distinct row of those four values. The few of several tokens or with a regular expression are
scanned from the tokens their first condition allows (found with numpy over the doc's array); only a
pattern with operators ("OP") would still go through a Matcher. The attributes are then set exactly
as the AttributeRuler sets them (its own `set_token_attrs`, in its rule order), so every token ends
up with the same POS, morphology and lemma (tests/test_attribute_rules.py compares whole documents).
"""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

NAME = "attribute_ruler"
_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_ORDER = list(_COLUMNS)  # column order of the doc arrays
# columns a one-token rule is filed under (its first IN condition among them, most selective first)
_INDEXED = tuple(_ORDER.index(c) for c in ("LOWER", "TAG", "DEP", "IS_SPACE"))
IN, NOT_IN, REGEX = "IN", "NOT_IN", "REGEX"
MEMO_SIZE = 200_000  # distinct rows (and regex tests) remembered, then forgotten: bounded memory on any corpus


class ExactAttributeRuler:
    """Applies an AttributeRuler's patterns and attributes: one-token patterns by lookup, fixed-length
    ones by a scan from the tokens their first condition allows; only patterns with operators need a Matcher."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.attrs, self.indices = ruler.attrs, ruler.indices
        self.index: dict[int, dict[int, list]] = {col: defaultdict(list) for col in _INDEXED}
        self.always: list = []
        self.sequences: list[tuple[int, int, tuple]] = []  # (rule, index, conditions of each token)
        self.matcher = Matcher(ruler.vocab)  # the patterns neither a lookup nor a scan answers
        self._memo: dict[tuple, tuple] = {}
        self._regex_memo: dict[tuple, bool] = {}
        for attr_id, (patterns, index) in enumerate(zip(self._patterns(ruler), self.indices)):
            for pattern in patterns:
                conds = _conditions(pattern, strings)
                if conds is None:
                    self.matcher.add(str(attr_id), [pattern])
                elif len(conds) > 1 or any(kind == REGEX for _, kind, _ in conds[0]):
                    self.sequences.append((attr_id, index, conds))
                else:
                    self._file(attr_id, conds[0])

    def _file(self, attr_id: int, conds: tuple) -> None:
        """File a one-token rule under each value of its most selective IN column (none: tried on every token)."""
        cols = {col: values for col, kind, values in conds if kind == IN}
        col = next((c for c in _INDEXED if c in cols), None)
        if col is None:
            self.always.append((attr_id, conds))
            return
        for value in cols[col]:
            self.index[col][value].append((attr_id, conds))

    @staticmethod
    def _patterns(ruler: AttributeRuler) -> list[list]:
        """Each rule's token patterns, in rule order: rule i is the ruler's Matcher key str(i)."""
        return [ruler.matcher.get(str(i))[1] for i in range(len(ruler.attrs))]

    def _one_token(self, row: tuple) -> tuple:
        """The one-token rules a row of the doc array meets (memoised: rows repeat across tokens and docs)."""
        found = self._memo.get(row)
        if found is None:
            candidates = [*(r for col in _INDEXED for r in self.index[col].get(row[col], ())), *self.always]
            found = tuple({attr_id for attr_id, conds in candidates
                           if all(_holds(row[col], kind, values) for col, kind, values in conds)})
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[row] = found
        return found

    def _search(self, key: int, pattern: re.Pattern, strings) -> bool:
        """`pattern` found in the string of hash `key`, as the Matcher's REGEX predicate tests it (memoised)."""
        memo = (pattern.pattern, key)
        found = self._regex_memo.get(memo)
        if found is None:
            if len(self._regex_memo) >= MEMO_SIZE:
                self._regex_memo.clear()
            found = self._regex_memo[memo] = bool(pattern.search(strings[key]))
        return found

    def _meets(self, row: tuple, conds: tuple, strings) -> bool:
        return all(self._search(row[col], values, strings) if kind == REGEX else _holds(row[col], kind, values)
                   for col, kind, values in conds)

    def _starts(self, conds: tuple, arr: np.ndarray, strings) -> list[int]:
        """Indices of the tokens meeting every condition of one pattern token (vectorised over the doc)."""
        ok = np.ones(len(arr), dtype=bool)
        for col, kind, values in conds:
            if kind == REGEX:
                values = [k for k in np.unique(arr[:, col]).tolist() if self._search(k, values, strings)]
            hit = np.isin(arr[:, col], np.fromiter(values, dtype=arr.dtype, count=len(values)))
            ok &= ~hit if kind == NOT_IN else hit
        return np.flatnonzero(ok).tolist()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        arr = doc.to_array([_COLUMNS[c] for c in _ORDER])
        rows = list(map(tuple, arr.tolist()))
        hits: list = [self._one_token(row) for row in rows]
        for attr_id, index, conds in self.sequences:
            length = len(conds)
            for s in self._starts(conds[0], arr, strings):
                if s + length <= len(rows) and all(self._meets(rows[s + k], tok, strings)
                                                   for k, tok in enumerate(conds[1:], 1)):
                    i = s + index % length
                    hits[i] = (*hits[i], attr_id)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id = int(strings[match_id])
                i = doc[start:end][self.indices[attr_id]].i
                hits[i] = (*hits[i], attr_id)
        for i, ids in enumerate(hits):
            if ids:
                token = doc[i]
                for attr_id in sorted(set(ids)):  # later rules take precedence, as in AttributeRuler.match
                    set_token_attrs(token, self.attrs[attr_id])
        return doc


def _holds(value: int, kind: str, values: frozenset) -> bool:
    return (value in values) if kind == IN else (value not in values)


def _conditions(pattern: list[dict], strings) -> tuple | None:
    """For each token of a pattern, ((column, IN | NOT_IN | REGEX, allowed hashes or compiled regex), ...);
    None when neither a lookup nor a scan can answer it (operators, other attributes or predicates)."""
    out = []
    for token in pattern:
        conds = []
        for attr, value in token.items():
            if attr not in _COLUMNS:
                return None
            if isinstance(value, dict):
                if len(value) != 1:
                    return None
                kind, values = next(iter(value.items()))
            else:
                kind, values = IN, [value]
            if kind == REGEX and isinstance(values, str) and attr != "IS_SPACE":
                conds.append((_ORDER.index(attr), REGEX, re.compile(values)))
                continue
            if kind not in (IN, NOT_IN) or not isinstance(values, list):
                return None
            if attr == "IS_SPACE":
                if not all(isinstance(v, bool) for v in values):
                    return None
                allowed = frozenset(int(v) for v in values)
            else:
                if not all(isinstance(v, str) for v in values):
                    return None
                allowed = frozenset(strings.add(v) for v in values)
            conds.append((_ORDER.index(attr), kind, allowed))
        out.append(tuple(conds))
    return tuple(out) if out else None


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
