"""Publication dates inferred from anniversaries and birthdays the text counts — never from a year alone.

Two kinds of known dates: the facts of config/facts.yaml ("the 33rd anniversary of diplomatic relations
between Moscow and Yerevan" + a month-day stated in the text), and a date the article itself gives for
the thing it counts from ("Rahmon, who was born on 5 October 1952, turns 70 today"; "30-летие ...
отношения были установлены 4 апреля 1992 года" under a dateline "Баку. 4 апреля."). Either way the
year is the counted one plus N, and the day must be stated: as today's, or by the article's dateline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR
from data_pipeline.lexicon.dates import full_dates, month_days, with_year

DEFAULT_FACTS = CONFIG_DIR / "facts.yaml"


_ORDINAL_WORDS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
_ANNIVERSARY = re.compile(r"\b(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<w>%s))\s+anniversary\b" % "|".join(_ORDINAL_WORDS),
                          re.IGNORECASE)
_NOT_THIS_YEAR = re.compile(r"\b(?:next|last|previous) year\b", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    """A dated event an anniversary can count from (see config/facts.yaml)."""

    what: str
    parties: tuple[tuple[str, ...], ...]  # each party: its aliases
    when: str  # "YYYY-MM-DD" or "YYYY"

    @property
    def year(self) -> int:
        return int(self.when[:4])

    @property
    def month_day(self) -> tuple[int, int] | None:
        parts = self.when.split("-")
        return (int(parts[1]), int(parts[2])) if len(parts) == 3 else None


def parse_facts(text: str, source: str = "facts.yaml") -> tuple[Fact, ...]:
    """Dated facts from YAML text; ValueError (or yaml.YAMLError) naming `source` when malformed."""
    raw = yaml.safe_load(text) or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("aliases") or {}, dict) \
            or not isinstance(raw.get("events") or [], list):
        raise ValueError(f"{source}: expected a mapping with `aliases:` (a mapping) and `events:` (a list)")
    aliases = {k: tuple(v) if isinstance(v, list) else (str(v),) for k, v in (raw.get("aliases") or {}).items()}
    facts = []
    for i, ev in enumerate(raw.get("events") or []):
        if not isinstance(ev, dict) or "what" not in ev or "date" not in ev:
            raise ValueError(f"{source}: events[{i}] needs 'what' and 'date'")
        when = str(ev["date"])
        if not re.fullmatch(r"\d{4}(?:-\d{2}-\d{2})?", when):
            raise ValueError(f"{source}: events[{i}].date must be YYYY or YYYY-MM-DD, got {when!r}")
        parties = tuple(aliases.get(p, (p,)) for p in ev.get("parties") or [])
        facts.append(Fact(str(ev["what"]), parties, when))
    return tuple(facts)


@lru_cache(maxsize=8)
def load_facts(path: Path = DEFAULT_FACTS) -> tuple[Fact, ...]:
    """Dated facts from the editable YAML file (empty when the file is missing)."""
    if not path.exists():
        return ()
    return parse_facts(path.read_text(encoding="utf-8"), str(path))


def _mentions(sentence: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)%s(?!\w)" % re.escape(phrase), sentence, re.IGNORECASE) is not None


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"”»’)]*\s+|\n+", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def infer_from_anniversary(text: str, facts: tuple[Fact, ...]) -> date | None:
    """Date from "the Nth anniversary of <fact>" + a month-day stated with it, else None.

    The year is the fact's year + N. The day is a month-day in the anniversary sentence or, failing
    that, the fact's own month-day when the text states it. Two facts that disagree give None.
    """
    if not facts or "anniversar" not in text.lower() or not _ANNIVERSARY.search(text):
        return None
    results = set()
    for s, e in _sentences(text):
        sent = text[s:e]
        m = _ANNIVERSARY.search(sent)
        if not m or _NOT_THIS_YEAR.search(sent):
            continue
        n = int(m.group("n")) if m.group("n") else _ORDINAL_WORDS[m.group("w").lower()]
        for fact in facts:
            if not _mentions(sent, fact.what):
                continue
            if not all(any(_mentions(sent, a) for a in aliases) for aliases in fact.parties):
                continue
            year = fact.year + n
            in_sentence = month_days(sent)
            stated = {(mo, d) for _, _, mo, d in month_days(text)}
            if fact.month_day and any((mo, d) == fact.month_day for _, _, mo, d in in_sentence):
                results.add(with_year(*fact.month_day, year))
            elif in_sentence:
                results.add(with_year(in_sentence[0][2], in_sentence[0][3], year))
            elif fact.month_day and fact.month_day in stated:
                results.add(with_year(*fact.month_day, year))
            else:
                results.add(None)
    return results.pop() if len(results) == 1 else None


# ----- anniversaries the text dates itself ---------------------------------------------------------

_ORDINAL = r"(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<w>%s))" % "|".join(_ORDINAL_WORDS)
_COUNTS = [
    re.compile(rf"\b{_ORDINAL}\s+(?:anniversary|birthday|jubilee)\b", re.IGNORECASE),
    re.compile(r"\bturns?\s+(?P<n>\d{1,3})\b", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<n>\d{1,3})\s*-?\s*(?:лет(?:ие|ия|ию|ием|ии)|й годовщин\w*|я годовщин\w*"
               r"|летн\w+ юбиле\w*)", re.IGNORECASE),
]
_TODAY = re.compile(r"(?i)(?<!\w)(?:today|сегодня|heute)(?!\w)")


def _counts(sentence: str) -> set[int]:
    found = set()
    for pat in _COUNTS:
        for m in pat.finditer(sentence):
            groups = m.groupdict()
            n = int(groups["n"]) if groups.get("n") else _ORDINAL_WORDS[groups["w"].lower()]
            if 0 < n < 500:
                found.add(n)
    return found


_STEM = 6  # words sharing their first letters name the same thing ("дипломатических" / "Дипломатические")


def _stems(sentence: str) -> set[str]:
    return {w[:_STEM].lower() for w in re.findall(r"[^\W\d_]{%d,}" % _STEM, sentence)}


def infer_from_text(text: str, month_day: tuple[int, int] | None) -> date | None:
    """The day an anniversary the text counts falls on, when the text dates what it counts from.

    N (an "Nth anniversary", "turns N", "N-летие") plus a full date the text gives: in the same sentence
    with "today", or in another sentence about the same thing (a shared word) whose month and day are the
    dateline's (`month_day`; a date in the counting sentence itself is the occasion, not the origin).
    One answer, else None.
    """
    if not any(p.search(text) for p in _COUNTS):
        return None
    sentences = [text[s:e] for s, e in _sentences(text)]
    counted = [(sent, _counts(sent)) for sent in sentences]
    counted = [(sent, n) for sent, n in counted if n]
    results = set()
    for sentence in sentences:
        for match in full_dates(sentence):
            when, ns = match.when, set()
            here = _counts(sentence)
            if here and _TODAY.search(sentence):
                ns = here
            elif month_day and (when.month, when.day) == month_day:
                ns = {n for sent, found in counted
                      if sent != sentence and _stems(sent) & _stems(sentence) for n in found}
            results.update(got for n in ns if (got := with_year(when.month, when.day, when.year + n)))
    return results.pop() if len(results) == 1 else None
