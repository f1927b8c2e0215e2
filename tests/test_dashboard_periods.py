"""The Topics chart's periods: month rows summed to quarters and years, and the period a long span starts at."""
import pandas as pd
import pytest

from dashboard import charts, periods


def _monthly(months: list[str], topics: dict[str, list[int]], totals: list[int]) -> pd.DataFrame:
    """topic_share-shaped rows: one per month and topic, months in order."""
    rows = [{"period": pd.Timestamp(m), "topic": t, "group": "economy", "articles": counts[i], "total": totals[i],
             "share": counts[i] / totals[i]}
            for i, m in enumerate(months) for t, counts in sorted(topics.items())]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("day, period, first", [
    ("2023-05-17", "week", "2023-05-15"), ("2023-05-17", "month", "2023-05-01"),
    ("2023-05-17", "quarter", "2023-04-01"), ("2023-12-31", "quarter", "2023-10-01"),
    ("2023-05-17", "year", "2023-01-01")])
def test_periods_start_is_the_first_day(day, period, first):
    assert periods.start(day, period) == pd.Timestamp(first)


@pytest.mark.parametrize("first, period, last", [
    ("2024-01-01", "quarter", "2024-03-31"), ("2024-10-01", "quarter", "2024-12-31"),
    ("2024-01-01", "year", "2024-12-31"), ("2024-02-01", "month", "2024-02-29"), ("2024-03-04", "week", "2024-03-10")])
def test_periods_last_day(first, period, last):
    assert periods.last_day(first, period) == pd.Timestamp(last)


def test_periods_coarsen_sums_months_and_recomputes_the_share():
    months = ["2022-11-01", "2022-12-01", "2023-01-01", "2023-02-01"]
    monthly = _monthly(months, {"trade": [1, 2, 0, 4], "aid": [0, 0, 3, 1]}, [10, 10, 5, 5])
    out = periods.coarsen(monthly, "quarter")
    assert list(out.columns) == list(monthly.columns)
    q4 = out[out["period"] == pd.Timestamp("2022-10-01")].set_index("topic")
    assert q4.loc["trade", "articles"] == 3 and q4.loc["trade", "total"] == 20
    assert q4.loc["trade", "share"] == pytest.approx(0.15)
    q1 = out[out["period"] == pd.Timestamp("2023-01-01")].set_index("topic")
    assert q1.loc["aid", "articles"] == 4 and q1.loc["aid", "total"] == 10   # totals summed once per month
    years = periods.coarsen(monthly, "year")
    assert sorted(years["period"].unique()) == [pd.Timestamp("2022-01-01"), pd.Timestamp("2023-01-01")]
    assert years["articles"].sum() == monthly["articles"].sum()


def test_periods_coarsen_refuses_periods_months_cannot_make():
    with pytest.raises(ValueError):
        periods.coarsen(_monthly(["2023-01-01"], {"x": [1]}, [2]), "week")


@pytest.mark.parametrize("span, expected", [(12, "month"), (60, "month"), (61, "quarter"), (180, "quarter"),
                                            (181, "year")])
def test_periods_default_is_the_finest_under_the_limit(span, expected):
    months = [d.strftime("%Y-%m-%d") for d in pd.date_range("2010-01-01", periods=span, freq="MS")]
    monthly = _monthly([months[0], months[-1]], {"x": [1, 1]}, [1, 1])   # only the ends dated: the span counts
    assert periods.default(monthly) == expected
    assert periods.default(monthly.iloc[0:0]) == "month"


def test_periods_span_note_names_the_counts():
    monthly = _monthly(["2015-01-01", "2024-12-01"], {"x": [1, 1]}, [1, 1])
    assert periods.span_note(monthly, "quarter") == "120 months of dated articles, so one point per quarter (40 quarters)."


def test_periods_topic_share_chart_per_quarter_has_a_point_per_quarter():
    months = [d.strftime("%Y-%m-%d") for d in pd.date_range("2016-01-01", periods=96, freq="MS")]
    monthly = _monthly(months, {"trade": [i % 4 for i in range(96)], "aid": [1] * 96}, [10] * 96)
    fig = charts.topic_share(periods.coarsen(monthly, "quarter"), "quarter")
    assert [len(t.x) for t in fig.data] == [32, 32]
    assert "per quarter" in fig.layout.title.text
    assert not charts.sparse_periods(periods.coarsen(monthly, "quarter"), "quarter")
