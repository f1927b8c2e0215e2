"""A search box that finds any person, organisation or meeting place by name as the analyst types (the sidebar
lists only the most mentioned; lookup.Names finds the rest), with one button per match. Typing reruns only the box
(a fragment); choosing a match hands it to the caller's callback and reruns the page."""
from __future__ import annotations

from typing import Callable, Iterable

import streamlit as st

from . import labels, state

MATCHES = 8  # buttons under the box
_PICKED = "_picker_picked"


def _picked(on_pick: Callable[[str, str], None], kind: str, key: str) -> None:
    on_pick(kind, key)
    st.session_state[_PICKED] = True


def caption(kind: str, weight: int, country=None) -> str:
    """What a match's button says after the name: its type, country when known, and how often it comes up."""
    if kind == "place":
        return f"meeting place · {labels.plural(weight, 'meeting')}"
    where = "" if labels.is_missing(country) else f" · {country}"
    return f"{labels.entity_type(kind)}{where} · {labels.plural(weight, 'mention')}"


@st.fragment
def search(key: str, label: str, kinds: Iterable[str], on_pick: Callable[[str, str], None],
           help: str | None = None) -> None:
    """The box and its matches; `on_pick(kind, key)` runs when a match is chosen (before the page reruns)."""
    if st.session_state.pop(_PICKED, False):
        st.rerun()  # a match was chosen: the whole page shows it (a fragment's callback alone reruns the fragment)
    text = st.text_input(label, key=key, type="search", live="300ms", help=help,
                         placeholder="any part of a name, any spelling")
    if not text.strip():
        return
    kinds = tuple(kinds)
    found = state.names().find(text, kinds, MATCHES)
    if found.empty:
        st.caption(f"Nothing named “{labels.md_literal(text.strip())}”.")
        return
    for row in found.itertuples():
        st.button(labels.md_literal(f"{row.label} — {caption(row.kind, row.weight, row.country)}"),
                  key=f"{key}:{row.kind}:{row.key}", on_click=_picked, args=(on_pick, row.kind, row.key),
                  width="stretch")
