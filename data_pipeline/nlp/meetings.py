"""Who-met-whom statements read off the dependency parse of one Doc, each pair with its reason.

Recall first: every trigger (a meeting verb or noun, `triggers.py`) links the people of its phrases
(`arguments.py`: doers, partners, coordinated and apposed names, owners of an event noun, the
people a plural reference stands for, `anaphora.py`). Then precision: the status filter
(`status.py`: tense, modality, negation, cancellation, requests) and the clause cuts that leave out
delegation members, people in relative clauses and relayed greetings. Mere co-occurrence in a
sentence is not enough. Participants are any mention candidates (the small model mislabels
surnames); build keeps PERSON pairs only.

Each pair carries a `reason` code (REASONS) saying which link made it; confidence follows from it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from data_pipeline.nlp import anaphora, arguments, docview, event_dates, places, restated, took_part, triggers
from data_pipeline.nlp.arguments import members, partners, subjects
from data_pipeline.lexicon.gazetteer import country_of, place_type
from data_pipeline.lexicon.titles import is_title_noun, never_in_name
from data_pipeline.nlp.screen import text as screen_text, where
from data_pipeline.nlp.participants import MONTHS_DAYS, NON_PERSON_LABELS, Participants, is_title_word
from data_pipeline.nlp.status import lemma, status_of
from data_pipeline.nlp.triggers import PARTNER_PREPS

CLIMB_DEPS = {"pobj", "prep", "advmod", "dobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod", "oprd",
              "pcomp", "dative", "agent"}
IN_PERSON = {"meeting", "talks", "visit"}
RANK = {"verb": 3, "noun": 3, "borrowed": 2, "weak": 1}
CONFIDENCE = {"verb": 0.9, "noun": 0.85, "borrowed": 0.7, "weak": 0.7}
# reason codes, most specific first: a pair takes the first that applies
REASONS = ("also-took-part", "plural-anaphora", "counterpart", "passive", "possessive", "message", "call",
           "nominal", "coordination", "subject-object")
# what a reason costs in confidence (the link is less direct than a subject and an object)
REASON_PENALTY = {"also-took-part": 0.15, "plural-anaphora": 0.1}


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
    reason: str = "subject-object"


def _person_like(tok: Token) -> bool:
    """Could head a participant phrase: a name, a pronoun, a title ("his counterpart") or a plural reference."""
    return (tok.pos_ == "PROPN" or tok.lower_ in ("him", "her") or is_title_word(tok)
            or anaphora.plural_size(tok) is not None)


def _call_on(v: Token) -> list[Token]:
    """"called on X" (a courtesy visit): the people after "on"."""
    return [t for c in v.children if c.dep_ in ("prep", "prt") and c.lower_ == "on" and c.i == v.i + 1
            for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME") for t in members(p)]


def verb_statement(v: Token, kind: str) -> Statement | None:
    """"X met (with) Y", "Y was received by X", "X and Y discussed …", "X discussed … with Y"."""
    subs = subjects(v)
    weak = triggers.is_weak(v)
    word = lemma(v)
    objs = _call_on(v) if word == "call" else []
    if objs:
        kind = "meeting"
    else:
        objs = partners(v, objects=not weak)
    if weak and not objs:
        for c in v.children:
            if c.dep_ == "dobj":
                objs += arguments.inner_with(c)
    if word in triggers.OBJECT_VERBS:
        objs = [o for o in objs if o.pos_ in ("PROPN", "NOUN", "PRON", "NUM")]
        if not objs and subs and word in ("receive", "host", "welcome", "greet", "brief") and not any(c.dep_ in ("dobj", "dative", "prep", "agent") and c.i > v.i and c.lower_ not in
                                         arguments.SCENE_PREPS for c in v.children):
            objs = arguments.stranded_object(v)  # the object the model lost in a long title
        deps = {c.dep_ for c in v.children}
        if word == "call" and (deps & {"ccomp", "xcomp"} or "oprd" in deps and deps & {"dobj", "nsubjpass"}):
            return None  # "called it a success", "was called a traitor"; not "called [Name]" read as a predicate
        if not objs:
            return None
    form = "weak" if weak else "verb"
    if objs and subs:
        return Statement(v, v, kind, form, subs, objs, reason="passive" if arguments.is_passive(v) else "subject-object")
    if not objs and (len(subs) >= 2 or any(anaphora.plural_size(s) is not None for s in subs)):
        return Statement(v, v, kind, form, subs, subs, symmetric=True, reason="coordination")
    return None


def governing_verb(n: Token) -> tuple[Token | None, str]:
    """The verb a noun trigger hangs from, and the dependency by which it is reached.

    "following their talks" (a participle the small model often makes of the preposition) is
    passed over to the verb it frames, and the noun is then reached as a `pobj`.
    """
    light = [c for c in n.children if c.dep_ == "amod" and c.tag_ == "VBD" and c.i < n.i and lemma(c) in triggers.LIGHT_VERBS]
    if light and n.dep_ == "ROOT":
        return light[0], "frame"  # "X held talks with Y" parsed as a noun phrase: "held" an adjective of "talks"
    t = n
    for _ in range(5):
        if t.dep_ not in CLIMB_DEPS or t.head.i == t.i:
            return None, ""
        head = t.head
        if head.lower_ in triggers.FRAME_PREPS and head.pos_ == "VERB" and t.dep_ in ("dobj", "pobj"):
            verb, _ = governing_verb(head) if head.dep_ in CLIMB_DEPS else (head.head, "")
            if verb is None and head.head.pos_ in ("VERB", "AUX"):
                verb = head.head
            return (verb, "frame") if verb is not None else (None, "")
        if head.pos_ in ("VERB", "AUX"):
            return head, t.dep_
        t = head
    return None, ""


def _frames(n: Token, verb: Token, dep: str) -> bool:
    """The noun is the event its verb's subjects take part in: "X and Y held talks", "During the meeting X and Y …"."""
    if dep == "frame":
        return True
    if n.dep_ == "dobj" and n.head.i == verb.i:
        return lemma(verb) in triggers.LIGHT_VERBS
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ == "dobj" and n.head.head.head.i == verb.i:
        return lemma(verb) in triggers.LIGHT_VERBS  # "held the first round of talks", "a series of meetings"
    return n.dep_ == "pobj" and n.head.lower_ in triggers.FRAME_PREPS and n.head.head.i == verb.i


def _noun_preps(n: Token) -> list[Token]:
    """Prepositions on an event noun, and on a participle after it ("talks held between", "a message addressed to")."""
    return [c for c in n.children if c.dep_ == "prep"] + [
        p for c in n.children if c.dep_ == "acl" and c.tag_ == "VBN" for p in c.children if p.dep_ in ("prep", "dative")]


def noun_statement(n: Token, kind: str) -> Statement | None:
    """"a meeting between X and Y", "X held talks with Y", "his talks with Y", "in a message to Y, X …"."""
    withs, between, senders, group = [], [], [], []
    for c in _noun_preps(n):
        low = c.lower_
        objs = [t for p in c.children if p.dep_ == "pobj" for t in members(p)]
        if low == "between":
            between += objs
        elif low in ("with", "to"):
            withs += objs
        elif low == "from" and kind in ("message", "phone_call"):
            senders += objs  # "a call from X", "a message from X"
        elif low == "of" and kind in ("meeting", "talks"):
            group += [t for t in objs if t.pos_ == "PROPN" and not is_title_word(t) or is_title_noun(t.lemma_)
                      or anaphora.plural_size(t) is not None]  # "the summit of A, B and C", not "of the group"
    verb, dep = governing_verb(n)
    if verb is not None and took_part.event_noun(verb) is n:
        return None  # "C also took part in the talks": a join, read by took_part
    anchor = verb or n
    if len(between) >= 2:
        return Statement(n, anchor, kind, "noun", between, between, symmetric=True, reason="nominal")
    is_subject = dep in ("nsubj", "nsubjpass")
    poss = [c for c in n.children if c.dep_ == "poss"]
    owner: list[Token] = []
    reason = "nominal"
    framed = verb is not None and _frames(n, verb, dep)
    if poss and poss[0].lower_ not in anaphora.POSSESSIVES:
        owner, reason = members(poss[0]), "possessive"  # "Tavares's meeting with X"
    elif poss and (withs or not framed):
        # "Ahead of his meeting with X, Y said": the clause's one subject; else the last person named
        subj = subjects(verb) if verb is not None and not is_subject and poss[0].lower_ != "their" else []
        single = len(subj) == 1 and anaphora.plural_size(subj[0]) is None
        owner, reason = (subj if single else [poss[0]]), "possessive"
    owner = owner or senders or group
    if not owner and verb is not None and not is_subject:
        owner = subjects(verb)  # "X held talks with Y", "During the meeting, X and Y …", "After their talks, X and Y"
    form = "noun"
    if is_subject and verb is not None and not withs:
        # "talks were held … between X and Y", also when the model hangs "between" on a date ("on 19 May between")
        heads = [verb] + [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        between += [t for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ == "between"
                    for p in c.children if p.dep_ == "pobj" for t in members(p)]
        if len(between) >= 2:
            return Statement(n, verb, kind, "noun", between, between, symmetric=True, reason="nominal")
    if is_subject and verb is not None and arguments.is_passive(verb):
        owner = owner or subjects(verb)  # "a letter was sent by X to Y"
        withs += partners(verb, skip=n, objects=False)
    elif is_subject and verb is not None and not withs:
        for c in verb.children:  # "talks were held between X and Y"
            if c.dep_ == "prep" and c.lower_ in ("between", "with"):
                got = [t for p in c.children if p.dep_ == "pobj" for t in members(p)]
                (between if c.lower_ == "between" else withs).extend(got)
        if len(between) >= 2:
            return Statement(n, verb, kind, "noun", between, between, symmetric=True, reason="nominal")
    if verb is not None and lemma(verb) in triggers.COMPANY_VERBS:
        return None  # "X accompanied Y during the visit", "attended the talks": company, not a contact
    if not withs and verb is not None and not is_subject and (
            framed or n.dep_ == "dobj" and lemma(verb) in triggers.SEND_VERBS):
        # "said X to Y during talks", "sent a letter to Y", "received a call from Y"; not "briefed Y on the talks"
        preps = PARTNER_PREPS if lemma(verb) in triggers.RECEIVE_VERBS else None
        withs = [t for t in partners(verb, skip=n, preps=preps) if _person_like(t)]
        if lemma(verb) in triggers.RECEIVE_VERBS and withs and not senders:
            senders = withs  # "X received a call from Y": Y called X
        form = "borrowed" if not senders else "noun"
    if senders and owner == senders and not [w for w in withs if w not in senders] and verb is not None \
            and lemma(verb) in triggers.RECEIVE_VERBS:
        withs = subjects(verb)  # "X received a call from Y": the receiver is the other side
    if n.lower_ in triggers.PARTNER_ONLY_NOUNS and form != "noun" and not group:
        return None
    withs = [w for w in withs if w not in owner]
    if kind == "message":
        reason = "message" if reason == "nominal" else reason
    elif kind == "phone_call":
        reason = "call" if reason == "nominal" else reason
    if withs and owner:
        return Statement(n, anchor, kind, form, owner, withs, reason=reason)
    plural = len(owner) >= 2 or any(anaphora.plural_size(o) is not None for o in owner)
    if plural and (group or framed):
        return Statement(n, anchor, kind, "borrowed" if framed and not group else "noun", owner, owner,
                         symmetric=True, reason=reason)
    return None


def statement(tok: Token, phone_context: bool = False) -> Statement | None:
    """The interaction statement triggered by `tok`, if it is a trigger with participants.

    `phone_context`: a call was mentioned just before with no meeting since (a call readout), so
    "X spoke to Y" reports that call.
    """
    kind = triggers.verb_kind(tok)
    if kind is not None:
        st = verb_statement(tok, kind)
        if st is not None and st.kind == "talks" and phone_context and lemma(tok) in triggers.SPEAK_VERBS:
            st.kind = "phone_call"
        if st is not None and st.kind == "phone_call" and st.reason in ("subject-object", "coordination"):
            st.reason = "call"
        return st
    kind = triggers.noun_kind(tok)
    if kind is not None:
        return noun_statement(tok, kind)
    return None


def _evidence(sent: Span) -> tuple[str, int, int]:
    text = screen_text(sent.doc)[sent.start_char:sent.end_char]  # `sent.text`, without a Token per word
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return body, sent.start_char + lead, sent.start_char + lead + len(body)


_COUNTERPART = "meetings.counterpart"  # docview memo key


def _via_counterpart(tok: Token) -> bool:
    """The participant is written as someone's counterpart ("his Georgian counterpart X", "X, his counterpart"):
    the token, its head, a child or one of the three words before it (in its sentence) has that lemma. The
    tokens with it are found once per Doc (most Docs have none: no Token is looked at)."""
    view = docview.of(tok.doc)
    marks = view.memo.get(_COUNTERPART)
    if marks is None:
        marks = view.memo[_COUNTERPART] = set(where(tok.doc, LEMMA, _counterpart))
    if not marks:
        return False
    i = tok.i
    return (i in marks or tok.head.i in marks or any(c.i in marks for c in tok.children)
            or any(j in marks for j in range(max(view.sent_start(i), i - 3), i)))


def _counterpart(word: str) -> bool:
    """A lemma `_via_counterpart` looks for (any case)."""
    return word.lower() == "counterpart"


class _Sides:
    """Token → participant mentions for one Doc, plural references included."""

    def __init__(self, doc: Doc, parts: Participants):
        self.doc = doc
        self.parts = parts
        self.named: list[list[int]] = [[] for _ in range(len(docview.of(doc).sents))]
        # people named in full somewhere in the article: their short forms count as people whatever their label
        self.full_names = {self.key_of(m) for m in parts.mentions
                           if m["label"] == "PERSON" and len(m["text"].split()) > 1}
        for idx, m in enumerate(parts.mentions):
            if m.get("kind", "name") == "name" and self.personish(m):
                self.named[m["sentence"]].append(idx)
        self.stated: dict[int, list[tuple[int, int]]] = {}

    def key(self, idx: int) -> str:
        """One person's mentions share a key: the last word of the name ("Sadyr Japarov", "Japarov")."""
        words = self.parts.mention(idx)["text"].split()
        return words[-1].lower() if words else str(idx)

    def person(self, tok: Token) -> int | None:
        """The person mention a token names, if it names one (for plural references)."""
        idx, _ = self.parts.resolve(tok)
        return idx if idx is not None and self.personish(self.parts.mention(idx)) else None

    def personish(self, m: dict) -> bool:
        """A mention that counts as a person for plural references ("Raisi" as GPE after "Ebrahim Raisi")."""
        return _personish(m, self.doc) or self.key_of(m) in self.full_names and _personish(m, self.doc, strict=False)

    def resolve(self, tok: Token, sent: int) -> list[tuple[int, float, str | None]]:
        """(mention index, confidence penalty, reason) for every person a side token stands for."""
        if tok.dep_ == "appos" and tok.head.pos_ == "PROPN" and tok.pos_ != "PROPN":
            return []  # "X, the Indian ambassador": the description of a name already taken
        n = anaphora.plural_size(tok)
        if n is not None:
            got = anaphora.antecedents(tok, n, self.person, self.named, self.stated, sent, self.key,
                                       lambda i: self.personish(self.parts.mention(i)))
            return [(i, REASON_PENALTY["plural-anaphora"], "plural-anaphora") for i in got]
        idx, pen = self.parts.resolve(tok)
        if idx is None or not _personish(self.parts.mention(idx), self.doc, strict=False):
            return []
        return [(idx, pen, "counterpart" if _via_counterpart(tok) else None)]

    def country(self, idx: int) -> str | None:
        """The country the title phrases around a person's mentions in this article give (see took_part)."""
        m = self.parts.mention(idx)
        same = [m] + [o for o in self.parts.mentions if o is not m and self.key_of(o) == self.key(idx)]
        for o in same:
            found = took_part.phrase_country(self.doc, *o["tokens"])
            if found:
                return found
        return None

    @staticmethod
    def key_of(m: dict) -> str:
        """The person key of a mention dict (see `key`)."""
        words = m["text"].split()
        return words[-1].lower() if words else ""


def _personish(m: dict, doc: Doc, strict: bool = True) -> bool:
    """A mention that may name a person; never a date, a number or a known place.

    `strict` (for plural references, which count people): labelled PERSON, or a name-like ORG or
    untagged mention ("Mustafayev" as ORG; not "Cooperation Council", "Turkish"). Not strict, a
    surname the model took for a place ("Scholz" as GPE) passes too: resolution decides its type,
    and build keeps PERSON pairs only.
    """
    if m["label"] in _NUMBERS or m["text"].lower() in MONTHS_DAYS:
        return False
    last = doc[m["tokens"][-1] - 1]
    if last.ent_type_ in _NUMBERS:
        return False
    if m["label"] != "PERSON" and place_type(m["text"]):
        return False  # a known place, whatever the model called it ("Lusaka" as ORG)
    if not strict or m["label"] == "PERSON":
        return True
    words = m["text"].split()
    if last.tag_ not in ("NNP", "NNPS") or m["label"] in NON_PERSON_LABELS and (
            m["label"] not in ("GPE", "LOC", "FAC") or len(words) < 2):  # "Marina Zhuravleva" as LOC passes
        return False
    return all(w[:1].isupper() and not never_in_name(w.lower()) and not country_of(w) for w in words)


_NUMBERS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _pairs(st: Statement, sides: _Sides, sent: int) -> list[tuple[int, int, float, str]]:
    """(a, b, confidence penalty, reason) for every pair the statement links."""
    side_a = [r for t in st.side_a for r in sides.resolve(t, sent)]
    if st.symmetric:
        uniq: dict[int, tuple[float, str | None]] = {}
        for i, p, why in side_a:
            uniq.setdefault(i, (p, why))
        return [(a, b, max(pa, pb), _reason(st.reason, wa, wb))
                for (a, (pa, wa)), (b, (pb, wb)) in combinations(sorted(uniq.items()), 2)]
    side_b = [r for t in st.side_b for r in sides.resolve(t, sent)]
    own = {i for i, _, _ in side_a}
    return [(a, b, max(pa, pb), _reason(st.reason, wa, wb)) for a, pa, wa in side_a for b, pb, wb in side_b
            if a != b and b not in own]


def _reason(base: str, *extra: str | None) -> str:
    found = [base, *(e for e in extra if e)]
    return min(found, key=REASONS.index)


def _joined(v: Token, sides: _Sides, sent: int, recent: list[tuple[int, Statement, list, list]]) -> list[tuple]:
    """(joiner, partner, kind) pairs of "C also took part in the meeting" (see took_part.py)."""
    noun = took_part.event_noun(v)
    if noun is None:
        return []
    who = [i for t in took_part.joiners(v) for i, _, _ in sides.resolve(t, sent)]
    named = [i for t in took_part.named_partners(noun) for i, _, _ in sides.resolve(t, sent)]
    kind = triggers.noun_kind(noun) or "meeting"
    if named:
        return [(c, p, kind) for c in who for p in named if c != p]
    ref = next((r for r in reversed(recent) if sent - r[0] <= took_part.LOOKBACK), None)
    if ref is None:
        return []
    _, st, side_a, side_b = ref
    kind = st.kind  # one meeting: the kind it was stated with ("met", then "took part in the talks")
    host_a = not st.symmetric and took_part.host_is_doer(st.trigger)
    host_b = not st.symmetric and not host_a
    people = [(i, sides.country(i), host_a) for i in side_a] + [(i, sides.country(i), host_b) for i in side_b]
    people = [p for p in people if p[0] not in who]
    out = []
    for c in who:
        met = took_part.choose(sides.country(c), people)
        if not met and st.symmetric:
            met = took_part.by_likeness(sides.parts.mention(c)["text"],
                                        [(i, sides.parts.mention(i)["text"]) for i, _, _ in people])
        out += [(c, p, kind) for p in met]
    return out


def _reference_pairs(recent: list[tuple[int, Statement, list, list]], sent: int) -> list[tuple[int, int]]:
    """The pairs of the meeting a joiner joined (the last one stated, see _joined)."""
    ref = next((r for r in reversed(recent) if sent - r[0] <= took_part.LOOKBACK), None)
    if ref is None:
        return []
    _, st, side_a, side_b = ref
    return list(combinations(side_a, 2)) if st.symmetric else [(a, b) for a in side_a for b in side_b if a != b]


# every word a trigger or a joining verb is read off (lower-case lemma or form): a token with neither
# cannot start a statement, so the per-token rules never see it
SCREEN_WORDS = frozenset(triggers.VERB_KIND) | frozenset(triggers.NOUN_KIND) | frozenset(took_part.JOIN_VERBS)


def trigger_candidates(doc: Doc) -> list[int]:
    """Indices of the tokens whose lower-case lemma or form is a SCREEN_WORDS word, read off the Doc's
    arrays in one pass (no Token objects): `statement` and `_joined` are None/empty for every other token."""
    return where(doc, [LEMMA, LOWER], _screen_word)


def _screen_word(word: str) -> bool:
    """A lemma or form `trigger_candidates` keeps."""
    return word.lower() in SCREEN_WORDS


_PHONE = re.compile(r"\b(?:call|calls|phone|telephone)\b", re.IGNORECASE)  # a text search: no second token loop


def extract(doc: Doc, mentions: list[dict], published: date | None) -> tuple[list[dict], list[dict]]:
    """(interactions between mention indices `a`, `b`; mentions added for names NER missed).

    Every mention that is a party to an interaction gets `"participant": True`: being met is evidence,
    for resolution, that a name the model labelled otherwise ("Laurent Dufresne" as ORG) is a person's.
    """
    parts = Participants(doc, mentions)
    sides = _Sides(doc, parts)
    dateline = places.dateline_city(doc)
    context: tuple[date | None, str] = (None, "none")
    context_sent = -99
    last_place: tuple[date | None, str | None] = (None, None)
    phone_sent = -99  # the last sentence that mentions a call, with no in-person meeting after it
    recent: list[tuple[int, Statement, list, list]] = []  # held in-person statements, for "also took part"
    dated: dict[int, tuple[date | None, str]] = {}  # their dates, by trigger token
    out = []
    candidates, text = trigger_candidates(doc), screen_text(doc)
    for n, sent in enumerate(docview.of(doc).sents):
        best: dict[tuple, dict] = {}
        stated: list[tuple[int, int]] = []
        sides.stated[n] = stated  # filled as the sentence is read: a plural reference later in it may mean them
        phone_here = _PHONE.search(text[sent.start_char:sent.end_char]) is not None  # `sent.text`, without Tokens
        for i in candidates[bisect_left(candidates, sent.start):bisect_left(candidates, sent.end)]:
            tok = doc[i]
            joined = _joined(tok, sides, n, recent) if tok.pos_ == "VERB" else []
            if joined:
                st = Statement(tok, tok, joined[0][2], "verb", [], [], reason="also-took-part")
                pairs = [(c, p, 0.0, "also-took-part") for c, p, _ in joined]
            else:
                st = statement(tok, phone_context=phone_here or n - phone_sent <= 5)
                if st is None:
                    continue
                pairs = _pairs(st, sides, n)
            if not joined:
                stated += [(a, b) for a, b, _, _ in pairs if (a, b) not in stated]
            else:  # "the sides" after "C also took part" are the meeting's, not C's
                stated += [p for p in _reference_pairs(recent, n) if p not in stated]
            status = status_of(st.trigger, st.anchor, st.form in ("verb", "weak"))
            if status is None:
                continue
            when, source = event_dates.event_date(st.trigger, st.anchor, status, published, context,
                                                  recent=n - context_sent <= event_dates.RECENT_SENTENCES)
            vague = when is None and event_dates.vague_time(st.trigger, st.anchor, published, status)
            if joined and when is None and not vague:
                ref = next((r for r in reversed(recent) if n - r[0] <= took_part.LOOKBACK), None)
                when, source = dated.get(ref[1].trigger.i, (None, "none")) if ref else (None, "none")  # the joined meeting's
            if status == "held" and st.kind in IN_PERSON and not joined and pairs and not all(
                    anaphora.plural_size(t) is not None for t in st.side_a + st.side_b):  # not a restatement
                side_a = [i for t in st.side_a for i, _, _ in sides.resolve(t, n)]
                side_b = [] if st.symmetric else [i for t in st.side_b for i, _, _ in sides.resolve(t, n)]
                recent.append((n, st, list(dict.fromkeys(side_a)), list(dict.fromkeys(side_b))))
                dated[st.trigger.i] = (when, source)
            for a, b, penalty, reason in pairs:
                key = (frozenset((a, b)), status)
                prior = best.get(key)
                if prior is not None and prior["rank"] >= RANK[st.form]:
                    continue
                place = places.trigger_place(st.trigger, st.anchor, st.kind)
                if place is None and st.kind in IN_PERSON and status == "held":
                    # the dateline city, for the article's own news: undated, or dated the day it was filed
                    place = (last_place[1] if when is not None and last_place[0] == when
                             else dateline if when is None or when == published else None)
                evidence, start, end = _evidence(sent)
                confidence = CONFIDENCE[st.form] - penalty - REASON_PENALTY.get(reason, 0.0)
                best[key] = {
                    "a": a, "b": b, "kind": st.kind, "status": status,
                    "date": when.isoformat() if when else None, "date_source": source,
                    "place": place, "evidence": evidence, "start": start, "end": end,
                    "confidence": round(max(0.1, confidence), 2), "reason": reason,
                    "trigger": st.trigger.text, "rank": RANK[st.form],
                    "_vague": vague, "_headline": st.form == "noun" and st.anchor.i == st.trigger.i,
                }
        for idx in dict.fromkeys(i for pair in stated for i in pair):
            if idx >= len(mentions) and idx not in sides.named[n]:
                sides.named[n].append(idx)  # a name NER missed, found as a participant
        if phone_here:
            phone_sent = n
        elif any(r["kind"] in IN_PERSON for r in best.values()):
            phone_sent = -99
        for row in sorted(best.values(), key=lambda r: (r["a"], r["b"], r["status"])):
            row.pop("rank")
            out.append(row)
            if row["place"] and row["kind"] in IN_PERSON:
                last_place = (date.fromisoformat(row["date"]) if row["date"] else None, row["place"])
        found = event_dates.sentence_date(sent, published, context[0])
        if found[0] is not None:
            context, context_sent = found, n
    restated.inherit_dates(out, sides.key)
    for row in out:
        for idx in (row["a"], row["b"]):
            parts.mention(idx)["participant"] = True
    return out, parts.extra
