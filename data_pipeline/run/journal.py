"""The delta state on disk as a base plus small journal entries, so a delta build does not rewrite the whole state.

A full build writes the base (`<corpus key>.pickle`, delta.py `save_state`). A delta build writes one entry,
`<corpus key>~<previous corpus key>.journal` (atomic: a temporary file, fsynced, renamed), holding only what it
changed: the added articles' keys and positions, the inputs of its `resolve.patch` call (replayed on the
previous resolution state when a later delta build needs it, so resolve's state is never pickled whole), the
new values of the term counts, term index and shown forms at the terms and months the added articles touch,
the outlets, and the listing rows of the files it read (run/listing.py). Loading a state follows the chain of
entries back to its base and applies them in order. After `MAX_CHAIN` entries the next delta build writes a
base again (compaction); so does every full build.

An entry of another version, context or chain, or one that does not unpickle, makes the state unreadable:
the build then takes the full path, never a wrong table.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

JOURNAL_VERSION = 1
MAX_CHAIN = 8  # journal entries after a base before a delta build writes a base again
SUFFIX = ".journal"


@dataclass
class Replay:
    """A resolution state still to be brought up to date: the base's (bytes or object), then `resolve.patch` calls."""

    base: object
    steps: list = field(default_factory=list)  # (added [(article_id, mentions, published)], dates) per delta build


@dataclass
class Entry:
    """What one delta build changed in the state of the build before it."""

    corpus_key: str
    prev: str  # the corpus key of the state it applies to
    context: str
    depth: int  # entries between the base and this one, this one included
    added: list[tuple[int, tuple[str, str]]]  # (position in the new keys, (article_id, article key))
    step: tuple  # the resolve.patch inputs (added, dates)
    terms: dict  # TermCounts field -> [(key, new value)] in the field's order ("term_articles": month -> [...])
    term_index: list  # [(term key, entries appended)]
    shown: list  # [(term key, form)]
    outlets: set
    listing: dict | None  # rel -> listing row of each file read; None: the state keeps no listing
    version: int = JOURNAL_VERSION


def _pick(d: dict, keys, had: set) -> list:
    """(key, value) of `d` at `keys`: those it `had` before the delta build first, then the new ones in the order
    they were added (they are the last keys of `d`), so applying them gives `d` in the same order."""
    old = [(k, d[k]) for k in keys if k in had and k in d]
    need = {k for k in keys if k in d and k not in had}
    tail = []
    for k in reversed(d):
        if len(tail) == len(need):
            break
        if k not in need:  # not at the end: keep d's order the slow way
            return [(k, v) for k, v in d.items() if k in keys]
        tail.append((k, d[k]))
    return old + tail[::-1]


def before(state, term_keys: set, months: set) -> dict:
    """Which of the touched terms and months the state holds, taken before a delta build updates it in place."""
    tc = state.terms
    per_month = {m: set(tc.term_articles[m]) & term_keys for m in months if m in tc.term_articles}
    return {"articles": {m for m in months if m in tc.articles}, "total": {k for k in term_keys if k in tc.total},
            "surfaces": {k for k in term_keys if k in tc.surfaces}, "months": set(per_month), "per_month": per_month,
            "term_sources": {(m, k) for m in months for k in term_keys if (m, k) in tc.term_sources},
            "term_index": {k for k in term_keys if k in state.term_index},
            "lengths": {k: len(state.term_index[k]) for k in term_keys if k in state.term_index},
            "shown": {k for k in term_keys if k in state.shown}}


def entry_of(old_key: str, new, step: tuple, term_keys: set, months: set, had: dict, listing_rows: dict | None,
             added: list, depth: int) -> Entry:
    """The journal entry that turns the state of build `old_key` into state `new`, whose terms, term index and
    shown forms are the old state's objects updated in place (`had`: `before` of them). `step`: the resolve.patch
    inputs; `term_keys`, `months`: the added articles' term keys and months; `added`: (position, pair)."""
    tc = new.terms
    months_in = _pick(tc.term_articles, months, had["months"])
    terms = {"articles": _pick(tc.articles, months, had["articles"]), "total": _pick(tc.total, term_keys, had["total"]),
             "surfaces": _pick(tc.surfaces, term_keys, had["surfaces"]),
             "term_articles": [(m, _pick(c, term_keys, had["per_month"].get(m, set()))) for m, c in months_in],
             "term_sources": _pick(tc.term_sources, {(m, k) for m in months for k in term_keys}, had["term_sources"])}
    # the term index's order means nothing (only looked up by key; kept as run/buckets.py Buckets when saved)
    index = [(k, new.term_index[k][had["lengths"].get(k, 0):]) for k in sorted(term_keys) if k in new.term_index]
    return Entry(new.corpus_key, old_key, new.context, depth, added, step, terms,
                 [(k, v) for k, v in index if v], _pick(new.shown, term_keys, had["shown"]), set(new.outlets),
                 listing_rows)


def apply(state, entry: Entry, apply_listing):
    """`state` (as loaded: its containers are updated in place) with `entry` applied; `apply_listing(old, rows)`."""
    keys = list(state.keys)
    for n, pair in entry.added:
        keys.insert(n, pair)
    tc = state.terms
    for name in ("articles", "total", "surfaces", "term_sources"):
        target = getattr(tc, name)
        for k, v in entry.terms[name]:
            target[k] = v
    for m, pairs in entry.terms["term_articles"]:
        counter = tc.term_articles[m]
        for k, v in pairs:
            counter[k] = v
    for k, appended in entry.term_index:
        state.term_index.setdefault(k, []).extend(appended)
    for k, v in entry.shown:
        state.shown[k] = v
    res = state.resolution
    res = Replay(res.base, res.steps + [entry.step]) if isinstance(res, Replay) else Replay(res, [entry.step])
    listing = None
    if entry.listing is not None and state.listing is not None:
        listing = apply_listing(state.listing, entry.listing)
    return replace(state, corpus_key=entry.corpus_key, keys=keys, resolution=res, outlets=entry.outlets,
                   listing=listing)


def journal_path(folder: Path, corpus_key: str, prev: str) -> Path:
    return folder / f"{corpus_key}~{prev}{SUFFIX}"


def find(folder: Path, corpus_key: str) -> Path | None:
    """The journal entry that ends at `corpus_key`, if any."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(f"{corpus_key}~") and n.endswith(SUFFIX)]
    except OSError:
        return None
    return folder / sorted(names)[0] if names else None


def read_entry(path: Path) -> Entry:
    """The entry in `path`; raises ValueError when it is not one of this version (torn, foreign, renamed)."""
    with open(path, "rb") as fh:
        entry = pickle.load(fh)
    if not isinstance(entry, Entry) or entry.version != JOURNAL_VERSION or \
            path.name != f"{entry.corpus_key}~{entry.prev}{SUFFIX}":
        raise ValueError("not a journal entry of this version")
    return entry


def write_entry(folder: Path, entry: Entry) -> Path:
    """Write `entry` atomically and durably (`write_pickle`)."""
    return write_pickle(journal_path(folder, entry.corpus_key, entry.prev), entry)


def write_pickle(path: Path, obj) -> Path:
    """Pickle `obj` to `path` atomically and durably (temporary file, fsync, rename, fsync of the folder): a base
    state or a journal entry is either whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path


def _key_of(path: Path) -> str:
    """The corpus key a base (`<key>.pickle`) or a journal entry (`<key>~<prev>.journal`) is the state of."""
    return path.name.split("~")[0] if path.suffix == SUFFIX else path.stem


def prune(folder: Path, keep: int) -> None:
    """Keep the newest `keep` states (bases or entries) and every file their chains need; remove the rest."""
    files = [p for p in folder.iterdir() if p.suffix in (".pickle", SUFFIX) and not p.name.startswith(".")]
    by_key = {}
    for p in files:
        by_key.setdefault(_key_of(p), []).append(p)
    newest = sorted(files, key=lambda p: p.stat().st_mtime_ns, reverse=True)
    heads, needed = [], set()
    for p in newest:
        key = _key_of(p)
        if key in heads:
            continue
        heads.append(key)
        if len(heads) > keep:
            break
        while key is not None:  # the chain back to a base
            base = folder / f"{key}.pickle"
            if base in by_key.get(key, []):
                needed.add(base)
                break
            entries = [q for q in by_key.get(key, []) if q.suffix == SUFFIX]
            if not entries:
                break
            needed.add(entries[0])
            key = entries[0].name[len(key) + 1:-len(SUFFIX)]
    for p in files:
        if p not in needed:
            p.unlink(missing_ok=True)
