"""Publication-date evidence of a saved web page: every source it offers, each as a Candidate.

Sources, read from the parsed page: JSON-LD (`datePublished`/`dateCreated` of the page's own article
object, `dateModified` apart), meta tags (Open Graph `article:published_time` and the other names
htmldate knows; modification names apart), `<time datetime>` marked as the publication time or standing
by the headline, a date in the canonical URL (`<link rel=canonical>`, `og:url`), the visible date line
by the headline (the stamp rules of plain text), and htmldate's own answer (its fast search: markup,
never its free-text guess). The decision is `published.decide`'s.
htmldate (~0.1 s to import, with dateutil and urllib3) is imported when a page is first read, not with this
module: a build that reads no saved page never loads it.
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache

from lxml import html as lhtml

from data_pipeline.ingest.page_text import (TIME_MODIFIED, TIME_PUBLISHED, XML_BAD, date_line_candidates,
                                            embedded_posts, headline_element, labelled_stamp, page_stamps,
                                            visible_lines)
from data_pipeline.ingest.published import Candidate
from data_pipeline.ingest.date_lines import PUBLISHED_WORD, UPDATE_WORD
from data_pipeline.lexicon.dates import full_dates, month_table, timestamp, with_year

_ARTICLE_TYPE = re.compile(r"(?:Article|Posting|WebPage|Blog|Report|Episode|Recipe|Review|HowTo)$")
_SKIP_KEYS = {"author", "publisher", "creator", "image", "video", "logo", "comment", "review", "isPartOf", "about",
              "mentions", "hasPart", "citation", "sourceOrganization", "copyrightHolder"}
_JSONLD_KEYS = (("datePublished", "published"), ("dateCreated", "published"), ("dateModified", "modified"))


@lru_cache(maxsize=1)
def _meta_names() -> tuple[frozenset[str], frozenset[str]]:
    """(modification, publication) meta tag names: htmldate's lists and a few more."""
    from htmldate.core import DATE_ATTRIBUTES, NAME_MODIFIED, PROPERTY_MODIFIED

    modified = PROPERTY_MODIFIED | NAME_MODIFIED | {"datemodified", "dateupdate", "last-modified"}
    return frozenset(modified), frozenset((DATE_ATTRIBUTES - modified) | {"datepublished", "datecreated"})


# names that say "a date" without saying of what (CMSs fill them with the last edit): medium evidence
_META_VAGUE = {"date", "dc.date", "dc:date", "dcterms.date", "timestamp", "meta", "gentime", "doc_date", "created",
               "pdate", "ptime"}
_ASIDE = re.compile(r"(?i)comment|related|sidebar|teaser|widget|footer|recommend")
_Y = r"(?P<y>(?:19|20)\d{2})"
_URL_DATES = (  # a day in a path segment of its own ends it: "/2023/10/3-fragen" is a slug, not 3 October
    re.compile(rf"/{_Y}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?=[/.]|$)"),  # /2021/03/08/
    re.compile(rf"/{_Y}/(?P<mon>[^\W\d_]{{3,9}})/(?P<d>\d{{1,2}})(?=[/.]|$)"),  # /2020/jan/20/
    re.compile(rf"[/_-]{_Y}-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?=[/._-]|$)"),  # /2019-12-22-title
    re.compile(rf"[/_-]{_Y}(?P<m>\d{{2}})(?P<d>\d{{2}})(?=[/._-]|$)"),  # _20200119_
)
_URL_DAY_FIRST = re.compile(rf"[/_~-](?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-{_Y}(?=[/._-]|$)")  # /29-10-2021
NEAR_HEADLINE = (-15, 60)  # a <time> this many elements before/after the headline may date the article
UNDER_HEADLINE = 15  # ... and one this close after it, in the same article block, does
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")  # lxml refuses a decoded string that declares its encoding


def parse_page(html: str):
    """The page's element tree (lxml), or None when it cannot be parsed."""
    try:
        return lhtml.document_fromstring(XML_BAD.sub(" ", _XML_DECLARATION.sub("", html, count=1)))
    except (ValueError, lhtml.etree.ParserError):
        return None


# ----- JSON-LD -----------------------------------------------------------------------------------

def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []


def _article_objects(data: object, depth: int, out: list) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _article_objects(item, depth + 1, out)
    elif isinstance(data, dict):
        if any(_ARTICLE_TYPE.search(t) for t in _types(data)) and any(k in data for k, _ in _JSONLD_KEYS):
            out.append((depth, len(out), data))
        for key, value in data.items():
            if key not in _SKIP_KEYS and isinstance(value, (dict, list)):
                _article_objects(value, depth + 1, out)


def jsonld(tree) -> list[Candidate]:
    """datePublished (else dateCreated) and dateModified of the page's own article object."""
    found: list = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            _article_objects(json.loads(script.text or "", strict=False), 0, found)
        except (ValueError, RecursionError):
            continue
    if not found:
        return []
    obj = min(found, key=lambda x: x[:2])[2]  # the shallowest, first in the page
    out = []
    for key, kind in _JSONLD_KEYS:
        got = timestamp(obj.get(key) if not isinstance(obj.get(key), list) else (obj[key] or [None])[0])
        if got and not (key == "dateCreated" and any(c.kind == "published" for c in out)):
            out.append(Candidate(got[0], "html-jsonld", kind, "strong", f"{key} {obj[key]}", got[1]))
    return out


# ----- meta tags and <time> ---------------------------------------------------------------------

def meta(tree) -> list[Candidate]:
    """The first publication and the first modification meta tag of the page (and the first vague "date")."""
    out: dict[str, Candidate] = {}
    meta_modified, meta_published = _meta_names()
    for el in tree.iter("meta"):
        value = el.get("content") or el.get("datetime")
        name = next((el.get(a).lower() for a in ("property", "name", "itemprop") if el.get(a)), "")
        if not value or not name:
            continue
        kind = "modified" if name in meta_modified else "published" if name in meta_published else None
        strength = "medium" if name in _META_VAGUE else "strong"
        if kind and f"{kind}-{strength}" not in out and (got := timestamp(value)):
            out[f"{kind}-{strength}"] = Candidate(got[0], "html-meta", kind, strength, f"{name} {value[:40]}", got[1])
    return list(out.values())


def _aside(el) -> bool:
    """True when `el` stands in comments, a sidebar, teasers or a footer (the page's <body> classes, such as
    "has-sidebar", describe the layout, not the element)."""
    return any(_ASIDE.search(f"{a.get('class', '')} {a.get('id', '')}") for a in el.iterancestors()
               if a.tag not in ("body", "html"))


def _own_item(el, headline) -> bool:
    """True when `el` belongs to the microdata item (itemscope) that holds the page's headline."""
    item = next((a for a in el.iterancestors() if a.get("itemscope") is not None), None)
    return item is not None and headline is not None and (item is headline or item in headline.iterancestors())


def _microdata_kind(el) -> str | None:
    props = {p.lower() for p in (el.get("itemprop") or "").split()}
    return "published" if props & {"datepublished", "datecreated"} else "modified" if "datemodified" in props else None


def microdata(tree, headline) -> list[Candidate]:
    """schema.org microdata of the page's own item: itemprop datePublished (or dateCreated) and dateModified
    on an element other than <meta> and <time> (read by meta() and time_elements()), from its `content`
    or `datetime` attribute, else its text."""
    out: dict[str, Candidate] = {}
    for el in tree.xpath("//*[@itemprop]"):
        kind = _microdata_kind(el)
        if kind is None or el.tag in ("meta", "time") or kind in out or not _own_item(el, headline):
            continue
        value = el.get("content") or el.get("datetime") or " ".join(el.text_content().split())
        got = timestamp(value)
        if got:
            out[kind] = Candidate(got[0], "html-meta", kind, "strong", f"itemprop {el.get('itemprop')} {value[:40]}",
                                  got[1])
    return list(out.values())


def _time_reading(el) -> tuple[tuple, str] | None:
    """((day, utc), what was read) of a <time>: its datetime attribute, or the date its own text shows when
    that is another day (the reader sees the text; the attribute may hold another event's timestamp)."""
    attr = timestamp(el.get("datetime") or "")
    shown = full_dates(" ".join(el.text_content().split())[:100])
    if len(shown) == 1 and shown[0].alt is None and (attr is None or abs((shown[0].when - attr[0]).days) > 1):
        return (shown[0].when, False), f"<time>{' '.join(el.text_content().split())[:40]}</time>"
    return (attr, f"<time datetime={el.get('datetime')[:40]}>") if attr else None


def _time_mark(el, said: str) -> str | None:
    """"published" or "modified" when a <time> is marked as such (class, itemprop, pubdate, its own words)."""
    marks = " ".join(filter(None, (el.get("class"), el.get("itemprop"), el.getparent().get("class"))))
    if el.get("pubdate") is not None or TIME_PUBLISHED.search(marks) or PUBLISHED_WORD.match(said.strip()):
        return "published"
    if TIME_MODIFIED.search(marks) or UPDATE_WORD.match(said.strip()):
        return "modified"
    return None


def time_elements(tree, headline) -> list[Candidate]:
    """The <time> nearest the headline marked as publication (or update) time — by its class, itemprop,
    pubdate attribute or the words before its date ("Veröffentlicht am ...") — and the nearest unmarked one
    by the headline; never one in a quoted post of another site (an embedded tweet). When marked times give several days (a list of posts), only those by the headline count."""
    elements = list(tree.iter())  # kept alive: the positions below are keyed by element identity
    position = {id(e): i for i, e in enumerate(elements)}
    anchor = position.get(id(headline)) if headline is not None else None
    quoted = {id(t) for post in embedded_posts(tree) for t in post.iter("time")}  # another site's post
    found = []
    for el in tree.iter("time"):
        reading = _time_reading(el)
        if not reading or id(el) in quoted or not (_microdata_kind(el) and _own_item(el, headline)) and _aside(el):
            continue
        said = " ".join(filter(None, (el.get("aria-label"), el.get("title"), el.text_content())))[:100]
        offset = position[id(el)] - anchor if anchor is not None else None
        found.append((_time_mark(el, said), offset, reading, el))
    listing = len({r[0][0] for mark, _, r, _ in found if mark}) > 2
    out: dict[str, tuple[int, Candidate]] = {}
    for mark, offset, reading, el in found:
        near = offset is not None and NEAR_HEADLINE[0] <= offset <= NEAR_HEADLINE[1]
        if mark and (near or not listing):
            kind, strength = mark, "strong"
        elif offset is not None and 0 < offset <= UNDER_HEADLINE and _same_block(el, headline):
            kind, strength = "published", "strong"  # the byline time under the headline
        elif near:
            kind, strength = "published", "medium"
        else:
            continue
        key, distance = f"{kind}-{strength}", abs(offset) if offset is not None else 0
        if key not in out or distance < out[key][0]:
            out[key] = (distance, Candidate(reading[0][0], "html-time", kind, strength, reading[1], reading[0][1]))
    return [c for _, c in out.values()]


def _block(el):
    return next((a for a in el.iterancestors() if a.tag in ("article", "header", "main")), None)


def _same_block(el, headline) -> bool:
    """Both in the same <article>/<header>/<main> (or neither in one)."""
    return _block(el) is _block(headline) or _block(headline) is not None and _block(headline) in el.iterancestors()


# ----- URL --------------------------------------------------------------------------------------

def url_date(url: str | None) -> date | None:
    """The date in a URL path ("/2021/03/08/", "/2020/jan/20/", "/2019-12-22-title", "_20200119_",
    "/29-10-2021"), else None. A day-first "-02-11-2023-" that also reads month first is no date."""
    if not url:
        return None
    path = url.split("?")[0].split("#")[0]
    for pattern in _URL_DATES:
        m = pattern.search(path)
        if m:
            month = month_table().get(m["mon"].lower()) if m.groupdict().get("mon") else int(m["m"])
            return with_year(month, int(m["d"]), int(m["y"])) if month else None
    m = _URL_DAY_FIRST.search(path)
    if m and (int(m["d"]) > 12 or m["d"] == m["m"]):
        return with_year(int(m["m"]), int(m["d"]), int(m["y"]))
    return None


def url_candidates(tree) -> list[Candidate]:
    """The date in the page's canonical URL (<link rel=canonical>, else og:url)."""
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for url in tree.xpath(xpath)[:1]:
            when = url_date(url)
            if when:
                return [Candidate(when, "url", "published", "strong", url[:100])]
    return []


# ----- htmldate ---------------------------------------------------------------------------------

def htmldate_candidate(tree=None, answer: str | None = None) -> list[Candidate]:
    """htmldate's reading of the markup (original date, no free-text search) as a medium candidate:
    `answer` when the caller has it already (trafilatura asks htmldate the same), else asked here."""
    if answer is None and tree is not None:
        from htmldate import find_date

        try:
            answer = find_date(tree, original_date=True, extensive_search=False)
        except Exception:  # noqa: BLE001 - a library failure on one page is no evidence, not a failed read
            answer = None
    got = timestamp(answer) if answer else None
    return [Candidate(got[0], "htmldate", "published", "medium", f"htmldate {answer}")] if got else []


def page_candidates(html: str, htmldate_answer: str | None = None, with_htmldate: bool = True) -> list[Candidate]:
    """Every publication-date candidate a saved page (or an HTML body) offers."""
    tree = parse_page(html)
    if tree is None:
        return htmldate_candidate(None, htmldate_answer) if with_htmldate else []
    headline = headline_element(tree)
    lines, at = visible_lines(tree, headline)
    cands = (jsonld(tree) + meta(tree) + microdata(tree, headline) + time_elements(tree, headline) + url_candidates(tree)
             + date_line_candidates(lines, at) + labelled_stamp(lines)
             + page_stamps(lines[at:] if at is not None else lines))
    cands = sole_meta_date(cands, lines)
    if with_htmldate:
        cands += htmldate_candidate(None if htmldate_answer else tree, htmldate_answer)
    return cands


def sole_meta_date(cands: list[Candidate], lines: list[str]) -> list[Candidate]:
    """A vague `<meta name="date">` (or DC.date) is strong when it is the only date the page gives: no other
    candidate, no date in its visible text (a page with none is undated but for its meta date; any other date
    shown may be the one the meta tag is not)."""
    if len(cands) != 1 or (c := cands[0]).source != "html-meta" or c.strength != "medium" or c.kind != "published":
        return cands
    if any(full_dates(line) for line in lines):
        return cands
    return [Candidate(c.when, c.source, c.kind, "strong", f"{c.detail}, the page's only date", c.utc)]
