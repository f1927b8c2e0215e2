"""What resolution keeps between builds: additive per-article aggregates and the corpus decisions made from them.

Every field is a plain container (str, int, date, tuple, set, dict, Counter), so the state pickles
compactly and fast (`dumps`/`loads`). Clusters are named by stable ids, not list positions: "a:N"
(the N-th knowledge-base person), "f:<fold>" (the full-name form that founded the cluster), "l:<fold>"
(a lone one-word name). `entities.advance` adds articles to a state; `patch.patch` uses it to resolve
new articles without re-linking the old ones.
"""
from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field

STATE_VERSION = 1


@dataclass
class State:
    """Aggregates (summed over articles) and decisions (computed from the aggregates) of one resolution."""

    version: int = STATE_VERSION
    actors: tuple = ()                                          # the knowledge base it was made with
    articles: set = field(default_factory=set)                  # article ids included
    corrected: bool = False                                     # analyst corrections were applied to its rows
    # aggregates: per-article contributions, summed
    latin: Counter = field(default_factory=Counter)             # Latin PERSON name texts (Cyrillic alignment)
    given: Counter = field(default_factory=Counter)             # first-name keys of PERSON/role full names
    strong: dict = field(default_factory=dict)                  # fold -> Counter(surface): full names with person evidence
    weak: dict = field(default_factory=dict)                    # first-name key -> fold -> Counter(surface): other full names
    lone: dict = field(default_factory=dict)                    # fold -> [votes Counter, role/subject n, n, PERSON-label n, surfaces Counter]
    label_votes: dict = field(default_factory=dict)             # place/org key -> Counter(label)
    obs: dict = field(default_factory=dict)                     # cluster id -> Counter((role, date)) of roles seen with names
    country1: dict = field(default_factory=dict)                # cluster id -> Counter(country) of those roles
    country2: dict = field(default_factory=dict)                # cluster id -> Counter(country) of resolved title mentions
    links: Counter = field(default_factory=Counter)             # cluster id -> linked mentions
    display: dict = field(default_factory=dict)                 # non-person entity id -> Counter(display text)
    aliases: dict = field(default_factory=dict)                 # entity id -> Counter(alias)
    mentioned: Counter = field(default_factory=Counter)         # entity id -> mentions (before corrections)
    ties: list = field(default_factory=list)                    # cluster ids (in index order) linked at one offset of an article
    # questions old articles asked of the corpus, with the answers they got
    cyrillic: dict = field(default_factory=dict)                # (nominative, transliteration) -> (Latin text, reason)
    multi: dict = field(default_factory=dict)                   # multi-word text -> (cluster id, how) | None
    surname_q: dict = field(default_factory=dict)               # (surname key, date, role key) -> (role, answer)
    titles: dict = field(default_factory=dict)                  # article id -> title context (see entities._title_context)
    title_of: dict = field(default_factory=dict)                # cluster id -> article ids whose title context names it
    # decisions
    parts: dict = field(default_factory=dict)                   # cluster id -> (surnames, inner, firsts) keys
    lone_dec: dict = field(default_factory=dict)                # fold -> ("person",) | ("other", type) | ("none",)
    label_dec: dict = field(default_factory=dict)               # place/org key -> type | None
    country: dict = field(default_factory=dict)                 # cluster id -> country before titles
    pid: dict = field(default_factory=dict)                     # cluster id -> entity id


def dumps(state: State) -> bytes:
    """The state as bytes (pickle of plain containers)."""
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> State | None:
    """A state from `dumps`; None when it was written by another state version (then resolve in full)."""
    state = pickle.loads(data)
    return state if isinstance(state, State) and state.version == STATE_VERSION else None


def counter(table: dict, key) -> Counter:
    """table[key], a Counter, created when missing (without building a throwaway Counter per call)."""
    c = table.get(key)
    if c is None:
        c = table[key] = Counter()
    return c
