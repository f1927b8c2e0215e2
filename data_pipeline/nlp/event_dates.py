"""When an interaction happened: the date the text states for it, explicitly or relative to the article's date.

`date_source` values follow the contract: `text` (explicit "on August 23", or a day counted from
another stated day: "the day before"), `relative` (counted from the publication date: "yesterday",
"on Tuesday", "earlier today"), `none` (the text does not say; the meeting's date stays null and the
article's date is only its `reported` date).

Date phrases are the model's DATE/TIME entities, cut at a comma ("September 23, a day after …"),
plus the relative day phrases it leaves untagged ("earlier in the day", "the day before",
"four days after"). The narrative date that "the same day" and "the day before" count from is the
last single day stated as the time of a clause, not one inside a relative clause ("X, who arrived
on Wednesday, said") or a noun ("the statement of January 11").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from data_pipeline.lexicon import dates as shared_dates
from data_pipeline.nlp import docview, screen
from data_pipeline.nlp.triggers import CONTINUATION_ADVERBS, NOUN_KIND, verb_kind

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1,
                 "the day before yesterday": -2, "the day after tomorrow": 2}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10}
UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_N = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# relative day phrases the model seldom tags as DATE; longer forms first
RELATIVE_PHRASE = re.compile(
    r"\b(?:(?:earlier|later)\s+(?:in|on)\s+the\s+day|(?:earlier|later)\s+(?:that|the\s+same)\s+"
    r"(?:day|morning|afternoon|evening)|(?:earlier|later)\s+today|(?:on\s+)?(?:the|that)\s+(?:very\s+)?same\s+day"
    r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|the\s+day\s+(?:before|after)"
    r"|the\s+(?:previous|preceding|following|next)\s+day|" + _N + r"\s+(?:days?|weeks?)\s+"
    r"(?:earlier|later|before|after|ago)|yesterday|today|tomorrow|tonight)\b", re.I)
# the narrative's own day, whatever day that is ("earlier in the day"): the report's day when none was stated
TODAY_LIKE = re.compile(r"\b(?:earlier|later)\s+(?:in\s+the\s+day|on\s+the\s+day|today|that\s+(?:day|morning|"
                        r"afternoon|evening))\b", re.I)
SAME_DAY = re.compile(r"\b(the same day|that day|the same date|that same day|the very same day|the same "
                      r"(morning|afternoon|evening)|(earlier|later) (in|on) the day|(earlier|later) that "
                      r"(day|morning|afternoon|evening))\b", re.I)
PREV_DAY = re.compile(r"\b(the day before|the (previous|preceding) day|the eve)\b", re.I)
NEXT_DAY = re.compile(r"\b(the (following|next) day|the day after|next day)\b", re.I)
COUNTED = re.compile(r"\b(" + _N + r")\s+(days?|weeks?)\s+(earlier|later|before|after|ago)\b", re.I)
DURATION = re.compile(r"^(?:some\s+|about\s+|just\s+)?(" + _N + r")\s+(days?|weeks?)$", re.I)
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I)
DAY_NUM = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")
RANGE = re.compile(r"\b(\d{1,2})\s*[-–]\s*\d{1,2}\b")
SLACK = timedelta(days=7)
RECENT_SENTENCES = 3  # "also met" carries a date stated at most this many sentences before
# a stated time that is not one day ("last month", "in September", "in 2019", "two weeks ago")
VAGUE = re.compile(r"\b(last|previous|past|ago|earlier|early|late|mid|(19|20)\d{2}|january|february|march|april|"
                   r"may|june|july|august|september|october|november|december|month|year|decade|week)\b", re.I)
CLAUSE_EDGES = {"ccomp", "parataxis", "relcl", "acl", "advcl", "csubj"}
FLASHBACK_ADVERBS = {"last", "previously", "formerly", "once", "first"}  # "they last met on June 3"
NOT_NARRATIVE = {"relcl", "acl"}  # a date in a clause about a participant, not the story's day
EVENT_NOUNS = frozenset(NOUN_KIND) | {"visit", "summit", "session", "round", "ceremony", "conference", "forum"}


def _weekday(text: str, published: date, future: bool) -> date | None:
    low = text.lower()
    for n, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            delta = (n - published.weekday()) % 7
            if future or "next" in low:
                return published + timedelta(days=delta or 7)
            back = (published.weekday() - n) % 7
            if "last" in low and back == 0:
                back = 7
            return published - timedelta(days=back)
    return None


def _explicit(text: str, published: date | None, future: bool) -> date | None:
    """A written date ("August 11", "21st November, 2020"), read by the shared parser (`lexicon/dates.py`).

    A month-day without a year takes the article's year, or the adjacent one across New Year.
    """
    clean = RANGE.sub(r"\1", text)
    full = shared_dates.full_dates(clean)
    if full:
        return full[0].when
    found = shared_dates.month_days(clean)
    if not found or published is None:
        return None
    _, _, month, day = found[0]
    return _in_year(month, day, published, future)


def _same_year(when: date, published: date, future: bool) -> date | None:
    """Put a month-day (`when`, any year) in the article's year, or the adjacent one across a year boundary."""
    return _in_year(when.month, when.day, published, future)


def _in_year(month: int, day: int, published: date, future: bool) -> date | None:
    """A month-day in the article's year, or the adjacent one when that puts it on the right side of the report."""
    when = shared_dates.with_year(month, day, published.year)
    if when is not None and not future and when > published + SLACK:
        return shared_dates.with_year(month, day, published.year - 1)
    if when is not None and future and when < published - SLACK:
        return shared_dates.with_year(month, day, published.year + 1)
    return when


def _count(number: str, unit: str) -> int:
    n = NUMBERS.get(number.lower())
    return (n if n is not None else int(number)) * UNIT_DAYS[unit.lower()]


def _from(base: date | None, days: int, source: str) -> tuple[date | None, str]:
    """`base` moved by `days`; none without a base or past the ends of the calendar."""
    try:
        return (base + timedelta(days=days), source) if base else (None, "none")
    except OverflowError:
        return None, "none"


def parse_date(text: str, published: date | None, future: bool = False,
               context: date | None = None) -> tuple[date | None, str]:
    """(date, date_source) of a date phrase; (None, "none") when it is not a single day.

    `context` is the narrative's day (the last one stated): "the same day", "the day before" and
    "two days later" count from it. "Earlier in the day" with no day stated is the report's day.
    Near the ends of the calendar (a report dated 9999-12-31) a relative date may not exist: none.
    """
    try:
        return _parse_date(text, published, future, context)
    except OverflowError:
        return None, "none"


def _parse_date(text: str, published: date | None, future: bool, context: date | None) -> tuple[date | None, str]:
    low = " ".join(text.lower().split())
    counted = COUNTED.search(low)
    if counted:
        days = _count(counted.group(1), counted.group(2))
        if counted.group(3) == "ago":
            return _from(published, -days, "relative")
        return _from(context, -days if counted.group(3) in ("earlier", "before") else days, "text")
    for phrase in ("the day before yesterday", "the day after tomorrow"):
        if phrase in low:
            return _from(published, RELATIVE_DAYS[phrase], "relative")
    if SAME_DAY.search(low):
        if context:
            return context, "text"
        return _from(published, 0, "relative") if TODAY_LIKE.search(low) else (None, "none")
    if PREV_DAY.search(low):
        return _from(context, -1, "text") if context else _from(published, -1, "relative")
    if NEXT_DAY.search(low):
        return _from(context, 1, "text")
    for phrase, days in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", low):
            return _from(published, days, "relative")
    if MONTH.search(low) and DAY_NUM.search(low):
        when = _explicit(text, published, future)
        return (when, "text") if when else (None, "none")
    if any(d in low for d in WEEKDAYS):
        when = _weekday(low, published, future) if published else None
        return (when, "relative") if when else (None, "none")
    return None, "none"


def _clause_top(tok: Token) -> Token:
    """Highest ancestor of `tok` reached without leaving its clause."""
    while tok.dep_ not in CLAUSE_EDGES and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for n, t in enumerate(up_a):
        if t in up_b:
            return n + up_b.index(t)
    return 99


_DATES_BY_SENTENCE = "event_dates.by_sentence"  # doc.user_data key of the memo below


def _comma_cut(doc: Doc, start: int, end: int) -> int:
    """End of a DATE entity at its first comma ("September 23, a day" → "September 23")."""
    for i in range(start + 1, end):
        if doc[i].text == ",":
            return i
    return end


def _dates_by_sentence(doc: Doc) -> dict[int, list[tuple[int, int]]]:
    """(start, end) of the date phrases of `doc`, keyed by the start of the sentence wholly holding them.

    DATE/TIME entities (cut at a comma) and the relative day phrases of RELATIVE_PHRASE; where both
    overlap, one phrase covering both. Computed once per doc and kept in its `user_data` (plain ints,
    so no reference cycle): `Span.ents` rescans every entity of the doc on each call.
    """
    memo = doc.user_data.get(_DATES_BY_SENTENCE)
    if memo is not None:
        return memo
    spans = [(e.start, _comma_cut(doc, e.start, e.end)) for e in docview.of(doc).ents if e.label_ in ("DATE", "TIME")]
    for m in RELATIVE_PHRASE.finditer(screen.text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and len(span):
            spans.append((span.start, span.end))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    view = docview.of(doc)
    sents, starts = list(zip(view.starts, view.ends)), view.starts
    memo = {}
    for start, end in merged:
        first, last = sents[bisect_right(starts, start) - 1]
        if end <= last:
            memo.setdefault(first, []).append((start, end))
    doc.user_data[_DATES_BY_SENTENCE] = memo
    return memo


def date_entities(sent: Span) -> list[Span]:
    """Date phrases of a sentence, widened over a leading "earlier in" / "later on" the tagger left out."""
    doc = sent.doc
    out = []
    for start, end in _dates_by_sentence(doc).get(sent.start, ()):
        if start - 2 >= sent.start and doc[start - 2].lower_ in ("earlier", "later") \
                and doc[start - 1].lower_ in ("in", "on", "that"):
            start -= 2
        out.append(doc[start:end])
    return out


def _after_before(phrase: Span) -> Token | None:
    """The "after"/"before" ending a date phrase or right after it ("four days after", "the day before")."""
    doc = phrase.doc
    for tok in (phrase[-1], doc[phrase.end] if phrase.end < len(doc) else None):
        if tok is not None and tok.lower_ in ("after", "before"):
            return tok
    return None


def _anchor_event(phrase: Span) -> Token | None:
    """What a phrase's "after"/"before" points at: a clause's verb ("after X spoke") or a noun ("before the talks")."""
    word = _after_before(phrase)
    if word is None:
        return None
    if word.dep_ == "mark":
        return word.head
    return next((c for c in word.children if c.dep_ in ("pobj", "pcomp")), None)


def _counted_from_event(phrase: Span, trigger: Token, context: date | None) -> tuple[date | None, str] | None:
    """A day counted from another event: "four days after [X spoke with Y]" dates X–Y's talk from the story's day.

    None when the phrase is not "<duration> after/before <event>"; (None, "none") when the event is
    not the story's own.
    """
    target = _anchor_event(phrase)
    if target is None:
        return None
    low = " ".join(phrase.text.lower().split())
    m = COUNTED.search(low) or DURATION.match(low)
    days = _count(m.group(1), m.group(2)) if m else 1 if re.search(r"\bday\b", low) else None
    if days is None:
        return None
    sign = 1 if _after_before(phrase).lower_ == "after" else -1
    if trigger == target or trigger in target.subtree:  # the trigger is the event counted from
        return _from(context, -sign * days, "text")
    if target.lemma_.lower() in EVENT_NOUNS:  # "the day before the talks": the story's talks
        return _from(context, sign * days, "text")
    return None, "none"


def own_date(trigger: Token, anchor: Token, published: date | None, future: bool,
             context: date | None) -> tuple[date | None, str]:
    """Date stated in the trigger's own clause ("an August 11 meeting", "met on Tuesday").

    Returns (None, "vague") when the clause states a time that is not a single day.
    """
    tops = {_clause_top(trigger), _clause_top(anchor)}
    best, vague = None, False
    for ent in date_entities(docview.of(trigger.doc).sent(trigger.i)):
        counted = _counted_from_event(ent, trigger, context)
        if counted is not None:
            if counted[0] is not None:
                best = (-1, *counted)  # it names the trigger's event itself
            continue
        if _clause_top(ent.root) not in tops and ent.root not in trigger.subtree:
            continue
        when, source = parse_date(ent.text, published, future, context)
        if when is None:
            vague = vague or bool(VAGUE.search(ent.text))
            continue
        dist = min(_distance(ent.root, trigger), _distance(ent.root, anchor))
        if best is None or dist < best[0]:
            best = (dist, when, source)
    if best is None and not vague:
        host = _host_clause(trigger, anchor)
        if host is not None:  # "Y met Z on Sunday at the invitation of X, who hosted them": the meeting's day
            top = _clause_top(host)
            for ent in date_entities(docview.of(trigger.doc).sent(trigger.i)):
                if _clause_top(ent.root) == top and narrative(ent):
                    when, source = parse_date(ent.text, published, future, context)
                    if when is not None:
                        return when, source
    if best:
        return best[1], best[2]
    return None, "vague" if vague else "none"


def _host_clause(trigger: Token, anchor: Token) -> Token | None:
    """The clause a relative clause holding the trigger belongs to, when both tell one occasion.

    "arrived in X on Thursday, where they held talks" (a "where" clause on the place of the visit);
    "met Y at the invitation of X, who hosted them" (a clause about a party to a meeting the host clause
    states). Not a clause in the perfect ("X, who had met Y"): another time.
    """
    for tok in (anchor, trigger):
        top = _clause_top(tok)
        if top.dep_ != "relcl" or any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in top.children):
            continue
        host = top.head
        while host.pos_ not in ("VERB", "AUX") and host.head.i != host.i:
            host = host.head
        if host.pos_ not in ("VERB", "AUX"):
            continue
        where = any(c.dep_ == "advmod" and c.lower_ == "where" for c in top.children)
        if where or verb_kind(host) is not None:
            return host
    return None


def vague_time(trigger: Token, anchor: Token, published: date | None, status: str) -> bool:
    """Whether the trigger's clause states a time that is not one day ("last year", "in March")."""
    return own_date(trigger, anchor, published, status == "planned", None) == (None, "vague")


def continues_narrative(trigger: Token, anchor: Token, recent: bool = True) -> bool:
    """"X then met Y", "later, X called Y": the clause carries on the previous sentence's date.

    "also" counts only when the date was stated `recent`ly (RECENT_SENTENCES).
    """
    for head in (trigger, anchor):
        for c in head.children:
            if c.dep_ == "advmod" and (c.lower_ in CONTINUATION_ADVERBS or recent and c.lower_ == "also"):
                return True
    return False


def narrative(ent: Span) -> bool:
    """Whether a date phrase gives the story's day.

    Not inside a relative clause ("X, who arrived on Wednesday"), a noun ("the statement of May 3")
    or a flashback ("X had called Y on May 3", "they last met on June 3").
    """
    tok = ent.root
    while True:
        if tok.dep_ in NOT_NARRATIVE:
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "by", "until", "since"):
            return False
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") or c.dep_ == "advmod"
                                                and c.lower_ in FLASHBACK_ADVERBS for c in tok.children):
            return False
        if tok.dep_ in CLAUSE_EDGES or tok.head.i == tok.i:
            return True
        tok = tok.head


def sentence_date(sent: Span, published: date | None, context: date | None) -> tuple[date | None, str]:
    """The first single day a sentence states as the time of its story, for the narrative context of later ones."""
    for ent in date_entities(sent):
        if not narrative(ent) or _anchor_event(ent) is not None:
            continue
        when, source = parse_date(ent.text, published, False, context)
        if when is not None:
            return when, source
    return None, "none"


def event_date(trigger: Token, anchor: Token, status: str, published: date | None,
               context: tuple[date | None, str], recent: bool = True) -> tuple[date | None, str]:
    """(date, date_source) of the interaction reported by `trigger` (`anchor`: its governing verb).

    `context` is the last single-day date stated before; `recent`: stated RECENT_SENTENCES or fewer before.
    """
    future = status == "planned"
    when, source = own_date(trigger, anchor, published, future, context[0])
    if when is not None:
        return when, source
    if source == "vague":  # "last month", "in 2019": not the article's day, and no single day to give
        return None, "none"
    if context[0] is not None and continues_narrative(trigger, anchor, recent):
        return context
    return None, "none"  # never the article's date: that is the `reported` column
