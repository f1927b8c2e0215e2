"""The build: ingest → spaCy → per-article analysis → corpus steps → tables, in one visible place."""
from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from datetime import date, datetime, timezone
from pathlib import Path

from tqdm import tqdm

from data_pipeline import MODEL_NAME, PIPELINE_VERSION, SCHEMA_VERSION, ingest, resolve
from data_pipeline.topics import emerging
from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY
from data_pipeline.events import grouping as events
from data_pipeline.store import validate
from data_pipeline.store import emerging as emerging_test
from data_pipeline.resolve import actors as kb
from data_pipeline.resolve import corrections as fixes
from data_pipeline.ingest.anniversaries import DEFAULT_FACTS, Fact
from data_pipeline.run.cache import AnalysisCache, IngestCache, has_details, prime_gazetteer, split_analysis
from data_pipeline.run.config import Config, digest, load_config
from data_pipeline.run.engine import (Engine, Runner, canonical_taxonomy, failure, in_background,
                                      in_processes)
from data_pipeline import errors
from data_pipeline.errors import PipelineError, Skip
from data_pipeline.run.gcpause import collect_young, paused_gc
from data_pipeline.ingest.article import Article
from data_pipeline.ingest.files import walk
from data_pipeline.nlp import languages
from data_pipeline.nlp.ru.model import model_id as ru_model_id
from data_pipeline.run import delta, listing, modelserver, offload, overlap, reuse, workerwarm
from data_pipeline.run.model import model_id, model_info
from data_pipeline.run.warm import WarmModel
from data_pipeline.store.publish import lock, previous_manifest, write_build, write_reused
from data_pipeline.store.tables import to_table

log = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    input: Path
    out: Path
    taxonomy: Path = DEFAULT_TAXONOMY
    facts: Path | None = DEFAULT_FACTS  # dated facts for anniversary publication dates; None: none
    max_bytes: int = ingest.DEFAULT_MAX_BYTES
    field_map: dict[str, str] = field(default_factory=dict)  # export field name -> canonical field
    batch_size: int = 16
    progress: bool = True
    cache_dir: Path | None = Path(".cache") / "analyses"
    actors: Path | None = kb.DEFAULT_ACTORS  # actor knowledge base; None: resolve from the text alone
    corrections: Path | None = fixes.DEFAULT_CORRECTIONS
    engine: Engine = field(default_factory=Engine)  # where per-article NLP runs (see engine.py)


@dataclass
class BuildResult:
    counts: dict[str, int]
    skipped: list[Skip] = field(default_factory=list)  # inputs not in the build (manifest `skipped`)
    seconds: float = 0.0
    parsed: int = 0  # articles that went through spaCy (the rest came from the cache)
    build_id: str = ""  # content hash of the published tables
    warnings: list[Skip] = field(default_factory=list)  # articles kept with a caveat (manifest `warnings`)
    mode: str = "full"  # how it was built: full, delta (the previous build plus added articles) or reused

    def lost(self) -> list[Skip]:
        """Skipped inputs whose text is not in the build (a duplicate's text is; see errors.NOT_LOST)."""
        return [s for s in self.skipped if s.code not in errors.NOT_LOST]


def read_inputs(opts: BuildOptions, facts: tuple[Fact, ...] | None = None,
                early: overlap.EarlyParse | None = None,
                meanwhile: Callable[[], None] | None = None) -> tuple[list[Article], list[Skip]]:
    """Ingest every file under the input, with a files-done progress bar: unchanged files from the cache, the
    others read by `reading_processes` processes (results in input order, the same as read here one by one).

    Returns the articles and the skips, warnings (W_ codes) among them. `facts` (None: read from
    `opts.facts`) are in the ingest cache key: an edited facts file re-reads the files. `early`: the files not in
    the cache are read by one other process, each article read is fed to `early`, which parses while the next
    file is not read yet (`engine.in_background`). `meanwhile`: work for this process while several others read
    the files (`engine.in_processes`; not called when the files are read here or come from the cache); before they
    are forked, this process reads a text of its own (`ingest.warm_up`), so that they inherit what a first file loads.
    """
    if facts is None:
        facts = load_config(opts.taxonomy, facts=opts.facts).facts
    files, skips = ingest.discover(opts.input)
    articles = []
    jobs = [(path, rel, partial(ingest.read_file, path, rel, opts.max_bytes, opts.field_map, facts))
            for path, rel in files]
    run = (partial(in_processes, workers=reading_processes(opts.engine), meanwhile=meanwhile,
                   prepare=ingest.warm_up) if early is None
           else partial(in_background, idle=early.idle, pool=early.pool))
    with IngestCache(opts.cache_dir, [opts.max_bytes, opts.field_map, digest(facts)]) as memo:
        for got, bad in tqdm(memo.read_many(jobs, opts.max_bytes, run), total=len(jobs), desc="reading", unit="file",
                             disable=not opts.progress):
            articles += got
            skips += bad
            if early is not None:
                for art in got:
                    early.feed(art)
    articles, dupes = ingest.dedupe(articles)
    return articles, skips + dupes


def reading_processes(engine: Engine) -> int:
    """Local processes that read the input files not in the ingest cache: as many as parse on this machine (the
    local engine's workers or a LocalCluster's); one with an external cluster, whose machines are not this one."""
    return 1 if engine.scheduler else max(1, engine.workers)


def early_parse(opts: BuildOptions, nlp, cache: AnalysisCache) -> overlap.EarlyParse | None:
    """At one local worker, what parses the articles to analyse while the files are read (run/overlap.py), with
    `cache` (the analysis cache, open) telling which are there already; None elsewhere: several workers read the
    files in parallel already, and a cluster parses on other machines."""
    engine = replace(opts.engine, batch_size=opts.batch_size)
    if engine.kind != "local" or engine.workers != 1:
        return None

    def wanted(art: Article) -> str | None:
        if not languages.analysed(art.language) or len(art.text) > nlp.max_length:
            return None
        key = analysis_key(cache, art)
        return None if cache.has_many([key]) else key

    return overlap.EarlyParse(wanted, partial(offload.parse_chunk, batch_size=engine.batch_size), engine.chunk_size)


def analysis_key(cache: AnalysisCache, art: Article) -> str:
    """Cache key of an article's analysis: its language, text and publication date (relative event dates read it)."""
    return cache.key(f"{languages.cache_tag(art.language)}{art.published}\0{art.nlp_text()}")


def analysis_keys(nlp, articles: list[Article], cache_dir: Path | None) -> dict[str, str]:
    """article_id -> analysis cache key, for every article analysed (English and Russian)."""
    with AnalysisCache(cache_dir, model_id(nlp)) as cache:
        return {a.article_id: analysis_key(cache, a) for a in articles if languages.analysed(a.language)}


@dataclass
class Tagging:
    """Topic rows computed in the task that parses an article (`analyse_all`), for `topic_rows` to use."""

    taxonomy: dict
    rows: dict[str, dict] = field(default_factory=dict)  # article_id -> {"scores", "evidence", "terms"}


def analyse_all(nlp, articles: list[Article], opts: BuildOptions, runner: Runner | None = None,
                keys: dict[str, str] | None = None, tagging: Tagging | None = None,
                early: overlap.EarlyParse | None = None) -> tuple[dict[str, dict], int, list[Skip]]:
    """Per-article analysis of every English and Russian article, from the cache where possible.

    Cache misses go through `runner` (this process, local workers or Dask; see engine.py).
    Returns (article_id -> analysis, number of articles parsed (spaCy or natasha), a Skip for each article the
    analysis failed on: left out of the build, not cached). Analyses from the
    cache come without their token-level details (see cache.py); `with_details` adds them.
    `keys`: the articles' `analysis_keys`, when already computed. `tagging`: the task that parses an article
    also computes its topic rows into `tagging.rows` (so no phase of its own waits for the last parse), and the
    analysis is kept without its details, as one from the cache is. `early`: chunks already parsed while the
    files were read (`early_parse`; with `tagging` only), taken from it instead of parsed again; when its other
    process read the files (or enough is left to parse to start one), this one only parses each chunk and that
    process analyses it and computes its topic rows while this one parses the next (run/offload.py; it ends here).
    """
    failed = []
    with AnalysisCache(opts.cache_dir, model_id(nlp)) as cache, ExitStack() as stack:
        runner = runner or stack.enter_context(Runner(replace(opts.engine, batch_size=opts.batch_size)))
        english = [a for a in articles if languages.analysed(a.language)]  # English and Russian
        keys = keys or {a.article_id: analysis_key(cache, a) for a in english}
        hits = cache.get_many(keys.values())
        out = {a.article_id: hits[keys[a.article_id]] for a in english if keys[a.article_id] in hits}
        todo = [a for a in english if keys[a.article_id] not in hits]
        if tagging is None:
            results = ((analysis, None) for analysis in runner.analyses(todo))
        else:  # the Russian dictionary lemmatises the taxonomy's Russian phrases only when needed, as in topic_rows
            russian = any(a.language == "ru" for a in todo)
            tax = canonical_taxonomy(tagging.taxonomy)
            if early is None:  # without a cache, nothing reads the details once the rows are computed
                results = runner.analyses_tagged(todo, tagging.taxonomy, russian, details=opts.cache_dir is not None)
            elif offload.wanted(early, todo):  # the other process analyses and tags each chunk this one parsed
                results = offload.analysed_behind(early, todo, keys, tax, russian, details=opts.cache_dir is not None)
            else:
                results = early.results(todo, keys, lambda part, parsed: offload.analyse_tag(
                    parsed, offload.items_of(part), tax, russian, details=opts.cache_dir is not None),
                    lambda part: runner.analyses_tagged(part, tagging.taxonomy, russian))
        # collection paused while analyses pile up, the young generations collected after each chunk: a parse here
        # makes cyclic garbage, which is young then, and full collections would rescan every analysis (gcpause.py)
        with tqdm(total=len(todo), desc="analysing", unit="article", disable=not opts.progress) as bar, paused_gc():
            for n, (art, (analysis, rows, *encoded)) in enumerate(zip(todo, results), 1):
                if failure(analysis):
                    failed.append(Skip(art.path, errors.E_FAILED, failure(analysis)))
                else:
                    if encoded:  # encoded for the cache by the process that analysed it (run/offload.py)
                        cache.put_encoded(keys[art.article_id], encoded[0])
                    else:
                        cache.put(keys[art.article_id], analysis)
                    if rows is not None:
                        tagging.rows[art.article_id] = rows
                        analysis = split_analysis(analysis)[0]  # the details served their only reader
                    out[art.article_id] = analysis
                bar.update()
                if n % runner.engine.chunk_size == 0:
                    collect_young()
        if early is not None:
            early.close()  # every chunk is tagged: the other process ends
    # in input order whether an article came from the cache or from spaCy (later steps depend on order)
    return {a.article_id: out[a.article_id] for a in english if a.article_id in out}, len(todo), failed


def with_details(nlp, analyses: dict[str, dict], articles: dict[str, Article], aids: list[str],
                 runner: Runner, cache_dir: Path | None) -> dict[str, dict]:
    """article_id -> complete analysis (with sentence lemmas, offsets, key phrases) for `aids`.

    Cached analyses are read without those details; they are read here only for the articles
    that need them (topic tagging under a new taxonomy or code). An article whose details are
    missing from the cache is analysed again.
    """
    out = {aid: analyses[aid] for aid in aids if has_details(analyses[aid])}
    need = [aid for aid in aids if aid not in out]
    if not need:
        return out
    with AnalysisCache(cache_dir, model_id(nlp)) as cache:
        keys = {aid: analysis_key(cache, articles[aid]) for aid in need}
        got = cache.details(keys.values())
        missing = [aid for aid in need if keys[aid] not in got]
        for aid in need:
            if keys[aid] in got:
                out[aid] = {**analyses[aid], **got[keys[aid]]}
        for aid, analysis in zip(missing, runner.analyses([articles[aid] for aid in missing])):
            out[aid] = analysis
            cache.put(keys[aid], analysis)
    return out


_UNRESOLVED = object()


def mention_columns(analyses: dict[str, dict], ids: dict) -> dict[str, list]:
    """The mentions table by column (one entry per resolved mention; ~80 per article, so no dict per row)."""
    cols: dict[str, list] = {k: [] for k in ("article_id", "entity_id", "text", "start", "end", "sentence")}
    aids, eids, texts, starts, ends, sents = cols.values()
    for aid, an in analyses.items():
        for i, m in enumerate(an["mentions"]):
            eid = ids.get((aid, i), _UNRESOLVED)
            if eid is not _UNRESOLVED:
                aids.append(aid)
                eids.append(eid)
                texts.append(m["text"])
                starts.append(m["start"])
                ends.append(m["end"])
                sents.append(m["sentence"])
    return cols


def meeting_rows(analyses: dict[str, dict], ids: dict, types: dict[str, str],
                 published: dict[str, date | None]) -> list[dict]:
    """Interactions whose two sides resolve to distinct PERSON entities, one row per pair.

    `reported` is the publication date of the reporting article, apart from the meeting's own `date`;
    `reason` the code of the link that makes the pair (nlp/meetings.py REASONS; null where the extraction
    path gives none, as the Russian one does not yet).
    """
    rows, seen = [], set()
    for aid, an in analyses.items():
        for it in an["interactions"]:
            a, b = ids.get((aid, it["a"])), ids.get((aid, it["b"]))
            if not a or not b or a == b or types.get(a) != "PERSON" or types.get(b) != "PERSON":
                continue
            a, b = sorted((a, b))
            key = (aid, a, b, it["kind"], it["start"])
            if key in seen:
                continue
            seen.add(key)
            rows.append({"article_id": aid, "a": a, "b": b, "reported": published.get(aid), "reason": it.get("reason"),
                         **{k: it[k] for k in ("kind", "status", "date", "date_source", "place", "evidence", "start",
                                               "end", "confidence")}})
    return rows


def event_rows(meetings: list[dict], articles: dict[str, Article]) -> list[dict]:
    """meeting_events rows (one per real-world interaction); sets each meeting row's event_id."""
    found, ids = events.group(meetings, {aid: art.published for aid, art in articles.items()})
    for row, eid in zip(meetings, ids):
        row["event_id"] = eid
    return found


def topic_rows(nlp, analyses: dict[str, dict], articles: dict[str, Article], taxonomy: dict[str, dict],
               runner: Runner | None = None, cache_dir: Path | None = None, fresh: dict[str, dict] | None = None):
    """topics (article, topic, share of sentences) and topic_sentences evidence rows (with the matched text),
    and each article's emerging-term candidates (article_id -> [(lemma key, surface, sentence)]).

    Each article's rows are memoised in the cache under (text, taxonomy, model, code), and the
    missing ones are taken from `fresh` (article_id -> rows computed with the parse, `Tagging.rows`) or
    computed by `runner`, so adding one article tags one article (and reads the token-level details of
    that one article only).
    """
    tax = hashlib.sha256(canonical_taxonomy(taxonomy).encode("utf-8")).hexdigest()
    scores, evidence, terms = [], [], {}
    fresh = fresh or {}
    with AnalysisCache(cache_dir, model_id(nlp), table="topic_rows") as memo, ExitStack() as stack:
        runner = runner or stack.enter_context(Runner(Engine()))
        keys = {aid: memo.key(f"{tax}\0{languages.cache_tag(articles[aid].language)}{articles[aid].text}")
                for aid in analyses}
        got = memo.get_many(keys.values())
        for aid in analyses:
            if keys[aid] not in got and aid in fresh:
                got[keys[aid]] = fresh[aid]
                memo.put(keys[aid], fresh[aid])
        todo = [aid for aid in analyses if keys[aid] not in got]
        full = with_details(nlp, analyses, articles, todo, runner, cache_dir)
        russian = any(articles[aid].language == "ru" for aid in todo)
        for aid, rows in zip(todo, runner.topics([(aid, full[aid], articles[aid].text) for aid in todo], taxonomy,
                                                 russian)):
            got[keys[aid]] = rows
            memo.put(keys[aid], rows)
        for aid in analyses:
            rows = got[keys[aid]]
            scores += rows["scores"]
            evidence += rows["evidence"]
            terms[aid] = rows["terms"]
    return scores, evidence, terms


def emerging_rows(terms: dict[str, list], articles: dict[str, Article],
                  keep: dict | None = None) -> tuple[list[dict], dict[str, list]]:
    """emerging_terms rows (per month, the terms whose share of articles rises against other months) and the
    article_terms table by column (each article's candidates that occur in enough articles to ever emerge).

    `terms`: article_id -> that article's (key, surface, sentence, kind) candidates (from `topic_rows`).
    `keep`: when given, receives what a delta build updates instead (delta.py): the counts, the outlets,
    each term's dated articles and the shown form of each term in article_terms.
    """
    docs = [(articles[aid].published, articles[aid].source, [(t[0], t[1]) for t in found])
            for aid, found in sorted(terms.items())]
    outlets = emerging.outlet_keys(source for _, source, _ in docs)
    tc = emerging.count_terms(docs)
    rows = [{**r, "term": tc.display(r["term"])} for r in emerging_test.score(dict(tc.articles), tc.rows())]
    cols: dict[str, list] = {"article_id": [], "term": [], "kind": []}
    index: dict[str, list] = {}
    shown: dict[str, str] = {}
    for aid, found in terms.items():
        if articles[aid].published is None:
            continue
        kinds = {t[0]: t[3] for t in found}
        for key in sorted(kinds):
            if keep is not None and key not in outlets:
                index.setdefault(key, []).append((aid, kinds[key]))
            if tc.total[key] >= emerging_test.MIN_ARTICLES:
                if key not in shown:
                    shown[key] = tc.display(key)
                cols["article_id"].append(aid)
                cols["term"].append(shown[key])
                cols["kind"].append(kinds[key])
    if keep is not None:
        keep.update(terms=tc, outlets=outlets, term_index=index, shown=shown)
    return rows, cols


def topic_suggestions(opts: BuildOptions, min_articles: int = 2, top: int = 30, min_words: int = 2) -> list[dict]:
    """Candidate taxonomy phrases from the corpus (analyses from the cache where possible)."""
    from data_pipeline.nlp.spacy_model import load_model
    from data_pipeline.topics import tagging

    _check_input(opts.input)
    config = load_config(opts.taxonomy, facts=opts.facts)
    articles, skips = read_inputs(opts, config.facts)
    nlp = load_model(MODEL_NAME)
    articles, too_long = parseable(nlp, articles)
    with Runner(replace(opts.engine, batch_size=opts.batch_size)) as runner:
        analyses, _, failed = analyse_all(nlp, articles, opts, runner)
        by_id = {a.article_id: a for a in articles}
        analyses = with_details(nlp, analyses, by_id, list(analyses), runner, opts.cache_dir)
    for s in skips + too_long + failed:
        log.warning(s.message())
    russian = any(by_id[aid].language == "ru" for aid in analyses)
    compiled = tagging.compile_taxonomy(nlp, config.taxonomy, ru_lemma=tagging.russian_lemma if russian else None)
    items = []
    for aid, an in sorted(analyses.items()):
        tagged: dict[int, set[str]] = {}
        for h in tagging.article_hits(an, by_id[aid].text, compiled):
            tagged.setdefault(h.sentence, set()).add(h.topic)
        items.append((by_id[aid].published, emerging.article_terms(an, by_id[aid].text), tagged))
    return emerging.suggest(items, lambda key: tagging.covers(compiled, key.split(" ")),
                            min_articles, top, min_words)


def _check_input(path: Path) -> None:
    if not path.exists():
        raise PipelineError(f"{path}: input path does not exist")


def _input_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the input root, to notice it being removed or replaced during the build."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def parseable(nlp, articles: list[Article]) -> tuple[list[Article], list[Skip]]:
    """The articles the models can parse, and a Skip for each analysed one longer than spaCy's limit (E088)."""
    keep, skips = [], []
    for a in articles:
        if languages.analysed(a.language) and len(a.text) > nlp.max_length:
            skips.append(Skip(a.path, errors.E_TOO_LONG, f"{len(a.text)} characters > {nlp.max_length}"))
        else:
            keep.append(a)
    return keep, skips


def collect(opts: BuildOptions, config: Config,
            early: overlap.EarlyParse | None = None) -> tuple[list[Article], list[Skip]]:
    """Read the input: the articles, and the skips and warnings (W_ codes), each logged as one line; `early` as
    for `read_inputs`.

    Fails when nothing could be read, or when the input folder was removed or replaced while it
    was being read (a half-read folder must not replace the previous build).
    """
    before = _input_identity(opts.input)
    # workers forked from this process later: the per-article path warmed here while the files are read, once
    warm = None if early is not None else workerwarm.for_forked_workers(opts.engine.kind, opts.engine.workers,
                                                                         config.taxonomy)
    with paused_gc():  # one small Article per file, acyclic (see below)
        articles, skips = read_inputs(opts, config.facts, early, warm)
    check_input_unchanged(opts.input, before)
    for s in skips:
        log.warning(s.message())
    if not articles:
        raise PipelineError(f"{opts.input}: no article could be read ({len(skips)} skipped)")
    return articles, skips


def check_input_unchanged(path: Path, before: tuple[int, int] | None) -> None:
    """Fail when the input root is gone or is another folder than when the build started."""
    if _input_identity(path) != before:
        raise PipelineError(f"{path}: the input was removed or replaced while the build ran; nothing published")


def article_row(a: Article) -> dict:
    """An article's row of the articles table."""
    return {"article_id": a.article_id, "path": a.path, "title": a.title, "source": a.source,
            "author": a.author, "url": a.url, "published": a.published, "date_source": a.date_source,
            "date_evidence": a.date_evidence, "language": a.language, "text": a.text, "n_words": a.n_words,
            "other_paths": a.other_paths}


def corpus_tables(analyses: dict[str, dict], articles: list[Article], config: Config,
                  topics: tuple[list, list, dict], keep: dict | None = None) -> dict:
    """Every contract table from the analyses and topic rows: resolution, meetings, events, topics.

    `keep`: when given, receives the state a later delta build starts from (resolution state, term counts).
    """
    by_id = {a.article_id: a for a in articles}
    published = {aid: by_id[aid].published for aid in analyses}
    res = resolve.resolve([(aid, an["mentions"]) for aid, an in analyses.items()], dates=published,
                          actors=config.actors, corrections=config.corrections)
    types = {e["entity_id"]: e["type"] for e in res.entities}
    meetings = meeting_rows(analyses, res.ids, types, published)
    meeting_events = event_rows(meetings, by_id)
    topic_scores, topic_evidence, terms = topics
    emerging_found, article_terms = emerging_rows(terms, by_id, keep)
    if keep is not None:
        keep["resolution"] = getattr(res, "state", None)
    article_rows = [article_row(a) for a in articles]
    return {
        "articles": to_table("articles", article_rows),
        "entities": to_table("entities", res.entities),
        "roles": to_table("roles", res.roles),
        "resolution": to_table("resolution", res.reasons),
        "mentions": to_table("mentions", mention_columns(analyses, res.ids)),
        "meetings": to_table("meetings", meetings),
        "meeting_events": to_table("meeting_events", meeting_events),
        "topics": to_table("topics", topic_scores),
        "topic_sentences": to_table("topic_sentences", topic_evidence),
        "emerging_terms": to_table("emerging_terms", emerging_found),
        "article_terms": to_table("article_terms", article_terms),
    }


def manifest_of(opts: BuildOptions, nlp, articles: list[Article], counts: dict[str, int], parsed: int,
                skips: list[Skip]) -> dict:
    """manifest.json of a build, without the ids and hashes `write_build` adds."""
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "model": {"name": MODEL_NAME, "version": nlp.meta.get("version"), "id": model_id(nlp)},
        "models": {lang: model_id(nlp) if lang == "en" else ru_model_id()  # per analysed language present
                   for lang in sorted({a.language for a in articles} & set(languages.ANALYSED))},
        "input_root": str(opts.input),
        "counts": counts,
        "parsed_articles": parsed,
        "engine": opts.engine.describe(),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "skipped": [s.as_dict() for s in skips if not s.warning],
        "warnings": [s.as_dict() for s in skips if s.warning],
    }


def publish_unchanged(opts: BuildOptions, nlp, articles: list[Article], skips: list[Skip], corpus_key: str,
                      keys: dict[str, str]) -> tuple[str, dict] | None:
    """Publish the previous build's files again when it was built from the same corpus key (run/reuse.py) and
    every analysis is in the cache (nothing to parse); returns (its build id, its counts), or None: build in full."""
    previous = previous_manifest(opts.out)
    if opts.cache_dir is None or previous is None or previous[1].get("corpus_key") != corpus_key:
        return None
    with AnalysisCache(opts.cache_dir, model_id(nlp)) as cache:
        if len(cache.has_many(set(keys.values()))) < len(set(keys.values())):
            return None
    counts = previous[1].get("counts") or {}
    bid = write_reused(opts.out, previous, {**manifest_of(opts, nlp, articles, counts, 0, skips),
                                            "corpus_key": corpus_key})
    return None if bid is None else (bid, counts)


@dataclass
class Inputs:
    """The articles of a build (unchanged files' as `listing.Listed` when listed by stat), their skips and keys."""

    articles: list
    skips: list[Skip]
    too_long: list[Skip]
    keys: dict[str, str]  # article_id -> analysis cache key
    art_keys: list[str]  # reuse.article_key of each article
    files: list = field(default_factory=list)  # ingest.walk's (path, rel), listed before reading
    idents: dict = field(default_factory=dict)  # their identities (listing.identities)
    listed: bool = False  # unchanged files were not read (listing.read_listed)
    reread: set = field(default_factory=set)  # then: the files that were read (new or changed)


def read_all(opts: BuildOptions, config: Config, nlp, early: overlap.EarlyParse | None = None) -> Inputs:
    """Every input file read (unchanged ones from the ingest cache), after listing their identities; `early` as for
    `read_inputs`."""
    files = walk(opts.input)[0] if opts.cache_dir is not None else []
    idents = listing.identities(files)
    articles, skips = collect(opts, config, early)
    articles, too_long = parseable(nlp, articles)
    keys = analysis_keys(nlp, articles, opts.cache_dir)
    for s in too_long:
        log.warning(s.message())
    return Inputs(articles, skips, too_long, keys, reuse.article_keys(articles, keys), files, idents)


def read_by_listing(opts: BuildOptions, config: Config, nlp, state) -> Inputs | None:
    """The inputs with only new and changed files read, from the published build's listing; None: read everything."""
    kept = getattr(state, "listing", None)
    if kept is None or opts.cache_dir is None:
        return None

    def finish(new):
        new, too_long = parseable(nlp, new)
        keys = analysis_keys(nlp, new, opts.cache_dir)
        return new, too_long, reuse.article_keys(new, keys), keys

    options = listing.options_key(opts.max_bytes, opts.field_map, digest(config.facts))
    got = listing.read_listed(kept, opts.input, options, walk(opts.input),
                              listing.reader(opts, config.facts), finish)
    if got is None or not got.articles:
        return None
    for s in got.skips + got.too_long:
        log.warning(s.message())
    return Inputs(got.articles, got.skips, got.too_long, got.analysis_keys, got.art_keys, got.files, got.idents,
                  listed=True, reread=got.reread)


def listing_of(opts: BuildOptions, config: Config, inputs: Inputs):
    """The listing a state saved now keeps (None without the cache, or when the input cannot be listed by file)."""
    if opts.cache_dir is None or not inputs.files:
        return None
    options = listing.options_key(opts.max_bytes, opts.field_map, digest(config.facts))
    return listing.record(opts.input, options, inputs.files, inputs.idents, inputs.articles, inputs.art_keys,
                          inputs.keys, inputs.skips + inputs.too_long)


def listing_rows(opts: BuildOptions, config: Config, inputs: Inputs) -> dict | None:
    """The listing rows of the files a listed run read (`listing.rows_of`), for a journal entry; None: cannot tell."""
    rels = {rel: n for n, (_, rel) in enumerate(inputs.files)}
    mine = [n for n, a in enumerate(inputs.articles) if not isinstance(a, listing.Listed)]
    skips = [s for s in inputs.skips + inputs.too_long if listing.owner(s.path, rels) in inputs.reread]
    files = [(p, rel) for p, rel in inputs.files if rel in inputs.reread]
    options = listing.options_key(opts.max_bytes, opts.field_map, digest(config.facts))
    part = listing.record(opts.input, options, files, inputs.idents, [inputs.articles[n] for n in mine],
                          [inputs.art_keys[n] for n in mine], inputs.keys, skips)
    return None if part is None else listing.rows_of(part, inputs.reread)


def warm_rebuild(opts: BuildOptions) -> bool:
    """Whether to load the model in a second process as the build starts (run/warm.py): a rebuild (a build with the
    cache is published at `opts.out`) with one local worker, which will likely parse a few articles or none."""
    e = opts.engine
    return (e.kind == "local" and e.workers == 1 and opts.cache_dir is not None
            and previous_manifest(opts.out) is not None)


def build(opts: BuildOptions, warm: WarmModel | None = None, keep: list | None = None) -> BuildResult:
    """Run the whole build and publish the tables into `opts.out`.

    `keep`: a list the caller holds; the build's large intermediate objects (the delta state, the inputs, the
    resolution state) are appended to it, so that they are not freed object by object as the build returns, for a
    process that exits right after without freeing them (cli.exit_now; ~0.1 s at 10,000 articles). A delta build
    then also freezes the objects it made (`gc.freeze`): made while collection was paused, they would all be in the
    youngest generation, which the next collection scans.

    `warm`: a model process the caller started before importing this module (cli.cmd_build), owned by the caller;
    used when `warm_rebuild(opts)`, closed otherwise. None: started here when `warm_rebuild(opts)`.

    Before any parsing: the input exists, every config file reads and checks, and `opts.out` is
    ours to replace, writable and not being written by another build (its lock is held throughout).
    When the published build left a delta state with a listing of its input (run/listing.py), only new
    and changed files are read; if that run then cannot take the delta path, every file is read.
    """
    t0 = time.monotonic()
    _check_input(opts.input)
    config = load_config(opts.taxonomy, opts.facts, opts.actors, opts.corrections)
    uncached = modelserver.all_parsed(opts.cache_dir)  # asked before the cache is opened (which creates it)
    with lock(opts.out), ExitStack() as stack:
        before = _input_identity(opts.input)
        prime_gazetteer(opts.cache_dir)
        if not warm_rebuild(opts):
            if warm is not None:
                warm.close()  # started early by the caller on a guess (cli.cmd_build) that turned out wrong
            warm = None
        elif warm is None:
            warm = stack.enter_context(WarmModel(opts.cache_dir, opts.taxonomy))
        nlp = model_info(MODEL_NAME)  # the model itself is loaded where something is parsed (engine.py, warm.py)
        context = reuse.context_key(digest(config), model_id(nlp))
        state = delta.published_state(opts.cache_dir, opts.out)
        if keep is not None:
            keep.append(state)
        inputs = read_by_listing(opts, config, nlp, state) if state is not None and state.context == context else None
        early = None
        if inputs is None:
            with AnalysisCache(opts.cache_dir, model_id(nlp)) as seen:  # no delta path ahead: parse while reading
                full = warm is None and (state is None or state.context != context)  # warm: a rebuild's few parses
                early = early_parse(opts, nlp, seen) if full else None
                if full and uncached and opts.engine.kind == "local" and opts.engine.workers > 1:
                    modelserver.start()  # the workers' model loaded once, while the files are read
                if early is not None:
                    stack.enter_context(early)  # its other process is stopped at once if the build fails
                inputs = read_all(opts, config, nlp, early)
        articles, skips, too_long, keys, art_keys = (inputs.articles, inputs.skips, inputs.too_long, inputs.keys,
                                                     inputs.art_keys)
        corpus_key = reuse.combine(context, art_keys)
        check_input_unchanged(opts.input, before)
        same = publish_unchanged(opts, nlp, articles, skips + too_long, corpus_key, keys)
        if same is not None:  # the same corpus as the previous build: its files, linked
            if state is not None and not inputs.listed:  # its state learns the listing
                delta.save_state(opts.cache_dir, replace(state, listing=listing_of(opts, config, inputs)))
            skips += too_long
            return BuildResult(counts=same[1], skipped=[s for s in skips if not s.warning],
                               seconds=time.monotonic() - t0, parsed=0, build_id=same[0],
                               warnings=[s for s in skips if s.warning], mode="reused")
        with Runner(replace(opts.engine, batch_size=opts.batch_size), warm) as runner:  # one pool/cluster for both
            with paused_gc():
                done = delta.try_delta(opts, nlp, config, articles, keys, skips + too_long, context, art_keys,
                                       corpus_key, runner, lambda: check_input_unchanged(opts.input, before),
                                       state=state, listing=lambda: listing_of(opts, config, inputs),
                                       listing_rows=(lambda: listing_rows(opts, config, inputs)) if inputs.listed
                                       else None, keep=keep)
                if keep is not None and done is not None and done.build_id:
                    keep.append(inputs)
                    gc.freeze()  # the caller exits next: no collection scans what the delta path made (~0.1 s)
            if done is not None and done.build_id:  # the previous build plus the added articles (delta.py)
                skips += too_long
                return BuildResult(counts=done.counts, skipped=[s for s in skips if not s.warning],
                                   seconds=time.monotonic() - t0, parsed=done.parsed, build_id=done.build_id,
                                   warnings=[s for s in skips if s.warning], mode="delta")
            if inputs.listed:  # the full path needs every article's text
                inputs = read_all(opts, config, nlp)
                articles, skips, too_long, keys, art_keys = (inputs.articles, inputs.skips, inputs.too_long,
                                                             inputs.keys, inputs.art_keys)
                corpus_key = reuse.combine(context, art_keys)
            tagging = Tagging(config.taxonomy)
            analyses, parsed, failed = analyse_all(nlp, articles, opts, runner, keys, tagging, early)
            parsed += done.parsed if done is not None else 0
            articles = [a for a in articles if a.article_id in analyses or not languages.analysed(a.language)]
            topics = topic_rows(nlp, analyses, {a.article_id: a for a in articles}, config.taxonomy, runner,
                                opts.cache_dir, tagging.rows)
        for s in failed:
            log.warning(s.message())
        skips += too_long + failed
        # the corpus steps allocate millions of small acyclic objects on top of the decoded analyses:
        # with cyclic collection on, full collections rescanning that heap cost ~1.5 s at 10,000 articles
        with paused_gc():
            kept: dict = {}
            tables = corpus_tables(analyses, articles, config, topics, kept if opts.cache_dir else None)
            counts = {name: t.num_rows for name, t in tables.items()}
            validate.check(tables)  # a contract violation aborts here: the previous build stays published
            check_input_unchanged(opts.input, before)
            manifest = manifest_of(opts, nlp, articles, counts, parsed, skips)
            if not failed:  # the same corpus key then gives the same tables (a failed article may not fail again)
                manifest["corpus_key"] = corpus_key
            bid = write_build(opts.out, tables, manifest)
            if not failed and kept:
                delta.save_state(opts.cache_dir, delta.State(
                    corpus_key, context, [(a.article_id, k) for a, k in zip(articles, art_keys)], **kept,
                    listing=listing_of(opts, config, inputs)))
    return BuildResult(counts=counts, skipped=[s for s in skips if not s.warning], seconds=time.monotonic() - t0,
                       parsed=parsed, build_id=bid, warnings=[s for s in skips if s.warning])
