"""The person phrases around an interaction trigger: its doers, its partners, and every name they list.

A phrase lists people by coordination and apposition ("A, a career diplomat, and B, the deputy
speaker", "officials (A, B and C)"); it stops at clause boundaries, so people named only in a relative
or participle clause ("A, accompanied by C", "B, who conveyed greetings from Z") or in a possessive
("Z's best wishes") take no part. The small model often hangs a name that belongs to a subject or an
object straight on the verb ("met his counterpart X": X as `npadvmod`); such names are taken too.
"""
from __future__ import annotations

from spacy.tokens import Token

from data_pipeline.lexicon.gazetteer import place_type
from data_pipeline.lexicon.titles import is_title_noun
from data_pipeline.nlp import docview
from data_pipeline.nlp.triggers import PARTNER_PREPS

SUBJECT_CLIMB = {"conj", "xcomp", "advcl", "acl", "pcomp"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
# "officials from A, B and C (X, Y, Z)": names listed inside these prepositions belong to the phrase
LIST_PREPS = {"from", "of", "including"}


def members(tok: Token, depth: int = 0) -> list[Token]:
    """`tok` and every token listed with it by coordination or apposition, in text order."""
    out = [tok]
    if depth > 6:
        return out
    for c in tok.children:
        if c.dep_ in ("conj", "appos"):
            out += members(c, depth + 1)
        elif c.dep_ == "nmod" and c.pos_ == "PROPN" and any(d.dep_ == "cc" for d in c.children):
            out += members(c, depth + 1)  # "between A B and C D": the first name as a modifier of the second
        elif c.dep_ == "prep" and c.lower_ in LIST_PREPS and tok.pos_ == "NOUN" and tok.tag_ == "NNS":
            for p in c.children:  # "officials from Japan and China (A and B)": the names listed with them
                if p.dep_ == "pobj":
                    out += [m for x in [p, *p.conjuncts] for a in x.children if a.dep_ == "appos"
                            for m in members(a, depth + 1)]
                    out += [x for x in p.conjuncts if _unplaced_name(x)]
    if depth == 0 and tok.dep_ in ("nsubj", "nsubjpass"):
        out += nested_conjuncts(tok)
    return sorted(set(out), key=lambda t: t.i)


NOUN_INSIDE = {"pobj", "prep", "dobj", "compound", "flat", "npadvmod"}


def nested_conjuncts(tok: Token) -> list[Token]:
    """People coordinated with a name the model buried inside a subject phrase ("Minister of X A and his
    counterpart B met": "and B" hangs on A, the object of "of"; "A B and C met" with B as an object of A)."""
    out = []
    for t in tok.subtree:
        if t.dep_ != "conj" or t.head.i == tok.i or not _name_like(t.head) or t.head.ent_type_ in ("GPE", "LOC", "NORP"):
            continue
        up = t.head
        while up.i != tok.i and up.dep_ in NOUN_INSIDE:
            up = up.head
        if up.i == tok.i:
            out += members(t, 1)
    return out


def _pobjs(prep: Token) -> list[Token]:
    return [t for p in prep.children if p.dep_ == "pobj" for t in members(p)]


def _name_like(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC", "NORP") \
        and tok.text[:1].isupper()


def _unplaced_name(tok: Token) -> bool:
    """A capitalised proper noun the gazetteer does not know as a place (the model may call a surname such as "Cordova" a GPE)."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.ent_type_ not in ("DATE", "TIME", "NORP") \
        and not place_type(tok.text)


def subjects(verb: Token, depth: int = 3, raised: bool = False) -> list[Token]:
    """Doers of `verb`: its subjects (or passive agents), climbing to a governing clause's subject.

    `raised`: `verb` governs the trigger through an xcomp, so its passive subject is the doer
    ("X is expected to meet Y").
    """
    subs = []
    cut = _dateline_end(verb)
    for c in verb.children:
        if c.dep_ == "nsubj" or raised and c.dep_ == "nsubjpass":
            subs += members(c)
        elif c.dep_ == "agent":
            subs += _pobjs(c)
        elif c.dep_ == "npadvmod" and c.i < verb.i and _name_like(c):
            subs += members(c)  # "Minister A, President B and C held talks": A mis-hung on the verb
    subs = [t for t in subs if t.i >= cut]  # "Baku, 1 March (Agency): X received Y": the dateline is no subject
    if subs and verb.dep_ == "relcl" and subs[0].lower_ in RELATIVE_PRONOUNS:
        return members(verb.head)
    if not subs and verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBG") and verb.head.pos_ in ("NOUN", "PROPN"):
        return members(verb.head)  # "the minister, meeting with X, …"; a mis-parsed "The minister, discussed with X"
    if not subs and depth and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return subjects(verb.head.head, depth - 1)  # "X met Y after talking to Z"
    if not subs and depth and verb.dep_ in SUBJECT_CLIMB and verb.head.i != verb.i:
        return subjects(verb.head, depth - 1, raised=verb.dep_ == "xcomp")
    if not subs:
        subs = stranded_subjects(verb)
    return sorted(set(subs), key=lambda t: t.i)


def stranded_subjects(verb: Token) -> list[Token]:
    """Names coordinated just before a verb with no subject, that the model hung on an opening phrase
    ("After talks in Bogotá, A and B held …": A and B as conjuncts of "Bogotá")."""
    prev = verb.doc[verb.i - 1] if verb.i > docview.of(verb.doc).sent_start(verb.i) else None
    if prev is None or not _unplaced_name(prev) or prev.dep_ not in ("conj", "pobj", "appos") or \
            prev.head.i > prev.i:
        return []
    group = [prev]  # "During a visit to X, Minister Y met …": Y as the object of "to"
    while group[-1].dep_ == "conj" and _unplaced_name(group[-1].head) and group[-1].head.i < group[-1].i:
        group.append(group[-1].head)
    return group


DATELINE_MARKS = {":", "):", "—", "--", "–"}


def _dateline_end(verb: Token) -> int:
    """Index after a dateline's closing mark ("Baku, 1 March (TDI):", "Nairobi, May 5 —") before `verb`, else 0."""
    sent = docview.of(verb.doc).sent(verb.i)
    for t in sent:
        if t.i >= verb.i or t.i - sent.start > 15:
            break
        if t.text in DATELINE_MARKS and t.i > sent.start:
            return t.i + 1
    return 0


def is_passive(verb: Token) -> bool:
    """A passive verb with its doer named ("B was received by A"; not "held … between", an `agent` to the model)."""
    return any(c.dep_ == "agent" and c.lower_ == "by" for c in verb.children)


def partners(verb: Token, skip: Token | None = None, objects: bool = True, preps: set[str] | None = None) -> list[Token]:
    """The other side of a verb: objects, passive subjects with an agent, "with"/"to" objects.

    A name hung on the verb after it (`npadvmod`, the small model's "met his counterpart X") counts.
    """
    found = []
    passive = is_passive(verb)
    preps = PARTNER_PREPS - {"from"} if preps is None else preps
    for c in verb.children:
        if skip is not None and skip in c.subtree:
            continue
        if c.dep_ == "dative" and c.pos_ == "ADP":
            if c.lower_ in preps:
                found += _pobjs(c)  # "sent a letter to X"
        elif objects and c.dep_ in ("dobj", "dative") or c.dep_ == "nsubjpass" and passive:
            found += members(c)
        elif c.dep_ == "prep" and c.lower_ in preps:
            found += _pobjs(c)
        elif objects and c.dep_ in ("npadvmod", "attr", "oprd") and c.i > verb.i and _name_like(c):
            found += members(c)
    return sorted(set(found), key=lambda t: t.i)


SCENE_PREPS = {"at", "in", "on", "near", "during", "after", "before", "outside", "inside"}


def stranded_object(verb: Token) -> list[Token]:
    """The first person phrase after a verb whose object the model lost in a long title ("received at the
    ministry today Deputy Prime Minister and Foreign Minister of X, Y, who …": the title as a subject of a
    later verb). Scene phrases (at, in, on …) are passed over; a clause or another verb ends the search."""
    for t in verb.doc[verb.i + 1:docview.of(verb.doc).sent_end(verb.i)]:
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj") and t.pos_ in ("VERB", "AUX") or t.lower_ in (
                "who", "which", "that", ";"):
            return []
        if t.head.dep_ == "prep" and t.head.lower_ in SCENE_PREPS or t.ent_type_ in (
                "DATE", "TIME", "GPE", "LOC", "FAC", "NORP", "CARDINAL"):
            continue
        if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat") or t.pos_ in ("NOUN", "PROPN") and is_title_noun(
                t.lemma_) and t.dep_ not in ("compound", "amod"):
            return [t] if _unplaced_name(t) or is_title_noun(t.lemma_) else []
    return []


def inner_with(obj: Token) -> list[Token]:
    """"discussed issues of cooperation with X": a "with" phrase inside the object, not past a clause."""
    out = []
    for t in obj.subtree:
        if t.dep_ != "prep" or t.lower_ != "with":
            continue
        up = t.head
        while up.i != obj.i and up.pos_ not in ("VERB", "AUX"):
            up = up.head
        if up.i == obj.i:
            out += _pobjs(t)
    return out
