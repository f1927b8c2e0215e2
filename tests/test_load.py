"""Short load test (CI form of bench/load_test.py): concurrent browsers clicking filters on one server.

Every click must end in a completed rerun with no exception box, console error or dialog, and the
server's memory must stay bounded. Latencies are reported, never asserted (see bench/RESULTS.md).
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.load_test import MemorySampler, drive, summary
from bench.serve import CHROMIUM, dashboard, rss_mb
from bench.synthetic import Spec, publish

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (see .ci/run)")]

ARTICLES, CONTEXTS, SECONDS = 3_000, 2, 12


def test_load_concurrent_viewers_every_click_updates(tmp_path):
    data = tmp_path / "data"
    publish(Spec(articles=ARTICLES), data)
    with dashboard(data) as (url, proc):
        idle_mb = rss_mb(proc.pid)
        mem = MemorySampler(proc.pid, every=0.5)
        mem.start()
        stats = asyncio.run(drive(url, CONTEXTS, SECONDS))
        samples = mem.stop()
    result = summary(stats, samples, CONTEXTS, SECONDS, ARTICLES)
    print("load:", result)
    assert stats.errors == []
    assert stats.stale == []  # every click was followed by a finished rerun
    assert stats.actions >= CONTEXTS and stats.updated == stats.actions
    assert max(samples) < idle_mb + 1500  # bounded: a leak or a corpus copy per session would blow this
