"""The emerging-term test on article counts per month: one implementation for the build's table and the
dashboard's filtered view.

A term emerges in a month when the share of that month's articles holding it rises clearly above its
share in the other months. The score is the z-score of the log-odds ratio, month against the rest,
with an informative Dirichlet prior set to the term's share of the whole corpus (Monroe, Colaresi &
Quinn 2008, "Fightin' Words"), so a term seen in two articles of a small month is shrunk towards its
corpus rate instead of looking like a trend. A term needs `MIN_ARTICLES` articles from `MIN_SOURCES`
sources in the month; a term present in most months is background of this corpus (its boilerplate)
and counts only when its month has at least twice its usual (median) number of articles. With fewer
than `MIN_PERIODS` months of `MIN_PERIOD_ARTICLES` articles there is no baseline: `too_sparse`.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from math import log, sqrt
from statistics import median
from typing import Iterable

MIN_ARTICLES = 3
MIN_SOURCES = 2
MIN_PERIODS = 3
MIN_PERIOD_ARTICLES = 10
BACKGROUND_SHARE = 0.5  # present in at least this share of months: background
PRIOR_ARTICLES = 10.0  # strength of the Dirichlet prior, in articles
MIN_SCORE = 2.0
TOP_PER_MONTH = 25


def dirichlet_z(y_m: int, n_m: int, y_r: int, n_r: int, share: float, strength: float = PRIOR_ARTICLES) -> float:
    """z-score of the log-odds ratio, month against the rest, under a Dirichlet prior of the term's corpus share.

    Monroe, Colaresi & Quinn (2008), eq. 16-22, on article counts: the prior adds `strength * share`
    articles with the term and `strength * (1 - share)` without it to both sides.
    """
    a_w, a_o = strength * share, strength * (1 - share)
    delta = log((y_m + a_w) / (n_m - y_m + a_o)) - log((y_r + a_w) / (n_r - y_r + a_o))
    return delta / sqrt(1 / (y_m + a_w) + 1 / (y_r + a_w))


def too_sparse(articles_per_month: Iterable[int]) -> bool:
    """True when fewer than MIN_PERIODS months have MIN_PERIOD_ARTICLES articles: no baseline to rise from."""
    return sum(1 for n in articles_per_month if n >= MIN_PERIOD_ARTICLES) < MIN_PERIODS


def background(per_month: list[int], count: int) -> bool:
    """True when a term found in most months (`per_month`: its articles in every month, zeros included) is no
    more frequent than usual with `count` articles: it needs twice its median month to count as news."""
    if len(per_month) < MIN_PERIODS + 1 or sum(1 for n in per_month if n) < BACKGROUND_SHARE * len(per_month):
        return False
    return count < 2 * max(median(per_month), 1)


def score(articles: dict[date, int], counts: Iterable[tuple[date, str, int, int]],
          min_articles: int = MIN_ARTICLES, min_sources: int = MIN_SOURCES, min_score: float = MIN_SCORE,
          top: int = TOP_PER_MONTH) -> list[dict]:
    """Rows (month, term, count, sources, score) of the terms rising most in each month, best first per month.

    `articles`: month -> articles in it; `counts`: (month, term, articles with the term, their distinct
    sources) for every month and term seen. None when the corpus is too sparse for the test.
    """
    if too_sparse(articles.values()):
        return []
    months = sorted(articles)
    n_all = sum(articles.values())
    per_term: dict[str, dict[date, tuple[int, int]]] = defaultdict(dict)
    for month, term, n, sources in counts:
        per_term[term][month] = (n, sources)
    best: dict[date, list] = defaultdict(list)
    for term, seen in per_term.items():
        total = sum(n for n, _ in seen.values())
        per_month = None
        for month, (y_m, sources) in seen.items():
            if y_m < min_articles or sources < min_sources:
                continue
            if per_month is None:
                per_month = [seen.get(m, (0, 0))[0] for m in months]
            if background(per_month, y_m):
                continue
            z = dirichlet_z(y_m, articles[month], total - y_m, n_all - articles[month], total / n_all)
            if z >= min_score:
                best[month].append((-round(z, 4), term, y_m, sources))
    rows = []
    for month in months:
        for neg_z, term, y_m, sources in sorted(best[month])[:top]:
            rows.append({"month": month, "term": term, "count": y_m, "sources": sources, "score": -neg_z})
    return rows
