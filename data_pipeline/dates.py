"""Publication-date parsing: the ` date YYYY-MM-DD ` header of plain-text articles."""
from __future__ import annotations

import re
from datetime import date

HEADER_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*\n?")


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
