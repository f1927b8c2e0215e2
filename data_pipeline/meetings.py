"""Who-met-whom statements read off the dependency parse of one Doc.

A statement needs a trigger (a meeting verb or noun) whose syntactic
participants are person mentions; mere co-occurrence in a sentence is not enough.
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Token

VERB_KIND = {"meet": "meeting", "discuss": "talks", "talk": "talks", "receive": "meeting",
             "host": "meeting", "visit": "visit", "call": "phone_call", "phone": "phone_call"}
NOUN_KIND = {"meeting": "meeting", "talk": "talks", "talks": "talks", "negotiation": "talks",
             "conversation": "phone_call", "call": "phone_call", "message": "message", "visit": "visit"}
PARTNER_PREPS = {"with", "between", "to"}


def _mention_at(token: Token, by_token: dict[int, int]) -> int | None:
    """Mention index covering `token`, following an apposition ("his counterpart, X")."""
    if token.i in by_token:
        return by_token[token.i]
    for child in token.children:
        if child.dep_ == "appos" and child.i in by_token:
            return by_token[child.i]
    return None


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _subjects(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subs and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subjects(verb.head)
    return [t for s in subs for t in _with_conjuncts(s)]


def _partners(trigger: Token) -> list[Token]:
    found = []
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in PARTNER_PREPS:
            found += [t for p in child.children if p.dep_ == "pobj" for t in _with_conjuncts(p)]
        elif child.dep_ in ("dobj", "attr"):
            found += _with_conjuncts(child)
    return found


def _place(trigger: Token, doc: Doc) -> str | None:
    for child in trigger.subtree:
        if child.dep_ == "prep" and child.lower_ in ("in", "near"):
            for p in child.children:
                if p.ent_type_ in ("GPE", "LOC"):
                    ent = next(e for e in doc.ents if e.start <= p.i < e.end)
                    return ent.text
    return None


def _is_past(trigger: Token) -> bool:
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    return verb.tag_ in ("VBD", "VBN")


def extract(doc: Doc, mentions: list[dict], published: date | None) -> list[dict]:
    """Interactions between mentions, as dicts with mention indices `a`, `b`."""
    by_token = {}
    for idx, m in enumerate(mentions):
        for i in range(*m["tokens"]):
            by_token[i] = idx
    out = []
    for tok in doc:
        kind = VERB_KIND.get(tok.lemma_) if tok.pos_ == "VERB" else NOUN_KIND.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
        if kind is None:
            continue
        if tok.pos_ == "VERB":
            sides = [_subjects(tok), _partners(tok)]
        else:
            partners = _partners(tok)
            between = any(c.lower_ == "between" for c in tok.children)
            sides = [partners, partners] if between else [_subjects(tok.head) if tok.dep_ in ("dobj", "pobj") else [], partners]
        a_ids = {m for t in sides[0] if (m := _mention_at(t, by_token)) is not None}
        b_ids = {m for t in sides[1] if (m := _mention_at(t, by_token)) is not None}
        sent = tok.sent
        for a in sorted(a_ids):
            for b in sorted(b_ids):
                if a >= b and sides[0] is sides[1] or a == b:
                    continue
                past = _is_past(tok)
                out.append({
                    "a": a, "b": b, "kind": kind, "status": "held",
                    "date": published.isoformat() if (published and past) else None,
                    "date_source": "published" if (published and past) else "none",
                    "place": _place(tok, doc),
                    "evidence": sent.text, "start": sent.start_char, "end": sent.end_char,
                    "confidence": 0.6, "trigger": tok.text,
                })
    return out
