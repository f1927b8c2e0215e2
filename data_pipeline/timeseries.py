"""Topics over time for the dashboard: pure pandas helpers over the articles and topics tables.

A topic's share in a period is (articles tagged with it) / (dated articles published in that
period), so a busy month does not look like a trend; the raw counts travel alongside.
Articles without a publication date cannot be placed in time and are left out.
"""
from __future__ import annotations

import pandas as pd

FREQS = {"W": "W-SUN", "week": "W-SUN", "M": "M", "month": "M", "Q": "Q", "quarter": "Q", "Y": "Y", "year": "Y"}
SHARE_COLUMNS = ["period", "topic", "articles", "total", "share"]


def _period_freq(freq: str) -> str:
    try:
        return FREQS[freq]
    except KeyError:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}") from None


def dated_periods(articles: pd.DataFrame, freq: str = "M") -> pd.Series:
    """article_id -> start date (Timestamp) of its publication period; undated articles dropped."""
    pub = pd.to_datetime(articles.set_index("article_id")["published"], errors="coerce").dropna()
    return pub.dt.to_period(_period_freq(freq)).dt.start_time.rename("period")


def articles_per_period(articles: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Dated articles per period (column `total`), every period from the first to the last, empty ones as 0."""
    periods = dated_periods(articles, freq)
    if periods.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "total": pd.Series(dtype="int64")})
    pfreq = _period_freq(freq)
    full = pd.period_range(periods.min().to_period(pfreq), periods.max().to_period(pfreq), freq=pfreq).start_time
    counts = periods.value_counts().reindex(full, fill_value=0)
    return pd.DataFrame({"period": full, "total": counts.to_numpy(dtype="int64")})


def topic_share(articles: pd.DataFrame, topics: pd.DataFrame, freq: str = "M",
                min_score: float = 0.0) -> pd.DataFrame:
    """Per (period, topic): `articles` tagged, `total` dated articles in the period and `share` = articles/total.

    `articles` needs article_id and published; `topics` needs article_id, topic and score. An article
    counts for a topic when its score is at least `min_score`. Every period between the first and last
    dated article appears for every topic (0 articles when untagged); `share` is NaN when `total` is 0.
    Sorted by period, then topic.
    """
    totals = articles_per_period(articles, freq)
    periods = dated_periods(articles, freq)
    tagged = topics.loc[topics["score"] >= min_score, ["article_id", "topic"]].drop_duplicates()
    tagged = tagged.join(periods, on="article_id", how="inner")
    names = sorted(topics["topic"].unique())
    if totals.empty or not names:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            SHARE_COLUMNS, ["datetime64[ns]", "object", "int64", "int64", "float64"])})
    counts = tagged.groupby(["period", "topic"]).size()
    grid = pd.MultiIndex.from_product([totals["period"], names], names=["period", "topic"])
    out = counts.reindex(grid, fill_value=0).rename("articles").reset_index()
    out = out.merge(totals, on="period", how="left")
    out["articles"] = out["articles"].astype("int64")
    out["share"] = (out["articles"] / out["total"].where(out["total"] > 0)).astype("float64")
    return out[SHARE_COLUMNS].sort_values(["period", "topic"], kind="stable").reset_index(drop=True)


def topic_span(articles: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Per topic: `first` and `last` publication date it was seen, and `articles` tagged (dated or not).

    Answers "since when?"; first/last are NaT for a topic seen only in undated articles.
    """
    pub = pd.to_datetime(articles.set_index("article_id")["published"], errors="coerce").rename("published")
    t = topics[["article_id", "topic"]].drop_duplicates().join(pub, on="article_id")
    g = t.groupby("topic")
    out = pd.DataFrame({"first": g["published"].min(), "last": g["published"].max(),
                        "articles": g.size().astype("int64")}).reset_index()
    return out.sort_values(["first", "topic"], kind="stable", na_position="last").reset_index(drop=True)
