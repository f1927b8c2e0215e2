"""Time periods of the Topics chart: month counts summed to quarters or years, and the period a span is first shown
by (120 months × 25 topics were 3,000 markers at 1 M articles, the slowest chart to draw; bench/RESULTS.md §24)."""
from __future__ import annotations

import pandas as pd

PERIODS = ("week", "month", "quarter", "year")
FROM_MONTHS = ("quarter", "year")   # periods made by summing months (exact: each article is in one month)
MOST_SHOWN = 60                     # periods a chart shows by default at most: the finest period that keeps under it
FREQ = {"week": "W-MON", "month": "MS", "quarter": "QS-JAN", "year": "YS-JAN"}  # period starts (DuckDB date_trunc's)
NEXT = {"week": pd.offsets.Week(1), "month": pd.DateOffset(months=1), "quarter": pd.DateOffset(months=3),
        "year": pd.DateOffset(years=1)}


def start(day, period: str) -> pd.Timestamp:
    """The first day of the period holding `day` (weeks start on Monday, as DuckDB's date_trunc)."""
    day = pd.Timestamp(day).normalize()
    if period == "week":
        return day - pd.Timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(day=1, month=(day.month - 1) // 3 * 3 + 1)
    if period == "year":
        return day.replace(day=1, month=1)
    raise ValueError(f"period must be one of {PERIODS}")


def last_day(first, period: str) -> pd.Timestamp:
    """The last day of the period starting on `first`."""
    return pd.Timestamp(first) + NEXT[period] - pd.Timedelta(days=1)


def starts(lo, hi, period: str) -> pd.DatetimeIndex:
    """Every period start from the period of `lo` to that of `hi`."""
    return pd.date_range(start(lo, period), start(hi, period), freq=FREQ[period])


def coarsen(monthly: pd.DataFrame, period: str) -> pd.DataFrame:
    """`queries.topic_share` rows per month summed to `period` (quarter or year): articles per topic, dated
    articles in all, and the share again; same columns and order (period, then topic)."""
    if period not in FROM_MONTHS:
        raise ValueError(f"only {FROM_MONTHS} are made from months")
    df = monthly.assign(period=[start(p, period) for p in monthly["period"]])
    months = monthly.drop_duplicates("period")   # one row per month: its dated articles
    total = months.groupby([start(p, period) for p in months["period"]], sort=True)["total"].sum()
    keys = ["period", "topic"] + (["group"] if "group" in df else [])
    out = df.groupby(keys, sort=True, dropna=False)["articles"].sum().reset_index()
    out["total"] = out["period"].map(total).astype("int64")
    out["share"] = out["articles"] / out["total"]
    return out[list(monthly.columns)].reset_index(drop=True)


def default(monthly: pd.DataFrame) -> str:
    """The finest of month, quarter and year whose periods from the first to the last dated month number at most
    `MOST_SHOWN`."""
    if monthly.empty:
        return "month"
    lo, hi = monthly["period"].min(), monthly["period"].max()
    for period in ("month", "quarter"):
        if len(starts(lo, hi, period)) <= MOST_SHOWN:
            return period
    return "year"


def span_note(monthly: pd.DataFrame, period: str) -> str:
    """What the chart shows when it is not per month: "134 months of dated articles, so one point per quarter
    (45 quarters)."""
    lo, hi = monthly["period"].min(), monthly["period"].max()
    months, shown = len(starts(lo, hi, "month")), len(starts(lo, hi, period))
    return f"{months:,} months of dated articles, so one point per {period} ({shown:,} {period}s)."
