"""Where an add-one rebuild through the command line spends its time, in both processes: the build process's steps
and the model process's stages, on one clock.

    python bench/addone_trace.py CORPUS --out DATA --cache-dir CACHE --new N [--new N ...] [--plain [--root DIR]]

Before the first run it snapshots what the published build at DATA is (the symlink's target and the cache's delta
states); each run generates article N of the generated corpus (bench/corpus.py, seed 7: pick an N whose article
was never built, so that it is parsed), copies it into CORPUS, runs `python -m data_pipeline build` in a child
process with its steps timed (this file's `--child` mode), removes the article and puts the snapshot back, so every
run is the first add after the same base (as bench/incremental.py measures it). Prints per run: each step's CPU and
wall seconds in the build process, the model process's stages (wall offset from the build process's start, and its
own CPU), the process's CPU and wall, and the load. CPU seconds mean something on a loaded machine; wall does not.
`--plain` runs the command line untouched and reports its wall and the CPU of both processes (the model process is
joined by the command line, so it counts); `--root` runs another checkout's code that way (an A/B: give each side
its own copy of DATA and CACHE, as their delta states differ).
"""
from __future__ import annotations

import argparse
import atexit
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACE_ENV = "ADDONE_TRACE_FILE"


def _log(event: str, **extra) -> None:
    """One JSON line in the trace file: the event, wall clock (time.time), this process's CPU and pid."""
    with open(os.environ[TRACE_ENV], "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"event": event, "t": time.time(), "cpu": time.process_time(), "pid": os.getpid(),
                             **extra}) + "\n")


def _wrap(mod, name: str, label: str) -> None:
    """Replace mod.name by a wrapper that logs its start and end (same name, so it still pickles by reference)."""
    real = getattr(mod, name)

    @functools.wraps(real)
    def timed(*args, **kwargs):
        _log("start", step=label)
        try:
            return real(*args, **kwargs)
        finally:
            _log("end", step=label)
    setattr(mod, name, timed)


# (module, function, label): the build process's steps (nested ones count inside their parent too)
STEPS = [
    ("data_pipeline.run.build", "load_config", "config load"),
    ("data_pipeline.run.build", "prime_gazetteer", "gazetteer"),
    ("data_pipeline.run.build", "model_info", "model facts"),
    ("data_pipeline.run.delta", "published_state", "state load (published_state)"),
    ("data_pipeline.run.build", "read_by_listing", "read inputs by listing"),
    ("data_pipeline.run.build", "read_all", "read all inputs"),
    ("data_pipeline.run.build", "publish_unchanged", "unchanged-corpus check"),
    ("data_pipeline.run.delta", "try_delta", "try_delta"),
    ("data_pipeline.run.build", "build", "build()"),
    ("data_pipeline.run.build", "analyse_all", "analyse_all"),
    ("data_pipeline.run.build", "topic_rows", "topic_rows"),
    ("data_pipeline.run.delta", "_patch_resolution", "resolution patch"),
    ("data_pipeline.run.delta", "regroup_events", "events"),
    ("data_pipeline.run.delta", "update_terms", "term counts"),
    ("data_pipeline.run.delta", "article_terms", "article_terms"),
    ("data_pipeline.run.delta", "publish_patch", "publish_patch"),
    ("data_pipeline.store.patch", "write_patch", "write_patch"),
    ("data_pipeline.store.serving", "patch", "serving.patch"),
    ("data_pipeline.store.validate", "check", "validation"),
    ("data_pipeline.run.delta", "save_journal", "journal save"),
    ("data_pipeline.run.delta", "save_state", "state save"),
    ("data_pipeline.run.build", "corpus_tables", "FULL PATH corpus_tables"),
    ("data_pipeline.resolve.aggregates", "loads", "  resolve state decode"),
    ("data_pipeline.run.delta", "read_table", "  read_table"),
    ("data_pipeline.run.delta", "read_months", "  read_months"),
    ("data_pipeline.events.grouping", "group", "  events grouping"),
    ("data_pipeline.store.patch", "_previous_months", "  _previous_months"),
    ("data_pipeline.store.patch", "_plan", "  _plan (dirty months' rows)"),
    ("data_pipeline.store.patch", "_write_planned", "  _write_planned"),
    ("data_pipeline.store.patch", "_write_whole", "  _write_whole"),
    ("data_pipeline.store.serving", "_patch_tables", "  serving _patch_tables"),
    ("data_pipeline.store.serving", "_patch_corpus", "  serving _patch_corpus"),
    ("data_pipeline.store.fulltext", "patch", "  fulltext.patch"),
    ("shutil", "copyfile", "  shutil.copyfile"),
    ("data_pipeline.store.publish", "write_manifest", "  write_manifest"),
    ("data_pipeline.store.publish", "_seal", "  _seal"),
    ("data_pipeline.store.publish", "_fsync", "  fsync"),
    ("data_pipeline.store.publish", "_point", "  point out at the build"),
    ("data_pipeline.store.publish", "collect_garbage", "  collect_garbage"),
]


def child(argv: list[str]) -> None:
    """Run the CLI with the build's steps and the model process's stages logged."""
    _log("main")
    import builtins

    from data_pipeline.run import warm

    real_init = warm.WarmModel.__init__

    def init(self, *args, **kwargs):
        _log("fork")
        real_init(self, *args, **kwargs)
        _log("forked")
    warm.WarmModel.__init__ = init
    _wrap(warm.WarmModel, "close", "model process close (terminate + join)")
    real_serve = warm._serve

    def serve(*args):  # in the model process: its stages, wrapped where _serve finds them at call time
        from data_pipeline.run import cache as C
        from data_pipeline.run import engine as E

        for mod, name in ((C, "prime_gazetteer"), (E, "_compiled_taxonomy"), (E, "analyse_chunk")):
            _wrap(mod, name, f"{name}")
        return real_serve(*args)
    warm._serve = serve
    from data_pipeline.run.early import start_early

    early = start_early(argv)  # as data_pipeline/__main__.py does, before the command line's imports
    from data_pipeline import cli

    # the model process's stages: functions _serve imports at call time (spaCy's import comes before the first)
    real_call = warm.WarmModel.call

    def call(self, fn, *args):
        label = f"call:{getattr(fn, '__name__', fn)}"
        _log("start", step=label)
        try:
            return real_call(self, fn, *args)
        finally:
            _log("end", step=label)
    warm.WarmModel.call = call
    real_import = builtins.__import__

    def hook(name, *a, **k):  # the build's modules are imported by cmd_build after the fork: wrap them then
        m = real_import(name, *a, **k)
        if name == "data_pipeline.run.build":
            builtins.__import__ = real_import
            _log("imported run.build")
            import data_pipeline.store.patch  # noqa: F401 - imported later by the delta path anyway
            for modname, fn, label in STEPS:
                _wrap(sys.modules[modname], fn, label)
        return m
    builtins.__import__ = hook
    atexit.register(lambda: _log("exit"))
    cli.exit_now(cli.main(argv, early_model=early, exiting=True))


def summarise(lines: list[dict]) -> dict:
    """Per step: CPU and wall seconds summed over its calls (by pid), plus the model process's stage times."""
    t0 = next(r["t"] for r in lines if r["event"] == "main")
    main_pid = next(r["pid"] for r in lines if r["event"] == "main")
    open_: dict = {}
    steps: dict = defaultdict(lambda: [0.0, 0.0, None, None])
    for r in lines:
        key = (r["pid"], r.get("step"))
        if r["event"] == "start":
            open_[key] = r
        elif r["event"] == "end" and key in open_:
            s = open_.pop(key)
            who = "build" if r["pid"] == main_pid else "model"
            acc = steps[(who, r["step"])]
            acc[0] += r["cpu"] - s["cpu"]
            acc[1] += r["t"] - s["t"]
            acc[2] = s["t"] - t0 if acc[2] is None else acc[2]
            acc[3] = r["t"] - t0
    ends = {r["pid"]: r for r in lines if r["event"] == "exit"}
    return {"steps": {f"{w} {s}": [round(v, 3) if v is not None else None for v in acc]
                      for (w, s), acc in steps.items()},
            "build_cpu_at_exit": round(ends[main_pid]["cpu"], 3) if main_pid in ends else None,
            "exit_at": round(ends[main_pid]["t"] - t0, 3) if main_pid in ends else None,
            "forked_at": next((round(r["t"] - t0, 3) for r in lines if r["event"] == "forked"), None),
            "events": {r["event"]: [round(r["t"] - t0, 3), round(r["cpu"], 3)] for r in lines
                       if r["event"] not in ("start", "end")}}


def snapshot(out: Path, cache: Path, keep: Path) -> None:
    """Remember the published build (its folder hard-linked, as newer builds prune it) and the cache's delta states."""
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "target").write_text(os.readlink(out))
    if (keep / "build").exists():
        shutil.rmtree(keep / "build")
    subprocess.run(["cp", "-al", str(out.resolve()), str(keep / "build")], check=True)  # builds are never written
    if (keep / "delta").exists():
        shutil.rmtree(keep / "delta")
    shutil.copytree(cache / "delta", keep / "delta")


def restore(out: Path, cache: Path, keep: Path) -> None:
    """Put the published build and the delta states back as snapshotted (newer builds stay, unpublished)."""
    target = out.parent / (keep / "target").read_text()
    if not target.exists():  # pruned by the newer builds (publish.KEEP_BUILDS)
        subprocess.run(["cp", "-al", str(keep / "build"), str(target)], check=True)
    tmp = out.with_name(out.name + ".restore")
    os.symlink((keep / "target").read_text(), tmp)
    os.replace(tmp, out)
    shutil.rmtree(cache / "delta")
    shutil.copytree(keep / "delta", cache / "delta")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--cache-dir", type=Path, required=True)
    p.add_argument("--new", type=int, action="append", required=True, metavar="N")
    p.add_argument("--snapshot", type=Path, default=None, help="where the base is kept (default: beside CACHE)")
    p.add_argument("--json", type=Path, default=None, help="also write the runs here")
    p.add_argument("--plain", action="store_true",
                   help="run `python -m data_pipeline` untouched: wall and CPU (both processes) only")
    p.add_argument("--root", type=Path, default=ROOT,
                   help="run in this checkout (its data_pipeline; for an A/B against other code)")
    a = p.parse_args()
    keep = a.snapshot or a.cache_dir.parent / (a.cache_dir.name + ".base")
    if not keep.exists():
        snapshot(a.out, a.cache_dir, keep)
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import generate

    runs = []
    for n in a.new:
        restore(a.out, a.cache_dir, keep)
        src = generate(Path(tempfile.mkdtemp()), 1, 7, start=n)[0]
        added = a.corpus / f"added-{src.name}"
        shutil.copy(src, added)
        trace = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        env = {**os.environ, TRACE_ENV: str(trace),
               "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}
        load = os.getloadavg()
        w = time.perf_counter()
        head = [sys.executable, "-m", "data_pipeline"] if a.plain else [sys.executable, __file__, "--child"]
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([*head, "build", str(a.corpus.absolute()), "--out", str(a.out.absolute()),
                               "--cache-dir", str(a.cache_dir.absolute()), "--no-progress"], env=env, cwd=a.root,
                              capture_output=True, text=True)
        wall = time.perf_counter() - w
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (now.ru_utime - used.ru_utime) + (now.ru_stime - used.ru_stime)  # the CLI and its model process
        added.unlink()
        if proc.returncode not in (0, 1):
            sys.exit(f"build failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        lines = [json.loads(x) for x in trace.read_text().splitlines()] if trace.exists() else []
        trace.unlink(missing_ok=True)
        s = summarise(lines) if lines else {"steps": {}, "build_cpu_at_exit": None, "exit_at": None,
                                            "forked_at": None, "events": {}}
        s.update(new=n, wall=round(wall, 3), cpu_both=round(cpu, 3), load=[round(x, 2) for x in (load + os.getloadavg())],
                 printed=proc.stdout.strip().splitlines()[-1:])
        runs.append(s)
        print(f"article {n}: wall {wall:.2f} s, CPU of both processes {cpu:.2f} s, build CPU {s['build_cpu_at_exit']} s, forked at {s['forked_at']} s, "
              f"exit at {s['exit_at']} s; load {s['load']}; {s['printed']}")
        print(f"  events (wall offset, CPU): {s['events']}")
        for step, (cpu, dur, start, end) in sorted(s["steps"].items(), key=lambda kv: kv[1][2]):
            print(f"  {step:<58} {cpu:6.3f} s CPU {dur:6.3f} s wall  [{start:6.3f} → {end:6.3f}]")
    restore(a.out, a.cache_dir, keep)
    if a.json:
        a.json.write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
