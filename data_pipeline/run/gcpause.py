"""Pausing Python's cyclic garbage collector while bulk data is built (and turning it back on for a block
that makes cyclic garbage inside such a pause).

Decoding 10,000 cached analyses or resolving a corpus allocates millions of small
dicts and lists, none of them in reference cycles (they are freed by reference
counting). Each allocation burst still triggers full collections that rescan every
live object, which made decoding the cache two to three times slower. spaCy's own
loaders (srsly) pause collection the same way.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable cyclic collection inside the block; restore the previous state after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def collecting_gc() -> Iterator[None]:
    """Cyclic collection on inside the block (e.g. a parse, which makes cyclic garbage, inside a paused read);
    restore the previous state after."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was:
            gc.disable()
