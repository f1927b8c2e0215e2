"""paused_gc: collection off inside the block, the previous state back after (also on errors)."""
import gc

import pytest

from data_pipeline.run.gcpause import paused_gc


def test_gcpause_disables_inside_and_restores_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with paused_gc():
            raise KeyError("x")
    assert gc.isenabled()


def test_gcpause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gcpause_young_collection_frees_a_cycle_made_inside_the_pause():
    import weakref

    from data_pipeline.run.gcpause import collect_young

    class Node:
        pass

    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle, as a parse leaves behind
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None  # reference counting alone cannot free it, and the collector is paused
        collect_young()
        assert gone() is None and not gc.isenabled()
