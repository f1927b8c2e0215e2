"""Trigger lexicons for who-met-whom statements: which verbs and nouns report an interaction.

Every lexicon here is generic English; none names a person, a place or a seed sentence.
"""
from __future__ import annotations

from spacy.tokens import Token

# verb lemma → kind; "weak" verbs report the content of an exchange rather than the event
VERB_KIND = {
    "meet": "meeting", "receive": "meeting", "brief": "meeting", "host": "meeting", "welcome": "meeting", "greet": "meeting",
    "shake": "meeting", "sit": "meeting", "dine": "meeting",
    "visit": "visit",
    "call": "phone_call", "phone": "phone_call", "telephone": "phone_call", "ring": "phone_call",
    "discuss": "talks", "talk": "talks", "negotiate": "talks", "confer": "talks", "speak": "talks",
    "write": "message",
}
WEAK_VERBS = {"discuss", "talk", "speak", "confer", "negotiate"}
# verbs whose object must be a person for the statement to be an interaction
OBJECT_VERBS = {"receive", "host", "welcome", "greet", "visit", "call", "phone", "telephone", "ring", "brief"}
# verbs of talking that report a call when a call was just mentioned ("Call with X … The Secretary spoke to X")
SPEAK_VERBS = {"speak", "talk"}

NOUN_KIND = {
    "meeting": "meeting", "summit": "meeting", "encounter": "meeting", "audience": "meeting",
    "talk": "talks", "talks": "talks", "negotiation": "talks", "negotiations": "talks",
    "consultation": "talks", "consultations": "talks", "discussion": "talks", "conversation": "talks",
    "dialogue": "talks",
    "call": "phone_call", "phone": "phone_call", "phonecall": "phone_call", "telephone": "phone_call",
    "message": "message", "letter": "message", "telegram": "message", "cable": "message", "congratulation": "message",
    "congratulations": "message", "note": "message",
    "visit": "visit", "trip": "visit",
    "dinner": "meeting", "lunch": "meeting", "breakfast": "meeting", "luncheon": "meeting",
}
# nouns that only count when a partner is attached directly ("a note to X", "a trip to X")
PARTNER_ONLY_NOUNS = {"dinner", "lunch", "breakfast", "luncheon", "summit", "dialogue", "note", "trip", "audience", "phone", "telephone", "discussion"}
# verbs whose object noun is the event itself ("X and Y held talks")
LIGHT_VERBS = {"hold", "have", "conduct", "begin", "start", "continue", "end", "conclude", "wrap", "resume",
               "complete", "finish", "open", "launch", "receive", "make", "get", "place", "pay", "co-chair", "chair"}
# light verbs whose "from" phrase names the other side ("received a call from X")
RECEIVE_VERBS = {"receive", "get"}
# verbs whose object travels to the partner ("sent a message to X", "handed X a letter")
SEND_VERBS = {"send", "write", "deliver", "hand", "pass", "address", "convey", "forward", "give"}
# verbs of keeping someone company at an event: the delegation, not a party to the contact
COMPANY_VERBS = {"accompany", "attend", "escort", "join"}
# prepositions framing a clause by an event ("During the meeting, X and Y agreed")
FRAME_PREPS = {"during", "at", "after", "following", "before", "in"}
PHONE_WORDS = {"phone", "telephone", "telephonic", "video", "videoconference", "tele"}

# prepositions introducing the other side of an interaction
PARTNER_PREPS = {"with", "to", "between", "from"}

# status cues
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
PLAN_GOVERNORS = {"expect", "plan", "schedule", "due", "set", "intend", "agree", "prepare", "arrange",
                  "go", "decide", "announce", "slate"}
HYPOTHETICAL_GOVERNORS = {"want", "wish", "hope", "ready", "willing", "propose", "offer", "invite",
                          "suggest", "seek", "try", "ask", "urge", "consider", "like", "able", "eager",
                          "open", "refrain", "avoid", "fail"}
CANCEL_GOVERNORS = {"refuse", "decline", "cancel", "postpone", "reject", "delay", "scrap", "shelve",
                    "abandon", "call", "suspend", "put", "halt", "rule"}  # "call off", "put off", "rule out"
CANCEL_PARTICLES = {"call": "off", "put": "off", "rule": "out"}
# "called for talks", "pushed for a meeting": a request, not an interaction
REQUEST_VERBS = {"call", "push", "press", "ask", "appeal", "hope", "wait", "lobby", "clamor", "clamour",
                 "plead", "campaign", "argue", "advocate"}
HYPOTHETICAL_MODALS = {"could", "may", "might", "should", "must", "can", "would"}
PLANNED_ADJ = {"planned", "upcoming", "forthcoming", "scheduled", "next", "future", "expected",
               "coming", "anticipated", "proposed"}
HYPOTHETICAL_ADJ = {"possible", "potential", "hypothetical", "eventual", "likely", "prospective"}
CANCELLED_ADJ = {"cancelled", "canceled", "postponed", "aborted", "scrapped"}

# sentence-level cues that a clause continues the previous one's narrative date
CONTINUATION_ADVERBS = {"then", "later", "afterwards", "afterward", "subsequently", "thereafter"}


def verb_kind(tok: Token) -> str | None:
    """Kind reported by a verb trigger, or None."""
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in VERB_KIND:
        return None
    lemma = tok.lemma_.lower()
    if lemma == "shake" and not any(c.dep_ == "dobj" and c.lemma_.lower() == "hand" for c in tok.children):
        return None  # only "shook hands with X"
    if lemma == "sit" and not any(c.dep_ in ("prt", "advmod") and c.lower_ == "down" for c in tok.children):
        return None  # only "sat down with X"
    if lemma in ("speak", "talk", "chat", "confer") and any(_is_phone_prep(c) for c in tok.children):
        return "phone_call"
    return VERB_KIND[lemma]


def _is_phone_prep(tok: Token) -> bool:
    """"by phone", "over the telephone", "via video link"."""
    return tok.dep_ == "prep" and tok.lower_ in ("by", "over", "via", "on") and any(
        t.lower_ in PHONE_WORDS for t in tok.subtree)


def noun_kind(tok: Token) -> str | None:
    """Kind reported by a noun trigger ("talks", "a telephone conversation", "message"), or None."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound" and tok.head.lower_ in NOUN_KIND:
        return None
    lemma = tok.lemma_.lower()
    low = tok.lower_
    kind = NOUN_KIND.get(low) or NOUN_KIND.get(lemma)
    if kind is None:
        return None
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if kind == "talks" and mods & PHONE_WORDS:
        return "phone_call"
    if kind == "meeting" and mods & {"video", "videoconference", "virtual", "online"}:
        return "meeting"
    if low == "call" and not (mods & PHONE_WORDS) and not any(c.lower_ in PARTNER_PREPS for c in tok.children):
        return None  # "a call for restraint"
    return kind


def is_weak(tok: Token) -> bool:
    """A content verb ("discuss") rather than an event ("meet")."""
    return tok.lemma_.lower() in WEAK_VERBS
