"""Date one record: gather the candidates of every source it offers, decide, fall back on anniversaries.

Sources by record kind: a text file's ` date ` header; an export's date field and URL; a saved page's
markup, URL and visible date line (page_dates.py), or the markup of an HTML body inside an export;
and for every record the stamps and dateline of its cleaned text (text_dates.py).
"""
from __future__ import annotations

from datetime import date

from data_pipeline.ingest import clean
from data_pipeline.ingest.anniversaries import Fact, infer_from_anniversary, infer_from_text, load_facts
from data_pipeline.ingest.page_dates import page_candidates, url_date
from data_pipeline.ingest.published import Candidate, Decision, decide
from data_pipeline.ingest.text_dates import text_candidates
from data_pipeline.lexicon.dates import parse_date, plausible

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
OPENING_PARAGRAPHS = 3  # the body's first paragraphs: where a dateline or a stamp under a lead stands
CLOSING_PARAGRAPHS = 2  # the body's last paragraphs: where a sign-off date stands


def _positions(lines: list[clean.Line], body: list[clean.Line]) -> list[int]:
    """Where each body line stands among all lines (the body is a subsequence of them)."""
    out, i = [], 0
    for line in body:
        while i < len(lines) and lines[i] != line:
            i += 1
        out.append(min(i, len(lines) - 1))
        i += 1
    return out


def text_regions(raw: str, body: list[clean.Line], title: str | None,
                 lines: list[clean.Line] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(top lines, nearest the headline first; bottom lines; opening paragraphs) of a text.

    Read from all its lines, page chrome included: a stamp such as "14.01.2022, 16:41" has no letter
    and is dropped as clutter from the body. `lines`: `clean.to_lines(raw)`, when the caller has it already.
    """
    lines = clean.to_lines(raw) if lines is None else lines
    at = _positions(lines, body)
    top_end = at[OPENING_PARAGRAPHS] if len(at) > OPENING_PARAGRAPHS else len(lines)
    bottom_start = at[-CLOSING_PARAGRAPHS] if len(at) >= CLOSING_PARAGRAPHS else (at[0] if at else 0)
    top = [ln.text for ln in lines[:top_end]]
    head = next((i for i, s in enumerate(top) if title and s == title.strip()), None)
    if head is not None:
        top = top[head + 1:] + top[:head][::-1]
    return top, [ln.text for ln in lines[bottom_start:]], [ln.text for ln in body[:OPENING_PARAGRAPHS]]


def record_candidates(kind: str, header: date | None, fields: dict, html: str | None, raw: str,
                      body: list[clean.Line], title: str | None, lines: list[clean.Line] | None = None
                      ) -> tuple[list[Candidate], tuple | None, list[str]]:
    """Every candidate a record offers, its dateline's month-day, and notes on what could not be read (`lines`:
    `clean.to_lines(raw)`, when the caller has it)."""
    cands: list[Candidate] = []
    notes: list[str] = []
    if header is not None:
        cands.append(Candidate(header, "header", detail="date header line"))
    value = fields.get("published")
    if kind == "html":  # a saved page: trafilatura's date is htmldate's reading of the markup (none: none found)
        answer = value if isinstance(value, str) else None
        cands += page_candidates(html or "", htmldate_answer=answer, with_htmldate=answer is not None)
    else:
        when = parse_date(value)
        if when is not None:
            cands.append(Candidate(when, "header", detail=f"date field {str(value)[:40]}"))
        elif isinstance(value, list):
            notes.append(f"date field holds a list, not read: {str(value)[:60]}")
        if html:  # an export's body with markup
            cands += page_candidates(html, htmldate_answer=None, with_htmldate=False)
        when = url_date(str(fields.get("url") or ""))
        if when is not None:
            cands.append(Candidate(when, "url", detail=str(fields.get("url"))[:100]))
    found, month_day = text_candidates(*text_regions(raw, body, title, lines))
    if kind != "html":
        cands += found
    return cands, month_day, notes


def date_record(kind: str, header: date | None, fields: dict, html: str | None, raw: str, text: str,
                body: list[clean.Line], title: str | None, today: date | None = None,
                facts: tuple[Fact, ...] | None = None, lines: list[clean.Line] | None = None) -> Decision:
    """The publication-date decision for one record (`text` is its cleaned body; `facts`: None for
    config/facts.yaml; `lines`: `clean.to_lines(raw)`, when the caller has it)."""
    today = today or date.today()
    cands, month_day, notes = record_candidates(kind, header, fields, html, raw, body, title, lines)
    decision = decide(cands, today)
    if notes:
        decision = Decision(decision.when, decision.source, " | ".join(filter(None, [decision.evidence, *notes])),
                            decision.warnings)
    if decision.when is not None or any(c.kind == "published" for c in cands):
        return decision
    inferred = infer_from_text(text, month_day) or infer_from_anniversary(text, load_facts() if facts is None else facts)
    if inferred is not None and plausible(inferred, today):
        return Decision(inferred, "inferred", f"inferred {inferred.isoformat()}: an anniversary the text counts"
                        + (f", on the dateline's {_MONTHS[month_day[0] - 1]} {month_day[1]}" if month_day else ""),
                        decision.warnings)
    if month_day and not decision.evidence:
        return Decision(None, "none", f"dateline {_MONTHS[month_day[0] - 1]} {month_day[1]} without a year",
                        decision.warnings)
    return decision
