"""Which tokens of a Doc a per-token rule needs to look at, read off the Doc's arrays in one pass.

Many rules of `analyse()` test one word-level condition first ("a title noun", "a trigger lemma",
"a particle") and do nothing for every other token; walking all the Token objects of an article
for that costs more than the rule itself. `where` gives the indices of the tokens whose attribute
string passes the condition, each distinct string tested once per process (strings and their
hashes are fixed), so a rule loops over those indices only and keeps its own checks unchanged.
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

_MEMO: dict[Callable[[str], bool], dict[int, bool]] = {}
MEMO_LIMIT = 1 << 18  # answers kept per condition; a worker on a large corpus meets millions of distinct words


def where(doc: Doc, attrs: int | list[int], keep: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens for which `keep` holds of the string of `attrs` (any of them, if several).

    `keep` must be a pure function of the string, defined once (module level): its answers are memoised by
    string hash for the life of the process.
    """
    if not len(doc):
        return []
    arr = doc.to_array(attrs)
    several = arr.ndim == 2  # a row of values per token, else one value
    rows = arr.tolist()  # plain ints: set and list work beat numpy's per-call cost on ~10^2 tokens
    keys = set(chain.from_iterable(rows)) if several else set(rows)
    memo = _MEMO.setdefault(keep, {})
    if len(memo) > MEMO_LIMIT:
        memo.clear()  # bounded memory: the next Docs fill it again with the words they use
    strings = doc.vocab.strings
    hits = set()
    for k in keys:
        got = memo.get(k)
        if got is None:
            got = memo[k] = bool(keep(strings[k]))
        if got:
            hits.add(k)
    if not hits:
        return []
    if several:
        return [i for i, row in enumerate(rows) if not hits.isdisjoint(row)]
    return [i for i, k in enumerate(rows) if k in hits]


_TEXT = "screen.text"  # doc.user_data key of the memo below


def text(doc: Doc) -> str:
    """`doc.text`, joined once per Doc and kept in its `user_data` (a plain string): `Doc.text` makes a Token object
    of every token on each call, and several rules read it (meeting sentences, the dateline, relative dates)."""
    got = doc.user_data.get(_TEXT)
    if got is None:
        got = doc.user_data[_TEXT] = _joined(doc)
    return got


def _joined(doc: Doc) -> str:
    """`doc.text` from the ORTH and SPACY arrays: each token's text, and a space after it where it has one
    (`Token.text_with_ws`), without a Token object per token."""
    if not len(doc):
        return ""
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, SPACY]).tolist()
    return "".join([strings[orth] + " " if space else strings[orth] for orth, space in arr])
