"""How a match is scored: BM25F, as Whoosh computes it per field (K1 1.2, B 0.75, a field's boost
multiplying its score), with the inverse document frequency of Lucene's BM25,
log(1 + (N - n + 0.5) / (n + 0.5)). Whoosh's own idf, log(N / (n + 1)) + 1, never drops much below 1,
so a word in every article still counts nearly as much as a rare one (on the TIME collection "the"
scored 0.998 against 3.87 for "diem"); Lucene's falls to near 0 for such a word.
tests/engine/test_evaluate.py holds our set-at-a-time scores to Whoosh's matchers under this model."""

from __future__ import annotations

from math import log

from whoosh.scoring import BM25F


class NewsBM25F(BM25F):
    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)  # (deleted documents included, until a merge)
        return log(1 + (parent.doc_count_all() - n + 0.5) / (n + 0.5))  # so N counts them too: never < 0
