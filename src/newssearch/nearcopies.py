"""Wire copies and near-duplicates: the same story republished with another headline, a dateline,
a trailing sentence or an editor's note. Standard technique: MinHash signatures of word 4-gram
shingles, candidates from locality-sensitive hashing (datasketch), confirmed by estimated Jaccard
similarity. Each article gets a cluster id: the id of the first article of its cluster."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from .analysis import WORD_RE, fold_term
from .readercache import cached
from .sidefiles import add_lines, read_lines

CLUSTERS_FILE = "newssearch-clusters.txt"  # ids of clusters with two or more articles

NUM_PERM = 64
SCHEME = "affine32"  # fixed, so signatures stored by one run match those of the next
SHINGLE = 4
THRESHOLD = 0.7  # estimated Jaccard of shingle sets to call two bodies copies
MAX_CANDIDATES = 32
CLOSE_ENOUGH = 0.9
MIN_WORDS = 40  # shorter bodies (dividend notices, tables) are templates: alike without being copies


def shingles(body: str, words: list[str] | None = None) -> list[bytes]:
    """The body's distinct word 4-grams (folded words), or none for a short body.
    `words`: the body's WORD_RE words when the caller has them already."""
    if words is None:
        words = WORD_RE.findall(body)
    if len(words) < MIN_WORDS:
        return []
    w = [fold_term(x) for x in words]
    return [" ".join(g).encode("utf-8") for g in set(zip(w, w[1:], w[2:], w[3:]))]


class CopyFinder:
    """Assigns cluster ids as articles arrive; knows every signature seen so far."""

    def __init__(self):
        from datasketch import MinHash, MinHashLSH

        self._MinHash = MinHash
        # The permutations are the same for every signature: derive them once (datasketch would
        # recompute them for each new MinHash, a third of the clustering time).
        self._permutations = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME).permutations
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, object] = {}
        self.cluster: dict[str, str] = {}
        self.shared: set[str] = set()  # clusters this run gave a copy (see save_shared)

    def signature(self, body: str, words: list[str] | None = None):
        sh = shingles(body, words)
        if not sh:
            return None
        m = self._MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME,
                          permutations=self._permutations)
        m.update_batch(sh)
        return m

    def load(self, article_id: str, cluster_id: str, packed: bytes) -> None:
        """Re-enter an article indexed by an earlier run (signature read back from the index)."""
        import numpy as np

        self.cluster[article_id] = cluster_id or article_id
        if cluster_id and cluster_id != article_id:
            self.shared.add(cluster_id)
        if packed:
            m = self._MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme=SCHEME,
                              permutations=self._permutations,
                              hashvalues=np.frombuffer(packed, dtype=np.uint64))
            self.signatures[article_id] = m
            self.lsh.insert(article_id, m)

    def add(self, article_id: str, body: str, same_as: str | None = None,
            words: list[str] | None = None) -> tuple[str, bytes]:
        """(cluster id, packed signature) for an article; an article re-added replaces itself.
        `same_as`: an earlier article with the very same body, whose cluster it joins directly
        (thousands of identical bodies would otherwise make every LSH lookup return them all)."""
        if article_id in self.signatures:
            self.lsh.remove(article_id)
            del self.signatures[article_id]
        if same_as is not None and same_as != article_id and same_as in self.cluster:
            self.cluster[article_id] = self.cluster[same_as]
            self.shared.add(self.cluster[same_as])
            return self.cluster[article_id], b""
        m = self.signature(body, words)
        if m is None:
            self.cluster[article_id] = article_id
            return article_id, b""
        best, best_sim = None, THRESHOLD
        # Bounded work per article: on templated archives (thousands of near-identical pages) an
        # unbounded check would make indexing quadratic. Any candidate over the threshold joins the
        # same cluster anyway; a very close one ends the search.
        for cand in sorted(self.lsh.query(m))[:MAX_CANDIDATES]:
            sim = m.jaccard(self.signatures[cand])
            if sim >= best_sim:
                best, best_sim = cand, sim
                if sim >= CLOSE_ENOUGH:
                    break
        cluster = self.cluster.get(best, best) if best else article_id
        self.cluster[article_id] = cluster
        if cluster != article_id:
            self.shared.add(cluster)
        self.signatures[article_id] = m
        self.lsh.insert(article_id, m)
        return cluster, m.hashvalues.astype("uint64").tobytes()


def save_shared(index_dir: str | os.PathLike, clusters: set[str]) -> None:
    """Record which clusters have copies (before the commit; a stale extra id is harmless: its
    article is grouped alone and shows no copies)."""
    add_lines(Path(index_dir) / CLUSTERS_FILE, clusters)


def shared_clusters(searcher) -> frozenset[bytes]:
    """Cluster ids (as the cluster column holds them) that have more than one article, read from
    the file the indexer keeps beside the index: no scan of the archive at query time."""
    def read() -> frozenset[bytes]:
        ix = getattr(searcher, "_ix", None)
        folder = getattr(getattr(ix, "storage", None), "folder", None)
        lines = read_lines(Path(folder) / CLUSTERS_FILE) if folder else []
        return frozenset(line.encode("utf-8") for line in lines)

    return cached(searcher, "shared clusters", read)
