"""Who-met-whom statements read off the dependency parse of one Doc.

A statement needs a trigger (a meeting verb or noun, see `triggers.py`) whose syntactic
participants are mentions; mere co-occurrence in a sentence is not enough. Participants are
any mention candidates (the small model mislabels surnames); build keeps PERSON pairs only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from data_pipeline.nlp import event_dates, places, triggers
from data_pipeline.nlp.participants import Participants, is_title_word
from data_pipeline.nlp.triggers import PARTNER_PREPS

CLIMB_DEPS = {"pobj", "prep", "advmod", "dobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod", "oprd",
              "pcomp", "dative", "agent"}
SUBJECT_CLIMB = {"conj", "xcomp", "advcl", "acl", "pcomp"}
RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
POSSESSIVE_PRONOUNS = {"his", "her", "their", "its", "our", "my", "your"}
IN_PERSON = {"meeting", "talks", "visit"}
RANK = {"verb": 3, "noun": 3, "borrowed": 2, "weak": 1}
CONFIDENCE = {"verb": 0.9, "noun": 0.85, "borrowed": 0.7, "weak": 0.7}


@dataclass
class Statement:
    """One trigger with its two sides of participant tokens."""

    trigger: Token
    anchor: Token  # the governing verb (the trigger itself for verbs)
    kind: str
    form: str  # verb, noun, borrowed, weak
    side_a: list[Token]
    side_b: list[Token]
    symmetric: bool = False


def _conj(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts]


def _pobjs(prep: Token) -> list[Token]:
    return [t for p in prep.children if p.dep_ == "pobj" for t in _conj(p)]


def subjects(verb: Token, depth: int = 3, raised: bool = False) -> list[Token]:
    """Doers of `verb`: its subjects (or passive agents), climbing to a governing clause's subject.

    `raised`: `verb` governs the trigger through an xcomp, so its passive subject is the doer
    ("X is expected to meet Y").
    """
    subs = []
    for c in verb.children:
        if c.dep_ == "nsubj" or raised and c.dep_ == "nsubjpass":
            subs += _conj(c)
        elif c.dep_ == "agent":
            subs += _pobjs(c)
    if subs and verb.dep_ == "relcl" and subs[0].lower_ in RELATIVE_PRONOUNS:
        return _conj(verb.head)
    if not subs and verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBG") and verb.head.pos_ in ("NOUN", "PROPN"):
        return _conj(verb.head)  # "the minister, meeting with X, …"; a mis-parsed "The minister, discussed with X"
    if not subs and depth and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return subjects(verb.head.head, depth - 1)  # "X met Y after talking to Z"
    if not subs and depth and verb.dep_ in SUBJECT_CLIMB and verb.head.i != verb.i:
        return subjects(verb.head, depth - 1, raised=verb.dep_ == "xcomp")
    return subs


def partners(verb: Token, skip: Token | None = None, objects: bool = True) -> list[Token]:
    """The other side of a verb: objects, passive subjects with an agent, "with"/"to" objects."""
    found = []
    passive = any(c.dep_ == "agent" for c in verb.children)
    preps = PARTNER_PREPS - {"from"}
    for c in verb.children:
        if skip is not None and skip in c.subtree:
            continue
        if objects and c.dep_ in ("dobj", "dative") or c.dep_ == "nsubjpass" and passive:
            found += _conj(c)
        elif c.dep_ == "prep" and c.lower_ in preps:
            found += _pobjs(c)
    return found


def _inner_with(obj: Token) -> list[Token]:
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


def verb_statement(v: Token, kind: str) -> Statement | None:
    """"X met (with) Y", "Y was received by X", "X and Y discussed …", "X discussed … with Y"."""
    subs = subjects(v)
    weak = triggers.is_weak(v)
    objs = partners(v, objects=not weak)
    if weak and not objs:
        for c in v.children:
            if c.dep_ == "dobj":
                objs += _inner_with(c)
    if v.lemma_.lower() in triggers.OBJECT_VERBS:
        objs = [o for o in objs if o.pos_ in ("PROPN", "NOUN", "PRON")]
        if v.lemma_.lower() == "call" and any(c.dep_ in ("oprd", "ccomp", "xcomp") for c in v.children):
            return None
        if not objs:
            return None
    form = "weak" if weak else "verb"
    if objs:
        return Statement(v, v, kind, form, subs, objs)
    if len(subs) >= 2:
        return Statement(v, v, kind, form, subs, subs, symmetric=True)
    return None


def _person_like(tok: Token) -> bool:
    """Could head a participant phrase: a name, "him"/"her", or a title ("his counterpart")."""
    return tok.pos_ == "PROPN" or tok.lower_ in ("him", "her") or is_title_word(tok)


def governing_verb(n: Token) -> tuple[Token | None, str]:
    """The verb a noun trigger hangs from, and the dependency by which it is reached."""
    t = n
    for _ in range(5):
        if t.dep_ not in CLIMB_DEPS or t.head.i == t.i:
            return None, ""
        if t.head.pos_ in ("VERB", "AUX"):
            return t.head, t.dep_
        t = t.head
    return None, ""


def noun_statement(n: Token, kind: str) -> Statement | None:
    """"a meeting between X and Y", "X held talks with Y", "in a message to Y, X …"."""
    own, between = [], False
    # "talks with X", and "talks held between X and Y" through a participle
    preps = [c for c in n.children if c.dep_ == "prep"] + [
        p for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN" for p in c.children if p.dep_ == "prep"]
    for c in preps:
        if c.lower_ in PARTNER_PREPS:
            own += _pobjs(c)
            between |= c.lower_ == "between"
    verb, dep = governing_verb(n)
    anchor = verb or n
    if between and len(own) >= 2:
        return Statement(n, anchor, kind, "noun", own, own, symmetric=True)
    is_subject = dep in ("nsubj", "nsubjpass")
    poss = [c for c in n.children if c.dep_ == "poss"]
    owner: list[Token] = []
    if poss and poss[0].lower_ not in POSSESSIVE_PRONOUNS:
        owner = _conj(poss[0])
    elif verb is not None and not is_subject:
        owner = subjects(verb)
    if not owner and poss and poss[0].lower_ in ("his", "her"):
        owner = poss
    form = "noun"
    if not own and verb is not None:
        if is_subject:
            for c in verb.children:
                if c.dep_ == "prep" and c.lower_ in ("between", "with"):
                    own += _pobjs(c)
                    between |= c.lower_ == "between"
            if between and len(own) >= 2:
                return Statement(n, verb, kind, "noun", own, own, symmetric=True)
        elif _frames(n, verb) or n.dep_ == "dobj" and verb.lemma_.lower() in triggers.SEND_VERBS:
            # "said X to Y during talks", "sent a letter to Y"; not "briefed Y on the talks"
            own = [t for t in partners(verb, skip=n) if _person_like(t)]
            form = "borrowed"
    if n.lower_ in triggers.PARTNER_ONLY_NOUNS and form != "noun":
        return None
    if own and owner:
        return Statement(n, anchor, kind, form, owner, own)
    if len(owner) >= 2 and verb is not None and _frames(n, verb):
        return Statement(n, anchor, kind, "borrowed", owner, owner, symmetric=True)
    return None


def _frames(n: Token, verb: Token) -> bool:
    """The noun is the event its verb's subjects take part in: "X and Y held talks", "During the meeting X and Y …"."""
    if n.dep_ == "dobj" and n.head.i == verb.i:
        return verb.lemma_.lower() in triggers.LIGHT_VERBS
    return n.dep_ == "pobj" and n.head.lower_ in triggers.FRAME_PREPS and n.head.head.i == verb.i


def statement(tok: Token) -> Statement | None:
    """The interaction statement triggered by `tok`, if it is a trigger with participants."""
    kind = triggers.verb_kind(tok)
    if kind is not None:
        return verb_statement(tok, kind)
    kind = triggers.noun_kind(tok)
    if kind is not None:
        return noun_statement(tok, kind)
    return None


def _governor_status(v: Token) -> str | None:
    """Status implied by the verbs governing `v` ("refused to meet", "is expected to hold talks")."""
    g = v
    for _ in range(4):
        if g.dep_ not in ("xcomp", "ccomp", "dobj", "nsubjpass", "pobj") or g.head.i == g.i:
            return "held"
        head = g.head
        lemma = head.lemma_.lower()
        if any(c.dep_ == "neg" for c in head.children):
            return None
        particle = triggers.CANCEL_PARTICLES.get(lemma)
        if lemma in triggers.CANCEL_GOVERNORS and (particle is None or any(
                c.dep_ == "prt" and c.lower_ == particle for c in head.children)):
            return "cancelled"
        if lemma in triggers.HYPOTHETICAL_GOVERNORS or lemma == "deny":
            return None
        if lemma in triggers.PLAN_GOVERNORS and g.dep_ == "xcomp" or lemma == "be" and g.dep_ == "xcomp":
            return "planned"
        if g.dep_ == "pobj":
            return _prep_status(head)
        if g.dep_ == "nsubjpass":
            return "held"
        g = head  # "offered to host talks": the object's verb may itself be governed
    return "held"


def _prep_status(prep: Token) -> str | None:
    """"called for talks" (not a meeting), "ahead of talks" (planned), "during talks" (held)."""
    if prep.lower_ == "for" and prep.head.lemma_.lower() in triggers.REQUEST_VERBS:
        return None
    if prep.lower_ in ("of", "to") and prep.head.lower_ in ("ahead", "prior"):
        return "planned"
    return "held"


def status_of(st: Statement) -> str | None:
    """held, planned or cancelled; None for negated or hypothetical statements."""
    planned = False
    if st.form != "verb" and st.form != "weak":
        mods = {c.lower_ for c in st.trigger.children if c.dep_ in ("amod", "det", "compound", "nmod")}
        if "no" in mods or mods & triggers.HYPOTHETICAL_ADJ:
            return None
        if mods & triggers.CANCELLED_ADJ:
            return "cancelled"
        planned = bool(mods & triggers.PLANNED_ADJ)
    for v in {st.trigger, st.anchor}:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
        if any(c.dep_ == "neg" for c in v.children):
            return None
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in v.children):
            return None
        if "would" in aux or aux & triggers.FUTURE_AUX:
            planned = True
        elif aux & triggers.HYPOTHETICAL_MODALS:
            return None
        gov = _governor_status(v)
        if gov != "held":
            return gov
    if st.form not in ("verb", "weak"):
        gov = _governor_status(st.trigger)
        if gov != "held":
            return gov
    return "planned" if planned else "held"


def _evidence(sent: Span) -> tuple[str, int, int]:
    text = sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return body, sent.start_char + lead, sent.start_char + lead + len(body)


def _pairs(st: Statement, parts: Participants) -> list[tuple[int, int, float]]:
    side_a = [(i, p) for t in st.side_a for i, p in [parts.resolve(t)] if i is not None]
    if st.symmetric:
        uniq = sorted({i: p for i, p in side_a}.items())
        return [(a, b, max(pa, pb)) for (a, pa), (b, pb) in combinations(uniq, 2)]
    side_b = [(i, p) for t in st.side_b for i, p in [parts.resolve(t)] if i is not None]
    return [(a, b, max(pa, pb)) for a, pa in side_a for b, pb in side_b if a != b]


def extract(doc: Doc, mentions: list[dict], published: date | None) -> tuple[list[dict], list[dict]]:
    """(interactions between mention indices `a`, `b`; mentions added for names NER missed)."""
    parts = Participants(doc, mentions)
    dateline = places.dateline_city(doc)
    context: tuple[date | None, str] = (None, "none")
    context_sent = -99
    last_place: tuple[date | None, str | None] = (None, None)
    out = []
    for n, sent in enumerate(doc.sents):
        best: dict[frozenset, dict] = {}
        for tok in sent:
            st = statement(tok)
            if st is None:
                continue
            status = status_of(st)
            if status is None:
                continue
            for a, b, penalty in _pairs(st, parts):
                key = frozenset((a, b))
                prior = best.get(key)
                if prior is not None and prior["rank"] >= RANK[st.form]:
                    continue
                when, source = event_dates.event_date(st.trigger, st.anchor, status, published, context,
                                                      recent=n - context_sent <= event_dates.RECENT_SENTENCES)
                place = places.trigger_place(st.trigger, st.anchor, st.kind)
                if place is None and st.kind in IN_PERSON and status == "held":
                    # the dateline city, for the article's own news: undated, or dated the day it was filed
                    place = (last_place[1] if when is not None and last_place[0] == when
                             else dateline if when is None or when == published else None)
                evidence, start, end = _evidence(sent)
                best[key] = {
                    "a": a, "b": b, "kind": st.kind, "status": status,
                    "date": when.isoformat() if when else None, "date_source": source,
                    "place": place, "evidence": evidence, "start": start, "end": end,
                    "confidence": round(max(0.1, CONFIDENCE[st.form] - penalty), 2),
                    "trigger": st.trigger.text, "rank": RANK[st.form],
                }
        for row in sorted(best.values(), key=lambda r: (r["a"], r["b"])):
            row.pop("rank")
            out.append(row)
            if row["place"] and row["kind"] in IN_PERSON:
                last_place = (date.fromisoformat(row["date"]) if row["date"] else None, row["place"])
        found = event_dates.sentence_date(sent, published, context[0])
        if found[0] is not None:
            context, context_sent = found, n
    return out, parts.extra
