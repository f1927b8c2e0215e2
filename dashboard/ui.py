"""Small rendering helpers shared by the pages: tables with CSV download, literal text, empty states."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st


def literal(text: str, tag: str = "h3") -> None:
    """Show data (a name, a title) as literal text in a heading: escaped, never markdown or HTML."""
    st.html(f"<{tag} style='margin:0.2rem 0'>{html.escape(str(text))}</{tag}>")


def empty(message: str) -> None:
    """A helpful empty-state note."""
    st.info(message, icon=":material/filter_alt_off:")


def table(df: pd.DataFrame, name: str, columns: list[str] | None = None, column_config: dict | None = None,
          height: int | str = "auto", **kwargs):
    """A dataframe plus a "Download CSV" button for exactly the rows and columns shown."""
    shown = df[columns] if columns else df
    event = st.dataframe(shown, hide_index=True, column_config=column_config, height=height, key=f"table_{name}",
                         **kwargs)
    st.download_button("Download CSV", shown.to_csv(index=False).encode("utf-8"), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv_{name}", on_click="ignore", icon=":material/download:")
    return event


def article_link(article_ids: pd.Series) -> pd.Series:
    """Relative links that open an article in the reader."""
    return "articles?article=" + article_ids.astype(str)


def fmt_day(v) -> str:
    """A date for captions ('unknown' when missing)."""
    return "unknown" if v is None or pd.isna(v) else str(pd.Timestamp(v).date())
