"""Roles read off a Doc: "Armenian Minister of Defense X", "director of the Y Company X", "X, Russia's foreign minister".

`parse_role` turns the words of a title phrase into {role, org, country};
`role_phrase_before` / `role_from_appos` find that phrase around a name in a Doc.
Comparing roles across articles is resolution's job (`resolve/roles.py`).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from data_pipeline.lexicon.gazetteer import country_of
from data_pipeline.lexicon.titles import ORG_HEADS, is_title_noun, is_title_word
from data_pipeline.nlp import docview

_DETS = {"the", "his", "her", "their", "its", "our", "a", "an"}
_LINKS = {"of", "for", "and", "&", "-", "on"}


def _join(words: list[str]) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(words))


def parse_role(tokens: list) -> dict | None:
    """{role, org, country} from the words (or tokens) of a title phrase, or None when it names no position."""
    words = [w for w in (getattr(t, "text", t) for t in tokens) if w.strip() and w not in ("’s", "'s", ",")]
    while words and words[0].lower() in _DETS:
        words = words[1:]
    if not any(is_title_noun(w) for w in words):
        return None
    country = next((c for w in words if (c := country_of(w))), None)
    lower = [w.lower() for w in words]
    org: list[str] = []
    role = words
    # "adviser to the president": the position is the adviser's; what follows "to" is where it sits
    if "to" in lower and any(is_title_noun(w) for w in words[:lower.index("to")]):
        i = lower.index("to")
        role, org = words[:i], [w for w in words[i + 1:] if w.lower() != "the" and not country_of(w)]
        lower = lower[:i]
    # "director of the Rosoboronexport Company": role before "of", organisation after it
    if "of" in lower and not org:
        i = lower.index("of")
        rest = [w for w in words[i + 1:] if w.lower() != "the"]
        if any(w.lower() in ORG_HEADS for w in rest) or (rest and not all(is_title_word(w) or country_of(w) for w in rest)):
            role, org = words[:i], rest
    # "Russian Foreign Ministry spokeswoman": organisation up to its head word, then the title
    heads = [i for i, w in enumerate(role) if w.lower() in ORG_HEADS]
    if not org and heads and any(is_title_noun(w) for w in role[heads[-1] + 1:]):
        org, role = role[:heads[-1] + 1], role[heads[-1] + 1:]
    role = [w for w in role if not (country_of(w) and not is_title_word(w))]
    if not any(is_title_noun(w) for w in role):
        return None
    return {"role": _join(role), "org": _join(org) or None, "country": country}


def _phrase_ok(tok: Token, persons: set[int]) -> bool:
    """Whether `tok` can belong to a title phrase written before a name."""
    low = tok.lower_
    if tok.i in persons or (tok.ent_type_ == "PERSON" and not is_title_word(tok.text) and not country_of(tok.text)):
        return False
    if is_title_word(tok.text) or country_of(tok.text) or low in ORG_HEADS:
        return True
    if low in _LINKS or low == "the" or tok.tag_ in ("POS", "HYPH"):
        return True
    return tok.text[:1].isupper() and tok.is_alpha and tok.pos_ in ("PROPN", "ADJ", "NOUN")


def role_phrase_before(doc: Doc, start: int, persons: set[int] = frozenset(), limit: int = 14) -> list[Token]:
    """Tokens of the title phrase that directly precedes the name starting at token `start`."""
    sent_start = docview.of(doc).sent_start(start) if start < len(doc) else 0
    out: list[Token] = []
    i = start - 1
    while i >= max(sent_start, start - limit):
        tok = doc[i]
        if tok.lower_ in ("his", "her", "their", "its"):
            out.insert(0, tok)
            break
        if not _phrase_ok(tok, persons):
            break
        out.insert(0, tok)
        i -= 1
    while out and (out[0].lower_ in _LINKS or out[0].tag_ in ("POS", "HYPH")):
        out.pop(0)
    return out


def role_from_appos(root: Token, start: int) -> list[Token]:
    """Title phrase in apposition to a name starting at `start`: "X, Russia's foreign minister," or "his counterpart, X"."""
    for child in root.children:
        if child.dep_ == "appos" and is_title_noun(child.lemma_):
            return [t for t in child.subtree if not t.is_punct or t.tag_ == "HYPH"]
    head = root.head
    if root.dep_ == "appos" and head is not root and is_title_noun(head.lemma_):
        return [t for t in head.subtree if t.i < start and not t.is_punct]
    return []


def role_of_name(doc: Doc, start: int, end: int, persons: set[int] = frozenset()) -> dict | None:
    """Role of the person named by tokens [start, end): written before it, else in apposition.

    `persons` holds the tokens of other possible person names, where a title phrase stops.
    """
    before = role_phrase_before(doc, start, persons)
    found = parse_role(before) if before else None
    if found:
        return found
    appos = role_from_appos(doc[start:end].root, start)
    return parse_role(appos) if appos else None
