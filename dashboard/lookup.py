"""Any person, organisation or meeting place by name: the index behind the search boxes that reach past the
sidebar's lists (which offer only the most mentioned, queries.SIDEBAR_ENTITIES), and the one rule that names an
entity in the sidebar, in links and in the URL (its label)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .queries import Store

KINDS = ("PERSON", "ORG", "place")  # what a search box can find; a place's key is the place as the text names it
# An entity's label is its name, with its id appended when another person or organisation has the same name.
LABELLED = """SELECT entity_id, name, type, country, mentions, aliases,
                CASE WHEN count(*) OVER (PARTITION BY coalesce(name, entity_id)) > 1
                     THEN coalesce(name, entity_id) || ' (' || entity_id || ')' ELSE coalesce(name, entity_id) END
                  AS label
              FROM ent WHERE type IN ('PERSON', 'ORG')"""
_STROKES = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_WITH_ID = re.compile(r"^(.*) \(([^()]+)\)$")


def fold(text: str | None) -> str:
    """Lower case without accents or strokes ("Šojgú" → "sojgu", "Łódź" → "lodz"), so a search ignores them."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_STROKES)


def _table(entities: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """One row per findable thing: key, kind, label, name, country, weight (mentions or meetings), folded name,
    and `hay` (the folded name and every spelling), the heaviest first."""
    ents = pd.DataFrame({
        "key": entities["entity_id"].astype(str), "kind": entities["type"].astype(str),
        "label": entities["label"].astype(str), "name": entities["name"].fillna(entities["entity_id"]).astype(str),
        "country": entities["country"], "weight": entities["mentions"].fillna(0).astype("int64"),
        "spellings": [" | ".join(a) if a is not None else "" for a in entities["aliases"]]})
    spots = pd.DataFrame({"key": places["place"].astype(str), "kind": "place", "label": places["place"].astype(str),
                          "name": places["place"].astype(str), "country": None,
                          "weight": places["meetings"].astype("int64"), "spellings": ""})
    out = pd.concat([ents, spots], ignore_index=True)
    out["folded"] = [fold(n) for n in out["name"]]
    out["hay"] = [f"{f} | {fold(s)}" for f, s in zip(out["folded"], out["spellings"])]
    return out.drop(columns="spellings").sort_values(["weight", "key"], ascending=[False, True],
                                                      ignore_index=True)


@dataclass(frozen=True)
class Names:
    """Every person, organisation and meeting place of a build, findable by any part of any spelling."""
    table: pd.DataFrame

    @classmethod
    def load(cls, s: "Store") -> "Names":
        """Read the names of a build's serving tables (once per build: ~0.1 s CPU at 1 M articles)."""
        ents = s.df(LABELLED)
        places = s.df("SELECT place, count(*) AS meetings FROM evt WHERE place IS NOT NULL GROUP BY 1")
        return cls(_table(ents, places))

    def find(self, text: str, kinds: Iterable[str] = KINDS, limit: int = 8) -> pd.DataFrame:
        """The `limit` best matches of `text`: every word must be in the name or a spelling (case and accents
        ignored; part of a word is enough). The exact name first, then names starting with it, then names with a
        word starting with it, each by mentions (places: meetings)."""
        words = fold(text).split()
        t = self.table[self.table["kind"].isin(list(kinds))]
        if not words or t.empty:
            return t.iloc[:0][["key", "kind", "label", "name", "country", "weight"]]
        hay = t["hay"].tolist()
        keep = np.fromiter((all(w in h for w in words) for h in hay), bool, len(hay))
        hits = t[keep]
        whole = " ".join(words)
        folded = hits["folded"]
        rank = np.select([folded == whole, folded.str.startswith(whole),
                          (" " + folded).str.contains(" " + words[0], regex=False)], [0, 1, 2], 3)
        hits = hits.assign(rank=rank).sort_values(["rank", "weight", "label"], ascending=[True, False, True],
                                                  kind="stable")
        return hits.head(limit)[["key", "kind", "label", "name", "country", "weight"]].reset_index(drop=True)

    def labels(self, keys: Iterable[str]) -> dict[str, str]:
        """key → label of the entities (and places) among `keys` this build has."""
        wanted = set(keys)
        rows = self.table[self.table["key"].isin(wanted)]
        return dict(zip(rows["key"], rows["label"]))

    def resolve(self, values: Iterable[str], kinds: Iterable[str]) -> dict[str, str]:
        """value → key, for the values a link names that are an entity of `kinds`: its label, its id, its label
        with the id ("Name (id)"), or its name (a name several share: the most mentioned). Unknown values are left
        out."""
        t = self.table[self.table["kind"].isin(list(kinds))]
        by = {}
        for column in ("name", "label", "key"):  # later columns win: a label or an id is exact, a name may be shared
            by.update(dict(zip(t[column][::-1], t["key"][::-1])))  # the heaviest last, so it wins a shared name
        ids = set(t["key"])
        out = {}
        for v in values:
            m = _WITH_ID.match(v)
            key = by.get(v) or (m.group(2) if m and m.group(2) in ids else None)
            if key:
                out[v] = key
        return out
