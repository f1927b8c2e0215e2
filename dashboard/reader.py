"""Article reader: clean text with entity mentions highlighted from char offsets; every text segment escaped."""
from __future__ import annotations

import html
import re
from typing import Iterable

from . import labels, palette

COLOURS = palette.ENTITY_TYPES
EVIDENCE_COLOUR = "#fecaca"
HEADLINE_CHARS = 110
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“«(])|\n")


def headline(title: str | None, text: str | None) -> tuple[str, bool]:
    """(what heads the article, whether it was derived): its title, else its first sentence (clipped at a word,
    with an ellipsis), else "Untitled article"."""
    if not labels.is_missing(title):
        return " ".join(str(title).split()), False
    body = "" if labels.is_missing(text) else str(text).strip()
    if not body:
        return "Untitled article", True
    first = _SENTENCE_END.split(body, maxsplit=1)[0].strip()
    if len(first) > HEADLINE_CHARS:
        first = first[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return " ".join(first.split()), True


def spans(mentions: Iterable[dict], length: int) -> list[dict]:
    """Mentions clipped to the text, sorted, overlaps dropped (the earlier, then longer, span wins)."""
    out: list[dict] = []
    end = 0
    for m in sorted(mentions, key=lambda m: (int(m["start"]), -int(m["end"]))):
        s, e = max(int(m["start"]), 0), min(int(m["end"]), length)
        if s >= e or s < end:
            continue
        out.append({**m, "start": s, "end": e})
        end = e
    return out


def highlight(text: str, mentions: Iterable[dict], evidence: Iterable[tuple[int, int]] = ()) -> str:
    """HTML for `text` with each mention wrapped in <mark> (title = entity name and type).

    Sentences in `evidence` (start, end) are underlined. Every piece of article text and every name is
    HTML-escaped, so the result carries no markup from the data.
    """
    text = text or ""
    marks = spans(mentions, len(text))
    underline = sorted((max(int(s), 0), min(int(e), len(text))) for s, e in evidence)
    bounds = sorted({0, len(text)} | {m["start"] for m in marks} | {m["end"] for m in marks}
                    | {b for se in underline for b in se})
    starts = {m["start"]: m for m in marks}
    parts: list[str] = []
    open_mark = None
    for lo, hi in zip(bounds, bounds[1:]):
        if lo in starts:
            open_mark = starts[lo]
        seg = html.escape(text[lo:hi])
        if any(s <= lo and hi <= e for s, e in underline):
            seg = f'<u style="text-decoration-color:{EVIDENCE_COLOUR};text-decoration-thickness:3px">{seg}</u>'
        if open_mark is not None and open_mark["start"] <= lo and hi <= open_mark["end"]:
            kind = str(open_mark.get("type") or "")
            what = labels.entity_type(kind) if kind else "not resolved"
            label = html.escape(f"{open_mark.get('name') or open_mark.get('text') or ''} · {what}", quote=True)
            colour = palette.entity_type(kind)
            seg = f'<mark title="{label}" style="background:{colour};padding:0 2px;border-radius:3px">{seg}</mark>'
        if open_mark is not None and hi >= open_mark["end"]:
            open_mark = None
        parts.append(seg)
    return ('<div class="article-text" style="white-space:pre-wrap;line-height:1.6;font-family:serif;'
            'font-size:1.05rem">' + "".join(parts) + "</div>")


def legend() -> str:
    """A small colour key for the entity types, in words."""
    items = "".join(f'<mark style="background:{c};padding:0 4px;margin-right:6px">{html.escape(labels.entity_type(t))}</mark>'
                    for t, c in COLOURS.items())
    underline = (f'<u style="text-decoration-color:{EVIDENCE_COLOUR};text-decoration-thickness:3px">'
                 'sentence reporting a meeting</u>')
    return f"<div>{items}{underline}</div>"
