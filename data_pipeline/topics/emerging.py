"""Emerging-term candidates of an article, their counts per month, and taxonomy phrase suggestions.

Candidates are what an analyst can read as a subject: key phrases of two words or more (noun chunks
and named events, `nlp/key_phrases.py`) and the names of people, organisations, places, events,
laws and products (`nlp/sentences.name_spans`). A single common noun ("sides", "issues") is never
one, nor a phrase made only of reporting words ("separate telephone conversations", "joint
statement"). Which candidates emerge in which month is decided by `store/emerging.py` on
`TermCounts.rows()`, the test the dashboard also runs on a filtered set of articles.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from math import log, sqrt
from functools import lru_cache
from typing import Callable, Iterable

from data_pipeline.lexicon import titles

PHRASE = "phrase"  # the kind of a key-phrase candidate (names carry their entity label)
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
# words of readouts, not of subjects: a candidate made only of these (and of function words) is left out; with
# the meeting nouns, see `reporting_words`
REPORTING_WORDS = {
    "side", "party", "issue", "question", "matter", "topic", "agenda", "counterpart", "statement", "remark",
    "comment", "press", "conference", "briefing", "readout", "communique", "communiqué", "interview",
    "bilateral", "trilateral", "multilateral", "separate", "joint", "official", "working", "telephonic",
    "recent", "current", "further", "mutual", "interest", "concern", "view", "opinion", "exchange",
    "development", "situation", "result", "outcome", "level", "framework", "field", "area", "sphere",
    "number", "range", "series", "part", "way", "today", "day", "week", "month", "year", "time",
    "ministry", "delegation", "source", "report", "news", "agency", "service", "website", "article", "photo",
    "video", "media", "medium", "door", "close", "closed", "senior", "local", "planned", "meeting", "percentage",
    "point", "percent", "per", "cent",
    "-", "'s", "and", "of", "the", "a", "an", "on", "in", "for", "with", "to", "at",
}


def _n_words(key: str) -> int:
    return sum(1 for w in key.split(" ") if any(c.isalnum() for c in w))


@lru_cache(maxsize=1)
def reporting_words() -> frozenset[str]:
    """`REPORTING_WORDS` and the meeting nouns ("talks", "visit"). nlp/triggers is imported here, not with this
    module: it imports spaCy (~0.8 s), which a rebuild that parses in another process (run/warm.py) never needs."""
    from data_pipeline.nlp.triggers import NOUN_KIND

    return frozenset(NOUN_KIND) | frozenset(REPORTING_WORDS)


def reporting_only(lemmas: list[str]) -> bool:
    """True when a phrase is only reporting or generic words ("telephone conversation", "joint statement") or
    names a position ("Deputy Foreign Minister", "Foreign Affairs"): words of readouts, not subjects."""
    words = [w for w in lemmas if any(c.isalnum() for c in w)]
    reporting = reporting_words()
    return (all(w in reporting for w in words) or all(titles.is_title_word(w) for w in words)
            or bool(words) and titles.is_title_noun(words[-1]))


_POSSESSIVE = re.compile(r"\s*['’]s?$")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_NOT_NAME = {"the", "a", "an", "'s", "’s", "'", "’"}  # articles and a possessive ending are not part of a name


def _dateline_place(text: str, start: int, end: int) -> bool:
    """True for a place in capitals opening the text before "(" or ",": a dateline ("LISBON (Wire) -"), where
    the story was filed, written the same way in every article of an outlet."""
    return (start == len(text) - len(text.lstrip()) and text[start:end].isupper()
            and re.match(r"\s*[(,]", text[end:end + 3]) is not None)


def _name_key(surface: str, lemmas: list[str]) -> str:
    """A name's key: its lower-cased words, or for a Cyrillic name its lemmas ("Азербайджана" -> "азербайджан")."""
    if _CYRILLIC.search(surface) and lemmas:
        return " ".join(w for w in lemmas if any(c.isalnum() for c in w))
    return " ".join(surface.lower().split())


def _same_person(keys: set[str]) -> dict[str, str]:
    """Within one article, each person key mapped to the shortest full name (two words or more) it shares its
    last words with: "Manafort" and "Democrat Paul Manafort" -> "paul manafort"; left alone when ambiguous."""
    full = [k.split(" ") for k in keys if " " in k]
    out = {}
    for key in keys:
        words = key.split(" ")
        matches = {" ".join(f) for f in full if f[-len(words):] == words or words[-len(f):] == f}
        shortest = min((len(m.split(" ")) for m in matches), default=0)
        best = sorted(m for m in matches if len(m.split(" ")) == shortest)
        if len(best) == 1 and best[0] != key and all(m.endswith(best[0]) for m in matches if m != key):
            out[key] = best[0]
    return out


def article_terms(analysis: dict, text: str) -> list[tuple[str, str, int, str]]:
    """(key, surface text, sentence, kind) of every candidate of one analysed article: key phrases (kind
    "phrase") of two or more words that are not all reporting words, and names (kind: the entity label;
    key: the lower-cased name, without a possessive "'s"; a person's surname alone, even when tagged as an
    organisation, keyed as the full name the article gives). The place of a dateline is not a candidate."""
    out = []
    lemmas_of, offsets = analysis.get("sent_lemmas") or [], analysis.get("sent_offsets") or []
    people = {(s, i) for s, first, last, _, label in analysis.get("name_spans") or [] if label == "PERSON"
              for i in range(first, last)}
    for s, first, last in analysis.get("key_phrases") or []:
        lemmas = lemmas_of[s][first:last]
        key = " ".join(lemmas)
        if (_n_words(key) >= 2 and not reporting_only(lemmas)
                and not any((s, i) in people for i in range(first, last))):  # "Kazakhstan Murat Nurtleu"
            out.append((key, text[offsets[s][first][0]:offsets[s][last - 1][1]], s, PHRASE))
    names = []
    for s, first, last, _head, label in analysis.get("name_spans") or []:
        if label not in NAME_LABELS:
            continue
        kept = [i for i in range(first, last) if text[slice(*offsets[s][i])].lower() not in _NOT_NAME]
        if not kept:
            continue
        start, end = offsets[s][kept[0]][0], offsets[s][kept[-1]][1]
        if _dateline_place(text, start, end):
            continue
        surface = _POSSESSIVE.sub("", text[start:end])
        if sum(c.isalpha() for c in surface) >= 3 and "\n" not in surface:
            names.append((_name_key(surface, [lemmas_of[s][i] for i in kept]), surface, s, label))
    full = {k: surface for k, surface, _, label in names if label == "PERSON"}
    merged = _same_person(set(full) | {k for k, _, _, label in names if label == "ORG" and " " not in k})
    return out + [(merged[k], full[merged[k]], s, label) if label in ("PERSON", "ORG") and k in merged
                  else (k, surface, s, label) for k, surface, s, label in names]


def _shouted(surface: str) -> bool:
    """True for a word of five letters or more written in capitals ("WASHINGTON"; not "NATO" or "CSTO")."""
    return any(len(w) >= 5 and w.isalpha() and w.isupper() for w in surface.split())


def month_start(d: date) -> date:
    """First day of the month of `d`."""
    return d.replace(day=1)


@dataclass
class TermCounts:
    """Articles per month, articles and sources per (month, term), and the surface forms seen per term."""

    articles: Counter  # month -> articles
    term_articles: dict  # month -> Counter(term key -> articles)
    term_sources: dict  # (month, term key) -> set of sources
    total: Counter  # term key -> articles over all dated months
    surfaces: dict  # term key -> Counter(surface -> occurrences)

    def display(self, key: str) -> str:
        """The most frequent way the term is written, in running text rather than capitals where it has been
        ("Washington", not a dateline's "WASHINGTON"), and a Cyrillic name in its dictionary form where the
        corpus has it ("Таллин", not the more frequent "Таллине"; ties: alphabetical)."""
        forms = self.surfaces.get(key)
        if not forms:
            return key
        cyrillic = bool(_CYRILLIC.search(key))

        def rank(kv: tuple[str, int]) -> tuple:
            inflected = cyrillic and kv[0].lower().replace("ё", "е") != key
            return _shouted(kv[0]), inflected, -kv[1], kv[0]
        return sorted(forms.items(), key=rank)[0][0]

    def rows(self) -> list[tuple[date, str, int, int]]:
        """(month, term key, articles, sources) of every month and term seen: the input of `store.emerging.score`."""
        return [(m, key, n, len(self.term_sources[(m, key)]))
                for m, found in self.term_articles.items() for key, n in found.items()]


def outlet_keys(sources: Iterable[str | None]) -> set[str]:
    """Lower-cased names of the corpus' own outlets ("UrduPoint News / Sputnik" gives both): the agency that
    published an article is not what the news is about."""
    out = set()
    for src in sources:
        for part in re.split(r"\s+/\s+|\s*\|\s*", src or ""):
            if part.strip():
                out.add(" ".join(part.lower().split()))
    return out


def count_terms(docs: Iterable[tuple]) -> TermCounts:
    """Count, per month, the articles (and sources) holding each term; undated articles are left out, and so are
    the names of the corpus' outlets (`outlet_keys`).

    `docs`: (published, terms) or (published, source, terms) with terms as (key, surface) pairs.
    """
    docs = [doc if len(doc) == 3 else (doc[0], None, doc[1]) for doc in docs]
    tc = TermCounts(Counter(), defaultdict(Counter), defaultdict(set), Counter(), defaultdict(Counter))
    add_terms(tc, outlet_keys(source for _, source, _ in docs), docs)
    return tc


def add_terms(tc: TermCounts, outlets: set[str], docs: Iterable[tuple]) -> None:
    """Add (published, source, terms) docs to `tc`, leaving out terms that are outlet names (`outlets` of the
    whole corpus): what `count_terms` does, and what a delta build does for the added articles."""
    for published, source, terms in docs:
        source = source or object()  # an article without a known source is a source of its own
        keys = set()
        for key, surface in terms:
            if key in outlets:
                continue
            keys.add(key)
            tc.surfaces[key][surface] += 1
        if published is None:
            continue
        m = month_start(published)
        tc.articles[m] += 1
        for key in keys:
            tc.term_articles[m][key] += 1
            tc.term_sources[(m, key)].add(source)
            tc.total[key] += 1


def log_odds_z(y_m: int, n_m: int, y_r: int, n_r: int, prior: float = 0.5) -> float:
    """z-score of the log odds ratio that a month's article holds the term, against the rest (flat prior)."""
    a, b = y_m + prior, max(n_m - y_m, 0) + prior
    c, d = y_r + prior, max(n_r - y_r, 0) + prior
    return (log(a / b) - log(c / d)) / sqrt(1 / a + 1 / b + 1 / c + 1 / d)


def suggest(items: Iterable[tuple[date | None, list[tuple[str, str, int, str]], dict[int, set[str]]]],
            covered: Callable[[str], bool], min_articles: int = 2, top: int = 30,
            min_words: int = 2) -> list[dict]:
    """Candidate taxonomy phrases: frequent key phrases no topic covers, those in untagged sentences first.

    `items` holds, per article, (published, article_terms, sentence -> topics tagged there); only key
    phrases are candidates, never names;
    `covered(key)` says whether the taxonomy already matches a term's lemma key. Each candidate
    comes with the topic most of its articles already carry and a precision estimate: the share
    of its articles with that topic, i.e. how often the phrase would be right if added to it.
    """
    items = [(pub, [t for t in terms if t[3] == PHRASE], tagged) for pub, terms, tagged in items]
    tc = count_terms((pub, [(t[0], t[1]) for t in terms]) for pub, terms, _ in items)
    articles, untagged, with_topic = Counter(), Counter(), defaultdict(Counter)
    for _, terms, tagged in items:
        keys = {t[0] for t in terms}
        articles.update(keys)
        untagged.update({t[0] for t in terms if not tagged.get(t[2])})
        topics_here = set().union(*tagged.values()) if tagged else set()
        for k in keys:
            with_topic[k].update(topics_here)
    n_all = sum(tc.articles.values())
    rows = []
    for key, n in articles.items():
        if n < min_articles or _n_words(key) < min_words or covered(key):
            continue
        best = max(((log_odds_z(tc.term_articles[m][key], tc.articles[m], tc.total[key] - tc.term_articles[m][key],
                                n_all - tc.articles[m]), m) for m in tc.articles
                    if tc.term_articles[m][key] and n_all > tc.articles[m]), default=(None, None))
        topic, k = min(with_topic[key].items(), key=lambda tk: (-tk[1], tk[0]), default=(None, 0))
        rows.append({"term": tc.display(key), "articles": n, "untagged": untagged[key],
                     "words": _n_words(key), "topic": topic, "precision": round(k / n, 2),
                     "peak_month": best[1], "peak_score": None if best[0] is None else round(best[0], 2)})
    rows.sort(key=lambda r: (-r["untagged"], -r["articles"], -r["words"], r["term"]))
    return rows[:top]
