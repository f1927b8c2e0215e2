"""Who-met-whom statements read off the UD parse of a Russian Doc.

A statement needs a trigger (a meeting verb or noun, `triggers.py`) whose syntactic participants are
people: "X встретился с Y", "X принял Y", "Y был принят X", "X и Y провели переговоры", "переговоры X
с Y состоялись", "X направил послание Y", "встреча X и Y". Rows have the English path's shape, with
mention indices `a`, `b`; status, date and place as there.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from data_pipeline.nlp.ru import event_dates, triggers
from data_pipeline.nlp.ru.participants import Participants
from data_pipeline.nlp.ru.triggers import lemma

RANK = {"verb": 3, "noun": 3, "borrowed": 2, "weak": 1}
CONFIDENCE = {"verb": 0.9, "noun": 0.85, "borrowed": 0.7, "weak": 0.7}
IN_PERSON = {"meeting", "talks", "visit"}
SUBJECT_CLIMB = {"xcomp", "conj", "advcl", "acl", "ccomp"}
TERMINAL = (".", "!", "?", "…", "»", '"', "”", ")")


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
    group: bool = False  # a trilateral (or larger) meeting: side_b's members met each other too


def conj(tok: Token) -> list[Token]:
    """A token and the tokens coordinated with it."""
    return [tok, *tok.conjuncts]


def case_of(tok: Token) -> str | None:
    """The preposition of a noun phrase ("с" in "с министром"), lower case, or None."""
    return next((lemma(c) for c in tok.children if c.dep_ == "case"), None)


def _has_case(tok: Token, case: str) -> bool:
    return case in tok.morph.get("Case")


def with_phrases(head: Token) -> list[Token]:
    """Objects of "с" (with) under `head`: "встретился с X", "переговоры с X и Y"."""
    return [t for c in head.children if c.dep_ in ("obl", "nmod") and case_of(c) in ("с", "со")
            for t in conj(c)]


def subjects(verb: Token, depth: int = 3) -> list[Token]:
    """Doers of `verb`: its active subjects, else a governing clause's ("решил встретиться")."""
    # a nominative in apposition to the verb is a subject the parser misread (after a dateline "БАКУ -")
    subs = [t for c in verb.children if c.dep_ == "nsubj" or c.dep_ == "appos" and _has_case(c, "Nom")
            for t in conj(c)]
    if not subs and depth and verb.dep_ in SUBJECT_CLIMB and verb.head.i != verb.i:
        return subjects(verb.head, depth - 1)
    return subs


def is_passive(verb: Token) -> bool:
    """"был принят": a passive participle or an auxiliary of the passive."""
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ == "aux:pass" for c in verb.children)


def agents(verb: Token) -> list[Token]:
    """The doers of a passive verb: instrumental nouns without a preposition ("принят президентом")."""
    return [t for c in verb.children if c.dep_ in ("obl", "obl:agent", "nmod") and case_of(c) is None
            and _has_case(c, "Ins") for t in conj(c)]


def verb_statement(v: Token, kind: str) -> Statement | None:
    """"X встретился с Y", "X и Y обсудили", "X принял Y", "Y был принят X"."""
    low = lemma(v)
    if is_passive(v):
        subs = agents(v)
        objs = [t for c in v.children if c.dep_ == "nsubj:pass" for t in conj(c)]
    else:
        subs = subjects(v)
        objs = with_phrases(v)
        if low in triggers.OBJECT_VERBS or low in triggers.PHONE_ONLY_VERBS or kind == "visit":
            deps = ("iobj", "obl") if low == "позвонить" else ("obj",)
            objs = [t for c in v.children if c.dep_ in deps and case_of(c) is None for t in conj(c)] or objs
    if (low in triggers.OBJECT_VERBS or low in triggers.PHONE_ONLY_VERBS or kind == "visit") and not objs:
        return None
    form = "weak" if low in triggers.WEAK_VERBS else "verb"
    if objs and subs:
        return Statement(v, v, kind, form, subs, objs)
    if subs:  # "X и Y встретились", "министры … X и Y обсудили": pairs when they name two people or more
        return Statement(v, v, kind, form, subs, subs, symmetric=True)
    return None


def _base(n: Token) -> Token:
    """The phrase a trigger noun stands in: "раунд переговоров" → раунд, "в ходе встречи" → ход."""
    while n.dep_ == "nmod" and lemma(n.head) in triggers.TRANSPARENT and n.head.i != n.i:
        n = n.head
    return n


def governing_verb(n: Token) -> Token | None:
    """The verb (or participle) a noun phrase depends on."""
    t = n
    for _ in range(3):
        if t.head.i == t.i:
            return None
        if t.head.pos_ in ("VERB", "AUX"):
            return t.head
        if t.dep_ not in ("nmod", "obl", "obj", "nsubj", "nsubj:pass"):
            return None
        t = t.head
    return None


def owners(n: Token) -> list[Token]:
    """Genitive holders of an event noun: "встреча Путина и Пашиняна", "переговоры министра с …"."""
    return [t for c in n.children if c.dep_ in ("nmod", "appos") and c.i > n.i and case_of(c) is None
            and _has_case(c, "Gen") and c.pos_ in ("NOUN", "PROPN") for t in conj(c)]


def recipients(verb: Token, n: Token) -> list[Token]:
    """Datives a message is sent to: "направил послание президенту X"."""
    return [t for head in (verb, n) for c in head.children
            if c.dep_ in ("iobj", "obl", "nmod") and case_of(c) is None and _has_case(c, "Dat") for t in conj(c)]


def noun_statement(n: Token, kind: str) -> Statement | None:
    """"X провел переговоры с Y", "переговоры X с Y", "встреча X и Y состоялась", "X направил послание Y"."""
    base = _base(n)
    partners = with_phrases(n) + (with_phrases(base) if base is not n else [])
    between = [t for c in n.children if case_of(c) == "между" for t in conj(c)]
    if len(between) >= 2:
        return Statement(n, governing_verb(base) or n, kind, "noun", between, between, symmetric=True)
    own = owners(n) or [t for t in (owners(base) if base is not n else []) if t.i != n.i]
    verb = governing_verb(base)
    anchor = verb or n
    group = any(lemma(c).replace("ё", "е") in triggers.MULTILATERAL for c in n.children if c.dep_ == "amod")
    if own and partners:
        return Statement(n, anchor, kind, "noun", own, partners, group=group)
    if verb is not None:
        vl = lemma(verb)
        light = vl in triggers.LIGHT_VERBS and base.dep_ in ("obj", "obl") and base.head.i == verb.i
        if kind == "message" and vl in triggers.SEND_VERBS:
            to = recipients(verb, n)
            subs = subjects(verb)
            return Statement(n, verb, kind, "noun", subs, to) if to and subs else None
        if light and base.dep_ == "obj" or vl == "обменяться" or vl == "обмениваться":
            subs = subjects(verb)
            partners = partners or with_phrases(verb)
            if subs and partners:
                return Statement(n, verb, kind, "noun", subs, partners, group=group)
            if subs:
                return Statement(n, verb, kind, "noun", subs, subs, symmetric=True)
        if vl in triggers.EVENT_VERBS and base.dep_ in ("nsubj", "nsubj:pass") and own:
            return Statement(n, verb, kind, "noun", own, own, symmetric=True)
        if partners and not own and kind not in ("message",) and lemma(n) not in triggers.PARTNER_ONLY \
                and case_of(base) in triggers.FRAME_CASES and base.head.i == verb.i:
            subs = subjects(verb)  # "на переговорах с X министр заявил"
            if subs:
                return Statement(n, verb, kind, "borrowed", subs, partners)
    if verb is not None and not own and not partners and kind in IN_PERSON and _frames(base, verb):
        subs = subjects(verb)  # "по итогам переговоров X и Y подписали …": the clause's subjects took part
        if subs:
            return Statement(n, verb, kind, "borrowed", subs, subs, symmetric=True)
    if own and lemma(n) not in triggers.PARTNER_ONLY:  # "встреча X и Y", "встреча министров … X и Y"
        return Statement(n, anchor, kind, "noun", own, own, symmetric=True)
    return None


def _frames(base: Token, verb: Token) -> bool:
    """The event noun frames its verb's clause: "в ходе встречи", "по итогам переговоров", "на переговорах"."""
    if base.head.i != verb.i or base.dep_ not in ("obl", "nmod"):
        return False
    return case_of(base) in triggers.FRAME_CASES or lemma(base) in triggers.TRANSPARENT


def statement(tok: Token) -> Statement | None:
    """The statement a trigger token makes, if it is a trigger with participants."""
    kind = triggers.verb_kind(tok)
    if kind is not None:
        return verb_statement(tok, kind)
    kind = triggers.noun_kind(tok)
    return noun_statement(tok, kind) if kind is not None else None


def _negated(tok: Token) -> bool:
    return any(lemma(c) in triggers.NEGATIONS for c in tok.children if c.dep_ in ("advmod", "neg", "discourse"))


def _conditional(tok: Token) -> bool:
    return any(lemma(c) == "бы" for c in tok.children) or any(
        c.dep_ == "mark" and lemma(c) in ("если", "ли") for c in tok.children)


def _future(tok: Token) -> bool:
    return "Fut" in tok.morph.get("Tense") or any(lemma(c) == "быть" and "Fut" in c.morph.get("Tense")
                                                  for c in tok.children if c.dep_ in ("aux", "aux:pass", "cop"))


def governor_status(tok: Token) -> str | None:
    """Status the words governing `tok` give: "может встретиться", "ожидается встреча", "была отложена"."""
    g = tok
    for _ in range(4):
        for head in (g,) if g is tok else (g,):
            low = lemma(head)
            if head is not tok:
                if _negated(head) or _conditional(head):
                    return None
                if low in triggers.CANCEL_GOVERNORS:
                    return "cancelled"
                if low in triggers.HYPOTHETICAL_GOVERNORS:
                    return None
                if low in triggers.PLAN_GOVERNORS:
                    return "planned"
        if g.head.i == g.i or g.dep_ not in ("xcomp", "ccomp", "obj", "nsubj", "nsubj:pass", "csubj", "nmod",
                                             "obl", "acl", "advcl"):
            return "held"
        if g.dep_ in ("acl", "advcl") and g is not tok:
            return "held"
        g = g.head
    return "held"


def status_of(st: Statement) -> str | None:
    """held, planned or cancelled; None for negated, conditional or hypothetical statements."""
    planned = False
    if st.form != "verb" and st.form != "weak":
        mods = {lemma(c) for c in st.trigger.children if c.dep_ in ("amod", "acl", "det")}
        if mods & triggers.HYPOTHETICAL_MODS:
            return None
        if mods & triggers.CANCELLED_MODS:
            return "cancelled"
        planned = bool(mods & triggers.PLANNED_MODS)
    for v in dict.fromkeys((st.trigger, st.anchor)):
        if _negated(v) or _conditional(v):
            return None
        if v.pos_ in ("VERB", "AUX") and _future(v):
            planned = True
        if v is st.anchor and is_passive(v) and lemma(v) in triggers.CANCEL_GOVERNORS:
            return "cancelled"
        if v is st.anchor and lemma(v) in triggers.PLAN_GOVERNORS:
            planned = True
        gov = governor_status(v)
        if gov != "held":
            return gov
    return "planned" if planned else "held"


def _evidence(sent: Span) -> tuple[str, int, int]:
    text = sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return body, sent.start_char + lead, sent.start_char + lead + len(body)


def teaser(sent: Span, body_started: bool) -> bool:
    """A line of its own without closing punctuation, after the body began: a related headline, not the story."""
    doc, text = sent.doc, sent.text.strip()
    before = doc.text[:sent.start_char].rstrip(" \t")
    after = doc.text[sent.end_char:].lstrip(" \t")
    own_line = (not before or before.endswith("\n")) and ("\n" in sent.text.strip(" \t") or not after
                                                          or after.startswith("\n"))
    return body_started and own_line and not text.endswith(TERMINAL)


def _pairs(st: Statement, parts: Participants) -> list[tuple[int, int, float]]:
    def side(toks):
        out: dict[int, float] = {}
        for t in toks:
            for i, p in parts.resolve(t):
                out[i] = min(p, out.get(i, 1.0))
        return out

    a = side(st.side_a)
    if st.symmetric:
        return [(x, y, max(a[x], a[y])) for x, y in combinations(sorted(a), 2)]
    b = side(st.side_b)
    pairs = [(x, y, max(a[x], b[y])) for x in a for y in b if x != y]
    if st.group and len(b) >= 2:  # "трехсторонняя встреча с X и Y": all three met
        pairs += [(x, y, max(b[x], b[y]) + 0.1) for x, y in combinations(sorted(b), 2) if x not in a and y not in a]
    return pairs


def place_of(st: Statement, mentions: list[dict], parts: Participants) -> str | None:
    """"в Москве" on the trigger or its verb: the English name of the place mention there."""
    for head in dict.fromkeys((st.trigger, st.anchor)):
        for c in head.children:
            if c.dep_ in ("obl", "nmod") and case_of(c) in ("в", "во") and _has_case(c, "Loc"):
                k = parts.by_token.get(c.i)
                if k is not None and mentions[k]["label"] in ("GPE", "LOC"):
                    return mentions[k]["latin"]
    return None


def dateline_place(doc: Doc, mentions: list[dict]) -> str | None:
    """The city of an agency dateline ("МОСКВА, 16 августа. /ТАСС/."): a place in capitals, or a place opening
    a line and followed by a comma, a dot or a slash, in the first lines of the text."""
    head = doc.text[:400]
    for m in mentions:
        if m["start"] >= len(head) or m["label"] not in ("GPE", "LOC"):
            continue
        line_start = m["start"] == 0 or head[m["start"] - 1] == "\n"
        if line_start and (m["text"].isupper() and len(m["text"]) > 3
                           or head[m["end"]:m["end"] + 2].strip()[:1] in (",", ".", "/")):
            return m["latin"]
    return None


def extract(doc: Doc, mentions: list[dict], published: date | None) -> list[dict]:
    """Interactions between mention indices `a`, `b`, in the English path's row shape."""
    parts = Participants(doc, mentions)
    dateline = dateline_place(doc, mentions)
    context: tuple[date | None, str] = (None, "none")
    last_place: tuple[date | None, str | None] = (None, None)
    out, body_started = [], False
    for n, sent in enumerate(doc.sents):
        skip = teaser(sent, body_started)
        body_started = body_started or sent.text.strip().endswith(TERMINAL)
        best: dict[frozenset, dict] = {}
        for tok in ([] if skip else sent):
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
                when, source = event_dates.event_date(st.trigger, st.anchor, status, published, context)
                place = place_of(st, mentions, parts)
                if place is None and st.kind in IN_PERSON and status == "held":
                    # the place of the last meeting that day, else the dateline city for the article's own news
                    place = (last_place[1] if when is not None and last_place[0] == when
                             else dateline if when is None or when == published else None)
                evidence, start, end = _evidence(sent)
                best[key] = {
                    "a": min(a, b), "b": max(a, b), "kind": st.kind, "status": status,
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
            context = found
    return out
