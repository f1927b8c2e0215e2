"""What a page says about what it shows and leaves out: the active filters in words, why a result is empty,
how undated items are counted (pure functions; pages show the text)."""
from __future__ import annotations

from .filters import Filters
from .labels import kind, plural, status

MEETING_FIELDS = ("kinds", "statuses", "places")


def active(f: Filters) -> list[str]:
    """The active filters as short phrases ("dates 2024-01-01 – 2024-02-01", "2 people", "kind: phone call")."""
    parts = []
    if f.dated():
        parts.append(f"dates {f.start or '…'} – {f.end or '…'}")
    counts = (("people", "person", "people"), ("orgs", "organisation", None), ("countries", "country", "countries"),
              ("topics", "topic", None), ("sources", "source", None))
    for field, one, many in counts:
        if getattr(f, field):
            parts.append(plural(len(getattr(f, field)), one, many))
    if f.kinds:
        parts.append("kind: " + ", ".join(kind(k) for k in f.kinds))
    if f.statuses:
        parts.append("status: " + ", ".join(status(s) for s in f.statuses))
    if f.places:
        parts.append("place: " + ", ".join(f.places))
    if f.min_confidence > 0:
        parts.append(f"confidence ≥ {f.min_confidence:.2f}")
    return parts


def meeting_filters_on_articles(f: Filters) -> str | None:
    """Why article counts shrink under a meeting filter (kind, status, place, confidence), or None."""
    if any(getattr(f, x) for x in MEETING_FIELDS) or f.min_confidence > 0:
        return ("Meeting filters (kind, status, place, confidence) apply to articles too: only articles that "
                "report such a meeting are counted.")
    return None


def undated_meetings(ev: dict, f: Filters) -> str | None:
    """How the meeting events without a stated date are counted, or None when there are none."""
    undated = ev.get("reported", 0) + ev.get("undrawable", 0)
    if not undated:
        return None
    how = ("placed by the date they were reported" if not f.dated() else
           "counted under the date range by the date they were reported" if f.undated_meetings else "")
    text = f"{plural(undated, 'meeting event')} without a stated date"
    return f"{text}: {how}." if how else f"{text}."


def overview(f: Filters, counts: dict, ev: dict) -> list[str]:
    """The Overview's notes on what its numbers count."""
    lines = [x for x in (meeting_filters_on_articles(f), undated_meetings(ev, f)) if x]
    if f.dated():
        lines.append("Date range: articles by publication date, meetings by their stated date"
                     + ("; articles without a publication date are kept." if f.undated_articles else
                        "; articles without a publication date are left out."))
    return lines


def no_articles(f: Filters) -> str:
    """Why no article matches, naming the filters to loosen."""
    on = active(f)
    text = "No article matches the filters" + (f" ({'; '.join(on)})" if on else "") + "."
    if meeting_filters_on_articles(f):
        text += " Meeting filters keep only articles reporting such a meeting."
    return text + " Widen the date range or remove a filter in the sidebar."


def no_events(f: Filters) -> str:
    """Why no meeting event matches, naming the filters to loosen."""
    on = active(f)
    text = "No meeting event matches the filters" + (f" ({'; '.join(on)})" if on else "") + "."
    if f.dated() and not f.undated_meetings:
        text += " Meetings without a stated date are left out of the date range (see the sidebar switch)."
    return text + " Remove a person, kind or status filter, or lower the minimum confidence."


def network_size(total: int, limit: int, drawn: int) -> str:
    """What the network draws of the `total` people with meeting events: all, or those of the `limit` busiest who
    met another of them (a busy person whose every partner is outside the `limit` has no line, so is left out)."""
    if limit >= total:
        return ""
    if drawn == limit:
        return f" (the network shows the {limit} busiest)"
    return (f" (the network shows {plural(drawn, 'person', 'people')}: those of the {limit} busiest who met "
            "another of them)")
