"""Publish a patch of the previous build: only the monthly files that hold a touched article are written again.

    write_patch(out, previous, rows, touched, whole, manifest) -> build_id | None

- `out`: the published name (`data`), as for `publish.write_build`.
- `previous`: (build folder, manifest) of the build to patch, as `publish.previous_manifest(out)` gives it.
- `rows`: for each per-article table (`partitions.PARTITIONED`), every row of the touched articles that
  still exist: a `pa.Table` made by `tables.to_table`, or rows / columns that `to_table` accepts. A table
  left out has no rows for them.
- `touched`: the ids of every article whose rows are replaced (edited, or whose resolved entities
  changed) or removed, and of the added ones. Every row in `rows` belongs to one of them (else ValueError).
- `whole`: the corpus-wide tables (`entities`, `meeting_events`, `emerging_terms`, `article_terms`), complete.
- `manifest`: as for `write_build` (without `build_id`, `tables`, `serving`, which this adds).

It publishes the same files, bytes and `build_id` as `write_build(out, <the full tables>, manifest)`: a month
that holds a touched article (before or after) is re-written as its previous rows minus the touched
articles' plus their new rows, in the canonical order (`tables.sort`); every other monthly file is hard-linked
from the previous build and its hash taken from the previous manifest, neither read nor hashed. Rows of an
article that has no article row go to `undated`, as in a full build. The serving files are copies of the
previous build's with the changed rows replaced (`serving.patch`, in a thread that reads the changed months from
memory while this one writes the parquet files; written in full from the files when the change reaches every
article, e.g. a new country or topic code). Returns the build id, or None (nothing published) when the previous
build cannot be patched: it has no partitions, another table format or schema version, or a file it lists cannot
be read; the caller then calls `write_build` with the full tables.

Usage, from the rebuild that knows what changed:

    prev = publish.previous_manifest(out)
    bid = write_patch(out, prev, {"articles": to_table("articles", added), "mentions": ..., ...},
                      touched=added_ids | edited_ids | removed_ids,
                      whole={"entities": ..., "meeting_events": ..., "emerging_terms": ..., "article_terms": ...},
                      manifest=manifest) if prev else None
    if bid is None:
        bid = write_build(out, full_tables, manifest)
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_pipeline import SCHEMA_VERSION
from data_pipeline.store import partitions, publish, serving
from data_pipeline.store.tables import SCHEMAS, sort, to_table

Rows = pa.Table | list[dict] | dict[str, list]


def write_patch(out: Path, previous: tuple[Path, dict], rows: dict[str, Rows], touched: Iterable[str],
                whole: dict[str, pa.Table], manifest: dict, where: dict[str, str | None] | None = None) -> str | None:
    """Publish the previous build with the touched articles' rows replaced (see the module docstring).

    `where`: article id -> its month partition in the previous build (None: not in it), for every touched article,
    when the caller knows it (the delta build does); else it is read from every month's articles file."""
    out = publish._abs(out)
    folder, old = previous
    if not patchable(folder, old):
        return None
    touched = set(touched)
    new = {name: _as_table(name, rows.get(name)) for name in partitions.PARTITIONED}
    _check_owned(new, touched)

    def fill(staging: Path) -> tuple[Path, str] | None:
        files = publish.previous_files(folder)
        # the serving files are patched from the tables in memory (`serving.patch` copies the previous file
        # meanwhile) while this thread writes the parquet files (DuckDB and pyarrow's writer release the GIL);
        # leaving the `with`, the patch has ended, failed or not
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="serving-patch") as pool:
            planned, terms = Future(), Future()  # what the thread waits for; each set (or failed) below
            served = pool.submit(serving.patch, staging, folder, touched, wait=planned.result, same_terms=terms.result)
            try:
                plan = _plan(folder, old, new, touched, where)
                planned.set_result((plan.dirty, {**whole, **_months_in_memory(folder, plan)}))
                terms.set_result(_same_terms(folder, old, whole, touched))
            except BaseException as exc:
                for future in (planned, terms):
                    if not future.done():
                        future.set_exception(exc)
                raise
            written = _write_planned(staging, folder, old, plan)
            for name, table in sorted(whole.items()):
                written[name] = _write_whole(staging, name, table, files)
            derived = served.result()
        bid = publish.content_id({name: info["sha256"] for name, info in written.items()})
        derived = derived or serving.write(staging)
        man = {**manifest, "build_id": bid, "table_format": publish.TABLE_FORMAT,
               "serving": {"version": serving.VERSION, "files": sorted(p.name for p in derived)},
               "tables": written}
        publish.write_manifest(staging, man)
        return publish._seal(staging, bid), bid

    return publish._publish(out, fill)


def patchable(folder: Path, old: dict) -> bool:
    """Whether a build (folder, manifest) can be patched: written in this table format, every per-article table
    partitioned, every file it lists present."""
    tables = old.get("tables") or {}
    if old.get("table_format") != publish.TABLE_FORMAT or old.get("schema_version") != SCHEMA_VERSION:
        return False
    if not all(isinstance((tables.get(n) or {}).get("partitions"), dict) for n in partitions.PARTITIONED):
        return False
    return all(path.is_file() for path, _ in publish.manifest_files(folder, old).values())


def _as_table(name: str, rows: Rows | None) -> pa.Table:
    """The touched rows of one table in its contract schema, without metadata."""
    schema = SCHEMAS[name]
    if rows is None:
        return schema.empty_table()
    if not isinstance(rows, pa.Table):
        return to_table(name, rows)
    return rows.select(schema.names).cast(schema).replace_schema_metadata(None)


def _check_owned(new: dict[str, pa.Table], touched: set[str]) -> None:
    """Refuse rows of an article that is not touched: the patch would keep its old rows beside them."""
    for name, table in new.items():
        stray = set(table.column("article_id").to_pylist()) - touched
        if stray:
            raise ValueError(f"write_patch: {name} has rows of {len(stray)} untouched article(s), e.g. {min(map(str, stray))!r}")


def _read(path: Path, name: str) -> pa.Table:
    """A published monthly file in the contract schema, without metadata."""
    schema = SCHEMAS[name]
    return pq.read_table(path).select(schema.names).cast(schema).replace_schema_metadata(None)


def _same_terms(folder: Path, old: dict, whole: dict[str, pa.Table], touched: set[str]) -> bool:
    """Whether every `article_terms` row of an untouched article is the previous build's, in the same order (the
    serving patch then replaces the term rows of the re-numbered articles only)."""
    name = "article_terms"
    if name not in whole or not (old["tables"].get(name) or {}).get("sha256"):
        return False
    try:
        new = _as_table(name, whole[name])
    except (KeyError, ValueError, TypeError, pa.ArrowException):  # not in the contract schema: made afresh
        return False
    ids = pa.array(sorted(touched), pa.string())
    kept = [t.filter(pc.invert(pc.is_in(t.column("article_id"), value_set=ids)))
            for t in (_read(folder / f"{name}.parquet", name), new)]
    return kept[0].equals(kept[1])


def _previous_months(folder: Path, old: dict, touched: set[str]) -> dict[str, str] | None:
    """article id -> month partition in the previous build, for the touched articles found there."""
    out = {}
    ids = pa.array(sorted(touched), pa.string())
    for key in old["tables"]["articles"]["partitions"]:
        part = pq.read_table(folder / "articles.parquet" / f"{key}{partitions.SUFFIX}", columns=["article_id"])
        hit = pc.filter(part.column("article_id"), pc.is_in(part.column("article_id"), value_set=ids))
        out.update((aid, key) for aid in hit.to_pylist())
    return out


class _Plan(NamedTuple):
    """What a patch writes of the per-article tables (`_plan`)."""
    parts: dict[str, dict[str, pa.Table]]  # table -> dirty month -> its rows, in the canonical order
    dirty: set[str]  # every month holding a touched article, before or after
    keys: list[str]  # the months of the patched build
    removed: dict[str, int]  # table -> rows of the dirty months in the previous build


def _plan(folder: Path, old: dict, new: dict[str, pa.Table], touched: set[str],
          where: dict[str, str | None] | None = None) -> _Plan:
    """The dirty months' rows of every per-article table, and the months of the patched build."""
    months = partitions.article_months(new["articles"])
    if where is None or not touched <= where.keys():
        where = _previous_months(folder, old, touched)
    dirty = {m for m in where.values() if m is not None} | set(months.values())
    if any(aid not in months for t in new.values() for aid in t.column("article_id").to_pylist()):
        dirty.add(partitions.UNDATED)
    prev_keys = set(old["tables"]["articles"]["partitions"])
    ids = pa.array(sorted(touched), pa.string())
    parts: dict[str, dict[str, pa.Table]] = {}
    removed = dict.fromkeys(partitions.PARTITIONED, 0)  # rows of the rebuilt months in the previous build
    for name in partitions.PARTITIONED:
        split = partitions.split(new[name], months, sorted(dirty))
        prev_parts = old["tables"][name]["partitions"]
        parts[name] = {}
        for key in sorted(dirty):
            kept = []
            if key in prev_parts:
                prev = _read(folder / f"{name}.parquet" / f"{key}{partitions.SUFFIX}", name)
                removed[name] += prev.num_rows
                kept = [prev.filter(pc.invert(pc.is_in(prev.column("article_id"), value_set=ids)))]
            parts[name][key] = sort(name, pa.concat_tables([*kept, split.get(key, SCHEMAS[name].empty_table())]))
    # a month is kept while it has an article (or, `undated`, any row: rows of articles without a row)
    gone = {key for key in dirty if not parts["articles"][key].num_rows
            and (key != partitions.UNDATED or not any(parts[n][key].num_rows for n in parts))}
    return _Plan(parts, dirty, sorted((prev_keys | dirty) - gone), removed)


def _months_in_memory(folder: Path, plan: _Plan) -> dict[str, dict[str, pa.Table | Path]]:
    """The per-article tables of the patched build as `serving.patch` reads them from memory: each month's rows
    (a dirty month) or the previous build's file (a month linked from it)."""
    def part(name: str, key: str) -> pa.Table | Path:
        return plan.parts[name][key] if key in plan.dirty else folder / f"{name}.parquet" / f"{key}{partitions.SUFFIX}"
    return {name: {key: part(name, key) for key in plan.keys} for name in partitions.PARTITIONED}


def _write_planned(staging: Path, folder: Path, old: dict, plan: _Plan) -> dict[str, dict]:
    """Write the per-article tables of `plan` into `staging` (dirty months written, the rest linked); returns their
    manifest entries."""
    parts, dirty, keys, removed = plan
    previous = publish.manifest_files(folder, old)
    out = {}
    for name in partitions.PARTITIONED:
        (staging / f"{name}.parquet").mkdir()
        digests, n_rows = {}, old["tables"][name]["rows"] - removed[name] + sum(parts[name][k].num_rows for k in dirty)
        for key in keys:
            rel = f"{name}.parquet/{key}{partitions.SUFFIX}"
            if key not in dirty:
                os.link(previous[rel][0], staging / rel)
                digests[key] = previous[rel][1]
                continue
            data = publish._parquet_bytes(parts[name][key])
            digests[key] = hashlib.sha256(data).hexdigest()
            publish._put(staging, rel, data, digests[key], previous)
        publish._fsync(staging / f"{name}.parquet")
        out[name] = {"sha256": publish.content_id(digests), "rows": n_rows, "partitions": digests}
    return out


def _write_whole(staging: Path, name: str, table: pa.Table, previous: dict[str, tuple[Path, str]]) -> dict:
    """One corpus-wide table as a single file (linked when its bytes equal the previous build's)."""
    data = publish._parquet_bytes(table)
    digest = hashlib.sha256(data).hexdigest()
    publish._put(staging, f"{name}.parquet", data, digest, previous)
    return {"sha256": digest, "rows": table.num_rows}
