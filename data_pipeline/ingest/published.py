"""Publication dates: every source an article offers, then agreement — or unknown, never a guess.

Each source becomes a Candidate: a date, where it was seen (its `date_source`), whether it dates the
publication or an update (`kind`), and how far a source of its kind is trusted alone (`strength`):
- strong: the ` date YYYY-MM-DD ` header of a text file or the date field of an export (`header`);
  JSON-LD `datePublished` (`html-jsonld`); an Open Graph / `article:published_time` meta tag (`html-meta`);
  a `<time>` marked as the publication time (`html-time`); a date in the article's URL (`url`); a stamp
  line by the headline, at the top of a text or, without one, at its end (`text`); a dateline with a
  year (`dateline`);
- medium: htmldate's reading of the markup, a vague `<meta name="date">`, an unmarked `<time>` or a
  date line by the headline that is not shaped as a stamp: they decide only when no strong candidate
  exists, and then only when two independent ones agree;
- weak: a stamp elsewhere on a page: corroboration only.

`decide` drops dates outside the plausible window (1900 to the day after the build: 0001-01-01 and
9999-12-31 are placeholders) with a warning, reads an ambiguous 03/07/2025 the way another candidate
confirms, and then: strong candidates more than a day apart (or two independent medium ones against a
strong one) make the date unknown, both recorded in the evidence — unless only the markup disagrees with
itself (JSON-LD against meta tags) and the page's other sources agree with one of its readings; otherwise
the day the candidates agree on wins, a day written in local time before a UTC timestamp (23:30 in New
York is the next day in UTC). An update date is never the publication date. Without any candidate, an anniversary the text
counts may date it (`inferred`, see anniversaries.py). A month-day without a year ("April 3") is never
a publication date, and the day and month of one line are never joined to the year of another.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from data_pipeline.lexicon.dates import plausible

HEADER_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*\n?")
# date_source values; for the day itself, the first is trusted most (a visible local date before a UTC timestamp)
SOURCES = ("header", "dateline", "text", "html-time", "html-jsonld", "html-meta", "url", "inferred")
_RANK = {s: i for i, s in enumerate(SOURCES)} | {"htmldate": len(SOURCES)}
_WEIGHT = {"strong": 1.0, "medium": 0.5, "weak": 0.25}
_HTMLDATE_WEIGHT = 0.3  # htmldate reads the page's meta tags: with them it adds no vote
MIN_SOURCES_WITHOUT_STRONG = 2  # medium and weak readings decide only when two independent sources agree
MAX_EVIDENCE_CHARS = 400
MARKUP_SOURCES = ("html-jsonld", "html-meta")  # machine-readable fields a CMS fills, often from one record


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


@dataclass(frozen=True)
class Candidate:
    """One date an article offers for its publication (or update)."""

    when: date
    source: str  # a date_source value, or "htmldate"
    kind: str = "published"  # "published" or "modified"
    strength: str = "strong"  # "strong", "medium" or "weak"
    detail: str = ""  # what was seen: "datePublished 2020-01-03T09:48:24Z", the stamp line, the URL
    utc: bool = False  # a timestamp written in UTC: the local calendar day may be another
    alt: date | None = None  # the month-first reading of an ambiguous slashed date


@dataclass(frozen=True)
class Decision:
    """The publication date (or None), its date_source, the evidence seen, and warnings worth a log line."""

    when: date | None
    source: str
    evidence: str
    warnings: tuple[str, ...] = ()


def _describe(c: Candidate) -> str:
    label = c.source + ("" if c.strength == "strong" else "?")
    return f"{label} {c.when.isoformat()}" + (f" ({c.detail})" if c.detail else "")


def _evidence(head: str, cands: list[Candidate], implausible: list[Candidate]) -> str:
    """One line for the reader: why unknown, then what was seen for the publication and for updates."""
    parts = [head] if head else []
    for label, seen in (("seen", [c for c in cands if c.kind == "published"]),
                        ("updated", [c for c in cands if c.kind == "modified"]), ("implausible", implausible)):
        if seen:
            parts.append(f"{label}: " + "; ".join(_describe(c) for c in seen))
    text = " | ".join(parts)
    return text if len(text) <= MAX_EVIDENCE_CHARS else text[:MAX_EVIDENCE_CHARS - 1] + "…"


def _resolve_ambiguous(cands: list[Candidate]) -> list[Candidate]:
    """An ambiguous 03/07/2025 takes the reading another candidate confirms (within a day), else is dropped."""
    sure = [c.when for c in cands if c.alt is None and c.kind == "published"]
    out = []
    for c in cands:
        if c.alt is None:
            out.append(c)
            continue
        reading = next((r for r in (c.when, c.alt) if any(abs((r - s).days) <= 1 for s in sure)), None)
        if reading is not None:
            out.append(Candidate(reading, c.source, c.kind, c.strength, c.detail, c.utc))
    return out


def _spread(cands: list[Candidate]) -> int:
    days = [c.when for c in cands]
    return (max(days) - min(days)).days if days else 0


def _independent(cands: list[Candidate]) -> int:
    """How many independent sources the candidates are (htmldate re-reads the meta tags: one with them)."""
    return len({"html-meta" if c.source == "htmldate" else c.source for c in cands})


def _choose(pool: list[Candidate]) -> Candidate:
    """A candidate of the day the pool agrees on most: local days before UTC ones, then by source rank."""
    if any(c.source in ("html-meta", "html-jsonld") for c in pool):
        pool = [c for c in pool if c.source != "htmldate"]
    local = [c for c in pool if not c.utc and c.source != "htmldate"]
    voters = local + [c for c in pool if c.source == "htmldate"] if local else pool
    votes: Counter = Counter()
    for c in voters:
        votes[c.when] += _HTMLDATE_WEIGHT if c.source == "htmldate" else _WEIGHT[c.strength]
    return min(voters, key=lambda c: (-votes[c.when], c.utc, _RANK[c.source], c.strength != "strong"))


def _settle_markup(strong: list[Candidate]) -> tuple[list[Candidate], str]:
    """(strong candidates, a note): when only the page's markup (JSON-LD against meta tags) disagrees with
    itself and every other strong source (the visible date line, the <time>, the URL) agrees with one of
    its readings, the other readings are set aside; else the candidates as they are."""
    markup = [c for c in strong if c.source in MARKUP_SOURCES]
    other = [c for c in strong if c.source not in MARKUP_SOURCES]
    if not other or _spread(other) > 1 or _spread(markup) <= 1:
        return strong, ""
    near = [c for c in markup if all(abs((c.when - o.when).days) <= 1 for o in other)]
    aside = [c for c in markup if c not in near]
    if not near:
        return strong, ""
    return other + near, (f"{aside[0].source} {aside[0].when} set aside: the markup disagrees with itself and the "
                          f"page shows {other[0].when}")


def _warnings(implausible: list[Candidate]) -> tuple[str, ...]:
    return tuple(f"implausible publication date {c.when.isoformat()} ({c.source}) treated as unknown"
                 for c in implausible)


def _unknown(why: str, cands: list[Candidate], implausible: list[Candidate]) -> Decision:
    return Decision(None, "none", _evidence(f"unknown: {why}" if why else "", cands, implausible),
                    _warnings(implausible))


def decide(cands: list[Candidate], today: date) -> Decision:
    """The publication date the candidates agree on, or None with the disagreement recorded."""
    implausible = [c for c in cands if c.kind == "published" and not plausible(c.when, today)]
    cands = _resolve_ambiguous([c for c in cands if plausible(c.when, today)])
    published = [c for c in cands if c.kind == "published"]
    strong = [c for c in published if c.strength == "strong"]
    if not strong:  # a weaker reading of a day the page calls an update is no publication date
        updated = {c.when for c in cands if c.kind == "modified"}
        published = [c for c in published if c.when not in updated]
    medium = [c for c in published if c.strength == "medium"]
    strong, note = _settle_markup(strong)
    core = strong or medium
    if not core:
        return _unknown("", cands, implausible)
    if _spread(core) > 1:
        lo, hi = min(core, key=lambda c: c.when), max(core, key=lambda c: c.when)
        return _unknown(f"{lo.source} {lo.when} and {hi.source} {hi.when} disagree", cands, implausible)
    against = [c for c in medium if strong and min(abs((c.when - s.when).days) for s in strong) > 1]
    if _independent(against) >= 2 and _spread(against) <= 1:
        return _unknown(f"{strong[0].source} {strong[0].when} and {against[0].source} {against[0].when} disagree",
                        cands, implausible)
    first, last = min(c.when for c in core), max(c.when for c in core)
    near = [c for c in medium if c not in core and (first - c.when).days <= 1 and (c.when - last).days <= 1]
    best = _choose(core + near)
    same_day = [c for c in published if c.when == best.when]
    if not strong and _independent(same_day) < MIN_SOURCES_WITHOUT_STRONG:
        return _unknown("only " + ", ".join(sorted({c.source for c in same_day})) + " without corroboration",
                        cands, implausible)
    named = [c for c in same_day if c.source != "htmldate" and c.strength != "weak"] or \
        [c for c in same_day if c.source != "htmldate"]
    source = min(named, key=lambda c: _RANK[c.source]).source if named else "html-meta"  # htmldate reads markup
    return Decision(best.when, source, _evidence(note, cands, implausible), _warnings(implausible))
