"""Small rendering helpers shared by the pages: readable tables with CSV download, literal text, notices."""
from __future__ import annotations

import html
import numbers
import re
from urllib.parse import urlencode, urlsplit

import numpy as np
import pandas as pd
import streamlit as st

from . import labels, plotlite

# columns a CSV export carries even when the table on screen leaves them out (to find the rows again)
ID_COLUMNS = ("event_id", "article_id", "article_ids", "entity_id")
WIDE = ("evidence", "sentence", "title")  # internal names of columns that get a wide cell
LINKS = ("open",)                        # relative links into the reader: on screen only, not in CSVs
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def literal(text: str, tag: str = "h3") -> None:
    """Show data (a name, a title) as literal text in a heading: escaped, never markdown or HTML."""
    st.html(f"<{tag} style='margin:0.2rem 0'>{html.escape(str(text))}</{tag}>")


def empty(message: str) -> None:
    """A helpful empty-state note."""
    st.info(message, icon=":material/filter_alt_off:")


def note(text: str) -> None:
    """A small grey line that may contain data (names): shown literally, never as markdown."""
    st.html(f"<p style='color:#6b7280;font-size:0.875rem;margin:0'>{html.escape(text)}</p>")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV of `df` for download, UTF-8 with a byte-order mark (so Excel reads non-Latin text); text cells that
    a spreadsheet would run as a formula get a leading quote."""
    def defuse(v):
        return "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v

    safe = df.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]):
            safe[col] = safe[col].map(defuse)
    return safe.to_csv(index=False).encode("utf-8-sig")


def export_frame(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """What a CSV holds: the shown columns (links left out) plus the id columns of `df`, readable."""
    shown = [c for c in (columns or list(df.columns)) if c not in LINKS]
    ids = [c for c in ID_COLUMNS if c in df.columns and c not in shown]
    return labels.readable(df, shown + ids, missing="")


def _config(columns: list[str], extra: dict | None) -> dict:
    """Column settings keyed by the readable headers: wide text, article links, numbers to two places."""
    out: dict = {}
    for c in columns:
        head = labels.column(c)
        if c in WIDE:
            out[head] = st.column_config.TextColumn(head, width="large")
        elif c in LINKS:
            out[head] = st.column_config.LinkColumn(head, display_text="open")
        elif c in ("confidence", "score", "share"):
            out[head] = st.column_config.NumberColumn(head, format="%.2f")
    for c, cfg in (extra or {}).items():
        out[labels.column(c)] = cfg
    return out


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None, column_config: dict | None = None,
          height: int | str = "auto", max_rows: int = 1000, csv: pd.DataFrame | None = None, **kwargs):
    """A readable dataframe (the first `max_rows` rows; headers in words, no None) plus a "Download CSV" button
    for every row with the ids (`csv` replaces the exported frame when given), built on click."""
    columns = columns or list(df.columns)
    shown = labels.readable(df.head(max_rows), columns)
    _cut(len(df), max_rows)
    event = st.dataframe(shown, hide_index=True, column_config=_config(columns, column_config), height=height,
                         key=f"table_{name}", **kwargs)
    _csv_button(name, lambda: csv if csv is not None else export_frame(df, columns))
    return event


def _cut(rows: int, shown: int, more: str = "") -> None:
    """Say when a table shows only its first `shown` of `rows` rows (and, `more`, where else the rest are)."""
    if rows > shown:
        st.caption(f"Showing the first {shown:,} of {rows:,} rows; the CSV has them all" + (f"; {more}." if more else "."))


def _csv_button(name: str, frame) -> None:
    """The "Download CSV" button of table `name`; `frame()` (every row, with the ids) is built on click."""
    st.download_button("Download CSV", lambda: csv_bytes(frame()), file_name=f"{name}.csv", mime="text/csv",
                       key=f"csv_{name}", on_click="ignore", icon=":material/download:")


# One stylesheet per table instead of the same style on every cell (~80 bytes a cell: the Timeline's 50-row first
# page was 31 kB more than the grid's data, bench/RESULTS.md §18), inside the table's box (st.html's sanitizer may
# drop a leading <style>): the header row stays in view while the table scrolls, sentences and titles get a wide
# cell, a date stays on one line (a narrow column broke it at its hyphens).
TABLE_CSS = ("<style>.html-table table{border-collapse:collapse;width:100%}"
             ".html-table th{text-align:left;padding:4px 8px;border-bottom:1px solid #d1d5db;background:#f9fafb;"
             "position:sticky;top:0}"
             ".html-table td{padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}"
             ".html-table td.wide{min-width:18rem}.html-table td.day{white-space:nowrap}</style>")


def _cell(value) -> str:
    """One cell as escaped text (numbers with thousands separators, fractions to two places)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        return html.escape(str(value))
    return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.2f}"


def _link(value) -> str:
    """A link cell: "open" linking to a relative URL of this app in a new tab (as the grid's link column does);
    anything else (another scheme or host) is shown as text, and no link as an empty cell."""
    if labels.is_missing(value):
        return ""
    url = str(value)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")):
        return _cell(value)
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">open</a>'


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _td(value, wide: bool, link: bool) -> str:
    """One cell: a wide one for sentences and titles; a date kept on one line (a narrow column would break it at
    its hyphens)."""
    text = _link(value) if link else _cell(value)
    kinds = " ".join(k for k, yes in (("wide", wide), ("day", bool(_DATE.fullmatch(text)))) if yes)
    return f'<td class="{kinds}">{text}</td>' if kinds else f"<td>{text}</td>"


def html_table_markup(shown: pd.DataFrame, wide: set[str] = frozenset(), height: int = 420,
                      links: set[str] = frozenset()) -> str:
    """`shown` (already readable: headers and cells as a viewer reads them) as an escaped HTML table that
    scrolls past `height` pixels, its header row staying in view; the `links` columns hold relative URLs."""
    heads = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(_td(v, c in wide, c in links) for c, v in zip(shown.columns, row)) + "</tr>"
        for row in shown.itertuples(index=False, name=None))
    return (f'<div class="html-table" style="max-height:{height}px;overflow:auto;border:1px solid #e5e7eb;'
            f'border-radius:0.5rem;font-family:sans-serif;font-size:0.875rem">{TABLE_CSS}'
            f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>")


def html_table(df: pd.DataFrame, name: str, columns: list[str] | None = None, max_rows: int = 200,
               more: str = "") -> None:
    """A small read-only table as escaped HTML (no data-grid script to load: 1.2 MB of JavaScript) with the
    same readable headers and values as `table`, and the same "Download CSV" of every row with the ids; `more`
    says where else the rows past `max_rows` can be seen."""
    columns = columns or list(df.columns)
    _cut(len(df), max_rows, more)
    st.html(_markup(df.head(max_rows)[columns], tuple(columns)))
    _csv_button(name, lambda: export_frame(df, columns))


@st.cache_data(show_spinner=False, max_entries=500)
def _markup(head: pd.DataFrame, columns: tuple[str, ...]) -> str:
    """The HTML of a table's shown rows, cached by their content: every viewer of a page with the same filters
    gets the same table, and making it (readable values, escaped markup) was ~0.04 s of server CPU per 50-row table
    and script run, a quarter of a network page's run (bench/RESULTS.md §20)."""
    shown = labels.readable(head, list(columns))
    return html_table_markup(shown, {labels.column(c) for c in columns if c in WIDE},
                             links={labels.column(c) for c in columns if c in LINKS})


GRID_LABEL = "Sort and search"


def rows(df: pd.DataFrame, name: str, columns: list[str] | None = None, max_rows: int = 50, **grid) -> None:
    """A big read-only table that loads no data-grid script on the page's first view: escaped HTML (the first
    `max_rows` rows, a first page that draws fast; the CSV has every row) until the viewer turns on the interactive
    grid (every row, sorting, search, column widths: `table`, with `grid` as its options), a choice kept in the URL
    (`grid_<name>`)."""
    if st.toggle(GRID_LABEL, key=f"grid_{name}", bind="query-params",
                 help="Show this table as an interactive grid: every row, sort by a column, search, resize columns."):
        table(df, name, columns, **grid)
    else:
        html_table(df, name, columns, max_rows=max_rows, more=f'turn on "{GRID_LABEL}" to see them all here')


def chart(fig, key: str, **kwargs):
    """A Plotly chart with the built-in image export (camera button: PNG at twice the size) and no logo, drawn by
    a partial Plotly bundle (`plotlite`); `on_select`/`selection_mode` as st.plotly_chart's."""
    return plotlite.chart(fig, key=key, config=CHART_CONFIG, **kwargs)


def article_link(article_ids: pd.Series, shared: dict[str, list[str]] | None = None) -> pd.Series:
    """Relative links that open each article in the reader, keeping the current filters (`shared` query params)."""
    keep = {k: v for k, v in (shared or {}).items() if k != "article"}
    return article_ids.astype(str).map(lambda a: "articles?" + urlencode({**keep, "article": [a]}, doseq=True))


def fmt_day(v) -> str:
    """A date for captions ('unknown' when missing)."""
    return "unknown" if v is None or pd.isna(v) else str(pd.Timestamp(v).date())
