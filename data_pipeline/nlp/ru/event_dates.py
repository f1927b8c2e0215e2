"""When a Russian-reported interaction happened: "25 марта 2022 года", "24 июня", "в пятницу", "накануне".

Month names are the one month table (lexicon/dates.py), weekday names dateparser's Russian locale;
the year of a day-and-month, and a weekday, are placed from the publication date as the English path
places them. `date_source` as in the contract: `text`, `relative`, `none` (the text does not say).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dateparser.languages import default_loader
from spacy.tokens import Span, Token

from data_pipeline.lexicon.dates import month_table
from data_pipeline.lexicon.translit import has_cyrillic
from data_pipeline.nlp.event_dates import WEEKDAYS, _same_year, _weekday
from data_pipeline.nlp.ru.triggers import lemma

RELATIVE_DAYS = {"вчера": -1, "сегодня": 0, "завтра": 1, "позавчера": -2, "послезавтра": 2, "накануне": -1}
SAME_DAY = re.compile(r"\b(в|во) (тот|этот) же день\b|\bв тот день\b|\bв этот день\b", re.I)
NEXT_DAY = re.compile(r"\bна (следующий|другой) день\b", re.I)
VAGUE_WORDS = {"месяц", "год", "неделя", "прошлый", "конец", "начало", "середина", "ранее", "недавно"}
CLAUSE_EDGES = {"ccomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj"}


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """(month word → 1..12, the one month table of lexicon/dates.py; weekday lemma → 0..6, dateparser's
    Russian locale, which that table also reads)."""
    info = default_loader.get_locale("ru").info
    months = {w: n for w, n in month_table().items() if len(w) > 3 and has_cyrillic(w)}
    days = {w: n for n, d in enumerate(WEEKDAYS) for w in info[d] if len(w) > 3}
    return months, days


def _clause_top(tok: Token) -> Token:
    while tok.dep_ not in CLAUSE_EDGES and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _distance(a: Token, b: Token) -> int:
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    for n, t in enumerate(up_a):
        if t in up_b:
            return n + up_b.index(t)
    return 99


def dates_in(sent: Span, published: date | None, future: bool = False,
             context: date | None = None) -> list[tuple[Token, date | None, str]]:
    """(head token, date, source) of each date phrase of a sentence; date None for a time that is not one day."""
    months, days = _names()
    out = []
    toks = list(sent)
    for k, tok in enumerate(toks):
        low = tok.lower_
        if low in months and k and toks[k - 1].like_num and toks[k - 1].text.isdigit():
            day = int(toks[k - 1].text)
            year = toks[k + 1].text if k + 1 < len(toks) and re.fullmatch(r"(19|20)\d\d", toks[k + 1].text) else None
            out.append((tok, _day(day, months[low], year, published, future), "text"))
        elif low in months:
            out.append((tok, None, "vague"))  # "в ноябре", "в марте 2021 года"
        elif lemma(tok) in days and any(lemma(c) in ("в", "во") for c in tok.children):
            when = _weekday(WEEKDAYS[days[lemma(tok)]], published, future) if published else None
            out.append((tok, when, "relative"))
        elif low in RELATIVE_DAYS:
            out.append((tok, published + timedelta(days=RELATIVE_DAYS[low]) if published else None, "relative"))
        elif lemma(tok) == "день" and context is not None:
            window = sent.doc[max(sent.start, tok.i - 3):tok.i + 1].text
            if SAME_DAY.search(window):
                out.append((tok, context, "text"))
            elif NEXT_DAY.search(window):
                out.append((tok, context + timedelta(days=1), "text"))
        elif lemma(tok) in VAGUE_WORDS and any(lemma(c) in ("в", "во", "на") for c in tok.children):
            out.append((tok, None, "vague"))
    return out


def _day(day: int, month: int, year: str | None, published: date | None, future: bool) -> date | None:
    try:
        when = date(int(year) if year else 2000, month, day)  # 2000: a leap year, so 29 February parses
    except ValueError:
        return None
    if year:
        return when
    return _same_year(when, published, future) if published else None


def own_date(trigger: Token, anchor: Token, published: date | None, future: bool,
             context: date | None) -> tuple[date | None, str]:
    """Date stated in the trigger's own clause; (None, "vague") for a time that is not a single day."""
    tops = {_clause_top(trigger), _clause_top(anchor)}
    best, vague = None, False
    for tok, when, source in dates_in(trigger.sent, published, future, context):
        if _clause_top(tok) not in tops and tok not in trigger.subtree:
            continue
        if when is None:
            vague = vague or source == "vague"
            continue
        dist = min(_distance(tok, trigger), _distance(tok, anchor))
        if best is None or dist < best[0]:
            best = (dist, when, source)
    if best:
        return best[1], best[2]
    return None, "vague" if vague else "none"


def sentence_date(sent: Span, published: date | None, context: date | None) -> tuple[date | None, str]:
    """The first single-day date a sentence states, as the context of "в тот же день" later."""
    for _, when, source in dates_in(sent, published, False, context):
        if when is not None:
            return when, source
    return None, "none"


def event_date(trigger: Token, anchor: Token, status: str, published: date | None,
               context: tuple[date | None, str]) -> tuple[date | None, str]:
    """(date, date_source) of the interaction reported by `trigger` (`anchor`: its governing verb)."""
    when, source = own_date(trigger, anchor, published, status == "planned", context[0])
    if when is not None:
        return when, source
    return None, "none"  # never the article's date: that is the meeting's `reported` date
