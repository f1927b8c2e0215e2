"""Clean article bodies: web-page clutter out, every real paragraph kept.

Plain text goes through a line-level filter:
1. clutter lines are dropped anywhere: known navigation/toggle/ad phrases ("Skip to main content",
   "Advertisement", "On", "Read more", "Следующая новость", ...), cookie notices, machine-translation
   credits, and lines without a single letter ("8", "***");
2. the page *edges* — lines before the first and after the last real paragraph — hold headlines,
   bylines, credits and site chrome: they are handed to `metadata` and never kept in the body;
3. between the edges everything stays. A real paragraph is a line of at least MIN_SENTENCE_WORDS
   words ending like a sentence, or a long line, in the article's language.
Hard-wrapped text is unwrapped first so a wrapped paragraph is judged as one line.
HTML goes through trafilatura first, then through the same filter.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MIN_SENTENCE_WORDS = 4
LONG_LINE_WORDS = 20
TERMINAL = tuple(".!?…\"”»'’):;")

# Whole-line phrases that are page chrome in any position (case-insensitive, trailing punctuation ignored).
CLUTTER_PHRASES = [
    r"skip to (?:the )?(?:main )?content", r"skip navigation", r"jump to navigation", r"main menu", r"menu",
    r"advertisement", r"advertising", r"ads?", r"sponsored(?: content)?", r"promoted",
    r"live(?: broadcast| stream| updates| tv)?", r"breaking(?: news)?",
    r"read (?:more|also|next)", r"see also", r"related(?: articles| news| stories| content)?",
    r"more (?:news|stories|on this)", r"recommended", r"most (?:read|popular|viewed)", r"latest news", r"all news",
    r"top stories", r"trending", r"share(?: this(?: article| story)?| on \w+)?", r"tweet", r"e-?mail", r"print",
    r"copy link", r"comments?(?: \(\d+\))?", r"leave a comment", r"back to top", r"scroll to top",
    r"(?:next|previous|prev) (?:article|news|story|post|page)", r"next", r"previous", r"close", r"search",
    r"subscribe(?: now| to our newsletter)?", r"sign (?:in|up)", r"log ?in", r"register", r"follow us(?: on .*)?",
    r"select important", r"on", r"off", r"show more", r"load more", r"listen(?: to (?:this )?article)?",
    r"photo", r"video", r"audio", r"gallery", r"tags?(?::.*)?", r"topics?:", r"home", r"accept(?: all)?(?: cookies)?",
    r"(?:photo|image|picture|video|illustration|credit)s?(?: credit)?\s*:.{0,80}", r"all rights reserved.*",
    r"click here\b.{0,80}", r"thanks? (?:you )?for reading.{0,40}",
    r"(?:sign up|subscribe)(?: now)?(?: for| to)?(?: our| the)?(?: free)?(?: daily| weekly)? newsletters?.{0,60}",
    # the same chrome in Russian, the most common second language of the sources here
    r"следующая новость", r"предыдущая новость", r"читайте также", r"реклама", r"все новости",
    r"главное", r"поделиться", r"прямой эфир", r"подписывайтесь.*", r"смотрите также",
]
_PHRASE = re.compile(r"^(?:%s)[\s.:!|•·»›>-]*$" % "|".join(CLUTTER_PHRASES), re.IGNORECASE)
_COOKIE = re.compile(r"\bcookies?\b|cookie-|\bкуки\b|файл\w* cookie", re.IGNORECASE)
_TRANSLATION_CREDIT = re.compile(
    r"^(?:\(?(?:machine[- ])?translated (?:by|with|using|from)\b|translation(?: by|:)"
    r"|переведено (?:сервисом|с помощью)|перевод(?::| выполнен)|übersetzt (?:von|mit|durch)"
    r"|traduit (?:par|avec)|traducido (?:por|con)|tradotto (?:da|con))", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
MAX_NOTICE_WORDS = 80


@dataclass(frozen=True)
class Line:
    """One non-blank line of a body and the blank-line-separated block it belongs to."""

    text: str
    block: int


_WORD = re.compile(r"[^\W_]")
WORD_CAP = 200


@lru_cache(maxsize=1024)
def word_count(line: str, cap: int = WORD_CAP) -> int:
    """Whitespace-separated tokens that contain a letter or digit, counted up to `cap` (rules need no more).

    Memoised: the rules count each line of an article ~7 times over (clutter, prose, body, metadata, repeats)."""
    n = 0
    for tok in line.split():  # the same tokens as \S+ (both split on str.isspace characters)
        if tok.isalnum() or _WORD.search(tok):
            n += 1
            if n >= cap:
                break
    return n


def is_clutter(line: str) -> bool:
    """True for a line that is page chrome wherever it stands (nav, toggles, ads, cookie/translation notices)."""
    s = line.strip()
    if not _LETTER.search(s):
        return True
    if _PHRASE.match(s):
        return True
    words = word_count(s)
    if words <= MAX_NOTICE_WORDS and _COOKIE.search(s):
        return True
    return words <= 15 and bool(_TRANSLATION_CREDIT.match(s))


def is_sentence_like(line: str) -> bool:
    """A line shaped like a real paragraph: a full sentence, or long enough to be prose."""
    s = line.strip()
    words = word_count(s)
    return words >= LONG_LINE_WORDS or (words >= MIN_SENTENCE_WORDS and s.endswith(TERMINAL))


def _wrapped(blocks: list[list[str]]) -> bool:
    """True when lines look hard-wrapped at a fixed width (most inner lines 40–100 chars, unpunctuated)."""
    inner = [ln for b in blocks for ln in b[:-1]]
    if len(inner) < 3:
        return False
    wrapped = [ln for ln in inner if 40 <= len(ln) <= 100 and not ln.endswith(TERMINAL)]
    longest = max(len(ln) for b in blocks for ln in b)
    return longest <= 110 and len(wrapped) >= 0.6 * len(inner)


def to_lines(text: str) -> list[Line]:
    """Non-blank, stripped lines with their block numbers; hard-wrapped blocks joined into one line each."""
    blocks = [[ln.strip() for ln in b.split("\n") if ln.strip()]
              for b in re.split(r"\n[ \t\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))]
    blocks = [b for b in blocks if b]
    if _wrapped(blocks):
        blocks = [[" ".join(b)] for b in blocks]
    return [Line(" ".join(ln.split()) if "\t" in ln else ln, i) for i, b in enumerate(blocks) for ln in b]


def drop_clutter(lines: list[Line]) -> list[Line]:
    """Lines that are not chrome."""
    return [ln for ln in lines if not is_clutter(ln.text)]


def split_edges(lines: list[Line], is_body: Callable[[str], bool]) -> tuple[list[Line], list[Line], list[Line]]:
    """(head, body, tail): lines before the first and after the last line for which `is_body` holds.

    With no such line at all, everything is body (better keep a short note than lose it).
    """
    marks = [i for i, ln in enumerate(lines) if is_body(ln.text)]
    if not marks:
        return [], list(lines), []
    first, last = marks[0], marks[-1]
    return lines[:first], lines[first:last + 1], lines[last + 1:]


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())


def drop_repeats(lines: list[Line], window: int = 2) -> list[Line]:
    """Drop a paragraph repeated verbatim anywhere, or contained in one of its next `window` neighbours
    (a teaser lead just before its full paragraph); short lines are never dropped."""
    if len(lines) < 2:
        return list(lines)
    norms = [_norm(ln.text) for ln in lines]
    seen: set[str] = set()
    keep = []
    for i, ln in enumerate(lines):
        n = norms[i]
        long_enough = word_count(ln.text) >= MIN_SENTENCE_WORDS
        repeated = n in seen or any(n != m and n in m for m in norms[i + 1:i + 1 + window])
        seen.add(n)
        if not (long_enough and repeated):
            keep.append(ln)
    return keep


def join_lines(lines: list[Line]) -> str:
    """Body text: lines of one block joined by a newline, blocks by a blank line."""
    out: list[str] = []
    prev = None
    for ln in lines:
        if prev is not None:
            out.append("\n" if ln.block == prev else "\n\n")
        out.append(ln.text)
        prev = ln.block
    return "".join(out)


def html_to_text(html: str) -> dict:
    """Main text and metadata of a saved web page via trafilatura (title, author, date, url, sitename)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    return {"text": text.replace("\n", "\n\n"), "title": get("title"), "author": get("author"),
            "published": get("date"), "url": get("url"), "source": get("sitename")}


_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|strong|em|b|i|h[1-6]|li|ul|article|section)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when a text field holds HTML markup rather than plain text."""
    return len(_HTML_TAG.findall(text[:5000])) >= 2


def html_fragment_to_text(html: str) -> str:
    """Plain text of an HTML fragment (a JSON/CSV body field holding markup), one paragraph per block."""
    from lxml import html as lhtml

    try:
        root = lhtml.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - malformed markup: fall back to stripping tags
        return re.sub(r"<[^>]+>", " ", html)
    for el in root.iter("script", "style"):
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section"):
        el.tail = "\n\n" + (el.tail or "")
    return root.text_content()
