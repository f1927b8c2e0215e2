"""What a new session of each page costs the server and sends, with every cache warm (no browser; CPU time).

    python bench/page_payload.py --data bench/out/dash-1000000
    python bench/page_payload.py --data /work/data/mixed-out --pages network topics

Per page (AppTest, in this process): the first run (the queries run: the server's first visitor) and then a new
session's run with the caches warm (what every later first load costs the server), in CPU seconds; and the bytes of
the elements that run sends, by element type (protobuf size: the WebSocket's payload before framing), with the
chart components' figure JSON apart. The size of what grows with the corpus is what the browser then decodes
and draws (bench/RESULTS.md §22 (big)).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path

from common import load, machine, save
from first_load import PAGES

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"


def run(page: str):
    """One new session opening `page` (the app's frame, then the page), and its CPU seconds."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=600)
    t = time.process_time()
    at.run()
    if page != "overview":
        at.switch_page(f"views/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    return at, time.process_time() - t


def payload(at) -> dict[str, int]:
    """Bytes per element type of a run (leaf elements' protobuf size), plus `figure_json` of its charts."""
    out: Counter = Counter()

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for child in children.values():
                walk(child)
        elif getattr(node, "proto", None) is not None:
            out[node.type] += node.proto.ByteSize()

    walk(at._tree)
    for e in at.get("bidi_component"):
        out["figure_json"] += len(json.loads(e.proto.json).get("figure") or "")
    return dict(out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True, help="a build folder")
    p.add_argument("--pages", nargs="*", default=list(PAGES), help="page paths (default: every page)")
    a = p.parse_args()
    os.environ["NEWS_DATA_DIR"] = str(a.data.resolve())
    result: dict = {"machine": machine(), "data": str(a.data), "load_before": load(), "pages": {}}
    for page in a.pages:
        _, first = run(page)
        at, later = run(page)
        sent = payload(at)
        result["pages"][page] = {"first_cpu_s": round(first, 3), "new_session_cpu_s": round(later, 3),
                                 "bytes": sent, "load": load()}
        top = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(sent.items(), key=lambda kv: -kv[1])[:5])
        print(f"{page:9s} first run {first:.2f} s CPU, new session {later:.3f} s CPU; "
              f"{sum(v for k, v in sent.items() if k != 'figure_json') / 1024:.0f} kB sent ({top} kB); "
              f"load {load()}", flush=True)
    result["load_after"] = load()
    print("saved", save(f"page-payload-{a.data.name}", result))


if __name__ == "__main__":
    main()
