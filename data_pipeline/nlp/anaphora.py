"""Plural references to people ("they", "the two ministers", "both leaders", "the three officials").

A plural reference stands for the last people named before it:
1. in its own sentence, the doers and partners of the clause it depends on ("A did not meet B, but
   the two ministers spoke by phone"; "A conveyed Z's wishes to B when they met": A and B, not Z);
2. else, when the previous sentence states an interaction, that interaction's participants;
3. else the last people named in the sentences before (at most three back).
A number ("the two", "three") says how many; "they" and "the leaders" take all of them.
"""
from __future__ import annotations

from spacy.tokens import Token

from data_pipeline.lexicon.titles import TITLE_NOUNS
from data_pipeline.nlp import arguments

NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
PRONOUNS = {"they", "them", "their"}
POSSESSIVES = {"his", "her", "their", "its", "our", "my", "your"}
# plural nouns that stand for the people of an interaction, beside the title nouns
GROUP_NOUNS = {"side", "party", "leader", "official", "head", "counterpart", "colleague", "statesman",
               "delegation"} | TITLE_NOUNS
LOOKBACK = 3


def plural_size(tok: Token) -> int | None:
    """How many people a plural reference stands for (0: all of them); None when `tok` is none."""
    low = tok.lower_
    if low in PRONOUNS and tok.pos_ == "PRON" or low == "their" and tok.dep_ == "poss":
        return 0
    if any(c.dep_ == "appos" for c in tok.children):
        return None  # "the two ministers, A and B": the names are given
    mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "nummod", "predet", "amod", "quantmod")}
    if tok.tag_ == "NNS" and tok.lemma_.lower() in GROUP_NOUNS or tok.lower_ in ("pms", "heads"):
        number = next((NUMBERS[m] for m in mods if m in NUMBERS), None)
        if number is not None:
            return number
        return 0 if mods & {"the", "all"} else None
    if low in ("two", "three", "both") and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and (
            low == "both" or "the" in mods):
        return NUMBERS[low]  # "the two discussed", "both agreed"
    return None


def _fit(found: list[int], n: int) -> list[int] | None:
    if len(found) < 2 or n and len(found) < n:
        return None
    return found[-n:] if n else found


def in_clause(tok: Token, resolve) -> list[int]:
    """People named as doers or partners of the clause that the clause holding `tok` depends on."""
    verb = tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    out: list[int] = []
    seen = {t.i for t in tok.subtree}
    head = verb.head if verb.dep_ in ("advcl", "conj", "relcl", "ccomp") else None
    if head is not None and verb.dep_ == "relcl" and head.pos_ not in ("VERB", "AUX"):
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head  # "arrived in X on Thursday, where they held …": the clause "arrived" heads
    for v in [head] if head is not None else []:
        for t in arguments.subjects(v) + arguments.partners(v):
            if t.i in seen or t.i > tok.i:
                continue
            idx = resolve(t)
            if idx is not None and idx not in out:
                out.append(idx)
    return out


def antecedents(tok: Token, n: int, resolve, named: list[list[int]], stated: dict[int, list[tuple[int, int]]],
                sent: int, key, resolve_index=lambda i: True) -> list[int]:
    """Mention indices a plural reference at `tok` (in sentence `sent`, standing for `n` people) refers to.

    `resolve(token)` maps a token to a person mention index; `named[s]` lists the person mentions
    named in sentence `s`; `stated[s]` the pairs of the interactions stated in sentence `s`;
    `key(index)` tells which mentions name one person ("Japarov", "Sadyr Japarov"); `resolve_index(index)`
    whether a stated participant is a person (not a place the model took for a participant).
    """
    got = _fit(_distinct(in_clause(tok, resolve), key), n)
    if got:
        return got
    for s in (sent, sent - 1):  # "talks with B, during which they …"; "A met B and C. The two ministers …"
        pairs = [p for p in stated.get(s, []) if all(resolve_index(i) for i in p)]
        people = _distinct([i for pair in pairs for i in pair], key)
        if n == 2 and len(people) > 2:
            return list(pairs[-1])  # the last pair that met
        got = _fit(people, n)
        if got:
            return got
    found: list[int] = []
    for s in range(sent - 1, max(-1, sent - 1 - LOOKBACK), -1):
        found = named[s] + found if s < len(named) else found
        if len(_distinct(found, key)) >= max(n, 2):
            break
    return _fit(_distinct(found, key), n) or []


def _distinct(found: list[int], key) -> list[int]:
    """One mention per person, the last one named, in text order."""
    last: dict = {}
    for idx in found:
        last.pop(key(idx), None)
        last[key(idx)] = idx
    return list(last.values())
