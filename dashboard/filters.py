"""Global filters (date range, people, topics) applied to the corpus tables: pure functions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .data import Corpus


@dataclass
class Filters:
    start: date | None = None
    end: date | None = None
    people: list[str] = field(default_factory=list)   # entity ids
    topics: list[str] = field(default_factory=list)


def _in_range(dates: pd.Series, f: Filters) -> pd.Series:
    d = pd.to_datetime(dates)
    keep = pd.Series(True, index=dates.index)
    if f.start:
        keep &= d.isna() | (d >= pd.Timestamp(f.start))
    if f.end:
        keep &= d.isna() | (d <= pd.Timestamp(f.end))
    return keep


def article_ids(c: Corpus, f: Filters) -> set[str]:
    """Articles passing the date, people and topic filters."""
    arts = c.articles[_in_range(c.articles["published"], f)] if (f.start or f.end) else c.articles
    ids = set(arts["article_id"])
    if f.people:
        ids &= set(c.mentions.loc[c.mentions["entity_id"].isin(f.people), "article_id"])
    if f.topics:
        ids &= set(c.topics.loc[c.topics["topic"].isin(f.topics), "article_id"])
    return ids


def meetings(c: Corpus, f: Filters) -> pd.DataFrame:
    """Meetings in the filtered articles, in the date range, involving a selected person."""
    m = c.meetings[c.meetings["article_id"].isin(article_ids(c, f))]
    if "status" in m.columns:
        m = m[m["status"].fillna("held") == "held"]
    if f.start or f.end:
        m = m[_in_range(m["date"], f)]
    if f.people:
        m = m[m["a"].isin(f.people) | m["b"].isin(f.people)]
    return m


def topic_series(c: Corpus, f: Filters, freq: str = "M") -> pd.DataFrame:
    """Articles per (period, topic) among the filtered, dated articles."""
    ids = article_ids(c, f)
    t = c.topics[c.topics["article_id"].isin(ids)]
    if f.topics:
        t = t[t["topic"].isin(f.topics)]
    t = t.merge(c.articles[["article_id", "published"]], on="article_id").dropna(subset=["published"])
    if t.empty:
        return pd.DataFrame(columns=["period", "topic", "articles"])
    t["period"] = pd.to_datetime(t["published"]).dt.to_period(freq).dt.start_time
    return t.groupby(["period", "topic"]).size().reset_index(name="articles")
