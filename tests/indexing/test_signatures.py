"""The compact signature store finds exactly the articles that share an LSH band, as a dict of
band bytes would, across merges of its sorted arrays and with articles added again."""

import numpy as np

from newssearch.indexing import signatures
from newssearch.indexing.nearcopies import BANDS, NUM_PERM, ROWS
from newssearch.indexing.signatures import SignatureStore


def _brute_force(live: dict[str, np.ndarray], sig: np.ndarray) -> set[str]:
    def bands(s):
        return [s[b * ROWS:(b + 1) * ROWS].tobytes() for b in range(BANDS)]

    mine = bands(sig)
    return {i for i, other in live.items() if any(x == y for x, y in zip(mine, bands(other)))}


def test_articles_sharing_a_band_are_found_exactly_across_merges_and_re_adds(monkeypatch):
    monkeypatch.setattr(signatures, "MERGE_AT", 40)  # many merges in a small test
    monkeypatch.setattr(signatures, "CHUNK", 16)  # and many chunks
    rng = np.random.default_rng(7)
    # few distinct values per position: many articles share bands, some share several
    pool = rng.integers(0, 2**32, size=(3, NUM_PERM), dtype=np.uint32)
    store = SignatureStore(NUM_PERM, BANDS, ROWS)
    live: dict[str, np.ndarray] = {}
    for n in range(400):
        sig = pool[rng.integers(0, 3, NUM_PERM), np.arange(NUM_PERM)]
        sig[rng.random(NUM_PERM) < 0.5] = rng.integers(0, 2**32, dtype=np.uint32)  # most bands unique
        article = f"a{rng.integers(0, 300)}"  # ids come back: an article added again
        if n % 7 == 0:
            assert store.sharing_a_band(sig) == _brute_force(live, sig)
        if article in store:
            store.remove(article)
        store.add(article, sig)
        live[article] = sig
        assert np.array_equal(store.signature_of(article), sig)
    assert len(store) == len(live)
    assert sum(store.sharing_a_band(s) == _brute_force(live, s) for s in live.values()) == len(live)


def test_a_band_key_collision_is_not_a_candidate(monkeypatch):
    """Keys are 64-bit hashes of the bands: one that collides is checked against the values."""
    store = SignatureStore(NUM_PERM, BANDS, ROWS)
    a = np.arange(NUM_PERM, dtype=np.uint32)
    b = a + 1
    store.add("a", a)
    monkeypatch.setattr(store, "keys", lambda sig: SignatureStore.keys(store, a))  # every band collides
    assert store.sharing_a_band(b) == set()
    assert store.sharing_a_band(a) == {"a"}
