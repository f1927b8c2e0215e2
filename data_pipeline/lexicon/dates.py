"""The one date parser: month and weekday names, written dates, machine timestamps, field values.

Month and weekday names come from dateparser's locale data (MONTH_LANGUAGES), so "1. Februar 2022",
"25 марта 2022 года" and "16 АВГ 2022" read like "March 5, 2020". Written dates are found with their
offsets (`full_dates`); a slashed "03/07/2025" (or boxed "03 | 07 | 2025") that reads both ways carries
the month-first reading in `alt`. Month-days without a year ("April 3", "25 марта") are found apart (`month_days`): they are never
a date by themselves. `timestamp` reads machine values (ISO 8601, epoch seconds) and says whether the
value was written in UTC, whose calendar day may differ from the local one. `plausible` is the window
outside which a publication date is a placeholder or a typo (0001-01-01, 9999-12-31).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december")
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# the languages whose month names are read; English and Russian are the corpus, the rest are common on saved pages
MONTH_LANGUAGES = ("en", "ru", "uk", "de", "fr", "es", "it", "pt", "nl", "pl", "tr")
MIN_YEAR, MAX_YEAR = 1800, 2200  # a "date" outside these years in running text is a number, not a date
EARLIEST_PUBLISHED = date(1900, 1, 1)  # an earlier publication date is a placeholder (0001-01-01) or a typo

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
_EN_FORMS = sorted({f for m in _EN_MONTHS for f in (m, m.upper(), m[:3], m[:3].upper())} | {"Sept", "SEPT"},
                   key=len, reverse=True)


@lru_cache(maxsize=4)
def _locale_words(keys: tuple[str, ...], languages: tuple[str, ...] = MONTH_LANGUAGES) -> dict[str, int]:
    """Lower-cased names (3+ letters) → 1-based index in `keys`, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    out: dict[str, int] = {}
    for lang in languages:
        info = default_loader.get_locale(lang).info
        for i, key in enumerate(keys, 1):
            for name in info.get(key, []):
                name = name.lower().rstrip(".")
                if len(name) >= 3 and name.isalpha():
                    out.setdefault(name, i)
    return out


def month_table() -> dict[str, int]:
    """Every month name and abbreviation read (lower case) → month number."""
    return _locale_words(MONTH_KEYS)


def weekday_names() -> frozenset[str]:
    """Every weekday name and abbreviation read, lower case ("monday", "mon", "mittwoch", "среда")."""
    return frozenset(_locale_words(WEEKDAY_KEYS)) | {"mo", "di", "mi", "do", "fr", "sa", "so", "пн", "вт", "ср",
                                                    "чт", "пт", "сб", "вс"}


# A month is any word, checked against the month table (one dict lookup instead of a 300-name alternation).
# English names keep their case (the verb "may"); other languages' names are read in any case.
MONTH = r"(?:%s)\.?" % "|".join(_EN_FORMS)
_WORD = r"(?P<m>[^\W\d_]{3,}\.?)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>\d{4})(?=\D|$|\d{1,2}:\d{2})"  # also "202319:25": a year glued to a time
_FULL_DATES = [
    # 5 March 2020, 5th of March 2020, 1. Februar 2022, 25 марта 2022 года, 16 АВГ 2022, 15 августа, 2023
    re.compile(rf"(?<![\w.])(?P<d>\d{{1,2}})(?:\.|{_ORD})?(?:\s+of)?\s*{_WORD}(?:,?\s*){_YEAR}"),
    # March 5, 2020 / March 5,2020 / March 5 2020 / April 18th 2024
    re.compile(rf"(?<![^\W\d_]){_WORD}\s*(?P<d>\d{{1,2}}){_ORD}(?:,\s*|\s+){_YEAR}"),
    # 2020-03-05, 2020/03/05, 2020.03.05
    re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"),
    # 05.03.2020, 05-03-2020, 05/03/2020 (day first; a slashed date that also reads month first keeps it in alt)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./-])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # 4. 2. 2022 (day first, spaced), 26 | 01 | 2022 (set in boxes: read like a slashed date)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>\.)\s(?P<mo>\d{1,2})\.\s?(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<![\d.|])(?<!\|\s)(?P<d>\d{1,2})\s?(?P<sep>\|)\s?(?P<mo>\d{1,2})\s?\|\s?(?P<y>\d{4})(?!\d|\s?\|)"),
    # 2019年6月24日
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
]
_SHORT_YEAR = re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./])(?P<mo>\d{1,2})(?P=sep)(?P<yy>\d{2})(?![\d])")
_MONTH_DAYS = [
    re.compile(rf"(?<![\w.]){_WORD}\s+(?P<d>\d{{1,2}}){_ORD}\b(?!,?\s*\d{{4}}|\d|:)"),
    re.compile(rf"(?<![\w.])(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_WORD}(?![\w.]*,?\s*\d{{4}})"),
]
_EN_LOWER = {f.lower() for f in _EN_FORMS}
_PROSE_WORDS = {"may", "march"}  # lower case these are verbs, even next to a number and a year
_DIGITS = re.compile(r"\d\d")
_YEAR_DIGITS = re.compile(r"\d{4}")


def _month_word(word: str, english_case: bool = False) -> int | None:
    """The month a word names; with `english_case`, English names count only capitalised ("May", not "may")."""
    bare = word.rstrip(".")
    if english_case and bare.lower() in _EN_LOWER and bare not in _EN_FORMS:
        return None
    return month_table().get(bare.lower())


class DateMatch(NamedTuple):
    """A complete date written in a text, at text[start:end]."""

    start: int
    end: int
    when: date
    alt: date | None = None  # the month-first reading of an ambiguous slashed date (03/07/2025)


def with_year(month: int, day: int, year: int) -> date | None:
    """date(year, month, day) or None when that day does not exist (Feb 29 in a common year)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read(m: re.Match) -> tuple[date | None, date | None]:
    g = m.groupdict()
    year, day = int(g["y"]), int(g["d"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, None
    if not g.get("mo"):
        month = None if g["m"] in _PROSE_WORDS else _month_word(g["m"])
        return (with_year(month, day, year) if month else None), None
    month = int(g["mo"])
    when = with_year(month, day, year)
    if g.get("sep") not in ("/", "|") or m.group(0)[:4] == g["y"]:
        return when, None
    other = with_year(day, month, year)  # 03/07/2025: 3 July, or March 7 in the US
    if when is None:
        return other, None
    return when, (other if other not in (None, when) else None)


def full_dates(text: str, short_year: bool = False) -> list[DateMatch]:
    """Every complete date (with a year) written in `text`, in text order.

    `short_year` also reads "12.02.21" (day, month, two-digit year of the 2000s): only where a
    shape such as an agency dateline says it is a date.
    """
    found: dict[int, DateMatch] = {}
    if not _DIGITS.search(text):
        return []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b, *_ in found.values())

    for pat in _FULL_DATES if _YEAR_DIGITS.search(text) else ():
        for m in pat.finditer(text):
            if free(m.start(), m.end()):
                when, alt = _read(m)
                if when is not None:
                    found[m.start()] = DateMatch(m.start(), m.end(), when, alt)
    if short_year:
        for m in _SHORT_YEAR.finditer(text):
            when = with_year(int(m.group("mo")), int(m.group("d")), 2000 + int(m.group("yy")))
            if when is not None and free(m.start(), m.end()):
                found[m.start()] = DateMatch(m.start(), m.end(), when)
    return [found[k] for k in sorted(found)]


def month_days(text: str) -> list[tuple[int, int, int, int]]:
    """Every "April 3" / "3rd of April" / "25 марта" without a year, as (start, end, month, day), in text order."""
    found = {}
    for pat in _MONTH_DAYS:
        for m in pat.finditer(text):
            month = _month_word(m.group("m"), english_case=True)
            day = int(m.group("d"))
            if month and 1 <= day <= 31 and m.start() not in found:
                found[m.start()] = (m.start(), m.end(), month, day)
    return [found[k] for k in sorted(found)]


def nearest_year(month: int, day: int, anchor: date) -> date | None:
    """The month-day in the year around `anchor` that lies closest to it."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := with_year(month, day, y))]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


_ISO = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?\d{2})?(?:[.,]\d+)?\s*"
                  r"(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?(?!\d)")


def timestamp(value: object) -> tuple[date, bool] | None:
    """(calendar day as written, written in UTC) of a machine timestamp or one written date, else None.

    "2023-11-09T03:28:35Z" is (2023-11-09, True): in New York it was still the 8th.
    "2023-11-08T22:28:35-05:00" and "2023-11-08" are (2023-11-08, False).
    """
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if not isinstance(value, str) or len(value) > 80:
        return None
    m = _ISO.match(value)
    if m:
        when = with_year(int(m.group(2)), int(m.group(3)), int(m.group(1)))
        zone = (m.group(6) or "").replace(":", "")
        utc = m.group(4) is not None and zone in ("Z", "UTC", "GMT", "+00", "+0000", "-0000")
        return (when, utc) if when else None
    s = value.strip()
    if re.fullmatch(r"\d{10}(?:\d{3})?(?:\.\d+)?", s):  # epoch seconds or milliseconds
        secs = float(s) / (1000 if len(s.split(".")[0]) == 13 else 1)
        return datetime.fromtimestamp(secs, tz=timezone.utc).date(), True
    found = full_dates(s)
    if len(found) == 1 and found[0].alt is None:
        return found[0].when, False
    return None


# absolute dates only: a relative "3 days ago" would depend on the day of the build
_DP_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False, "PARSERS": ["custom-formats", "absolute-time"]}
FIELD_LANGUAGES = ("en", "ru", "fr", "de", "es")


def parse_date(value: object, languages: tuple[str, ...] = FIELD_LANGUAGES) -> date | None:
    """A full calendar date from a structured field value (string, number, date), else None.

    A list or an object is not a date (an export's `"date": ["2021-01-01", ...]` says nothing certain).
    """
    if value is None or isinstance(value, (list, tuple, dict, bool)):
        return None
    got = timestamp(value) if not isinstance(value, (int, float)) else timestamp(str(value))
    if got:
        return got[0]
    s = str(value).strip()
    if not s or len(s) > 80:
        return None
    import dateparser

    parsed = dateparser.parse(s, languages=list(languages), settings=_DP_SETTINGS)
    return parsed.date() if parsed else None


def plausible(when: date, today: date) -> bool:
    """A publication date can be true: not before 1900, not after the day after `today`."""
    return EARLIEST_PUBLISHED <= when <= today + timedelta(days=1)
