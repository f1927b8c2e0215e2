""""C also took part in the meeting": C joins a meeting the text has just stated, on one side of it.

C is paired with the people of the other side, never with their own: with the person the sentence
names (*took part in the meeting with L*); else with the participants whose country differs from
C's (read off the title phrases around the names: *the Indian ambassador to Georgia* is India's,
the country after *to* is where the post is); else with the host (who received, hosted or
welcomed, or whom the visitor met). In a meeting of two whose sides no country or host tells apart, C
sides with the one whose name is written most like C's (*Chinese minister Deng X* beside *Shen Y* and
*Zsófia Z*), when the likeness is clear; else C gets no pair: attending is not meeting everyone.
"""
from __future__ import annotations

import math
from collections import Counter

from spacy.tokens import Doc, Token

from data_pipeline.lexicon.gazetteer import country_of
from data_pipeline.nlp import docview, roles, triggers
from data_pipeline.nlp.arguments import members, subjects
from data_pipeline.nlp.status import lemma

# verb → the object word it needs ("took part in", "participated in", "joined the talks")
JOIN_VERBS = {"take": "part", "participate": None, "join": None}
# how many sentences back the meeting joined may have been stated
LOOKBACK = 6
# verbs whose doer is the host of the meeting (the visitor is the object)
HOST_VERBS = {"receive", "host", "welcome", "greet"}


def event_noun(v: Token) -> Token | None:
    """The meeting noun a joining verb is about ("took part in the talks"), or None when `v` joins nothing."""
    word = lemma(v)
    if word not in JOIN_VERBS:
        return None
    need = JOIN_VERBS[word]
    objs = [c for c in v.children if c.dep_ == "dobj"]
    if need is not None and not any(c.lower_ == need for c in objs):
        return None
    cands = [p for c in v.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children if p.dep_ == "pobj"]
    if word == "join":
        cands += objs
    for n in cands:
        if triggers.noun_kind(n) in ("meeting", "talks"):
            return n
    return None


def joiners(v: Token) -> list[Token]:
    """The people who took part (the verb's subjects)."""
    return subjects(v)


def named_partners(n: Token) -> list[Token]:
    """"took part in the meeting with L": the people the meeting noun names."""
    return [t for c in n.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
            for p in c.children if p.dep_ == "pobj" for t in members(p)]


def host_is_doer(trigger: Token) -> bool:
    """Whether the doer of a stated meeting is its host ("K received L"), else its object is ("K met L")."""
    return lemma(trigger) in HOST_VERBS


def phrase_country(doc: Doc, start: int, end: int) -> str | None:
    """The country of the title phrase around a name (before it, or in apposition), not of its post."""
    before = roles.role_phrase_before(doc, start)
    first = before[0].i if before else start
    sent_start = docview.of(doc).sent_start(start)
    if first > sent_start and doc[first - 1].lower_ == "to":  # "Ambassador to Georgia X"
        before = roles.role_phrase_before(doc, first - 1) + [doc[first - 1]] + before
    elif first > sent_start and doc[first - 1].lower_ in ("in", "for", "on"):
        before = []  # "Representative for the crisis in Georgia X": where the post is, not whose
    phrase = before + roles.role_from_appos(doc[start:end].root, start)
    words: list[str] = []
    for t in phrase:
        if t.lower_ == "to":  # "ambassador to Georgia": the post, not the side
            break
        words.append(t.text)
    return next((c for w in words if (c := country_of(w))), None)


def choose(joiner: str | None, sides: list[tuple[int, str | None, bool]]) -> list[int]:
    """Which participants a joiner meets: (mention index, country, host) of each side's people.

    Those whose country differs from the joiner's; when no country decides, the host side.
    """
    if joiner is not None and any(c is not None for _, c, _ in sides):
        same = [i for i, c, _ in sides if c == joiner]
        other = [i for i, c, _ in sides if c is not None and c != joiner]
        unknown = [i for i, c, _ in sides if c is None]
        if same:
            return other + unknown
        if other:
            return other
    return [i for i, _, host in sides if host]


# a name resembles the joiner's clearly: this much alike, and this many times more than the other's
MIN_LIKENESS = 0.08
LIKENESS_MARGIN = 1.5


def _grams(name: str) -> Counter:
    text = " " + name.lower().replace("-", " ") + " "
    return Counter(text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1))


def likeness(a: str, b: str) -> float:
    """How alike two names are written: cosine of their letter pairs and triples, plus 0.1 for each letter
    outside ASCII they share ("ə", "ð", "ő": the spelling of one language)."""
    ga, gb = _grams(a), _grams(b)
    dot = sum(v * gb[k] for k, v in ga.items())
    norm = math.sqrt(sum(v * v for v in ga.values()) * sum(v * v for v in gb.values()))
    rare = {c for c in a.lower() if ord(c) > 127} & {c for c in b.lower() if ord(c) > 127}
    return (dot / norm if norm else 0.0) + 0.1 * len(rare)


def by_likeness(joiner: str, people: list[tuple[int, str]]) -> list[int]:
    """Of two participants (mention index, name), the one a joiner meets: the other of the one whose name
    is clearly most like the joiner's; none when the names do not tell."""
    if len(people) != 2:
        return []
    (i, a), (j, b) = people
    la, lb = likeness(joiner, a), likeness(joiner, b)
    if la >= MIN_LIKENESS and la >= LIKENESS_MARGIN * lb:
        return [j]
    if lb >= MIN_LIKENESS and lb >= LIKENESS_MARGIN * la:
        return [i]
    return []
