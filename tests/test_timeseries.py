"""Topic time series: shares normalised by articles per period, raw counts alongside."""
from datetime import date

import pandas as pd
import pytest

from data_pipeline import timeseries


def _articles():
    # January: 4 articles, February: none, March: 2, plus one undated
    pub = [date(2024, 1, 3), date(2024, 1, 10), date(2024, 1, 20), date(2024, 1, 28),
           date(2024, 3, 5), date(2024, 3, 6), None]
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(pub))], "published": pub})


def _topics():
    return pd.DataFrame({"article_id": ["a0", "a1", "a4", "a5", "a2", "a6"],
                         "topic": ["energy", "energy", "energy", "energy", "sanctions", "sanctions"],
                         "score": [0.5, 0.1, 0.2, 0.3, 0.4, 0.9]})


def _row(df, period, topic):
    return df[(df["period"] == pd.Timestamp(period)) & (df["topic"] == topic)].iloc[0]


def test_timeseries_share_is_normalised_by_articles_in_the_period():
    df = timeseries.topic_share(_articles(), _topics(), freq="M")
    jan, mar = _row(df, "2024-01-01", "energy"), _row(df, "2024-03-01", "energy")
    assert (jan["articles"], jan["total"], jan["share"]) == (2, 4, 0.5)
    assert (mar["articles"], mar["total"], mar["share"]) == (2, 2, 1.0)


def test_timeseries_fills_untagged_topics_with_zero_and_empty_periods_with_nan():
    df = timeseries.topic_share(_articles(), _topics(), freq="month")
    assert list(df.columns) == timeseries.SHARE_COLUMNS
    assert len(df) == 3 * 2  # Jan, Feb, Mar x energy, sanctions
    sanc_mar = _row(df, "2024-03-01", "sanctions")
    assert sanc_mar["articles"] == 0 and sanc_mar["share"] == 0.0
    feb = df[df["period"] == pd.Timestamp("2024-02-01")]
    assert (feb["total"] == 0).all() and feb["share"].isna().all()


def test_timeseries_leaves_out_undated_articles():
    df = timeseries.topic_share(_articles(), _topics())
    assert df.groupby("topic")["articles"].sum().to_dict() == {"energy": 4, "sanctions": 1}


def test_timeseries_min_score_filters_weak_tags():
    df = timeseries.topic_share(_articles(), _topics(), min_score=0.25)
    assert _row(df, "2024-01-01", "energy")["articles"] == 1


def test_timeseries_weekly_periods_start_on_monday():
    df = timeseries.topic_share(_articles(), _topics(), freq="W")
    assert (df["period"].dt.dayofweek == 0).all()
    assert df.drop_duplicates("period")["total"].sum() == 6


def test_timeseries_rejects_unknown_freq():
    with pytest.raises(ValueError, match="freq"):
        timeseries.topic_share(_articles(), _topics(), freq="fortnight")


def test_timeseries_empty_inputs_give_empty_frame():
    empty_topics = _topics().iloc[0:0]
    df = timeseries.topic_share(_articles(), empty_topics)
    assert df.empty and list(df.columns) == timeseries.SHARE_COLUMNS
    undated = _articles().assign(published=None)
    assert timeseries.topic_share(undated, _topics()).empty


def test_timeseries_topic_span_answers_since_when():
    span = timeseries.topic_span(_articles(), _topics()).set_index("topic")
    assert span.loc["energy", "first"] == pd.Timestamp("2024-01-03")
    assert span.loc["energy", "last"] == pd.Timestamp("2024-03-06")
    assert span.loc["sanctions", "articles"] == 2


def test_timeseries_works_on_the_seeds_build(seeds_tables):
    df = timeseries.topic_share(seeds_tables["articles"], seeds_tables["topics"], freq="M")
    assert (df["articles"] <= df["total"]).all()
    assert df["share"].dropna().between(0, 1).all()
