"""Set-at-a-time query evaluation: all of a segment's matches at once, scores for matches only.

Whoosh answers a query one document at a time through a tree of Python matcher objects
(is_active, id, skip_to, score, per posting): a query of common words makes several such calls
per posting. Here each term's postings are read a block at a time into a set of docnums,
And / Or / Not become set intersection / union / difference (which run in C), and BM25F is then
computed only for the documents that match, with Whoosh's own formula, parameters and statistics
(idf and average lengths from the whole index, the encoded field length of each document), so
scores and ranking are Whoosh's. A phrase checks positions only in documents holding every word.

Query types not known here fall back to Whoosh's matcher for that part of the tree, so every
query stays exact; the exactness tests compare both paths with a brute-force scan.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add, mul

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length, length_to_byte

from ..text.phrase import has_phrase
from .columns import length_bytes
from .datefilter import DateIn
from .matches import Constant, Matches, Scored, Sum, TermMatches
from .phrasequery import PhraseQuery
from .positions import decode_positions, positions_decoder, with_phrase
from .readercache import cached


class Segment:
    """One segment (a leaf searcher) with the index-wide statistics that scores need."""

    def __init__(self, searcher, sub):
        self.top = searcher
        self.sub = sub
        self.reader = sub.reader()
        self.weighting = searcher.weighting
        self._all: set[int] | None = None

    def all_docs(self) -> set[int]:
        if self._all is None:
            self._all = set(self.reader.all_doc_ids())
        return self._all

    def postings(self, field: str, text: str, values: bool = False, only: list[int] | None = None):
        """(ids, weights, values or [], blocks) of a term in this segment, read a block at a time;
        `blocks`: (first id, last id, largest weight, shortest field length byte) of each block
        read, from its header (topk.py bounds scores with them; [] for an inlined list). With
        `only` (ascending docnums), blocks holding none of them are skipped unread: a phrase
        with a rare word reads little of a common one."""
        reader = self.reader
        if (field, text) not in reader:
            return [], [], [], []
        m = reader.postings(field, text)
        ids: list[int] = []
        weights: list[float] = []
        vals: list = []
        blocks: list[tuple[int, int, float, int]] = []
        if isinstance(m, W3LeafMatcher):
            # the block's pickled (ids, weights, values) as the matcher reads it, with the ids'
            # deltas summed in C (Whoosh sums them in a Python generator)
            j, wanted = 0, len(only) if only is not None else 0
            while m.is_active():
                if only is not None:
                    if j == wanted:
                        break
                    if only[j] > m._maxid:  # the block header says: none of ours in here
                        m._next_block()
                        continue
                    j = bisect_right(only, m._maxid, j)
                if m._data is None:
                    m._read_data()
                block_ids, block_weights = m._data[0], m._data[1]
                n = m._blocklength
                start = len(ids)
                ids.extend(block_ids if m._byteids else accumulate(block_ids))
                blocks.append((ids[start], m._maxid, m._maxweight, length_to_byte(m._minlength)))
                if block_weights is None:
                    weights.extend([1.0] * n)
                elif isinstance(block_weights, float):
                    weights.extend([block_weights] * n)
                else:
                    weights.extend(block_weights)
                if values:
                    m._read_values()
                    vals.extend(m._values)
                m._next_block()
        else:  # inlined postings of a rare term
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if values:
                    vals.append(m.value())
                m.next()
        return ids, weights, vals, blocks

    def norms(self, field: str):
        """(lengths, norm): each document's encoded field length (a byte) and, per byte value,
        BM25's length normalisation K1 * ((1 - B) + B * length / average length). Cached."""
        w = self.weighting
        B = w._field_B.get(field, w.B)
        avgfl = self.top.avg_field_length(field) or 1  # index-wide: a refreshed searcher may
        # reuse this segment's reader with other segments around it, so it is part of the key
        lengths = cached(self.reader, ("lengths", field), lambda: length_bytes(self.reader, field))
        norm = cached(self.reader, ("norm", field, w.K1, B, avgfl),
                      lambda: [w.K1 * ((1 - B) + B * byte_to_length(b) / avgfl) for b in range(256)])
        return lengths, norm


def supported(searcher) -> bool:
    """Scores computed here are Whoosh's BM25F (with the searcher's idf): any other weighting goes
    through Whoosh's matchers."""
    return isinstance(searcher.weighting, BM25F)


def evaluate(q: wq.Query, seg: Segment, only: set[int] | None = None) -> Matches:
    """The matches of query `q` in one segment (deleted documents included: callers drop them).
    `only`: the caller needs no document outside this set (the matches so far of an And), so
    the result may leave out any other; postings are then read only in the blocks holding one of
    them. Every match in `only` is found and scored exactly."""
    t = type(q)
    if t is wq.Term:
        return _term(q, seg, only=only)
    if t is wq.And:
        return _and(q.subqueries, seg, only)
    if t is wq.Or:
        parts = [evaluate(s, seg, only) for s in q.subqueries]
        parts = [p for p in parts if p.docs]
        return Sum(set().union(*(p.docs for p in parts)) if parts else set(), parts)
    if t is wq.Not:
        base = seg.all_docs() if only is None else only
        return Constant(base - evaluate(q.query, seg, only).docs, 1.0)
    if t is wq.Every:
        return Constant(set(seg.all_docs() if only is None else only), q.boost)
    if t is DateIn:
        return Constant(set(q.in_range(seg.reader)) if only is None else q.keep(seg.reader, only), q.boost)
    if t is PhraseQuery:
        return _phrase(q, seg, only)
    return fallback(q, seg)


def _term(q: wq.Term, seg: Segment, postings=None, only: set[int] | None = None) -> Matches:
    field, text = q.fieldname, q.text
    if postings is None:
        postings = seg.postings(field, text, only=None if only is None else sorted(only))
    ids, weights, blocks = postings[0], postings[1], postings[3]
    if not ids:
        return Constant(set())
    if not seg.reader.schema[field].scorable:
        return TermMatches(ids, weights, 1.0, 1.0, None, None, q.boost, blocks)
    lengths, norm = seg.norms(field)
    return TermMatches(ids, weights, seg.top.idf(field, text), seg.weighting.K1 + 1, norm, lengths, q.boost,
                       blocks)


def _size(q: wq.Query, seg: Segment) -> int:
    """About how many documents `q` matches in the segment, from the terms' document frequencies
    (no postings read): an And evaluates its rarest part first."""
    t = type(q)
    reader = seg.reader
    if t is wq.Term:
        return reader.doc_frequency(q.fieldname, q.text)
    if t is PhraseQuery:
        return min((reader.doc_frequency(q.fieldname, w) for w in q.words), default=0)
    if t is wq.Or:
        return sum(_size(s, seg) for s in q.subqueries)
    if t is wq.And:
        return min((_size(s, seg) for s in q.subqueries if type(s) is not wq.Not), default=reader.doc_count_all())
    if t is DateIn:
        return len(q.in_range(reader))
    return reader.doc_count_all()


def _and(subqueries, seg: Segment, only: set[int] | None = None) -> Matches:
    """The parts from the rarest on, each read only where the parts before it all matched: a
    query of many words (a pasted paragraph) stops reading at the first part that leaves no
    document, and a date range next to words filters their matches (a date read per match)
    rather than listing every article of the range."""
    positives = [s for s in subqueries if type(s) is not wq.Not]
    negatives = [s.query for s in subqueries if type(s) is wq.Not]
    if not positives:
        positives = [wq.Every()]
    sizes = [_size(s, seg) for s in positives] if len(positives) > 1 else [0]
    parts: list[Matches] = []
    docs = only
    for _size_of, _i, s in sorted(zip(sizes, range(len(positives)), positives)):
        found = evaluate(s, seg, docs)
        parts.append(found)
        docs = set(found.docs) if docs is None else docs & found.docs
        if not docs:
            return Constant(set())
    assert docs is not None
    for s in negatives:
        if not docs:
            break
        docs -= evaluate(s, seg, docs).docs
    # Whoosh scores an excluded word as a match of weight 1 (its InverseMatcher): so do we
    parts += [Constant(docs, 1.0) for _ in negatives]
    return Sum(docs, parts, every=True)


def _phrase(q: PhraseQuery, seg: Segment, only: set[int] | None = None) -> Matches:
    from . import pairphrase  # (it builds on this module)

    parts = pairphrase.units(q, seg)
    if parts is not None:  # common words: from their pairs
        return pairphrase.pair_phrase(q, seg, parts, only)
    field = q.fieldname
    reader = seg.reader
    unique = list(dict.fromkeys(q.words))
    if not unique or any((field, w) not in reader for w in unique):
        return Constant(set())
    unique.sort(key=lambda w: reader.doc_frequency(field, w))  # rarest first, as PhraseQuery does
    postings, candidates = read_together(seg, [(field, w) for w in unique], only)
    if not candidates:
        return Constant(set())
    decode = positions_decoder(reader.schema[field].format)
    index_of = {w: i for i, w in enumerate(unique)}
    order = [index_of[w] for w in q.words]
    where = [dict(zip(ids, vals)) for ids, _, vals, _ in postings]
    cands = list(candidates)
    if q.slop == 0 and decode is decode_positions:
        # the k-th word of the phrase at position p means a phrase may start at p - k
        matched = with_phrase(cands, [(where[i], k) for k, i in enumerate(order)])
    else:
        matched = []
        for d in cands:
            decoded = [decode(w[d]) for w in where]
            if has_phrase([decoded[i] for i in order], q.slop):
                matched.append(d)
    if not matched:
        return Constant(set())
    return Scored(dict(zip(matched, phrase_scores(q, seg, matched, [p[:2] for p in postings]))))


def read_together(seg: Segment, keys: list[tuple[str, str]], only: set[int] | None = None,
                  first_values: bool = True) -> tuple[list[tuple], set[int]]:
    """The postings (with values) of each (field, term) of `keys`, in that order (rarest first),
    each read only in the blocks holding a document every earlier one has; and the documents
    all of them have (empty: the later keys are not read)."""
    first = seg.postings(*keys[0], values=first_values, only=None if only is None else sorted(only))
    candidates = set(first[0]) if only is None else only.intersection(first[0])
    read = [first]
    for key in keys[1:]:
        if not candidates:
            break
        found = seg.postings(*key, values=True, only=sorted(candidates))
        read.append(found)
        candidates.intersection_update(found[0])
    return read, candidates


def phrase_scores(q: PhraseQuery, seg: Segment, docs: list[int], postings: list[tuple] | None = None
                  ) -> list[float]:
    """A phrase's score in each of `docs`: its distinct words' BM25F added up, rarest word first,
    from their (ids, weights) `postings` (read here, only in the blocks holding `docs`, if not
    given): a common word has thousands more postings than the phrase has matches."""
    field = q.fieldname
    unique = list(dict.fromkeys(q.words))
    unique.sort(key=lambda w: seg.reader.doc_frequency(field, w))
    if postings is None:
        ascending = sorted(docs)
        postings = [seg.postings(field, w, only=ascending)[:2] for w in unique]
    total: list[float] | None = None
    for w, (ids, weights) in zip(unique, postings):
        wanted = dict(zip(ids, weights))
        mine = _term(wq.Term(field, w), seg, (docs, list(map(wanted.__getitem__, docs)), [], [])
                     ).score_list(docs)
        total = mine if total is None else list(map(add, total, mine))
    assert total is not None
    if q.boost != 1.0:
        total = list(map(mul, total, repeat(q.boost)))
    return total


def fallback(q: wq.Query, seg: Segment) -> Matches:
    """Any other query: Whoosh's matcher, one document at a time."""
    m = q.matcher(seg.sub)
    table: dict[int, float] = {}
    while m.is_active():
        table[m.id()] = m.score()
        m.next()
    return Scored(table)
