"""CPU cost of publishing one added article: a full `write_build` against `write_patch` (store/patch.py).

Reads the tables of an existing build (e.g. bench/out/inc-data-10000, never written to), publishes them into a
scratch output, then adds one article (a copy of an existing one under a new id and day) both ways:
`write_build` of the full tables (what a rebuild does today: every table converted, every file hashed, the
serving files written) and `write_patch` of the touched rows (the months holding the new article re-written,
the serving files patched). Checks that both give the same build_id. Reports CPU seconds of this process
(`time.process_time`, DuckDB's threads included): comparable under load, unlike wall time.

    .venv/bin/python bench/publish_patch.py bench/out/inc-data-10000     # -> bench/out/publish-patch-10001.json
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data_pipeline.store import partitions, publish, serving
from data_pipeline.store.patch import write_patch
from data_pipeline.store.tables import SCHEMAS, sort, to_table


def read_tables(build: Path) -> dict[str, pa.Table]:
    """Every contract table of a published build, in the contract schema and canonical order."""
    out = {}
    for name, schema in SCHEMAS.items():
        path = build / f"{name}.parquet"
        if path.exists():
            table = pq.read_table(path).select(schema.names).cast(schema).replace_schema_metadata(None)
            out[name] = sort(name, table)
    return out


def one_more(tables: dict[str, pa.Table], new_id: str) -> dict[str, pa.Table]:
    """The rows of a new article: a copy of the median article's rows under `new_id`, published a day later."""
    ids = tables["articles"].column("article_id").to_pylist()
    source = ids[len(ids) // 2]
    rows = {}
    for name in partitions.PARTITIONED:
        t = tables[name].filter(pc.equal(tables[name].column("article_id"), source))
        t = t.set_column(t.schema.get_field_index("article_id"), "article_id", pa.array([new_id] * t.num_rows, pa.string()))
        if name == "articles":
            day = t.column("published")[0].as_py()
            t = t.set_column(t.schema.get_field_index("published"), "published",
                             pa.array([day + timedelta(days=1) if day else None], pa.date32()))
        rows[name] = t
    return rows


def cpu(fn):
    t0, w0 = time.process_time(), time.perf_counter()
    got = fn()
    return got, round(time.process_time() - t0, 3), round(time.perf_counter() - w0, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("build", type=Path)
    ap.add_argument("--json", type=Path, help="where to write the result (default bench/out/publish-patch-N.json)")
    args = ap.parse_args()
    base = read_tables(publish.resolve_build(args.build))
    new = one_more(base, "zz-added-article")
    full = {name: (sort(name, pa.concat_tables([base[name], new[name]])) if name in new else base[name])
            for name in base}
    whole = {name: t for name, t in full.items() if name not in partitions.PARTITIONED}
    manifest = {"schema_version": 1, "pipeline_version": "bench"}
    root = Path(tempfile.mkdtemp(prefix="publish-patch-"))
    result = {"articles": base["articles"].num_rows, "load_before": os.getloadavg()}
    try:
        out_full, out_patch = root / "full", root / "patch"
        for out in (out_full, out_patch):
            publish.write_build(out, base, manifest)
        by_columns = {n: {c: full[n].column(c).to_pylist() for c in full[n].column_names} for n in full}
        _, result["to_table_all_cpu_s"], _ = cpu(lambda: {n: to_table(n, cols) for n, cols in by_columns.items()})
        new_columns = {n: {c: new[n].column(c).to_pylist() for c in new[n].column_names} for n in new}
        _, result["to_table_touched_cpu_s"], _ = cpu(lambda: {n: to_table(n, cols) for n, cols in new_columns.items()})
        bid_full, result["write_build_cpu_s"], result["write_build_wall_s"] = cpu(
            lambda: publish.write_build(out_full, full, manifest))
        prev = publish.previous_manifest(out_patch)
        patched, serving_patch = [], serving.patch
        serving.patch = lambda *a, **k: patched.append((got := serving_patch(*a, **k)) is not None) or got
        bid_patch, result["write_patch_cpu_s"], result["write_patch_wall_s"] = cpu(
            lambda: write_patch(out_patch, prev, new, {"zz-added-article"}, whole, manifest))
        files = [p for p in publish.resolve_build(out_patch).rglob("*.parquet") if p.is_file()]
        result.update(same_build_id=bid_full == bid_patch, build_id=bid_patch,
                      parquet_files=len(files), written=sum(1 for p in files if p.stat().st_nlink == 1),
                      serving_patched=patched == [True],
                      load_after=os.getloadavg())
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result, indent=2))
    target = args.json or Path(__file__).parent / "out" / f"publish-patch-{result['articles']}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
