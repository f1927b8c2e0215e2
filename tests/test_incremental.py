"""Rebuilds after random additions, edits, removals and no change publish exactly the tables of a full build of the final
corpus, and rewrite only the monthly files that changed; pure additions take the delta path (run/delta.py) whenever
resolve.patch answers (with resolve/'s own patch, and with the reference one of tests/patch_reference.py)."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_pipeline import resolve
from data_pipeline.run import listing
from data_pipeline.run.build import BuildOptions, build
from tests.patch_reference import exact_patch, with_state

pytestmark = pytest.mark.slow

# short articles of our own; several share people, so an edit of one can change another's entities
TEXTS = [
    "Foreign Minister Lena Varga met her Austrian counterpart Tobias Reiner in Vienna on Monday to discuss gas supplies.",
    "Varga later spoke by phone with Prime Minister Ines Kolar about the budget deficit and rising inflation.",
    "Defence Minister Marek Stolz received Tobias Reiner in Prague, where the two discussed border security.",
    "President Ines Kolar visited Warsaw and held talks with Marek Stolz on military cooperation.",
    "Reiner said the talks with Lena Varga had been constructive, adding that a new pipeline would be discussed.",
    "Trade Minister Omar Haddad met Kolar in Cairo to sign an agreement on foreign investment and customs duties.",
    "The ministry said Haddad and Stolz would meet again next month to review joint exercises.",
    "Health Minister Julia Brandt discussed vaccine deliveries with Haddad during a visit to Berlin.",
]
DATES = ["2023-01-10", "2023-01-24", "2023-02-07", None]

article = st.tuples(st.sampled_from(range(len(TEXTS))), st.sampled_from(DATES))
# "none": a rebuild with nothing changed (the previous build's files published again, run/reuse.py)
step = st.one_of(st.tuples(st.just("add"), article), st.tuples(st.just("edit"), article),
                 st.tuples(st.just("remove"), st.none()), st.tuples(st.just("none"), st.none()))


def _write(folder, name: str, item: tuple[int, str | None]) -> None:
    text, day = item
    header = f" date {day} \n" if day else ""
    (folder / name).write_text(header + TEXTS[text] + "\n", encoding="utf-8")


def _manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def settled_files(monkeypatch):
    """Files count as settled as soon as written, so rebuilds take the listing (run/listing.py) for unchanged files
    (every step here is a whole build apart, far beyond a clock tick)."""
    monkeypatch.setattr(listing, "RACY_NS", 0)


@pytest.fixture(params=["own", "reference"])
def patch_calls(request, monkeypatch) -> list[bool]:
    """Whether each resolve.patch call answered (True) or fell back (False), with resolve/'s patch or the reference."""
    calls: list[bool] = []
    if request.param == "reference":
        real = resolve.resolve
        monkeypatch.setattr(resolve, "resolve", with_state(real))
        monkeypatch.setattr(resolve, "patch", exact_patch(real, calls), raising=False)
    elif getattr(resolve, "patch", None) is None:
        pytest.skip("resolve has no patch yet")
    else:
        own = resolve.patch

        def recorded(*args, **kwargs):
            got = own(*args, **kwargs)
            calls.append(got is not None)
            return got
        monkeypatch.setattr(resolve, "patch", recorded)
    return calls


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.lists(article, min_size=1, max_size=3), steps=st.lists(step, min_size=1, max_size=3),
       picks=st.lists(st.integers(min_value=0, max_value=99), min_size=3, max_size=3))
def test_incremental_rebuilds_equal_a_full_build(tmp_path_factory, patch_calls, start, steps, picks):
    root = tmp_path_factory.mktemp("inc")
    corpus = root / "in"
    corpus.mkdir()
    for n, item in enumerate(start):
        _write(corpus, f"a{n}.txt", item)
    incremental = BuildOptions(input=corpus, out=root / "data", progress=False, cache_dir=root / "cache")
    build(incremental)
    serial = len(start)
    for n, (op, item) in enumerate(steps):
        names = sorted(p.name for p in corpus.iterdir())
        if op == "none":
            pass
        elif op == "add" or not names:
            _write(corpus, f"a{serial}.txt", item or (0, None))
            serial += 1
        elif op == "edit":
            _write(corpus, names[picks[n] % len(names)], item)
        elif len(names) > 1:  # the build needs one article at least
            (corpus / names[picks[n] % len(names)]).unlink()
        before = _manifest(root / "data")
        asked = len(patch_calls)
        got = build(incremental)
        if op == "add" and len(patch_calls) > asked and patch_calls[-1]:
            assert got.mode == "delta" and _manifest(root / "data")["build_mode"] == "delta"
        elif op == "none":
            assert got.mode == "reused"
        full = build(BuildOptions(input=corpus, out=root / f"full{n}", progress=False, cache_dir=None))
        assert got.build_id == full.build_id
        now = _manifest(root / "data")
        assert now["tables"] == _manifest(root / f"full{n}")["tables"]
        # files the previous build already had, byte for byte, are links to it rather than new writes
        for name, info in now["tables"].items():
            for key, digest in (info.get("partitions") or {}).items():
                if (before["tables"].get(name, {}).get("partitions") or {}).get(key) == digest:
                    assert os.stat(root / "data" / f"{name}.parquet" / f"{key}.parquet").st_nlink >= 2
