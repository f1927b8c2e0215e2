"""Dates of restated meetings: a later mention of a meeting already dated in the article takes its date.

"X and Y met on Friday. ... During the meeting, the sides discussed ..." states the meeting twice; the
second statement gives no date of its own but means the same meeting, so it takes the date of the last
dated statement of the same pair and kind before it. A headline ("Readout of X's meeting with Y") comes
before the dated statement it sums up, and takes that date when the article gives the pair only one.
A statement that names a time that is not one day ("last year") keeps no date.
"""
from __future__ import annotations

import re
from typing import Callable

IN_PERSON = {"meeting", "talks", "visit"}
_AGAIN = re.compile(r"\b(?:again|another|second|next|previous|last)\b", re.I)


def _group(kind: str) -> str:
    return "in-person" if kind in IN_PERSON else kind


def inherit_dates(rows: list[dict], key: Callable[[int], str]) -> None:
    """Fill the `date` of undated held rows from the same pair's dated held rows, in place.

    `rows` are in text order, with internal `_vague` and `_headline` flags (removed here); `key(mention
    index)` names one person's mentions alike ("Tavares", "Ana Tavares").
    """
    def who(row: dict) -> tuple:
        return frozenset((key(row["a"]), key(row["b"]))), _group(row["kind"])

    for n, row in enumerate(rows):
        if row["date"] or row["status"] != "held" or row["_vague"] or _AGAIN.search(row["evidence"]):
            continue  # "met again": another meeting
        same = [(m, r) for m, r in enumerate(rows) if r["date"] and r["status"] == "held" and who(r) == who(row)]
        before = [r for m, r in same if m < n]
        if before:
            row["date"], row["date_source"] = before[-1]["date"], "text"
        elif row["_headline"] and len({r["date"] for _, r in same}) == 1:
            row["date"], row["date_source"] = same[0][1]["date"], "text"
    for row in rows:
        row.pop("_vague", None)
        row.pop("_headline", None)
