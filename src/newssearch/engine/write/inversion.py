"""Inversion: a field's words, document by document, turned into its posting lists, in bulk.

Whoosh inverts a document at a time: a dict of positions per word, then one posting per word,
each with its positions pickled separately. On a news archive that is a few Python operations
per word and a dozen per posting, most of what indexing costs. Here a document only adds the ids
of its words to one array (a dict lookup per word, in C); when the segment is written, numpy
sorts every word of the field by (term, document, position) and writes each posting's value
(Whoosh's Positions encoding: a count, then the pickled list of position deltas) for all
postings at once. The bytes are exactly Whoosh's (tests/engine/test_segmentwriter.py).
"""

from __future__ import annotations

from array import array
from typing import Callable, Iterator

import numpy as np

from ...text.analysis import words
from ...text.commongrams import SEPARATOR

_WORD_MEMO_LIMIT = 1_000_000  # raw word forms remembered per field (the terms themselves are kept)
_PICKLE_BATCH = 1000  # pickle writes a list's items in batches of this many (pickle._batch_appends)
_HEADER = b"\x80\x02]q\x00"  # pickle protocol 2: PROTO 2, EMPTY_LIST, BINPUT 0
_CHUNK = 1 << 18  # words encoded per numpy pass: bounds the temporary arrays


class FieldInverter:
    """One text field's words for one segment; `entries()` gives its posting lists."""

    def __init__(self, to_term: Callable[[str], str], field_boost: float):
        self.to_term = to_term
        self.field_boost = field_boost
        self.words: dict[str, int] = {}  # raw word -> term id
        self.forgotten: set[str] = set()  # raw words of a memo that was cleared (see raw_words)
        self.term_ids: dict[str, int] = {}
        self.terms: list[str] = []
        self.tokens = array("i")  # term ids of every word, document after document
        self.docnums = array("i")  # the documents with at least one word, in order
        self.counts = array("i")  # their number of words
        self.boosts = array("d")  # their field boost (Whoosh multiplies each posting's weight)

    def add(self, docnum: int, text: str, boost: float = 1.0) -> int:
        """Add a document's text; returns its number of words (the field length)."""
        found = words(text)
        if not found:
            return 0
        try:
            ids = list(map(self.words.__getitem__, found))
        except KeyError:
            ids = [self._word_id(w) for w in found]
        self.tokens.fromlist(ids)
        self.docnums.append(docnum)
        self.counts.append(len(ids))
        self.boosts.append(boost)
        return len(ids)

    def _word_id(self, word: str) -> int:
        tid = self.words.get(word)
        if tid is None:
            term = self.to_term(word)
            tid = self.term_ids.get(term)
            if tid is None:
                tid = self.term_ids[term] = len(self.terms)
                self.terms.append(term)
            if len(self.words) >= _WORD_MEMO_LIMIT:
                self.forgotten.update(self.words)
                self.words.clear()
            self.words[word] = tid
        return tid

    def raw_words(self) -> set[str]:
        """Every word form added (for the wildcard vocabulary): the memo has them already."""
        return self.forgotten.union(self.words)

    def __bool__(self) -> bool:
        return len(self.tokens) > 0

    def entries(self) -> Iterator[tuple[bytes, list]]:
        """(term bytes, [docnums, weights, value ends, values]) per term, terms in byte order,
        postings in document order: what segmentwriter._write_postings takes."""
        if not self:
            return
        names, rank = self._ranks()
        # Sorted once for the whole field: each word's term rank, and the order of the words by
        # it (stable: the words are in (document, position) order already).
        key, sort = _sorted_by_term(rank[np.frombuffer(self.tokens, dtype=np.int32)])
        yield from self._postings(key, sort, None, names, self.field_boost)

    def pair_entries(self, common: frozenset[str], field_boost: float = 1.0) -> Iterator[tuple[bytes, list]]:
        """The same for the field's pair field (text/commongrams.py): a posting per pair term and
        document, with the positions of the pair's first word. Made from the words' term ids in
        bulk: the pairs of adjacent words of one document of which one is common, ordered by
        (first term, second term), the byte order of pair terms."""
        tokens = np.frombuffer(self.tokens, dtype=np.int32)
        is_common = np.fromiter((t in common for t in self.terms), dtype=bool, count=len(self.terms))
        if len(tokens) < 2 or not is_common.any():
            return
        flag = is_common[tokens]
        ok = flag[:-1] | flag[1:]
        del flag
        counts = np.frombuffer(self.counts, dtype=np.int32)
        doc_first = np.cumsum(counts, dtype=np.int64) - counts
        ok[doc_first[1:] - 1] = False  # no pair across two documents
        at = np.flatnonzero(ok).astype(np.int64)  # each pair's first word, an index into tokens
        del ok
        if not at.size:
            return
        names, rank = self._ranks()
        size = np.int64(len(names))
        pair = rank[tokens[at]].astype(np.int64) * size + rank[tokens[at + 1]]
        sort = np.argsort(pair, kind="stable")
        pair = pair[sort]
        new = np.ones(len(pair), dtype=bool)
        new[1:] = pair[1:] != pair[:-1]
        distinct = pair[new].tolist()
        del pair
        key = (np.cumsum(new) - 1).astype(np.int32)
        del new
        sep = SEPARATOR.encode("utf-8")
        pair_names = [names[k // int(size)] + sep + names[k % int(size)] for k in distinct]
        yield from self._postings(key, sort, at, pair_names, field_boost)

    def _ranks(self) -> tuple[list[bytes], np.ndarray]:
        """The field's terms in byte order, and each term id's rank in it."""
        btexts = [t.encode("utf-8") for t in self.terms]
        order = sorted(range(len(btexts)), key=btexts.__getitem__)
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        return [btexts[i] for i in order], rank

    def _postings(self, key, sort, at, names, field_boost) -> Iterator[tuple[bytes, list]]:
        """Postings of items sorted by term (`key`: term ranks, ascending; `sort`: the items'
        original order, which is (document, position) order). An item is a word (`at` None) or
        stands at word `at[i]`. A word's document and position come from its index, a chunk at a
        time, so that memory stays near 12 bytes per word of the segment plus a bounded chunk."""
        counts = np.frombuffer(self.counts, dtype=np.int32)
        doc_first = np.cumsum(counts, dtype=np.int64) - counts  # index of each document's first word
        docnums = np.frombuffer(self.docnums, dtype=np.int32)
        boost_of = dict(zip(self.docnums, self.boosts)) if any(b != 1.0 for b in self.boosts) else None

        # chunks that end at a term boundary
        bounds = np.flatnonzero(np.diff(key)) + 1
        lo = 0
        n = len(key)
        while lo < n:
            hi = n
            if hi - lo > _CHUNK and bounds.size and bounds[-1] >= lo + _CHUNK:
                hi = int(bounds[np.searchsorted(bounds, lo + _CHUNK)])
            words = sort[lo:hi] if at is None else at[sort[lo:hi]]
            which = np.searchsorted(doc_first, words, side="right") - 1
            doc_of = docnums[which]
            pos_of = (words - doc_first[which]).astype(np.int32)
            yield from self._encode(key[lo:hi], doc_of, pos_of, names, boost_of, field_boost)
            lo = hi

    def _encode(self, key, docs, pos, names, boost_of, field_boost) -> Iterator[tuple[bytes, list]]:
        n = len(key)
        first = np.ones(n, dtype=bool)  # first word of a posting (a new term or a new document)
        first[1:] = (key[1:] != key[:-1]) | (docs[1:] != docs[:-1])
        pstart = np.flatnonzero(first)
        pcount = np.diff(np.append(pstart, n))
        last = np.zeros(n, dtype=bool)
        last[pstart + pcount - 1] = True
        # each word's index within its posting, and the size of its pickle batch
        index = np.arange(n) - np.repeat(pstart, pcount)
        delta = pos.astype(np.int64)
        delta[1:] -= pos[:-1]
        delta[pstart] = pos[pstart]
        if delta.max(initial=0) >= 1 << 31:
            raise ValueError("a word position beyond 2**31 cannot be encoded")
        # pickle (C) writes a one-item list as item + APPEND "a"; any longer list in batches of
        # MARK "(" + up to 1000 items + APPENDS "e", a last batch of one item included
        several = np.repeat(pcount > 1, pcount)
        batch_last = (index % _PICKLE_BATCH == _PICKLE_BATCH - 1) | last
        mark = (index % _PICKLE_BATCH == 0) & several
        width = np.where(delta < 256, 1, np.where(delta < 65536, 2, 4))
        size = mark + 1 + width + batch_last + first * (4 + len(_HEADER)) + last  # "." ends
        end = np.cumsum(size)
        off = end - size
        buf = np.zeros(int(end[-1]) if n else 0, dtype=np.uint8)
        # posting header: the count (4 bytes, big-endian), then the pickle's opening
        h = off[first]
        c = pcount.astype(np.uint32)
        for i in range(4):
            buf[h + i] = (c >> (8 * (3 - i))) & 0xFF
        for i, byte in enumerate(_HEADER):
            buf[h + 4 + i] = byte
        at = off + first * (4 + len(_HEADER))
        buf[at[mark]] = ord("(")
        at = at + mark
        buf[at] = np.where(width == 1, ord("K"), np.where(width == 2, ord("M"), ord("J")))
        d = delta.astype(np.uint32)
        for i in range(4):
            sel = width > i
            buf[at[sel] + 1 + i] = (d[sel] >> (8 * i)) & 0xFF
        at = at + 1 + width
        buf[at[batch_last]] = np.where(several[batch_last], ord("e"), ord("a"))
        buf[end[last] - 1] = ord(".")

        pend = end[last]  # value end of each posting, in buffer offsets
        pbegin = off[first]
        pdocs = docs[pstart]
        weights = pcount.astype(np.float64) * field_boost
        if boost_of is not None:
            weights = weights * np.array([boost_of[d] for d in pdocs.tolist()])
        tkeys = key[pstart]
        tstart = np.flatnonzero(np.r_[True, tkeys[1:] != tkeys[:-1]])
        tend = np.append(tstart[1:], len(tkeys))
        raw = buf.tobytes()
        pdocs_l, weights_l = pdocs.tolist(), weights.tolist()
        pbegin_l, pend_l = pbegin.tolist(), pend.tolist()
        for t0, t1, k in zip(tstart.tolist(), tend.tolist(), tkeys[tstart].tolist()):
            base = pbegin_l[t0]
            yield names[k], [
                pdocs_l[t0:t1], weights_l[t0:t1], [e - base for e in pend_l[t0:t1]], raw[base:pend_l[t1 - 1]],
            ]


def _sorted_by_term(key):
    """(the term ranks sorted, the original index of each): a stable argsort of `key`. Each rank
    and its word's index are packed into one 64-bit number and those numbers sorted in place:
    numpy sorts 64-bit integers with its fast unstable sort, where a stable argsort of 32-bit keys
    is a merge sort, and in 12 bytes per word."""
    n = len(key)
    if n >= 1 << 32:
        order = np.argsort(key, kind="stable")
        return key[order], order
    packed = key.astype(np.int64)
    del key
    packed <<= 32
    for lo in range(0, n, _CHUNK):
        packed[lo:lo + _CHUNK] |= np.arange(lo, min(n, lo + _CHUNK), dtype=np.int64)
    packed.sort()
    ranks = np.empty(n, dtype=np.int32)
    for lo in range(0, n, _CHUNK):
        ranks[lo:lo + _CHUNK] = packed[lo:lo + _CHUNK] >> 32
    packed &= 0xFFFFFFFF
    return ranks, packed
