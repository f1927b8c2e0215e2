"""Any person, organisation or meeting place by name: the index behind the search boxes that reach past the
sidebar's lists (which offer only the most mentioned, queries.SIDEBAR_ENTITIES), and the one rule that names an
entity in the sidebar, in links and in the URL (its label)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

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
    text = (text or "").casefold()
    if text.isascii():  # nothing to take off (most names: a third of the time of reading them at 1 M)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
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
    folded = [fold(n) for n in out["name"].tolist()]
    out["folded"] = folded
    out["hay"] = [f"{f} | {fold(s)}" for f, s in zip(folded, out["spellings"].tolist())]
    return out.drop(columns="spellings").sort_values(["weight", "label", "key"], ascending=[False, True, True],
                                                      ignore_index=True)


@dataclass(frozen=True)
class Names:
    """Every person, organisation and meeting place of a build, findable by any part of any spelling."""
    table: pd.DataFrame  # _table's, heaviest first
    _resolvers: dict = field(default_factory=dict, repr=False, compare=False)  # kinds → _keys' maps

    @classmethod
    def load(cls, s: "Store") -> "Names":
        """Read the names of a build's serving tables (once per build and server process: 0.37–0.54 s CPU at
        1 M articles, bench/RESULTS.md §24 picker)."""
        ents = s.df(LABELLED)
        places = s.df("SELECT place, count(*) AS meetings FROM evt WHERE place IS NOT NULL GROUP BY 1")
        return cls(_table(ents, places))

    @cached_property
    def _columns(self) -> tuple[list[str], list[str], list[str], dict[str, list[int]]]:
        """kinds, haystacks and folded names as lists, and folded name → rows (built on the first search)."""
        folded = self.table["folded"].tolist()
        exact: dict[str, list[int]] = {}
        for i, f in enumerate(folded):
            exact.setdefault(f, []).append(i)
        return self.table["kind"].tolist(), self.table["hay"].tolist(), folded, exact

    def find(self, text: str, kinds: Iterable[str] = KINDS, limit: int = 8) -> pd.DataFrame:
        """The `limit` best matches of `text`: every word must be in the name or a spelling (case and accents
        ignored; part of a word is enough). The exact name first, then names starting with it, then names with a
        word starting with it, then the rest, each by mentions (places: meetings)."""
        columns = ["key", "kind", "label", "name", "country", "weight"]
        words, wanted = fold(text).split(), set(kinds)
        if not words:
            return self.table.iloc[:0][columns]
        kind, hay, folded, exact = self._columns
        whole, start = " ".join(words), " " + words[0]
        ranked: tuple[list[int], ...] = ([i for i in exact.get(whole, []) if kind[i] in wanted], [], [], [])
        for i, h in enumerate(hay):  # the heaviest first, so each rank's rows come in order
            if words[0] not in h or kind[i] not in wanted or not all(w in h for w in words[1:]):
                continue
            f = folded[i]
            if f == whole:
                continue  # ranked first above
            rank = 1 if f.startswith(whole) else 2 if (" " + f).find(start) >= 0 else 3
            ranked[rank].append(i)
            if len(ranked[0]) + len(ranked[1]) >= limit:
                break  # nothing further down can come before these
        picked = [i for rows in ranked for i in rows][:limit]
        return self.table.iloc[picked][columns].reset_index(drop=True)

    @cached_property
    def _label(self) -> dict[str, str]:
        return dict(zip(self.table["key"], self.table["label"]))

    def labels(self, keys: Iterable[str]) -> dict[str, str]:
        """key → label of the entities (and places) among `keys` this build has."""
        return {k: self._label[k] for k in keys if k in self._label}

    def _keys(self, kinds: tuple[str, ...]) -> tuple[dict[str, str], set[str]]:
        """value → key by name, label or id (a name several share: the most mentioned), and every key, of `kinds`."""
        if kinds not in self._resolvers:
            t = self.table[self.table["kind"].isin(list(kinds))]
            by: dict[str, str] = {}
            for column in ("name", "label", "key"):  # later columns win: a label or an id is exact
                by.update(dict(zip(t[column][::-1], t["key"][::-1])))  # the heaviest last, so it wins a shared name
            self._resolvers[kinds] = (by, set(t["key"]))
        return self._resolvers[kinds]

    def resolve(self, values: Iterable[str], kinds: Iterable[str]) -> dict[str, str]:
        """value → key, for the values a link names that are an entity of `kinds`: its label, its id, its label
        with the id ("Name (id)"), or its name (a name several share: the most mentioned). Unknown values are left
        out."""
        by, ids = self._keys(tuple(kinds))
        out = {}
        for v in values:
            m = _WITH_ID.match(v)
            key = by.get(v) or (m.group(2) if m and m.group(2) in ids else None)
            if key:
                out[v] = key
        return out
