"""Every MinHash signature a run knows, and its LSH bands, in numpy arrays, so that what the
indexing process keeps per article stays small.

Kept in Python objects (an array object per signature, a dict of 32-byte band keys to lists of
ids per band) the near-copy finder was most of what the indexing process grew by per article, and
at a million articles more than the memory the whole run may use (docs/performance.md). Here:

- an article has a slot (its number in the order added); its signature is a row of a chunk of
  CHUNK rows (chunks, not one array grown by copying, so memory never doubles for a moment);
- each of its BANDS bands is a 64-bit key (a hash of the band's ROWS values and the band's
  number) beside the slot, in one sorted array of keys and one of slots. New entries wait in a
  dict and join the sorted arrays in one merge when the dict holds a sixteenth of them, so
  each entry is moved a bounded number of times;
- a key found is only a candidate: the band's values are compared with the signature's own, so
  the articles found are exactly those sharing a band, as with the band bytes as keys.

An article added again gets a new slot; its old slot stays in the arrays but is no longer its
id's slot, and is skipped.
"""

from __future__ import annotations

import numpy as np

CHUNK = 1 << 15  # signature rows per chunk
MERGE_AT = 1 << 16  # waiting band entries that make a merge, at least
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)


class SignatureStore:
    """Signatures of NUM_PERM uint32 values, split into `bands` bands of `rows` values."""

    def __init__(self, num_perm: int, bands: int, rows: int):
        if bands * rows != num_perm or rows % 2 or rows // 2 > len(_MIX):
            raise ValueError("bands x rows must be the number of values, rows even and at most 8")
        self.num_perm, self.bands, self.rows = num_perm, bands, rows
        self.ids: list[str] = []  # slot -> article id
        self.slot: dict[str, int] = {}  # article id -> its current slot
        self._chunks: list[np.ndarray] = []
        self._keys = np.empty(0, dtype=np.uint64)  # sorted band keys ...
        self._slots = np.empty(0, dtype=np.uint32)  # ... and the slot of each
        self._waiting: dict[int, list[int]] = {}  # band key -> slots, not merged yet
        self._n_waiting = 0
        self._band_tag = (np.arange(bands, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xFF51AFD7ED558CCD)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.slot

    def __len__(self) -> int:
        return len(self.slot)

    def signature_of(self, article_id: str) -> np.ndarray:
        return self._row(self.slot[article_id])

    def _row(self, slot: int) -> np.ndarray:
        return self._chunks[slot // CHUNK][slot % CHUNK]

    def keys(self, sig: np.ndarray) -> np.ndarray:
        """The 64-bit key of each band of `sig` (its values read two at a time as 64-bit words,
        each multiplied by its own odd constant, XORed with the band's number mixed in)."""
        words = np.ascontiguousarray(sig, dtype=np.uint32).view(np.uint64).reshape(self.bands, self.rows // 2)
        return np.bitwise_xor.reduce(words * _MIX[: self.rows // 2], axis=1) ^ self._band_tag

    def add(self, article_id: str, sig: np.ndarray) -> None:
        """Keep `sig` as the article's signature (replacing one it had)."""
        slot = len(self.ids)
        if slot % CHUNK == 0:
            self._chunks.append(np.empty((CHUNK, self.num_perm), dtype=np.uint32))
        self._chunks[-1][slot % CHUNK] = sig
        self.ids.append(article_id)
        self.slot[article_id] = slot
        for key in self.keys(sig).tolist():
            self._waiting.setdefault(key, []).append(slot)
        self._n_waiting += self.bands
        if self._n_waiting >= max(MERGE_AT, len(self._keys) // 16):
            self._merge()

    def remove(self, article_id: str) -> None:
        """Forget the article's signature (its slot is skipped from now on)."""
        del self.slot[article_id]

    def _merge(self) -> None:
        keys = np.fromiter((k for k, slots in self._waiting.items() for _ in slots), dtype=np.uint64,
                           count=self._n_waiting)
        slots = np.fromiter((s for ss in self._waiting.values() for s in ss), dtype=np.uint32,
                            count=self._n_waiting)
        order = np.argsort(keys, kind="stable")
        keys, slots = keys[order], slots[order]
        at = np.searchsorted(self._keys, keys, side="right")
        self._keys = np.insert(self._keys, at, keys)
        self._slots = np.insert(self._slots, at, slots)
        self._waiting = {}
        self._n_waiting = 0

    def sharing_a_band(self, sig: np.ndarray) -> set[str]:
        """The ids of the articles with a signature that has a band equal to one of `sig`'s."""
        k = self.keys(sig)
        keys = k.tolist()
        found: list[tuple[int, int]] = []
        if len(self._keys):
            lo = np.searchsorted(self._keys, k, side="left")
            hi = np.searchsorted(self._keys, k, side="right")
            for band, (a, b) in enumerate(zip(lo.tolist(), hi.tolist())):
                if a < b:
                    found.extend((band, s) for s in self._slots[a:b].tolist())
        for band, key in enumerate(keys):
            for s in self._waiting.get(key, ()):
                found.append((band, s))
        ids = self.ids
        slot_of = self.slot
        rows = self.rows
        out: set[str] = set()
        for band, s in found:
            article_id = ids[s]
            if slot_of.get(article_id) != s or article_id in out:
                continue  # an old slot of an article added again, or found already
            lo_, hi_ = band * rows, (band + 1) * rows
            if np.array_equal(self._row(s)[lo_:hi_], sig[lo_:hi_]):
                out.add(article_id)
        return out
