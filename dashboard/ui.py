"""Small rendering helpers shared by the pages: tables with CSV download, literal text, empty states."""
from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st


def literal(text: str, tag: str = "h3") -> None:
    """Show data (a name, a title) as literal text in a heading: escaped, never markdown or HTML."""
    st.html(f"<{tag} style='margin:0.2rem 0'>{html.escape(str(text))}</{tag}>")


def empty(message: str) -> None:
    """A helpful empty-state note."""
    st.info(message, icon=":material/filter_alt_off:")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV of `df` for download; text cells that a spreadsheet would run as a formula get a leading quote."""
    def defuse(v):
        return "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v

    safe = df.copy()
    for col in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[col]):
            safe[col] = safe[col].map(defuse)
    return safe.to_csv(index=False).encode("utf-8")


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None, column_config: dict | None = None,
          height: int | str = "auto", max_rows: int = 1000, **kwargs):
    """A dataframe (the first `max_rows` rows) plus a "Download CSV" button for every row, built on click."""
    full = df[columns] if columns else df
    shown = full.head(max_rows)
    if len(full) > max_rows:
        st.caption(f"Showing the first {max_rows:,} of {len(full):,} rows; the CSV has them all.")
    event = st.dataframe(shown, hide_index=True, column_config=column_config, height=height, key=f"table_{name}",
                         **kwargs)
    st.download_button("Download CSV", lambda: csv_bytes(full), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv_{name}", on_click="ignore", icon=":material/download:")
    return event


def article_link(article_ids: pd.Series, shared: dict[str, list[str]] | None = None) -> pd.Series:
    """Relative links that open each article in the reader, keeping the current filters (`shared` query params)."""
    keep = {k: v for k, v in (shared or {}).items() if k != "article"}
    return article_ids.astype(str).map(lambda a: "articles?" + urlencode({**keep, "article": [a]}, doseq=True))


def note(text: str) -> None:
    """A small grey line that may contain data (names): shown literally, never as markdown."""
    st.html(f"<p style='color:#6b7280;font-size:0.875rem;margin:0'>{html.escape(text)}</p>")


def fmt_day(v) -> str:
    """A date for captions ('unknown' when missing)."""
    return "unknown" if v is None or pd.isna(v) else str(pd.Timestamp(v).date())
