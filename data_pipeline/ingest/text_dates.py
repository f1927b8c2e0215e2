"""Publication-date candidates of a plain text: a stamp at its top (else its end) and its dateline.

The top is everything before the body and its first paragraphs; the end is what follows its last
paragraphs (a sign-off "12 March 2023", "14.07.2017 17:15 / Views: 87"). The end counts only without
a stamp at the top: related items and "other materials" lists gather there. A dateline's month-day
("Hanoi, March 12 (VNA)") settles an ambiguous "12/03/2024" stamp; alone it is no date.
"""
from __future__ import annotations

from data_pipeline.ingest.date_lines import dateline, dateline_date, stamps
from data_pipeline.ingest.published import Candidate


def _first_stamp(lines: list[str]) -> list[Candidate]:
    """The dates of the first line that is a stamp with a publication date."""
    for line in lines:
        got = stamps(line)
        if any(s.kind == "published" for s in got):
            return [Candidate(s.match.when, "text", s.kind, "strong", line[:80], alt=s.match.alt) for s in got]
    return []


def opening_dateline(opening: list[str]) -> tuple[Candidate | None, tuple[int, int] | None]:
    """(a candidate for a dateline with a year, the dateline's month and day) of the first dateline in `opening`."""
    for paragraph in opening:
        src, when = dateline(paragraph)
        if src and when:
            got = dateline_date(when)
            full = Candidate(got.full.when, "dateline", "published", "strong", paragraph[:80]) if got.full else None
            return full, got.month_day
    return None, None


def resolve_by_month_day(cands: list[Candidate], month_day: tuple[int, int] | None) -> list[Candidate]:
    """An ambiguous 12/03/2024 takes the reading whose month and day the dateline states."""
    if month_day is None:
        return cands
    out = []
    for c in cands:
        reading = next((r for r in (c.when, c.alt) if c.alt and (r.month, r.day) == month_day), None)
        out.append(Candidate(reading, c.source, c.kind, c.strength, c.detail, c.utc) if reading else c)
    return out


def text_candidates(top: list[str], bottom: list[str], opening: list[str]) -> tuple[list[Candidate], tuple | None]:
    """(candidates, the dateline's month-day) of a plain text.

    `top`: lines before the body and its first paragraphs, nearest the headline first; `bottom`: lines
    after its last paragraphs; `opening`: its first paragraphs, where a dateline stands.
    """
    found = _first_stamp(top) or _first_stamp(bottom)
    full, month_day = opening_dateline(opening)
    if full:
        found.append(full)
    return resolve_by_month_day(found, month_day), month_day
