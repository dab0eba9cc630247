"""Wire copies and near-duplicates: the same story republished with another headline, a dateline,
a trailing sentence or an editor's note. Standard technique: MinHash signatures of word 4-gram
shingles, candidates from locality-sensitive hashing (LSH), confirmed by estimated Jaccard
similarity. Each article gets a cluster id: the id of the first article of its cluster.

The signatures are datasketch's MinHash (scheme "affine32", CRC-32 of each shingle, seed 1) value
for value, so signatures stored by earlier runs stay valid; tests/indexing/test_nearcopies.py
checks both the values and the LSH banding against datasketch. They are computed here with one
numpy expression per article rather than through datasketch's objects, whose per-article overhead
(and scipy import) dominated clustering (docs/ingestion.md)."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from ..text.analysis import ascii_words, fold_term
from ..text.analysis import words as text_words
from .sidefiles import add_lines, read_lines

CLUSTERS_FILE = "newssearch-clusters.txt"  # ids of clusters with two or more articles

NUM_PERM = 64
SEED = 1
THRESHOLD = 0.7  # estimated Jaccard of shingle sets to call two bodies copies
# LSH bands x rows: what datasketch's MinHashLSH(threshold=0.7, num_perm=64) chooses (minimal
# weighted false positive + false negative probability; asserted in tests/indexing/test_nearcopies.py)
BANDS, ROWS = 8, 8
MAX_CANDIDATES = 32
CLOSE_ENOUGH = 0.9
MIN_WORDS = 40  # shorter bodies (dividend notices, tables) are templates: alike without being copies


def shingles(body: str, words: list[str] | None = None) -> list[bytes]:
    """The body's word 4-grams (folded words, UTF-8), or none for a short body. Repeats are left
    in: a MinHash value is a minimum, which a repeat cannot change, and a set to remove them costs
    more than hashing the few repeats.
    `words`: the body's analysis.words when the caller has them already (used for non-ASCII text;
    ASCII text is folded by lowercasing and split as bytes, which skips an encode per shingle)."""
    if body.isascii():
        w = ascii_words(body.lower())
        if len(w) < MIN_WORDS:
            return []
        return list(map(b" ".join, zip(w, w[1:], w[2:], w[3:])))
    if words is None:
        words = text_words(body)
    if len(words) < MIN_WORDS:
        return []
    w = [fold_term(x) for x in words]
    return list(map(str.encode, map(" ".join, zip(w, w[1:], w[2:], w[3:]))))


def permutations():
    """datasketch's affine32 permutation parameters (a, b) for NUM_PERM and SEED."""
    import numpy as np

    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv):
    """MurmurHash3's 32-bit finaliser (datasketch pre-mixes every input hash with it)."""
    import numpy as np

    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


class CopyFinder:
    """Assigns cluster ids as articles arrive; knows every signature seen so far (signatures.py
    keeps them compactly)."""

    def __init__(self):
        import numpy as np

        from .signatures import SignatureStore

        self._np = np
        a, b = permutations()
        self._a, self._b = a, b[:, None]
        self.signatures = SignatureStore(NUM_PERM, BANDS, ROWS)
        self.cluster: dict[str, str] = {}
        self.shared: set[str] = set()  # clusters this run gave a copy (see save_shared)

    def signature(self, body: str, words: list[str] | None = None):
        """The body's MinHash values (uint32 array), or None for a short body."""
        sh = shingles(body, words)
        if not sh:
            return None
        np = self._np
        hv = _fmix32(np.fromiter(map(zlib.crc32, sh), dtype=np.uint32, count=len(sh)))
        # a row per permutation, a shingle per column: in place, each row's minimum over
        # contiguous memory
        values = np.multiply.outer(self._a, hv)
        values += self._b
        return values.min(axis=1)

    def candidates(self, sig) -> set[str]:
        """Articles sharing at least one band with `sig`."""
        return self.signatures.sharing_a_band(sig)

    def similarity(self, sig, other) -> float:
        """Estimated Jaccard similarity: the share of equal MinHash values."""
        return int(self._np.count_nonzero(sig == other)) / NUM_PERM

    def load(self, article_id: str, cluster_id: str, packed: bytes) -> None:
        """Re-enter an article indexed by an earlier run (signature read back from the index)."""
        self.cluster[article_id] = cluster_id or article_id
        if cluster_id and cluster_id != article_id:
            self.shared.add(cluster_id)
        if packed:
            np = self._np
            self.signatures.add(article_id, np.frombuffer(packed, dtype=np.uint64).astype(np.uint32))

    def add(self, article_id: str, body: str, same_as: str | None = None,
            words: list[str] | None = None) -> tuple[str, bytes]:
        """(cluster id, packed signature) for an article; an article re-added replaces itself.
        `same_as`: an earlier article with the very same body, whose cluster it joins directly
        (thousands of identical bodies would otherwise make every LSH lookup return them all)."""
        if article_id in self.signatures:
            self.signatures.remove(article_id)
        if same_as is not None and same_as != article_id and same_as in self.cluster:
            self.cluster[article_id] = self.cluster[same_as]
            self.shared.add(self.cluster[same_as])
            return self.cluster[article_id], b""
        sig = self.signature(body, words)
        if sig is None:
            self.cluster[article_id] = article_id
            return article_id, b""
        best, best_sim = None, THRESHOLD
        # Bounded work per article: on templated archives (thousands of near-identical pages) an
        # unbounded check would make indexing quadratic. Any candidate over the threshold joins the
        # same cluster anyway; a very close one ends the search.
        for cand in sorted(self.candidates(sig))[:MAX_CANDIDATES]:
            sim = self.similarity(sig, self.signatures.signature_of(cand))
            if sim >= best_sim:
                best, best_sim = cand, sim
                if sim >= CLOSE_ENOUGH:
                    break
        cluster = self.cluster.get(best, best) if best else article_id
        self.cluster[article_id] = cluster
        if cluster != article_id:
            self.shared.add(cluster)
        self.signatures.add(article_id, sig)
        return cluster, sig.astype(self._np.uint64).tobytes()


def save_shared(index_dir: str | os.PathLike, clusters: set[str]) -> None:
    """Record which clusters have copies (before the commit; a stale extra id is harmless: its
    article is grouped alone and shows no copies)."""
    add_lines(Path(index_dir) / CLUSTERS_FILE, clusters)


def shared_clusters(index_dir: str | os.PathLike) -> frozenset[bytes]:
    """Cluster ids (as the cluster column holds them) that have more than one article, read from
    the file the indexer keeps beside the index: no scan of the archive at query time."""
    return frozenset(line.encode("utf-8") for line in read_lines(Path(index_dir) / CLUSTERS_FILE))


def clusters_path(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / CLUSTERS_FILE
