"""Title, source, author and date stamps from the edges of an article and its dateline.

All rules are about the *shape* of a line, never about particular outlets:
- headline: a short first line (3–25 words) without sentence-final punctuation;
- byline: "By Jane Roe", "Author: Jane Roe", or a name followed by a time stamp
  ("Jane Roe 5 minutes ago Sat 21st November 2020 | 02:56 PM");
- credit: "Jane Roe © example.com", "© 2024 Example News", "Source: Example News";
- site line: a bare domain ("example.com") heading the page;
- dateline: "CITY, MONTH DAY[, YEAR], AGENCY." or "CITY[, date] (Agency[ - date]) –" opening the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from data_pipeline.ingest.clean import word_count
from data_pipeline.ingest.date_lines import dateline, stamp, stamps
from data_pipeline.lexicon.dates import MONTH, full_dates

_NAME_WORD = r"[A-Z][a-zA-Z'’.-]+"
_NAME = rf"{_NAME_WORD}(?:\s+(?:van|von|de|der|da|del|al|bin|ibn|{_NAME_WORD})){{0,3}}"
_NAMES = rf"{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
_RELATIVE = r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
_TIME = r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC|MSK|[A-Z]{3,4})\b)?"
_WEEKDAY = r"\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?"

_BY = re.compile(rf"^\(?(?i:by|written by|authors?|posted by|reporting by|text by|words by)\s*:?\s+(?P<names>{_NAMES})"
                 rf"\s*(?P<rest>[|,/;–—-].*)?\)?$")
_NAME_STAMP = re.compile(rf"^(?P<names>{_NAMES})\s+(?:{_RELATIVE}|\||{_WEEKDAY}|\d{{1,2}}\s+{MONTH}|{MONTH}\s+\d)")
_NOT_NAMES = {w.lower() for w in (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December The This That These Those Then Now Today Yesterday Tomorrow "
    "Early Late Noon Midnight Mid End Next Last All Some Most").split()}
MAX_BYLINE_WORDS = 16
_CREDIT = re.compile(r"^(?P<who>.*?)\s*(?:©|\(c\)|copyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<src>[^©]*?)\s*\.?$",
                     re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^(?:source|sources|via)\s*:\s*(?P<src>.{2,60}?)\.?$", re.IGNORECASE)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?P<d>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12})/?$", re.IGNORECASE)
MAX_META_CHARS = 400  # a byline, stamp, credit or dateline is short; longer lines are not read as one


@dataclass
class Meta:
    """What the edges and dateline of one article say about it."""

    title: str | None = None
    author: str | None = None
    source: str | None = None
    site: str | None = None  # a bare domain heading the page; the source of last resort
    dateline_date: str | None = None
    stamps: list[date] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # indices of edge lines consumed as metadata


def _clean_names(names: str) -> str | None:
    names = re.sub(r"\s+", " ", names).strip(" ,.;|")
    return names or None


def byline(line: str) -> str | None:
    """Author name(s) of a byline, else None."""
    s = line.strip()
    if len(s) > MAX_META_CHARS:
        return None
    if word_count(s) > MAX_BYLINE_WORDS:
        return None
    m = _BY.match(s)
    if m and m.group("rest") and word_count(m.group("rest")) > 6:
        m = None  # "By Monday, the ministers had agreed to ..." is a sentence
    if not m:
        m = _NAME_STAMP.match(s)
        # "President Jane Roe Tuesday signed ..." is a sentence: a byline stamp carries a date, a time or a bar
        if m and not (full_dates(s) or re.search(_RELATIVE, s) or "|" in s or re.search(_TIME, s)):
            m = None
    if not m or word_count(m.group("names")) > 8:
        return None
    names = _clean_names(m.group("names"))
    if not names or names.split()[0].lower() in _NOT_NAMES:
        return None
    return names


def is_meta_line(line: str) -> bool:
    """True for a byline, credit or date-stamp line (metadata, never body text)."""
    return bool(byline(line) or credit(line) or stamps(line))


def credit(line: str) -> tuple[str | None, str | None] | None:
    """(author, source) of a "Name © site" / "© Outlet" / "Source: Outlet" line, else None."""
    s = line.strip()
    if len(s) > MAX_META_CHARS:
        return None
    m = _SOURCE_LINE.match(s)
    if m:
        return None, m.group("src").strip()
    m = _CREDIT.match(s)
    if not m or word_count(s) > 12:
        return None
    who, src = m.group("who").strip(" -|,"), m.group("src").strip(" .,-|")
    author = who if who and re.fullmatch(_NAMES, who) else None
    src = re.sub(r"(?i)\s*all rights reserved\.?$", "", src).strip(" .,") or None
    if src and not (_DOMAIN.match(src) or (src[:1].isupper() and word_count(src) <= 5)):
        src = None
    return (author, src) if src else None


def site_line(line: str) -> str | None:
    """The domain of a line that is nothing but a domain name ("example.com"), else None."""
    m = _DOMAIN.match(line.strip())
    return m.group(0).strip("/") if m else None


def is_headline(line: str) -> bool:
    """A short line of words without sentence-final punctuation, not a menu row."""
    s = line.strip()
    n = word_count(s)
    if not 3 <= n <= 25 or s.endswith((".", ";", ",", ":", "…")):
        return False
    if len(re.findall(r"\s[|•·/»›]\s", s)) >= 2:
        return False
    return sum(ch.isalpha() for ch in s) >= 0.6 * len(s.replace(" ", ""))


def from_edges(head: list[str], tail: list[str], opening: list[str]) -> Meta:
    """Metadata from the head and tail lines around the body and a dateline in its opening paragraphs."""
    meta = Meta()
    edges = list(enumerate(head)) + [(len(head) + i, ln) for i, ln in enumerate(tail)]
    for i, line in edges:
        when = stamp(line)
        if when:
            meta.stamps.append(when)
            meta.used.add(i)
        name = byline(line)
        if name:
            meta.author = meta.author or name
            meta.used.add(i)
            continue
        cred = credit(line)
        if cred:
            meta.author = meta.author or cred[0]
            meta.source = meta.source or cred[1]
            meta.used.add(i)
            continue
        site = site_line(line)
        if site:
            meta.site = meta.site or site
            meta.used.add(i)
    for i, line in enumerate(head):
        if i not in meta.used and is_headline(line) and word_count(line) >= 4:
            meta.title = line.strip()
            meta.used.add(i)
            break
    for paragraph in opening:
        src, when = dateline(paragraph)
        if src:
            meta.source = src  # the agency named in the dateline beats a page credit
            meta.dateline_date = when
            break
    return meta
