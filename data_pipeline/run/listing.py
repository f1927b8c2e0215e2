"""Listing the input by stat: which input files are unchanged since the published build, without reading them.

The delta state (delta.py) keeps a `Listing` of its build: per input file (as `ingest.walk` names it)
its identity and what reading it gave (its articles' ids, paths, languages, publication dates, `reuse`
article keys and analysis cache keys; its skips and warnings). A rebuild lists the input folder
(`ingest.walk`, one `os.stat` per file) and compares identities: an unchanged file reuses what it gave
without being read, hashed or decoded; new and changed files go through ingest (and its cache). The
articles of unchanged files come back as `Listed` stand-ins, which carry what the delta path reads of an
old article (id, path, language, date); a build that needs their text reads everything again.

Identity is (size, mtime_ns, ctime_ns, inode, device), as git's index keeps it:
- a file rewritten in place gets a new mtime and ctime, even with the same size;
- a file replaced by another one with the same size and mtime (rsync's default: a temporary file renamed
  over the name, `-t` keeping the mtime; `cp -p`; `mv`) has another inode and a new ctime;
- ctime cannot be set from user space, so even an in-place rewrite that restores the mtime (`touch -r`,
  `rsync --inplace -t`) changes it;
- a file modified within `RACY_NS` of being listed is kept without identity (read again next time), since
  a second write in the same clock tick of a coarse file system would keep all of them.
Not caught: a clock set back to the same nanosecond, or a file system that reuses inode numbers and fakes
ctime (none of the usual local or network ones do).

`read_listed` answers None (the caller then reads every file, as without a listing) when anything is
unusual: another input root or reading options, a listed file gone, a file of a duplicate group changed,
a new or changed file's article with the id of an unchanged file's article (`ingest.dedupe` would merge
them), or a skip that cannot be told to belong to one file.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import accumulate, repeat
from typing import NamedTuple
from pathlib import Path

from data_pipeline import errors
from data_pipeline.errors import Skip
from data_pipeline.run.cache import FileStats

RACY_NS = FileStats.RACY_NS  # the ingest cache's window: one rule for "modified a moment ago"


class Listed(NamedTuple):
    """An article of an unchanged file, as the delta path reads it (its text is not read)."""

    article_id: str
    path: str
    language: str
    published: date | None


@dataclass
class Listing:
    """What the published build read: per input file (sorted by name) its identity, articles and skips, by column."""

    root: str  # the input folder, resolved
    options: str  # `options_key` of the reading options
    rels: list[str]  # file names relative to the root, as ingest.walk gives them
    idents: list[tuple | None]  # identity of each file when listed; None: read it again
    counts: list[int]  # articles each file gave (after deduplication and the length check)
    grouped: set[str]  # files in a group of duplicates (their articles depend on one another)
    article_ids: list[str] = field(default_factory=list)  # every article, in input order
    paths: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    published: list[date | None] = field(default_factory=list)
    art_keys: list[str] = field(default_factory=list)  # reuse.article_key of each article
    analysis_keys: list[str] = field(default_factory=list)  # its analysis cache key, "" when not analysed
    skips: dict[str, tuple[list[Skip], list[Skip], list[Skip]]] = field(default_factory=dict)
    # rel -> (ingest skips and warnings, duplicates, too long) of the files that have any


def options_key(max_bytes: int, field_map: dict, facts_digest: str) -> str:
    """Hash of the reading options that change what a file gives (the code is in the delta context key)."""
    return hashlib.sha256(json.dumps([max_bytes, field_map, facts_digest], sort_keys=True).encode()).hexdigest()


def identity(path: Path, now_ns: int | None = None) -> tuple | None:
    """(size, mtime_ns, ctime_ns, inode, device) of a file, following links; None when unreadable or just modified."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    now_ns = time.time_ns() if now_ns is None else now_ns
    if now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_NS:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def identities(files: list[tuple[str | Path, str]]) -> dict[str, tuple | None]:
    """rel -> identity of each discovered (path, rel); paths as `ingest.walk` gives them (strings: no `Path` to format
    per file, most of the cost at 100,000 files)."""
    now = time.time_ns()
    return {rel: identity(path, now) for path, rel in files}


def owner(path: str, rels: dict[str, int]) -> str | None:
    """The file an article or skip path belongs to: the file itself, or `file:N` for record N of it; None if unsure."""
    hits = [path] if path in rels else []
    head, sep, tail = path.rpartition(":")
    if sep and tail.isdigit() and head in rels:
        hits.append(head)
    return hits[0] if len(hits) == 1 else None


def record(root: Path, options: str, files: list[tuple[Path, str]], idents: dict[str, tuple | None], articles: list,
           art_keys: list[str], analysis_keys: dict[str, str], skips: list[Skip]) -> Listing | None:
    """The listing of a build: `files` as discovered before reading (with their `idents`), the build's articles
    (Articles or `Listed`, in input order) and keys, and its skips; None when an article or skip has no one file."""
    rels = {rel: n for n, (_, rel) in enumerate(files)}
    counts = [0] * len(files)
    last = -1
    for a in articles:
        rel = owner(a.path, rels)
        if rel is None or rels[rel] < last:
            return None  # not from a discovered file, or not in file order
        last = rels[rel]
        counts[last] += 1
    grouped = set()
    for a in articles:
        others = getattr(a, "other_paths", None) or []
        if others:
            grouped.update(owner(p, rels) for p in [a.path, *others])
    if None in grouped:
        return None
    per_file: dict[str, tuple[list[Skip], list[Skip], list[Skip]]] = {}
    for s in skips:
        rel = owner(s.path, rels)
        if rel is None:
            if s.path.endswith("/") or s.code in (errors.E_LINK, errors.E_NOT_FILE, errors.E_UNREADABLE):
                continue  # found by discover itself, every time
            return None
        kind = 1 if s.code == errors.E_DUPLICATE else 2 if s.code == errors.E_TOO_LONG else 0
        per_file.setdefault(rel, ([], [], []))[kind].append(s)
    return Listing(str(Path(os.path.realpath(root))), options, list(rels), [idents.get(rel) for rel in rels], counts,
                   grouped, [a.article_id for a in articles], [a.path for a in articles],
                   [a.language for a in articles], [a.published for a in articles], list(art_keys),
                   [analysis_keys.get(a.article_id, "") for a in articles], per_file)


@dataclass
class Read:
    """What `read_listed` gives: the articles in input order (unchanged files' as `Listed`), the skips as a full read
    orders them (discovery, each file's, duplicates), the too-long skips, and the keys."""

    articles: list
    skips: list[Skip]
    too_long: list[Skip]
    art_keys: list[str]
    analysis_keys: dict[str, str]
    files: list[tuple[Path, str]]
    idents: dict[str, tuple | None]
    reread: set[str]  # the files read (new or changed)


def unchanged(listing: Listing, files: list[tuple[str, str]], idents: dict[str, tuple | None]) -> set[str] | None:
    """The listed files whose identity is the recorded one; None when a listed file is gone or a grouped one changed."""
    if not set(listing.rels) <= {rel for _, rel in files}:
        return None  # a removal: the full path anyway
    now = list(map(idents.get, listing.rels))
    same = {rel for rel, was, ident in zip(listing.rels, listing.idents, now) if was is not None and was == ident}
    if listing.grouped and not listing.grouped <= same:
        return None  # a file of a group of duplicates changed
    return same


def read_listed(listing: Listing, root: Path, options: str, discovered: tuple[list[tuple[str, str]], list[Skip]],
                read, finish) -> Read | None:
    """The input as a full read would give it, reading only new and changed files; None: read everything.

    `discovered`: ingest.walk(root); `read(files)`: (articles, skips) of those (path, rel) files in order,
    deduplicated among themselves (ingest cache, ingest.dedupe); `finish(articles)`: (parseable articles,
    too-long skips, art keys, analysis keys) of re-read articles.
    """
    if listing.root != str(Path(os.path.realpath(root))) or listing.options != options:
        return None
    files, found_skips = discovered
    idents = identities(files)
    same = unchanged(listing, files, idents)
    if same is None:
        return None
    todo = [(path, rel) for path, rel in files if rel not in same]
    new, new_skips = read(todo) if todo else ([], [])
    new, too_long, new_keys, new_analysis = finish(new) if new else ([], [], [], {})
    starts = _starts(listing)
    at = {rel: n for n, rel in enumerate(listing.rels)}
    todo_rels = {rel for _, rel in todo}
    gone = {listing.article_ids[i] for rel in todo_rels if rel in at
            for i in range(starts[at[rel]], starts[at[rel] + 1])}  # the old articles of changed files
    if new:
        kept = set(listing.article_ids) - gone
        if any(a.article_id in kept for a in new):
            return None  # deduplication across an unchanged and a re-read file
    rels = {rel: n for n, (_, rel) in enumerate(files)}
    by_file: dict[str, list] = {}
    for a, k in zip(new, new_keys):
        rel = owner(a.path, rels)
        if rel is None:
            return None
        by_file.setdefault(rel, []).append((a, k))
    skips_of: dict[str, tuple[list[Skip], list[Skip], list[Skip]]] = {}
    for s in new_skips + too_long:
        rel = owner(s.path, rels)
        if rel is None:
            return None
        kind = 1 if s.code == errors.E_DUPLICATE else 2 if s.code == errors.E_TOO_LONG else 0
        skips_of.setdefault(rel, ([], [], []))[kind].append(s)
    articles: list = []
    art_keys: list[str] = []
    pos = 0  # the next article of the listing not yet taken

    def take(upto: int) -> None:  # the listing's articles [pos, upto): all of unchanged files
        articles.extend(map(tuple.__new__, repeat(Listed), zip(  # Listed(...) without its Python-level __new__
            listing.article_ids[pos:upto], listing.paths[pos:upto], listing.languages[pos:upto],
            listing.published[pos:upto])))
        art_keys.extend(listing.art_keys[pos:upto])

    for _, rel in todo:  # in file order
        n = at.get(rel)
        upto = starts[n] if n is not None else starts[bisect_left(listing.rels, rel)]
        take(upto)
        pos = starts[n + 1] if n is not None else upto
        for a, k in by_file.get(rel, []):
            articles.append(a)
            art_keys.append(k)
    take(len(listing.article_ids))
    analysis_keys = {aid: k for aid, k in zip(listing.article_ids, listing.analysis_keys) if k and aid not in gone}
    analysis_keys.update(new_analysis)
    ingest_skips, dupes, longs = [], [], []
    for rel in sorted({r for r in listing.skips if r not in todo_rels} | set(skips_of)):
        got = skips_of[rel] if rel in todo_rels else listing.skips[rel]
        ingest_skips += got[0]
        dupes += got[1]
        longs += got[2]
    return Read(articles, list(found_skips) + ingest_skips + dupes, longs, art_keys, analysis_keys, files, idents,
                todo_rels)


def rows_of(listing: Listing, rels: set[str]) -> dict[str, tuple]:
    """rel -> the listing's row of each of `rels` it has: (identity, grouped, articles by column, skips)."""
    starts = _starts(listing)
    out = {}
    for rel in rels:
        n = bisect_left(listing.rels, rel)
        if n < len(listing.rels) and listing.rels[n] == rel:
            a, b = starts[n], starts[n + 1]
            out[rel] = (listing.idents[n], rel in listing.grouped, [c[a:b] for c in _columns(listing)],
                        listing.skips.get(rel))
    return out


def _columns(listing: Listing) -> tuple[list, ...]:
    return (listing.article_ids, listing.paths, listing.languages, listing.published, listing.art_keys,
            listing.analysis_keys)


def with_rows(listing: Listing, rows: dict[str, tuple]) -> Listing:
    """`listing` with the files of `rows` (`rows_of`) added or replaced, in file order (the old one is left as is)."""
    out = Listing(listing.root, listing.options, list(listing.rels), list(listing.idents), list(listing.counts),
                  set(listing.grouped), *(list(c) for c in _columns(listing)), skips=dict(listing.skips))
    starts = _starts(listing)
    for rel in sorted(rows, reverse=True):  # from the end: the positions before each row stay valid
        ident, grouped, got, skips = rows[rel]
        n = bisect_left(out.rels, rel)
        if n < len(out.rels) and out.rels[n] == rel:
            a, b = starts[n], starts[n + 1]
            out.idents[n], out.counts[n] = ident, len(got[0])
        else:
            a = b = starts[n]
            out.rels.insert(n, rel)
            out.idents.insert(n, ident)
            out.counts.insert(n, len(got[0]))
        for col, values in zip(_columns(out), got):
            col[a:b] = values
        (out.grouped.add if grouped else out.grouped.discard)(rel)
        if skips:
            out.skips[rel] = skips
        else:
            out.skips.pop(rel, None)
    return out


def _starts(listing: Listing) -> list[int]:
    """Index of each file's first article in the article columns, and the number of articles at the end."""
    return list(accumulate(listing.counts, initial=0))


def reader(opts, facts) -> callable:
    """`read(files)` for `read_listed`: those files through the ingest cache, deduplicated among themselves."""
    from data_pipeline import ingest
    from data_pipeline.run.cache import IngestCache
    from data_pipeline.run.config import digest

    def read(files: list[tuple[Path, str]]):
        articles, skips = [], []
        paths = [Path(path) for path, _ in files]
        jobs = [(path, rel, partial(ingest.read_file, path, rel, opts.max_bytes, opts.field_map, facts))
                for path, (_, rel) in zip(paths, files)]
        with IngestCache(opts.cache_dir, [opts.max_bytes, opts.field_map, digest(facts)]) as memo:
            for got, bad in memo.read_many(jobs, opts.max_bytes):
                articles += got
                skips += bad
        articles, dupes = ingest.dedupe(articles)
        return articles, skips + dupes
    return read
