"""The one palette: a fixed colour per country, per meeting kind, per topic and per entity type.

Why: a colour picked by position in the filtered rows changes when the filter changes (a country pink in
one view, blue in the next). Here a value's colour depends only on the value and on the build's full list
of values of its kind (the sidebar options), never on what a filter leaves.
"""
from __future__ import annotations

import hashlib

import plotly.express as px

UNKNOWN = "#9ca3af"  # grey for "not known"
_GREYS = {"rgb(136, 136, 136)", "rgb(165, 170, 153)", "rgb(179, 179, 179)"}
COLOURS = [c for c in px.colors.qualitative.Vivid + px.colors.qualitative.Safe + px.colors.qualitative.Bold
           if c not in _GREYS]
KINDS = {"meeting": "#4c78a8", "talks": "#f58518", "phone_call": "#54a24b", "message": "#b279a2",
         "visit": "#e45756"}
ENTITY_TYPES = {"PERSON": "#fde68a", "ORG": "#bfdbfe", "GPE": "#bbf7d0", "NORP": "#fbcfe8", "LOC": "#ddd6fe"}
ENTITY_DEFAULT = "#e5e7eb"


def _hashed(value: str) -> str:
    """A colour from the value alone (for values outside the known list)."""
    digest = hashlib.blake2s(value.encode("utf-8"), digest_size=4).digest()
    return COLOURS[int.from_bytes(digest, "big") % len(COLOURS)]


def mapping(universe: list[str] | tuple[str, ...]) -> dict[str, str]:
    """value → colour for every value of the build's full list (its sorted order fixes the colours)."""
    keys = sorted({str(v) for v in universe if v is not None and str(v) and str(v) != "unknown"})
    out = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(keys)}
    out["unknown"] = UNKNOWN
    return out


def colour(value, fixed: dict[str, str]) -> str:
    """The colour of `value` in `fixed` (from `mapping`), grey when unknown, else one derived from the value."""
    if value is None or str(value) in ("", "unknown", "nan", "None"):
        return UNKNOWN
    return fixed.get(str(value)) or _hashed(str(value))


def kind(code) -> str:
    """The fixed colour of a meeting kind."""
    return KINDS.get(str(code)) or colour(code, {})


def entity_type(code) -> str:
    """The highlight colour of an entity type in the reader."""
    return ENTITY_TYPES.get(str(code), ENTITY_DEFAULT)
