"""Whether a stated interaction took place: held, planned, cancelled, or not at all (None).

Read off the trigger's own auxiliaries, negation and conditional marks, the verbs governing it
("refused to meet", "is expected to hold talks", "said he hoped to meet"), the adjectives on an event
noun ("the planned visit") and the verb an event noun is subject of ("a meeting … is planned").
A verb joined to another by "and" with no subject of its own shares that verb's status
("is scheduled to meet X and hold talks with Y").
"""
from __future__ import annotations

from spacy.tokens import Token

from data_pipeline.nlp import triggers

# lemmas the small model gets wrong for words that matter here
_LEMMA_FIXES = {"hoped": "hope", "hopes": "hope", "hoping": "hope"}


def lemma(tok: Token) -> str:
    """The lower-case lemma, with the model's known slips fixed ("hoped" → "hop")."""
    return _LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def _governor_status(v: Token) -> str | None:
    """Status implied by the verbs governing `v` ("refused to meet", "is expected to hold talks")."""
    g = v
    for _ in range(4):
        if g.dep_ not in ("xcomp", "ccomp", "dobj", "nsubjpass", "nsubj", "pobj") or g.head.i == g.i:
            return "held"
        head = g.head
        word = lemma(head)
        if any(c.dep_ == "neg" for c in head.children):
            return None
        particle = triggers.CANCEL_PARTICLES.get(word)
        if word in triggers.CANCEL_GOVERNORS and (particle is None or any(
                c.dep_ == "prt" and c.lower_ == particle for c in head.children)):
            return "cancelled" if g.dep_ != "nsubj" else "held"
        if g.dep_ == "nsubj":
            return _subject_status(head)
        if (word in triggers.HYPOTHETICAL_GOVERNORS or word == "deny") and not (
                g.dep_ == "dobj" and head.pos_ == "VERB" and word in triggers.LIGHT_VERBS):  # "opened talks"
            return None
        if word in triggers.PLAN_GOVERNORS and g.dep_ in ("xcomp", "nsubjpass") or word == "be" and g.dep_ == "xcomp":
            return "planned"  # "expected to meet", "a meeting … is planned"
        if g.dep_ == "pobj":
            return _prep_status(head)
        if g.dep_ == "nsubjpass":
            return "held"
        g = head  # "offered to host talks": the object's verb may itself be governed
    return "held"


def _subject_status(verb: Token) -> str | None:
    """"The meeting is planned / will take place / did not happen": an event noun as a verb's subject."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if aux & triggers.FUTURE_AUX or lemma(verb) in triggers.PLAN_GOVERNORS:
        return "planned"
    if lemma(verb) in ("be", "seem", "appear") and any(
            c.dep_ == "xcomp" and lemma(c) in triggers.PLAN_GOVERNORS for c in verb.children):
        return "planned"
    return "held"


def _prep_status(prep: Token) -> str | None:
    """"called for talks" (not a meeting), "ahead of talks" (planned), "during talks" (held)."""
    if prep.lower_ == "for" and lemma(prep.head) in triggers.REQUEST_VERBS:
        return None
    if prep.lower_ in ("of", "to") and prep.head.lower_ in ("ahead", "prior"):
        return "planned"
    return "held"


def verb_status(v: Token, depth: int = 2) -> str | None:
    """Status of a verb from its auxiliaries, negation, conditionals and governing verbs."""
    aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if any(c.dep_ == "neg" for c in v.children):
        return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in v.children):
        return None
    if aux & triggers.FUTURE_AUX or "would" in aux:
        return "planned"
    if aux & triggers.HYPOTHETICAL_MODALS:
        return None
    if depth and v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX") and not aux and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return verb_status(v.head, depth - 1)  # "is expected to meet X and hold talks with Y"
    return _governor_status(v)


def status_of(trigger: Token, anchor: Token, verbal: bool) -> str | None:
    """held, planned or cancelled; None for negated or hypothetical statements.

    `anchor` is the verb an event noun hangs from (the trigger itself for verbs); `verbal` tells
    a verb trigger from a noun one.
    """
    planned = False
    if not verbal:
        mods = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "det", "compound", "nmod")}
        if "no" in mods or mods & triggers.HYPOTHETICAL_ADJ:
            return None
        if mods & triggers.CANCELLED_ADJ:
            return "cancelled"
        planned = bool(mods & triggers.PLANNED_ADJ)
    for v in {trigger, anchor}:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        got = verb_status(v)
        if got != "held":
            return got
    if not verbal:
        got = _governor_status(trigger)
        if got != "held":
            return got
    return "planned" if planned else "held"
