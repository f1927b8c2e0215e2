"""Emerging terms: key phrases (noun chunks, named events) whose share of articles rises in a month.

Per article, `nlp/key_phrases.py` keeps trimmed noun chunks and EVENT entities as
token positions into the cached sentence lemmas, so the corpus-level scoring
below never needs spaCy. A term's score in a month is the log odds ratio of an
article of that month containing it versus an article of every other month,
divided by its standard error (a z-score; Haldane-Anscombe +0.5 smoothing), so
a term common everywhere does not count as emerging and a single mention is not
a trend. Terms need at least `min_count` articles in the month.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from math import log, sqrt
from typing import Callable, Iterable

MIN_COUNT = 2
MIN_SCORE = 1.0
TOP_PER_MONTH = 25


def article_terms(analysis: dict, text: str) -> list[tuple[str, str, int]]:
    """(lemma key, surface text, sentence) of every key phrase of one analysed article."""
    out = []
    for s, first, last in analysis.get("key_phrases", []):
        lemmas = analysis["sent_lemmas"][s][first:last]
        offs = analysis["sent_offsets"][s]
        out.append((" ".join(lemmas), text[offs[first][0]:offs[last - 1][1]], s))
    return out


def log_odds_z(y_m: int, n_m: int, y_r: int, n_r: int, prior: float = 0.5) -> float:
    """z-score of the log odds ratio that a month's article holds the term, against the rest of the corpus."""
    a, b = y_m + prior, max(n_m - y_m, 0) + prior
    c, d = y_r + prior, max(n_r - y_r, 0) + prior
    return (log(a / b) - log(c / d)) / sqrt(1 / a + 1 / b + 1 / c + 1 / d)


def month_start(d: date) -> date:
    """First day of the month of `d`."""
    return d.replace(day=1)


@dataclass
class TermCounts:
    """Article counts per month and term, with the surface forms seen for each term."""

    articles: Counter  # month -> articles
    term_articles: dict  # month -> Counter(term key -> articles)
    total: Counter  # term key -> articles over all dated months
    surfaces: dict  # term key -> Counter(surface -> occurrences)

    def display(self, key: str) -> str:
        """The most frequent way the term is written (ties: alphabetical)."""
        forms = self.surfaces.get(key)
        if not forms:
            return key
        return sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def count_terms(docs: Iterable[tuple[date | None, Iterable[tuple[str, str]]]]) -> TermCounts:
    """Count, per month, the articles holding each term; undated articles are left out."""
    tc = TermCounts(Counter(), defaultdict(Counter), Counter(), defaultdict(Counter))
    for published, terms in docs:
        keys = set()
        for key, surface in terms:
            keys.add(key)
            tc.surfaces[key][surface] += 1
        if published is None:
            continue
        m = month_start(published)
        tc.articles[m] += 1
        for key in keys:
            tc.term_articles[m][key] += 1
            tc.total[key] += 1
    return tc


def emerging_terms(docs: Iterable[tuple[date | None, Iterable[tuple[str, str]]]], min_count: int = MIN_COUNT,
                   min_score: float = MIN_SCORE, top: int = TOP_PER_MONTH) -> list[dict]:
    """Rows (month, term, count, score) of the terms rising most in each month against all other months."""
    tc = count_terms(docs)
    n_all = sum(tc.articles.values())
    rows = []
    for m in sorted(tc.articles):
        n_m, n_r = tc.articles[m], n_all - tc.articles[m]
        if n_r == 0:
            continue  # one month only: nothing to rise against
        scored = []
        for key, y_m in tc.term_articles[m].items():
            if y_m < min_count:
                continue
            z = log_odds_z(y_m, n_m, tc.total[key] - y_m, n_r)
            if z >= min_score:
                scored.append((-round(z, 4), key, y_m))
        for neg_z, key, y_m in sorted(scored)[:top]:
            rows.append({"month": m, "term": tc.display(key), "count": y_m, "score": -neg_z})
    return rows


def _n_words(key: str) -> int:
    return sum(1 for w in key.split(" ") if any(c.isalnum() for c in w))


def suggest(items: Iterable[tuple[date | None, list[tuple[str, str, int]], set[int]]],
            covered: Callable[[str], bool], min_articles: int = MIN_COUNT, top: int = 30,
            min_words: int = 2) -> list[dict]:
    """Candidate taxonomy phrases: frequent key phrases no topic covers, those in untagged sentences first.

    `items` holds, per article, (published, article_terms, indices of sentences some topic tagged);
    `covered(key)` says whether the taxonomy already matches a term's lemma key. Single words
    ("meeting", "issue") are mostly too generic to be topic phrases, so by default a candidate
    has at least `min_words` words.
    """
    items = list(items)
    tc = count_terms((pub, [(k, s) for k, s, _ in terms]) for pub, terms, _ in items)
    articles, untagged = Counter(), Counter()
    for _, terms, tagged in items:
        articles.update({k for k, _, _ in terms})
        untagged.update({k for k, _, s in terms if s not in tagged})
    n_all = sum(tc.articles.values())
    rows = []
    for key, n in articles.items():
        if n < min_articles or _n_words(key) < min_words or covered(key):
            continue
        best = max(((log_odds_z(tc.term_articles[m][key], tc.articles[m], tc.total[key] - tc.term_articles[m][key],
                                n_all - tc.articles[m]), m) for m in tc.articles
                    if tc.term_articles[m][key] and n_all > tc.articles[m]), default=(None, None))
        rows.append({"term": tc.display(key), "articles": n, "untagged": untagged[key],
                     "words": _n_words(key), "peak_month": best[1],
                     "peak_score": None if best[0] is None else round(best[0], 2)})
    rows.sort(key=lambda r: (-r["untagged"], -r["articles"], -r["words"], r["term"]))
    return rows[:top]
