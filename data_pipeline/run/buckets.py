"""A dict that pickles as hash buckets and unpickles a bucket only when one of its keys is used.

Why: the delta state's term index (term key -> the articles holding it; 28 MB, ~0.9 s of unpickling at 100,000
articles) is read whole by every rebuild, but adding an article looks up and appends to a few dozen keys. As
`Buckets`, loading the state copies `BUCKETS` byte strings, and the rebuild decodes the buckets of the keys it
touches. A key's bucket is a CRC-32 of its text (stable across processes, unlike `hash`); a bucket stays encoded
until one of its keys is read or written, and is encoded again when pickled.
"""
from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator, Mapping, MutableMapping

BUCKETS = 4096


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % BUCKETS


class Buckets(MutableMapping):
    """A str-keyed mapping kept as `BUCKETS` pickled buckets, each decoded on first use (see the module docstring)."""

    def __init__(self, items: Mapping | None = None):
        self._blobs: list[bytes | None] = [None] * BUCKETS  # None: decoded (in `_open`) or empty
        self._open: dict[int, dict] = {}
        for key, value in (items or {}).items():
            self[key] = value

    def _get(self, n: int) -> dict:
        """Bucket `n`, decoded."""
        got = self._open.get(n)
        if got is None:
            blob = self._blobs[n]
            got = pickle.loads(blob) if blob is not None else {}
            self._blobs[n] = None
            self._open[n] = got
        return got

    def __getitem__(self, key: str):
        return self._get(_bucket(key))[key]

    def __setitem__(self, key: str, value) -> None:
        self._get(_bucket(key))[key] = value

    def __delitem__(self, key: str) -> None:
        del self._get(_bucket(key))[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._get(_bucket(key))

    def __iter__(self) -> Iterator[str]:
        for n in range(BUCKETS):
            yield from list(self._get(n))

    def __len__(self) -> int:
        return sum(len(self._get(n)) for n in range(BUCKETS))

    def __repr__(self) -> str:
        return f"Buckets({dict(self)!r})"

    def decoded(self) -> int:
        """How many buckets have been decoded (for tests and measurements)."""
        return len(self._open)

    def __getstate__(self) -> list[bytes | None]:
        blobs = list(self._blobs)
        for n, bucket in self._open.items():
            blobs[n] = pickle.dumps(bucket, protocol=pickle.HIGHEST_PROTOCOL) if bucket else None
        return blobs

    def __setstate__(self, blobs: list[bytes | None]) -> None:
        if len(blobs) != BUCKETS:  # written with another bucket count: decode every one
            self.__init__()
            for blob in blobs:
                self.update(pickle.loads(blob) if blob is not None else {})
            return
        self._blobs = list(blobs)
        self._open = {}
