"""The delta build: a corpus that only gained articles since the published build costs what was added.

`build()` calls `try_delta` after the unchanged-corpus shortcut (reuse.py). It applies when the cache is on,
the published build left a state (`State`, in `<cache>/delta/<corpus key>.pickle`, written atomically by
every build with the cache on), this run has the same context key (code, libraries, config, model:
`reuse.context_key`), and the previous build's articles are, in order, this run's articles minus some new
ones (same article ids and `reuse.article_key`s). Anything else (an edit, a removal, a failed analysis, a
new outlet name that was a term, no or a garbled state) returns None: the full path, exactly as before.

The delta path analyses and topic-tags only the added articles, patches the previous resolution
(`resolve.patch`, see `_patch_resolution`; None from it means a decision changed: the full path), makes the
added articles' rows, re-groups the events of the (pair, kind family) keys the new meetings fall in
(an old meeting whose `event_id` changes makes its article touched), updates the term counts and
`article_terms`, and makes the corpus-wide tables (entities, meeting_events, emerging_terms,
article_terms) whole. Publishing goes through `store.publish.write_patch(out, previous, rows, touched,
whole, manifest)` when it exists (rows: per partitioned table the complete rows of every touched
article; touched: the added articles and the old ones whose rows changed); until then the full tables
are assembled from the previous build's parquet plus these rows and published by `write_build`, which
gives the same bytes as a full build. The manifest says `"build_mode": "delta"`.
"""
from __future__ import annotations

import logging
import pickle
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_pipeline import resolve
from data_pipeline.run import journal
from data_pipeline.run.buckets import Buckets
from data_pipeline.run.gcpause import paused_gc
from data_pipeline.run.prefetch import Prefetch
from data_pipeline.run import listing as listing_mod
from data_pipeline.resolve import aggregates
from data_pipeline.events import grouping
from data_pipeline.ingest.article import Article
from data_pipeline.store import emerging as emerging_test
from data_pipeline.store import partitions, publish, validate
from data_pipeline.store import tables as contract
from data_pipeline.store.tables import SCHEMAS, to_table
from data_pipeline.topics import emerging
from data_pipeline.topics.emerging import TermCounts

log = logging.getLogger(__name__)

STATE_DIR = "delta"
KEEP_STATES = 3  # states of the newest builds kept in the cache (several outputs may share one cache)
STATE_VERSION = 1


@dataclass
class State:
    """What a delta build needs of the published build instead of decoding every cached analysis."""

    corpus_key: str
    context: str  # reuse.context_key of the build
    keys: list[tuple[str, str]]  # (article_id, reuse.article_key) in input order
    resolution: object  # resolve's own state (opaque here; as resolve/aggregates.py `dumps` bytes where it has them)
    terms: TermCounts  # emerging-term counts of the whole corpus
    outlets: set[str]  # outlet names (never terms)
    term_index: dict[str, list[tuple[str, str]]]  # term key -> (article_id, kind) of the dated articles holding it
    # (saved as run/buckets.py Buckets: a rebuild decodes only the buckets of the terms it touches)
    shown: dict[str, str]  # term key -> its form in article_terms, for the terms there
    version: int = STATE_VERSION
    listing: object = None  # run/listing.py Listing of the build's input (None: the next build reads every file)
    depth: int = 0  # journal entries applied on top of the base it was loaded from (journal.py)


def state_path(cache_dir: Path, corpus_key: str) -> Path:
    """Where the state of the build with this corpus key lives."""
    return Path(cache_dir) / STATE_DIR / f"{corpus_key}.pickle"


def save_state(cache_dir: Path | None, state: State) -> None:
    """Write `state` atomically beside the cache and drop all but the newest KEEP_STATES; a disk error only logs."""
    if cache_dir is None or state.resolution is None:
        return
    term_index = state.term_index if isinstance(state.term_index, Buckets) else Buckets(state.term_index)
    state = replace(state, resolution=_kept_resolution(state.resolution), depth=0, term_index=term_index)
    path = state_path(cache_dir, state.corpus_key)
    try:
        journal.write_pickle(path, state)
        journal.prune(path.parent, KEEP_STATES)
    except OSError as exc:
        log.warning("%s: delta state not written (%s); the next rebuild builds in full", path, exc)


def load_state(cache_dir: Path | None, corpus_key: str | None) -> State | None:
    """The state of the build with `corpus_key`, or None (missing: silently; unreadable: one log line)."""
    if cache_dir is None or not corpus_key:
        return None
    path = state_path(cache_dir, corpus_key)
    entries = []
    try:
        while not path.exists():  # a journal entry ends at this key: follow the chain back to its base
            found = journal.find(path.parent, corpus_key)
            if found is None:
                if entries:
                    raise ValueError(f"the journal chain breaks at {corpus_key}")
                return None
            path = found
            entry = journal.read_entry(path)
            entries.append(entry)
            if len(entries) > journal.MAX_CHAIN:
                raise ValueError("journal chain too long")
            corpus_key = entry.prev
            path = state_path(cache_dir, corpus_key)
        with open(path, "rb") as fh, paused_gc():  # millions of small acyclic objects (gcpause.py)
            state = pickle.load(fh)
        if not isinstance(state, State) or state.version != STATE_VERSION or state.corpus_key != corpus_key:
            raise ValueError("not a delta state of this version")
        for entry in reversed(entries):
            if entry.context != state.context or entry.prev != state.corpus_key:
                raise ValueError("a journal entry of another build")
            state = replace(journal.apply(state, entry, listing_mod.with_rows), depth=entry.depth)
        return state
    except Exception as exc:  # garbled, torn or of older code: build in full
        log.warning("%s: delta state unreadable (%s); building in full", path, exc)
        return None


def save_journal(cache_dir: Path, entry: journal.Entry) -> bool:
    """Write a journal entry beside the base and prune; False (one log line) when it cannot be written."""
    folder = Path(cache_dir) / STATE_DIR
    try:
        journal.write_entry(folder, entry)
        journal.prune(folder, KEEP_STATES)
        return True
    except OSError as exc:
        log.warning("%s: delta journal not written (%s); the next rebuild builds in full", folder, exc)
        return False


def published_state(cache_dir: Path | None, out: Path) -> State | None:
    """The state of the build `out` points to (None: no cache, no build, or no readable state)."""
    if cache_dir is None:
        return None
    previous = publish.previous_manifest(out)
    return None if previous is None else load_state(cache_dir, previous[1].get("corpus_key"))


def added_articles(state: State, context: str, articles: list[Article], art_keys: list[str]) -> list[Article] | None:
    """This run's articles that the state's build lacks, when the corpus only gained articles; else None."""
    if state.context != context:
        return None
    current = [(a.article_id, k) for a, k in zip(articles, art_keys)]
    before = set(state.keys)
    if [p for p in current if p in before] != state.keys:
        return None  # an edit, a removal or another order
    added = [a for a, p in zip(articles, current) if p not in before]
    return added or None


def _patch_resolution(state: object, analyses: dict[str, dict], published: dict, config):
    """resolve.patch on the added articles' mentions, or None (no readable state, or a decision changed).

    Contract (resolve/patch.py): `patch(state, added, removed, dates, actors, corrections)` with `added` =
    [(article_id, mentions, published)] in input order (they may sit anywhere among the old articles); its
    result has `.state`, `.ids` ((article_id, mention index) -> entity id, for the added articles), `.roles`
    and `.reasons` (the added articles' rows) and `.entities` (complete), every old article's rows unchanged.
    """
    if state is None:
        return None
    state = _resolution_state(state, config)
    if state is None:
        return None
    return resolve.patch(state, [(aid, an["mentions"], published.get(aid)) for aid, an in analyses.items()], [],
                 dates=published, actors=config.actors, corrections=config.corrections)


def _resolution_state(kept: object, config=None) -> object:
    """resolve's state from what the State keeps: `aggregates.loads` of its bytes (None: another version), then the
    `resolve.patch` calls of the journal entries since (journal.Replay; None when one of them no longer answers)."""
    if isinstance(kept, journal.Replay):
        state = _resolution_state(kept.base)
        for added, dates in kept.steps:
            if state is None or config is None:
                return None
            got = resolve.patch(state, added, [], dates=dates, actors=config.actors, corrections=config.corrections)
            state = None if got is None else got.state
        return state
    if isinstance(kept, bytes):
        with paused_gc():  # 50 MB of small acyclic containers at 100,000 articles
            return aggregates.loads(kept)
    return kept


def _kept_resolution(state: object) -> object:
    """What the State keeps of resolve's state: its own `aggregates.dumps` bytes where it has them (a journal.Replay
    of them, still to be replayed, stays one). Its `titles` (article id -> title context: most of its bytes, and
    looked up only for the articles whose title holder may have changed) go in as Buckets, decoded by key."""
    if not isinstance(state, aggregates.State):
        return state
    titles = state.titles if isinstance(state.titles, Buckets) else Buckets(state.titles)
    return aggregates.dumps(replace(state, titles=titles))


def read_table(build: Path, manifest: dict, name: str, columns: list[str] | None = None) -> pa.Table:
    """A published table (all its monthly files, in key order), without schema metadata."""
    info = manifest["tables"][name]
    if isinstance(info.get("partitions"), dict):
        parts = [pq.read_table(build / f"{name}.parquet" / f"{key}{partitions.SUFFIX}", columns=columns)
                 for key in sorted(info["partitions"])]
        table = pa.concat_tables(parts) if parts else SCHEMAS[name].empty_table()
    else:
        table = pq.read_table(build / f"{name}.parquet", columns=columns)
    return table.replace_schema_metadata(None)


def combine(name: str, old: pa.Table, new: pa.Table) -> pa.Table:
    """`old` rows and `new` rows (a `to_table` result) as one table, as `to_table` gives their union (schema, order).

    `old` comes from a published table, so it is in the canonical order already: a few new rows are merged in at
    their places (`_merged`) instead of sorting the whole table again (article_terms: 1.8 M rows at 100,000)."""
    old, new = old.cast(SCHEMAS[name]), new.replace_schema_metadata(None).cast(SCHEMAS[name])
    merged = _merged(name, old, new)
    return merged if merged is not None else contract.sort(name, pa.concat_tables([old, new]))


MERGE_AT_MOST = 1_000  # new rows merged one by one; more are sorted with the rest


def _merged(name: str, old: pa.Table, new: pa.Table) -> pa.Table | None:
    """`old` (sorted) with the few `new` rows inserted where a stable sort puts them, or None when that cannot be
    told here: many rows, `old` unsorted, or a new row that ties with an old one on the leading order columns
    Python compares alike (strings, integers, dates without nulls) while later columns (a float, a null) would
    decide. Ties on every order column are equal rows: the new one goes after them, as a stable sort puts it."""
    cols = []
    for c in contract.order(name):
        if pa.types.is_floating(old.schema.field(c).type) or old.column(c).null_count or new.column(c).null_count:
            break
        cols.append(c)
    whole = len(cols) == len(contract.order(name))
    if not new.num_rows or new.num_rows > MERGE_AT_MOST or not cols:
        return None
    arrays = [old.column(c) for c in cols]

    def key_at(i: int) -> tuple:
        return tuple(a[i].as_py() for a in arrays)

    new = contract.sort(name, new)
    rows = list(zip(*(new.column(c).to_pylist() for c in cols)))
    n = old.num_rows
    places = [bisect_right(range(n), row, key=key_at) for row in rows]
    for p, row in zip(places, rows):
        if p and not whole and key_at(p - 1) == row:
            return None  # a tie that the columns not compared here would break
        # the rows around each place must be in order, or `old` was not sorted
        if (p > 0 and p < n and key_at(p - 1) > key_at(p)) or (p > 1 and key_at(p - 2) > key_at(p - 1)):
            return None
    pieces, start = [], 0
    for j, p in enumerate(places):
        pieces += [old.slice(start, p - start), new.slice(j, 1)]
        start = p
    pieces.append(old.slice(start))
    return pa.concat_tables(pieces)  # chunked: publish combines the chunks as it writes


@dataclass
class Delta:
    """What a delta build published: its build id ("" when it fell back to the full path after parsing), table row
    counts and articles parsed."""

    build_id: str
    counts: dict[str, int]
    parsed: int


_LOAD = object()


def try_delta(opts, nlp, config, articles: list[Article], analysis_keys: dict[str, str], skips: list,
              context: str, art_keys: list[str], corpus_key: str, runner, check=lambda: None, state=_LOAD,
              listing=lambda: None, listing_rows=None, keep: list | None = None) -> Delta | None:
    """Publish this run as the previous build plus the added articles, or say to build in full: None, or a Delta
    without build id that counts the articles parsed before the delta path gave up. `check()` runs just before
    publishing (build.py: the input folder is still the one read). `state`: the published build's state when
    already loaded (`published_state`); `listing()`: the run/listing.py Listing the new state keeps, and
    `listing_rows()` the listing rows of the files this run read, when it read only new and changed ones (the new
    state is then a journal entry, journal.py, unless the chain is long; else a base).

    `articles` may hold `listing.Listed` stand-ins for articles of unchanged files: they must be old ones. `keep`: a
    list the large objects of a published delta are appended to instead of being freed on return (build.build)."""
    from data_pipeline.run import build as B  # build.py calls this module

    previous = publish.previous_manifest(opts.out)
    if opts.cache_dir is None or previous is None:
        return None
    if state is _LOAD:
        state = load_state(opts.cache_dir, previous[1].get("corpus_key"))
    elif state is not None and state.corpus_key != previous[1].get("corpus_key"):
        state = None  # another build was published since it was loaded
    added = None if state is None else added_articles(state, context, articles, art_keys)
    if not added:
        log.debug("delta build: %s; building in full", "no state of the published build" if state is None
                  else "not only additions since the published build")
        return None
    if not all(isinstance(a, Article) for a in added):
        return None  # an article listed as unchanged that the published build lacks: read everything
    keys = {a.article_id: analysis_keys[a.article_id] for a in added if a.article_id in analysis_keys}
    runner = Prefetch(runner)
    runner.send_analyses(_to_parse(opts, nlp, added, keys))  # parsed while what needs no analysis is prepared
    resolution = _resolution_state(state.resolution, config)
    before = {name: read_table(*previous, name) for name in ("meeting_events", "article_terms")}
    from data_pipeline.store import patch as _store_patch  # noqa: F401 - for publish_patch, while the parse runs
    analyses, parsed, failed = B.analyse_all(nlp, added, opts, runner, keys)
    if failed:
        return None
    by_id = {a.article_id: a for a in articles}
    runner.send_topics([(aid, an, by_id[aid].text) for aid, an in analyses.items()], config.taxonomy,
                       any(by_id[aid].language == "ru" for aid in analyses))  # tagged while names are resolved
    published = {aid: by_id[aid].published for aid in analyses}
    fallback = Delta("", {}, parsed)  # the full path then finds the added analyses in the cache
    step = pickle.loads(pickle.dumps(([(aid, an["mentions"], published.get(aid)) for aid, an in analyses.items()],
                                      published)))  # the patch's inputs as they are now, for the journal
    res = _patch_resolution(resolution, analyses, published, config)
    if res is None:
        log.info("delta build: resolution changed; building in full")
        return fallback
    meetings, events = _event_rows(previous, analyses, res, by_id, before["meeting_events"])
    scores, evidence, terms = B.topic_rows(nlp, analyses, by_id, config.taxonomy, runner, opts.cache_dir)
    term_keys = {t[0] for found in terms.values() for t in found}
    months = {emerging.month_start(d) for d in published.values() if d is not None}
    had = journal.before(state, term_keys, months)  # before the terms are updated in place
    parts = _delta_rows(state, previous, added, analyses, res, (scores, evidence, terms), by_id, meetings, events,
                        before["article_terms"])
    if parts is None:
        log.info("delta build: events or terms cannot be patched exactly; building in full")
        return fallback
    rows, changed, whole, new_terms = parts
    check()
    manifest = {**B.manifest_of(opts, nlp, articles, {}, parsed, skips), "corpus_key": corpus_key,
                "build_mode": "delta"}
    published = publish_patch(opts.out, previous, rows, changed, whole, by_id, manifest)
    if published is None:
        tables = assemble(previous, rows, changed, whole)
        validate.check(tables)
        manifest["counts"] = {name: t.num_rows for name, t in tables.items()}
        published = publish.write_build(opts.out, tables, manifest), manifest["counts"]
    bid, counts = published
    new = State(corpus_key, context, [(a.article_id, k) for a, k in zip(articles, art_keys)],
                getattr(res, "state", None), *new_terms)
    rows = listing_rows() if listing_rows is not None and state.listing is not None else None
    if rows is not None and state.depth < journal.MAX_CHAIN and new.resolution is not None:
        pairs = set(state.keys)
        added_at = [(n, p) for n, p in enumerate(new.keys) if p not in pairs]
        if save_journal(opts.cache_dir, journal.entry_of(state.corpus_key, new, step, term_keys, months, had, rows,
                                                         added_at, state.depth + 1)):
            return _kept(Delta(bid, counts, parsed), keep, state, resolution, res, new, analyses, before, rows, whole)
    save_state(opts.cache_dir, replace(new, listing=listing()))
    return _kept(Delta(bid, counts, parsed), keep, state, resolution, res, new, analyses, before, rows, whole)


def _kept(result: Delta, keep: list | None, *objects) -> Delta:
    """`result`, with `objects` appended to `keep` (when given) so that returning does not free them."""
    if keep is not None:
        keep.extend(objects)
    return result


def _to_parse(opts, nlp, added: list[Article], keys: dict[str, str]) -> list[Article]:
    """The added articles `analyse_all` will parse: analysed languages, not in the analysis cache."""
    from data_pipeline.run import build as B
    from data_pipeline.nlp import languages

    english = [a for a in added if languages.analysed(a.language) and a.article_id in keys]
    if opts.cache_dir is None or not english:
        return english
    with B.AnalysisCache(opts.cache_dir, B.model_id(nlp)) as cache:
        there = cache.has_many([keys[a.article_id] for a in english])
    return [a for a in english if keys[a.article_id] not in there]


def _event_rows(previous: tuple[Path, dict], analyses: dict[str, dict], res, by_id: dict[str, Article],
                prev_events: pa.Table | None = None) -> tuple[list[dict], tuple]:
    """The added articles' meeting rows and `regroup_events`' result for them."""
    from data_pipeline.run import build as B

    types = {e["entity_id"]: e["type"] for e in res.entities}
    published = {aid: by_id[aid].published for aid in analyses}
    meetings = B.meeting_rows(analyses, res.ids, types, published)
    return meetings, regroup_events(*previous, meetings, by_id, prev_events)


def _delta_rows(state: State, previous: tuple[Path, dict], added: list[Article], analyses: dict[str, dict], res,
                topics: tuple[list, list, dict], by_id: dict[str, Article], meetings: list[dict] | None = None,
                events: tuple | None = None, prev_terms: pa.Table | None = None):
    """(rows of the added articles per table, touched article ids, whole corpus-wide tables, the new term state),
    or None when the term counts cannot be updated (a new outlet name that is a term). `meetings`, `events`:
    `_event_rows` when already made; `prev_terms`: the previous article_terms table when already read."""
    from data_pipeline.run import build as B

    build, man = previous
    if meetings is None or events is None:
        meetings, events = _event_rows(previous, analyses, res, by_id)
    events, changed = events
    scores, evidence, terms = topics
    new_terms = update_terms(state, terms, by_id)
    if new_terms is None:
        return None
    emerging_rows, (drop, add) = new_terms[:2]
    rows = {
        "articles": to_table("articles", [B.article_row(a) for a in added]),
        "mentions": to_table("mentions", B.mention_columns(analyses, res.ids)),
        "meetings": to_table("meetings", meetings),
        "topics": to_table("topics", scores),
        "topic_sentences": to_table("topic_sentences", evidence),
        "roles": to_table("roles", res.roles),
        "resolution": to_table("resolution", res.reasons),
    }
    whole = {"entities": to_table("entities", res.entities), "meeting_events": events,
             "emerging_terms": emerging_rows, "article_terms": article_terms(build, man, drop, add, prev_terms)}
    return rows, changed, whole, new_terms[2:]


def regroup_events(build: Path, man: dict, meetings: list[dict], by_id: dict[str, Article],
                   prev: pa.Table | None = None):
    """The whole meeting_events table after adding `meetings` (rows of the added articles, given their event_id),
    and {meeting_key: new event_id} of the old meeting rows whose event changed.

    Events of one (pair, kind family) key never depend on another key's rows (grouping.py), so only the keys
    of the new meetings are grouped again, from the previous meetings of those keys plus the new ones. Those
    meetings are found through the previous events of the keys: every meeting row belongs to an event of its
    key that lists its article, so only the monthly meetings files of those articles are read (not every
    month), in the columns grouping needs, and filtered by pair in arrow. `prev`: the previous meeting_events
    table when already read.
    """
    published = {aid: a.published for aid, a in by_id.items()}
    keys = {grouping.group_key(r) for r in meetings}
    pairs = pa.array(sorted({f"{a}\0{b}" for a, b, _ in keys}), pa.string())
    prev = read_table(build, man, "meeting_events") if prev is None else prev
    at, rows = _of_pairs(prev, pairs)
    hits = [(n, r) for n, r in zip(at, rows.select(["a", "b", "kind", "article_ids"]).to_pylist())
            if grouping.group_key(r) in keys]
    months = _months_of(man, {aid for _, r in hits for aid in r["article_ids"] or ()}, by_id)
    old = read_months(build, man, "meetings", months, columns=GROUPING_COLUMNS)
    again = [r for r in _of_pairs(old, pairs)[1].to_pylist() if grouping.group_key(r) in keys]
    found, ids = grouping.group(again + meetings, published)
    changed = {meeting_key(r): eid for r, eid in zip(again, ids) if eid != r["event_id"]}
    for row, eid in zip(meetings, ids[len(again):]):
        row["event_id"] = eid
    keep = np.ones(prev.num_rows, dtype=bool)
    keep[[n for n, _ in hits]] = False
    return combine("meeting_events", prev.filter(pa.array(keep)),
                   to_table("meeting_events", found)), changed


# the meeting columns events are grouped from (grouping.group) and their rows told apart by (meeting_key)
GROUPING_COLUMNS = ["article_id", "a", "b", "kind", "status", "date", "place", "start", "end", "confidence",
                    "event_id"]


def _months_of(man: dict, article_ids: set[str], by_id: dict[str, Article]) -> set[str]:
    """The monthly partitions holding these previous articles' rows (every month when one is unknown here)."""
    if any(aid not in by_id for aid in article_ids):
        return set(man["tables"]["meetings"]["partitions"])
    return {partitions.month_key(by_id[aid].published) for aid in article_ids}


def _of_pairs(table: pa.Table, pairs: pa.Array) -> tuple[list[int], pa.Table]:
    """The positions and rows of a meetings or meeting_events table whose (a, b) is one of `pairs` ("a\0b")."""
    hit = pc.is_in(pc.binary_join_element_wise(table.column("a"), table.column("b"), "\0"), value_set=pairs)
    return pc.indices_nonzero(hit).to_pylist(), table.filter(hit)


def meeting_key(row: dict) -> tuple:
    """What tells one meeting row from every other (build.meeting_rows keeps one row per such key)."""
    return row["article_id"], row["a"], row["b"], row["kind"], row["start"]


def with_event_ids(table: pa.Table, changed: dict[tuple, str]) -> pa.Table:
    """A meetings table with the `changed` rows' new event ids."""
    if not changed or not table.num_rows:
        return table
    cols = [table.column(c).to_pylist() for c in ("article_id", "a", "b", "kind", "start")]
    ids = table.column("event_id").to_pylist()
    for n, key in enumerate(zip(*cols)):
        if key in changed:
            ids[n] = changed[key]
    return table.set_column(table.schema.get_field_index("event_id"), "event_id", pa.array(ids, pa.string()))


def update_terms(state: State, terms: dict[str, list], by_id: dict[str, Article]):
    """(emerging_terms table, article_terms table, and the state's new terms, outlets, term_index, shown) after
    adding the added articles' term candidates (`terms`), or None when the counts cannot be updated in place."""
    docs = [(by_id[aid].published, by_id[aid].source, [(t[0], t[1]) for t in found])
            for aid, found in sorted(terms.items())]
    outlets = state.outlets | emerging.outlet_keys(source for _, source, _ in docs)
    tc = state.terms
    if any(k in tc.surfaces for k in outlets - state.outlets):
        return None  # a new outlet's name was a term: every count of it changes
    before = {key: tc.total[key] for _, _, found in docs for key, _ in found if key not in outlets}
    emerging.add_terms(tc, outlets, docs)
    shown = state.shown
    taken = {}
    for key, name in shown.items():
        taken.setdefault(name, []).append(key)
    drop, add = [], {"article_id": [], "term": [], "kind": []}
    for key, n in sorted(before.items()):
        new_total = tc.total[key]
        if new_total < emerging_test.MIN_ARTICLES:
            continue
        name = tc.display(key)
        if any(k != key for k in taken.get(name, [])) or (key in shown and len(taken[shown[key]]) > 1):
            return None  # two terms shown alike: their rows cannot be told apart
        if key in shown and shown[key] == name:
            continue
        for aid, kind in state.term_index.get(key, []):
            if key in shown:
                drop.append(f"{aid}\0{shown[key]}\0{kind}")
            add["article_id"].append(aid)
            add["term"].append(name)
            add["kind"].append(kind)
        shown[key] = name
        taken.setdefault(name, []).append(key)
    for aid, found in terms.items():
        if by_id[aid].published is None:
            continue
        kinds = {t[0]: t[3] for t in found}
        for key in sorted(kinds):
            if key in outlets:
                continue
            state.term_index.setdefault(key, []).append((aid, kinds[key]))
            if tc.total[key] >= emerging_test.MIN_ARTICLES:
                add["article_id"].append(aid)
                add["term"].append(shown[key])
                add["kind"].append(kinds[key])
    rows = [{**r, "term": tc.display(r["term"])} for r in emerging_test.score(dict(tc.articles), tc.rows())]
    return to_table("emerging_terms", rows), (drop, add), tc, outlets, state.term_index, shown


def article_terms(build: Path, man: dict, drop: list[str], add: dict[str, list], old: pa.Table | None = None) -> pa.Table:
    """The whole article_terms table: the previous one (`old` when already read) without the `drop` rows
    ("article_id\0term\0kind") plus the `add` rows (by column)."""
    old = read_table(build, man, "article_terms") if old is None else old
    if drop:
        joined = pc.binary_join_element_wise(old["article_id"], old["term"], old["kind"], "\0")
        old = old.filter(pc.invert(pc.is_in(joined, pa.array(drop, pa.string()))))
    return combine("article_terms", old, to_table("article_terms", add))


def publish_patch(out: Path, previous: tuple[Path, dict], rows: dict[str, pa.Table], changed: dict[tuple, str],
                  whole: dict[str, pa.Table], by_id: dict[str, Article], manifest: dict) -> tuple[str, dict] | None:
    """Publish through store's `write_patch`: (build id, counts), or None when there is none or it declines."""
    try:
        from data_pipeline.store.patch import write_patch
    except ImportError:
        return None
    build, man = previous
    old_touched = {key[0] for key in changed}
    touched = dict(rows)
    if old_touched:
        months = {partitions.month_key(by_id[aid].published) for aid in old_touched}
        ids = pa.array(sorted(old_touched), pa.string())
        for name, new in rows.items():
            old = read_months(build, man, name, months)
            old = old.filter(pc.is_in(old.column("article_id"), ids))
            if name == "meetings":
                old = with_event_ids(old, changed)
            touched[name] = pa.concat_tables([old.cast(SCHEMAS[name]), new.replace_schema_metadata(None).cast(
                SCHEMAS[name])])
    aids = touched["articles"].column("article_id")
    terms = whole["article_terms"]
    # the contract on everything new: the touched articles' rows against the whole corpus-wide tables
    validate.check({**touched, **whole, "article_terms": terms.filter(pc.is_in(terms.column("article_id"),
                                                                                 aids.combine_chunks()))})
    counts = {name: (man["tables"].get(name) or {}).get("rows", 0) + new.num_rows for name, new in rows.items()}
    counts.update({name: t.num_rows for name, t in whole.items()})
    # where each touched article was: old ones in their month (unchanged articles), added ones nowhere (try_delta)
    where = {aid: partitions.month_key(by_id[aid].published) if aid in old_touched else None
             for aid in aids.to_pylist()}
    bid = write_patch(out, previous, touched, set(where), whole, {**manifest, "counts": counts}, where)
    return None if bid is None else (bid, counts)


def read_months(build: Path, man: dict, name: str, months: set[str], columns: list[str] | None = None) -> pa.Table:
    """The rows of a partitioned table in the given monthly files (all columns, or `columns`), without schema
    metadata."""
    parts = man["tables"][name]["partitions"]
    got = [pq.read_table(build / f"{name}.parquet" / f"{key}{partitions.SUFFIX}", columns=columns)
           for key in sorted(months & set(parts))]
    if got:
        return pa.concat_tables(got).replace_schema_metadata(None)
    empty = SCHEMAS[name].empty_table()
    return empty.select(columns) if columns else empty


def assemble(previous: tuple[Path, dict], rows: dict[str, pa.Table], changed: dict[tuple, str],
             whole: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """The full tables of this build: the previous build's per-article tables plus the added articles' `rows`
    (old meetings whose event changed with their new `event_id`), and the `whole` corpus-wide tables."""
    build, man = previous
    tables = dict(whole)
    for name, new in rows.items():
        old = read_table(build, man, name)
        if name == "meetings":
            old = with_event_ids(old, changed)
        tables[name] = combine(name, old, new)
    return tables
