"""The visible text of a saved page: its headline, its lines, and the date lines standing by the headline.

The headline is the heading that shares most words with the page's title; the page's text is cut
into one line per block element, and the date line nearest the headline (the stamp rules of plain
text, date_lines.py) is strong evidence of the publication date; date lines elsewhere are weak.
"""
from __future__ import annotations

import re
from copy import deepcopy

from data_pipeline.ingest.date_lines import (BY_WORDS, PUBLISHED_WORD, UPDATE_WORD, dateline, dateline_date,
                                             said_published, stamps)
from data_pipeline.ingest.published import Candidate
from data_pipeline.lexicon.dates import full_dates

_TITLE_CLASS = re.compile(r"(?i)title|headline|heading")
_RELATED = re.compile(r"(?i)^\W*(?:read also|see also|related|more on this|also read|read more|lesen sie auch|siehe auch"
                      r"|mehr zum thema|auch interessant|weitere artikel|das könnte sie auch|à lire aussi|lire aussi"
                      r"|voir aussi|leer también|читайте также|см\. также)\b")
_TITLE_SEP = re.compile(r"\s+[-|–—:·»]+\s+")  # "Headline - Site", "Site | Headline"
_HIDDEN = re.compile(r"(?i)\b(?:aural|sr-only|visually-?hidden|screen-reader|hidden|invisible)\b")  # for screen readers
LINES_BEFORE, LINES_AFTER = 4, 12  # visible lines around the headline searched for a date line
BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 article section header footer time tr td th table dd dt "
                       "dl blockquote figure figcaption aside nav main address".split())
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select", "form", "head")
# a post of another site quoted in the page (its date is that post's): Instagram, X/Twitter, TikTok, Facebook
_EMBED = re.compile(r"(?i)(?<![^\s_-])(?:instagram-media|twitter-tweet|twitter-video|tiktok-embed|fb-post|"
                    r"bluesky-embed|mastodon-embed|reddit-embed-bq)(?![^\s_-])")
XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters lxml refuses
# an inline element styled as a date ends its line: "<h1><span class=date>12.11.2021</span>Title</h1>"
_DATE_CLASS = re.compile(r"(?i)(?<![^\s_-])(?:date|datum|dateline|time|timestamp|pubdate|published|posted-on|byline)"
                         r"(?![^\s_-])")
# a date set in parts, one element each ("<span class=month>Apr</span><span class=day>04</span><span class=year>2013")
_PART_CLASS = re.compile(r"(?i)(?<![^\s_-])(?:day|month|year|tag|monat|jahr|jour|mois|annee)(?![^\s_-])")
TIME_PUBLISHED = re.compile(r"(?i)publish|entry-date|post-date|pubdate|created|datePublished")  # <time> classes
TIME_MODIFIED = re.compile(r"(?i)updat|modif")
_LABEL = re.compile(r"^[^\W\d_][^:]{0,30}:$")  # "Published:", "Letzte Änderung:"
_OPENING_DATE = re.compile(r"^(?P<open>\(\s*)?(?P<date>[^()]{6,30}?)\s*(?(open)\)|[-–—])\s")  # "27.1.2022 - T", "(18.01.2018) T"
MIN_PARAGRAPH_WORDS = 12  # a paragraph of the text, not an item of a list of events
_PIECE_CHARS = 12  # "28." / "Januar" / "2022": pieces of one date, each a line of its own
_MARK = "\ue000"  # private-use character marking the headline in the page text


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{2,}", (text or "").replace("\xad", "").lower()))  # "27.01.2022Title": title


def _best_match(elements, ref_tokens: set[str], min_score: float, strict: bool):
    """The element whose words are most (at least `min_score`) among the title's, sharing 3 at least (or all
    of a shorter element's); `strict`: also 3 of the title's (or all of a shorter title's), so that the
    site's name in an h1 is not the headline of a title that holds it."""
    best, score = None, min_score
    for el in elements:
        toks = _tokens(el.text_content())
        shared = len(toks & ref_tokens)
        if toks and shared >= min(3, len(toks)) and (not strict or shared >= min(3, len(ref_tokens))) and \
                shared / len(toks) >= score and (best is None or shared / len(toks) > score):
            best, score = el, shared / len(toks)
    return best


def _title_tokens(tree) -> list[set[str]]:
    """The words of the page's title (og:title, else twitter:title), and of its <title> when that differs,
    each less a segment naming the site ("Crow hunting - WILD AND HOUND")."""
    social = next((t.strip() for xp in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content')
                   for t in tree.xpath(xp)[:1] if t.strip()), "")
    own = next((t.strip() for t in tree.xpath("//title/text()")[:1] if t.strip()), "")
    site = _tokens(" ".join(tree.xpath('//meta[@property="og:site_name"]/@content'
                                       '|//meta[@name="application-name"]/@content')[:1]))
    out = []
    for ref in filter(None, (social, own)):
        parts = [_tokens(part) for part in _TITLE_SEP.split(ref)]
        kept = [toks for toks in parts if not (site and toks and toks <= site)]
        toks = set().union(*kept) if kept and len(kept) < len(parts) else _tokens(ref)
        if toks not in out:
            out.append(toks)
    return out or [set()]


MIN_HEADLINE_WORDS = 3  # "Quicklinks", "Menu": an h1 of one or two words names a box, not the article


def _words_of(el) -> list[str]:
    return re.findall(r"[^\W\d_]+", el.text_content())


def headline_element(tree):
    """The page's headline: the h1 (else the element marked itemprop=headline, an h2, an h3/h4, another
    title-like element) sharing most words with the page title (its og:title, else its <title>: a site may
    give a section's heading as og:title); else the first h1 of three words or more, else the first h1 of
    three words or h2 of four (unless several h2s are: a list of posts), else the first h1. An h1 only screen
    readers see is none."""
    refs = _title_tokens(tree)
    h1s = [h for h in tree.iter("h1") if h.text_content().strip() and not _HIDDEN.search(h.get("class") or "")]
    marked = [el for el in tree.xpath('//*[@itemprop="headline"]') if len(el.text_content()) < 300][:30]
    others = [el for el in tree.iter("div", "p", "span", "strong", "b")
              if _TITLE_CLASS.search(el.get("class", "")) and len(el.text_content()) < 300]
    h2s = [h for h in tree.iter("h2") if h.text_content().strip()][:30]
    minor = [h for h in tree.iter("h3", "h4") if h.text_content().strip()][:60]
    for strict in (True, False):
        for group, min_score in ((h1s, 0.6), (marked, 0.6), (h2s, 0.6), (minor, 0.8), (others[:200], 0.8)):
            best = next((b for ref in refs if (b := _best_match(group, ref, min_score, strict)) is not None), None)
            if best is not None:
                return best
    if h1s and len(_words_of(h1s[0])) >= MIN_HEADLINE_WORDS:
        return h1s[0]
    long_h2s = [h for h in h2s if len(_words_of(h)) >= 4]
    first = next((h for h in tree.iter("h1", "h2") if h in long_h2s or h in h1s and len(_words_of(h)) >= 3), None)
    return first if len(long_h2s) <= 1 and first is not None else h1s[0] if h1s else None  # several: a list of posts


def embedded_posts(tree) -> list:
    """The posts of other sites quoted in the page (<blockquote class="instagram-media">, "twitter-tweet", ...)."""
    return [el for el in tree.iter("blockquote") if _EMBED.search(el.get("class") or "")]


def _time_marks(el) -> str:
    return f"{el.get('class') or ''} {el.get('itemprop') or ''}"


def _hidden_update_times(root) -> list:
    """<time class="updated"> (or itemprop=dateModified) beside a <time class="published">: themes hide it
    (hAtom), the markup reads it."""
    out = []
    for el in root.iter("time"):
        parent = el.getparent()
        marks = _time_marks(el)
        if parent is not None and TIME_MODIFIED.search(marks) and not TIME_PUBLISHED.search(marks) and \
                any(TIME_PUBLISHED.search(_time_marks(t)) for t in parent.iter("time") if t is not el):
            out.append(el)
    return out


def visible_lines(tree, headline) -> tuple[list[str], int | None]:
    """The page's visible text, one line per block element, and the index of the headline's line."""
    root = deepcopy(tree)
    path = tree.getroottree().getpath(headline) if headline is not None else None
    head = root.getroottree().xpath(path)[0] if path else None
    if head is not None:
        head.text = _MARK + XML_BAD.sub(" ", head.text or "")
    around_head = set(head.iterancestors()) if head is not None else set()  # a page-wide <form> (ASP.NET) stays
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None and el not in around_head:
            el.drop_tree()
    for el in _hidden_update_times(root) + embedded_posts(root):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in BLOCK_TAGS or _DATE_CLASS.search(el.get("class") or ""):  # a date's label stays before it
            el.tail = "\n" + XML_BAD.sub(" ", el.tail or "")
        elif _PART_CLASS.search(el.get("class") or ""):
            el.tail = " " + XML_BAD.sub(" ", el.tail or "")
        if el.tag in BLOCK_TAGS and el.tag != "br":
            el.text = "\n" + XML_BAD.sub(" ", el.text or "")
    lines, at = [], None
    for raw in root.text_content().split("\n"):
        if _MARK in raw and at is None:
            at = len(lines)
        line = " ".join(raw.replace(_MARK, " ").replace("\xad", "").split())
        if line:
            lines.append(line)
    return _join_pieces(lines, at)


def _label_line(line: str) -> bool:
    """A line that only labels the next: "Published:", "Letzte Änderung:", or a byline's "By" / "Von"."""
    return bool(_LABEL.match(line) and (PUBLISHED_WORD.search(line) or UPDATE_WORD.search(line))) or \
        line.lower().rstrip(":") in BY_WORDS


def _join_pieces(lines: list[str], at: int | None) -> tuple[list[str], int | None]:
    """Lines that belong together, joined: a date's label and the date ("Published:" / "3 May 2020", as a
    <dt> and a <dd>; "Von" / "Jo Roe 4. 2. 2022"), and a date set in pieces ("28." / "Januar" / "2022")."""
    out: list[str] = []
    new_at = None
    i = 0
    while i < len(lines):
        take = 1
        if i != at and i + 1 != at and i + 1 < len(lines) and _label_line(lines[i]) and full_dates(lines[i + 1]):
            take = 2
        else:
            for n in (3, 2):
                piece = lines[i:i + n]
                if len(piece) == n and (at is None or not i <= at < i + n) and \
                        all(len(p) <= _PIECE_CHARS for p in piece) and full_dates(" ".join(piece)) and \
                        not any(full_dates(p) for p in piece):
                    take = n
                    break
        if at is not None and i <= at < i + take:
            new_at = len(out)
        out.append(" ".join(lines[i:i + take]))
        i += take
    return out, new_at


def _nearest_date_line(lines: list[str], at: int) -> list[Candidate]:
    """The stamps of the date line nearest line `at` — a line before it counts one line farther than one after
    it (a ticker or a teaser's date stands above a headline, the byline's below) — and the first loose date
    of a short line on the way (medium). Lines after a "Read also" / "Related" label belong to teasers."""
    end = next((i for i in range(at + 1, min(len(lines), at + LINES_AFTER + 1)) if _RELATED.match(lines[i])),
               at + LINES_AFTER + 1)
    order = [at] + sorted((i for i in range(at - LINES_BEFORE, end) if 0 <= i < len(lines) and i != at),
                          key=lambda i: (i - at if i > at else at - i + 1, i < at))
    out: list[Candidate] = []
    for i in order:
        got = stamps(lines[i])
        if got:
            out += [Candidate(s.match.when, "text", s.kind, "strong", lines[i][:80], alt=s.match.alt) for s in got]
            if any(s.kind == "published" for s in got):
                break
            continue
        loose = full_dates(lines[i]) if i != at and len(lines[i]) <= 120 and len(lines[i].split()) <= 14 else []
        if loose and not any(c.strength == "medium" for c in out):
            out.append(Candidate(loose[0].when, "text", "published", "medium", lines[i][:80], alt=loose[0].alt))
    return out


def date_line_candidates(lines: list[str], at: int | None) -> list[Candidate]:
    """The date line nearest the headline — or, without one, nearest the headline's repetition further down
    (a banner headline, then the article's own) — and a dateline opening the text."""
    if at is None:
        return []
    out = _nearest_date_line(lines, at)
    again = next((i for i in range(at + 1, len(lines)) if lines[i] == lines[at]), None)
    if again is not None and not any(c.strength == "strong" and c.kind == "published" for c in out):
        out += _nearest_date_line(lines, again)
    below = range(at, min(len(lines), at + LINES_AFTER + 1))
    for i in below:
        src, when = dateline(lines[i])
        full = dateline_date(when).full if src else None
        if full:
            return out + [Candidate(full.when, "dateline", "published", "strong", lines[i][:80])]
    opening = [(i, when) for i in below if i > at and (when := _opening_date(lines[i]))]
    if len(opening) == 1:  # several paragraphs opening with a date are a timeline
        out.append(Candidate(opening[0][1], "dateline", "published", "strong", lines[opening[0][0]][:80]))
    return out


def _opening_date(line: str):
    """The date a paragraph of the text opens with, set off as a dateline without a place ("27.1.2022 - The
    ...", "(18.01.2018) The ..."), else None."""
    m = _OPENING_DATE.match(line) if len(line.split()) >= MIN_PARAGRAPH_WORDS else None
    found = full_dates(m["date"]) if m else []
    whole = len(found) == 1 and found[0].alt is None and (found[0].start, found[0].end) == (0, len(m["date"]))
    return found[0].when if whole else None


def page_stamps(lines: list[str], limit: int = 3) -> list[Candidate]:
    """Date lines anywhere on the page, as weak evidence: the first few publication stamps, and every short
    line that names an update ("This page was last modified on 4 November 2020") — what is not the date."""
    out: list[Candidate] = []
    published = 0
    for line in lines:
        if len(line) > 200:
            continue
        got = stamps(line)
        for s in got:
            if s.kind == "published" and published < limit:
                published += 1
                out.append(Candidate(s.match.when, "text", "published", "weak", line[:80], alt=s.match.alt))
        if not got and len(line.split()) <= 25 and UPDATE_WORD.search(line):
            for dm in full_dates(line)[:1]:
                if UPDATE_WORD.search(line[:dm.start]):
                    out.append(Candidate(dm.when, "text", "modified", "weak", line[:80], alt=dm.alt))
        out += [Candidate(s.match.when, "text", "modified", "weak", line[:80], alt=s.match.alt) for s in got
                if s.kind == "modified"]
    return out


def labelled_stamp(lines: list[str]) -> list[Candidate]:
    """The one day the page labels as a publication date ("Published: 3 May 2024", "Erschienen am: 01.11.2023",
    "This entry was posted on ..."), wherever it stands, as a strong candidate; none when the page labels
    several days so (a list of articles)."""
    seen: dict = {}
    for line in lines:
        said = [s.match for s in stamps(line) if s.labelled] if len(line) <= 200 else []
        for dm in said or said_published(line):
            seen.setdefault(dm.when, Candidate(dm.when, "text", "published", "strong", line[:80], alt=dm.alt))
    return list(seen.values()) if len(seen) == 1 else []
