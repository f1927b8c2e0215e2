"""When an interaction happened: the date the text states for it, explicitly or relative to the article's date.

`date_source` values follow the contract: `text` (explicit "on August 23"), `relative`
("yesterday", "on Tuesday", from the publication date), `none` (the text does not say; the
meeting's date stays null and the article's date is only its `reported` date).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from spacy.tokens import Doc, Span, Token

from data_pipeline.nlp.triggers import CONTINUATION_ADVERBS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last week": -7,
                 "next week": 7, "the day before yesterday": -2, "the day after tomorrow": 2}
SAME_DAY = re.compile(r"\b(the same day|that day|the same date|that same day|the same evening|"
                      r"(earlier|later) (in|on) the day|(earlier|later) that (day|morning|evening))\b", re.I)
NEXT_DAY = re.compile(r"\b(the (following|next) day|the day after|next day)\b", re.I)
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I)
YEAR = re.compile(r"\b(19|20)\d{2}\b")
DAY_NUM = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b")
RANGE = re.compile(r"\b(\d{1,2})\s*[-–]\s*\d{1,2}\b")
SLACK = timedelta(days=7)
# a stated time that is not one day ("last month", "in September", "in 2019", "two weeks ago")
VAGUE = re.compile(r"\b(last|previous|past|ago|earlier|early|late|mid|(19|20)\d{2}|january|february|march|april|"
                   r"may|june|july|august|september|october|november|december|month|year|decade)\b", re.I)
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
             "RELATIVE_BASE": datetime(2000, 1, 1)}  # a leap year, so "February 29" parses
CLAUSE_EDGES = {"ccomp", "parataxis", "relcl", "acl", "advcl", "csubj"}


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
    """A written date ("August 11", "21st November, 2020"), its year taken from the article if absent."""
    clean = RANGE.sub(r"\1", text)
    clean = re.sub(r"^(on|the|of|since|by)\s+", "", clean.strip(), flags=re.I)
    has_year = bool(YEAR.search(clean))
    if not has_year and published is None:
        return None
    when = _written_date(clean)
    if when is not None and not has_year:
        when = _same_year(when, published, future)
    return when


@lru_cache(maxsize=1 << 14)
def _written_date(clean: str) -> date | None:
    """dateparser's reading of a written day, in a fixed leap year when the text gives none.

    The article's year is put in afterwards (`_same_year`), so the parse does not depend on the
    article and is memoised: dateparser takes milliseconds a call, and reports repeat their dates.
    """
    got = dateparser.parse(clean, languages=["en"], settings=_SETTINGS)
    return got.date() if got is not None else None


def _same_year(when: date, published: date, future: bool) -> date | None:
    """Put a month-day in the article's year, or the adjacent one across a year boundary."""
    try:
        when = when.replace(year=published.year)
        if not future and when > published + SLACK:
            when = when.replace(year=published.year - 1)
        elif future and when < published - SLACK:
            when = when.replace(year=published.year + 1)
    except ValueError:  # 29 February in a non-leap year
        return None
    return when


def parse_date(text: str, published: date | None, future: bool = False,
               context: date | None = None) -> tuple[date | None, str]:
    """(date, date_source) of a DATE entity's text; (None, "none") when it is not a single day.

    Near the ends of the calendar (a report dated 9999-12-31) a relative date may not exist: none.
    """
    try:
        return _parse_date(text, published, future, context)
    except OverflowError:
        return None, "none"


def _parse_date(text: str, published: date | None, future: bool, context: date | None) -> tuple[date | None, str]:
    low = " ".join(text.lower().split())
    if SAME_DAY.search(low):
        return (context, "text") if context else (None, "none")
    if NEXT_DAY.search(low):
        return (context + timedelta(days=1), "text") if context else (None, "none")
    for phrase, days in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", low):
            return (published + timedelta(days=days), "relative") if published else (None, "none")
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


def _dates_by_sentence(doc: Doc) -> dict[int, list[tuple[int, int]]]:
    """(start, end) of the DATE/TIME entities of `doc`, keyed by the start of the sentence wholly holding them.

    Computed once per doc and kept in its `user_data` (plain ints, so no reference cycle): `Span.ents`
    rescans every entity of the doc on each call, and dates are asked of every sentence.
    """
    memo = doc.user_data.get(_DATES_BY_SENTENCE)
    if memo is None:
        sents = [(s.start, s.end) for s in doc.sents]
        starts = [a for a, _ in sents]
        memo = {}
        for e in doc.ents:
            if e.label_ in ("DATE", "TIME"):
                first, last = sents[bisect_right(starts, e.start) - 1]
                if e.end <= last:
                    memo.setdefault(first, []).append((e.start, e.end))
        doc.user_data[_DATES_BY_SENTENCE] = memo
    return memo


def date_entities(sent: Span) -> list[Span]:
    """DATE entities of a sentence, widened over a leading "earlier in" / "later on" the tagger left out."""
    doc = sent.doc
    out = []
    for start, end in _dates_by_sentence(doc).get(sent.start, ()):
        if start - 2 >= sent.start and doc[start - 2].lower_ in ("earlier", "later") \
                and doc[start - 1].lower_ in ("in", "on", "that"):
            start -= 2
        out.append(doc[start:end])
    return out


def own_date(trigger: Token, anchor: Token, published: date | None, future: bool,
             context: date | None) -> tuple[date | None, str]:
    """Date stated in the trigger's own clause ("an August 11 meeting", "met on Tuesday").

    Returns (None, "vague") when the clause states a time that is not a single day.
    """
    tops = {_clause_top(trigger), _clause_top(anchor)}
    best, vague = None, False
    for ent in date_entities(trigger.sent):
        if _clause_top(ent.root) not in tops and ent.root not in trigger.subtree:
            continue
        when, source = parse_date(ent.text, published, future, context)
        if when is None:
            vague = vague or bool(VAGUE.search(ent.text))
            continue
        dist = min(_distance(ent.root, trigger), _distance(ent.root, anchor))
        if best is None or dist < best[0]:
            best = (dist, when, source)
    if best:
        return best[1], best[2]
    return None, "vague" if vague else "none"


def continues_narrative(trigger: Token, anchor: Token, recent: bool = True) -> bool:
    """"X then met Y", "later, X called Y": the clause carries on the previous sentence's date.

    "also" counts only when the date was stated `recent`ly (a sentence or two before).
    """
    for head in (trigger, anchor):
        for c in head.children:
            if c.dep_ == "advmod" and (c.lower_ in CONTINUATION_ADVERBS or recent and c.lower_ == "also"):
                return True
    return False


def sentence_date(sent: Span, published: date | None, context: date | None) -> tuple[date | None, str]:
    """The first single-day date a sentence states, for the narrative context of later ones."""
    for ent in date_entities(sent):
        when, source = parse_date(ent.text, published, False, context)
        if when is not None:
            return when, source
    return None, "none"


def event_date(trigger: Token, anchor: Token, status: str, published: date | None,
               context: tuple[date | None, str], recent: bool = True) -> tuple[date | None, str]:
    """(date, date_source) of the interaction reported by `trigger` (`anchor`: its governing verb).

    `context` is the last single-day date stated before; `recent`: stated a sentence or two before.
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

