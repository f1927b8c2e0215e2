"""Publication dates: header line, structured field, dateline, date stamp, or inferred — never a guess.

`date_source` values: `header` (the ` date YYYY-MM-DD ` line of a text file, or a structured date field /
page metadata of JSON, CSV and HTML), `dateline` ("YEREVAN, AUGUST 11, 2021, ARMENPRESS."; a dateline
without a year takes it from a date stamp of the same article), `text` (a date stamp line such as
"Sat 21st November 2020 | 02:56 PM"), `inferred` (a year derived from an anniversary and a dated fact in
config/facts.yaml, plus a month and day stated in the text), `none`. A month and day without a
determinable year ("April 3") is not a publication date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR

HEADER_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*\n?")
DEFAULT_FACTS = CONFIG_DIR / "facts.yaml"

_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]
_MONTH_FORMS = sorted({f for m in _MONTH_NAMES for f in (m, m.upper(), m[:3], m[:3].upper())}
                      | {"Sept", "SEPT"}, key=len, reverse=True)
MONTH = r"(?:%s)\.?" % "|".join(_MONTH_FORMS)
_ORD = r"(?:st|nd|rd|th)?"
# Dates written in running text. Each match is already split into day, month and year, so it is
# converted directly; dateparser reads the free-form values of structured fields (parse_date).
_FULL_DATES = [
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m>{MONTH}),?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})\b"),
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})\b"),
]
_MONTH_DAYS = [
    re.compile(rf"\b(?P<m>{MONTH})\s+(?P<d>\d{{1,2}}){_ORD}\b(?!,?\s*\d{{4}}|\d|:)"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<m>{MONTH})(?![\w.]*,?\s*\d{{4}})"),
]
# absolute dates only: a relative "3 days ago" would depend on the day of the build
_DP_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                "RETURN_AS_TIMEZONE_AWARE": False, "PARSERS": ["custom-formats", "absolute-time"]}
FIELD_LANGUAGES = ("en", "ru", "fr", "de", "es")


MIN_YEAR, MAX_YEAR = 1800, 2200  # a "date" outside these years in running text is a number, not a date


class BadDate(ValueError):
    """The header holds a date that does not exist (e.g. 2021-02-30)."""


def split_header(raw: str) -> tuple[date | None, str]:
    """Return (header date or None, body without the header).

    Raises BadDate when the header is present but the date is impossible.
    """
    m = HEADER_RE.match(raw)
    if not m:
        return None, raw
    y, mo, d = (int(g) for g in m.groups())
    try:
        when = date(y, mo, d)
    except ValueError as exc:
        raise BadDate(f"{m.group(1)}-{m.group(2)}-{m.group(3)}: {exc}") from None
    return when, raw[m.end():]


def parse_date(value: object, languages: tuple[str, ...] = ("en",)) -> date | None:
    """A full calendar date (day, month and year) from a field value or date string, else None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()  # datetime → date
    s = str(value).strip()
    if not s:
        return None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", s)
    if iso:
        try:
            return date(*(int(g) for g in iso.groups()))
        except ValueError:
            return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", s):  # epoch seconds or milliseconds
        import datetime as _dt

        secs = float(s) / (1000 if len(s.split(".")[0]) > 10 else 1)
        return _dt.datetime.fromtimestamp(secs, tz=_dt.timezone.utc).date()
    import dateparser

    got = dateparser.parse(s, languages=list(languages), settings=_DP_SETTINGS)
    return got.date() if got else None


def full_dates(text: str) -> list[tuple[int, int, date]]:
    """Every complete date (with a year) written in `text`, as (start, end, date), in text order."""
    found: dict[int, tuple[int, int, date]] = {}
    for pat in _FULL_DATES:
        for m in pat.finditer(text):
            if any(s <= m.start() < e for s, e, _ in found.values()):
                continue
            groups = m.groupdict()
            month = int(groups["mo"]) if groups.get("mo") else _month_number(groups["m"])
            year = int(groups["y"])
            when = with_year(month, int(groups["d"]), year) if month and MIN_YEAR <= year <= MAX_YEAR else None
            if when is not None:
                found[m.start()] = (m.start(), m.end(), when)
    return [found[k] for k in sorted(found)]


def month_days(text: str) -> list[tuple[int, int, int, int]]:
    """Every "April 3" / "3rd of April" without a year, as (start, end, month, day), in text order."""
    found = {}
    for pat in _MONTH_DAYS:
        for m in pat.finditer(text):
            month = _month_number(m.group("m"))
            day = int(m.group("d"))
            if month and 1 <= day <= 31 and m.start() not in found:
                found[m.start()] = (m.start(), m.end(), month, day)
    return [found[k] for k in sorted(found)]


def _month_number(name: str) -> int | None:
    key = name.rstrip(".")[:3].lower()
    for i, m in enumerate(_MONTH_NAMES, 1):
        if m[:3].lower() == key:
            return i
    return None


def with_year(month: int, day: int, year: int) -> date | None:
    """date(year, month, day) or None when that day does not exist (Feb 29 in a common year)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, anchor: date) -> date | None:
    """The month-day in the year around `anchor` (a date stamp) that lies closest to it."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := with_year(month, day, y))]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


# ----- inference from anniversaries ---------------------------------------------------------------

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


@dataclass
class DateEvidence:
    """Everything an article offers towards its publication date."""

    header: date | None = None
    field: object = None  # raw structured value (string/number/date)
    dateline: str | None = None  # the date part of a dateline, with or without a year
    stamps: tuple[date, ...] = ()
    text: str = ""


def publication_date(ev: DateEvidence, facts: tuple[Fact, ...] = ()) -> tuple[date | None, str]:
    """(published, date_source), taking the first source that applies; (None, "none") otherwise."""
    if ev.header:
        return ev.header, "header"
    field = parse_date(ev.field, FIELD_LANGUAGES)
    if field:
        return field, "header"
    if ev.dateline:
        full = full_dates(ev.dateline)
        if full:
            return full[0][2], "dateline"
        md = month_days(ev.dateline)
        if md and ev.stamps:
            when = nearest_year(md[0][2], md[0][3], ev.stamps[0])
            if when:
                return when, "dateline"
    if ev.stamps:
        return ev.stamps[0], "text"
    inferred = infer_from_anniversary(ev.text, facts) if facts else None
    if inferred:
        return inferred, "inferred"
    return None, "none"
