"""What `python -m data_pipeline` does before it imports the command line: start a likely rebuild's model process, or
the model server of a full build at several local workers (run/modelserver.py).

A rebuild that adds an article waits for its model process (run/warm.py: spaCy's import and the model's load, ~1 s),
not for its own steps; importing the command line's modules (ingest, resolution, the engine: ~0.1–0.3 s) before
starting it only delays it. `start_early` reads the few options that decide it from the raw arguments and forks the
process first; `cli.cmd_build` takes it when the full parse agrees (`fits`) and ends it otherwise, as `build` ends
one started on a wrong guess. A wrong guess costs the other core some work, never a result.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from data_pipeline.run import modelserver
from data_pipeline.run.warm import WarmModel

DEFAULT_CACHE = Path(".cache") / "analyses"  # the command line's --cache-dir default


def likely_rebuild(out: Path, engine_kind: str, workers: int, cache: bool) -> bool:
    """A cheap guess at `build.warm_rebuild` (one local worker, the cache, a build published at `out`), made before
    the build's modules are imported; `build` checks it and ends the model process when the guess was wrong."""
    return engine_kind == "local" and workers == 1 and cache and (out / "manifest.json").is_file()


def _guess_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    p.add_argument("--out", type=Path, default=Path("data"))
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--no-cache", action="store_true")
    p.add_argument("--taxonomy", type=Path, default=None)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--engine", default=None)
    p.add_argument("--scheduler", default=None)
    return p


def start_early(argv: list[str]) -> WarmModel | None:
    """The model process of what looks like a rebuild (`build` with one local worker, the cache and a build at
    --out), started now; None for anything else (another command, --help, options it cannot read)."""
    if not argv or argv[0] != "build" or any(a in ("-h", "--help") for a in argv):
        return None
    try:
        a, _ = _guess_parser().parse_known_args(argv[1:])
    except (argparse.ArgumentError, SystemExit, ValueError):
        return None
    local = a.scheduler is None and a.engine in (None, "local")
    if local and (a.workers or 1) > 1 and modelserver.all_parsed(None if a.no_cache else a.cache_dir):
        modelserver.start()  # a full parse by several workers: their model loaded during the imports (modelserver.py)
    if not likely_rebuild(a.out, "local" if local else "dask", a.workers or 1, not a.no_cache):
        return None
    from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY

    return WarmModel(cache_dir=a.cache_dir, taxonomy_file=a.taxonomy or DEFAULT_TAXONOMY)


def fits(warm: WarmModel, cache_dir: Path | None, taxonomy_file: Path) -> bool:
    """Whether a process `start_early` started primes the cache and compiles the taxonomy this build uses."""
    return warm.cache_dir == cache_dir and warm.taxonomy_file == taxonomy_file
