"""Exact phrases of common words from the field's pair field (text/commongrams.py).

"the company said" read from its words means the posting lists, with positions, of three words
that nearly every article holds, and a position check in every article holding all three. Its
pairs "the compani" and "compani said" are each in fewer articles, with a position or two per
article: the phrase starts at p where the first pair is at p and the second at p + 1. A word in
no usable pair (one between two rare words) is pinned by its own postings as before; which pairs
and words are read is chosen by their document frequencies (commongrams.cover). Only slop-0
phrases of two or more words in a field whose index has pairs come here; the pairs are those of
the common terms the index was built with (kept in its schema), so a query never asks for a pair
the index did not make.

Scores are the words' BM25F, as evaluate._phrase computes them (the same postings, the same order
of addition), computed when asked for and only for the documents asked for.
"""

from __future__ import annotations

from whoosh.formats import Positions

from ..text.commongrams import cover
from .analyzer import PairAnalyzer
from .evaluate import Segment, phrase_scores, read_together
from .matches import Constant, Matches
from .phrasequery import PhraseQuery
from .positions import with_phrase
from .readercache import cached
from .schema import PAIR_FIELDS


def pair_field(reader, field: str) -> tuple[str, frozenset[str]] | None:
    """(pair field, its common terms) of a text field, when the index has one."""
    def make():
        name = PAIR_FIELDS.get(field)
        schema = reader.schema
        if name is None or name not in schema:
            return None
        ftype = schema[name]
        if type(ftype.analyzer) is not PairAnalyzer or type(ftype.format) is not Positions:
            return None
        return name, ftype.analyzer.common
    return cached(reader, ("pair field", field), make)


def units(q: PhraseQuery, seg: Segment) -> list[tuple[str, str, int]] | None:
    """(field, term, offset) of the pairs and words that find the phrase, or None when it is
    not one for pairs (slop, one word, no common word, no pair field)."""
    if q.slop != 0 or len(q.words) < 2:
        return None
    spec = pair_field(seg.reader, q.fieldname)
    field, reader = q.fieldname, seg.reader
    if spec is None or type(reader.schema[field].format) is not Positions or not reader.schema[field].scorable:
        return None
    name, common = spec
    found = cover(list(q.words), common,
                  lambda term, is_pair: reader.doc_frequency(name if is_pair else field, term))
    if found is None:
        return None
    return [(name if is_pair else field, term, offset) for term, is_pair, offset in found]


def pair_phrase(q: PhraseQuery, seg: Segment, parts: list[tuple[str, str, int]],
                only: set[int] | None = None) -> Matches:
    reader = seg.reader
    keys = list(dict.fromkeys((f, t) for f, t, _ in parts))
    if any(key not in reader for key in keys):
        return Constant(set())
    keys.sort(key=lambda key: reader.doc_frequency(*key))  # the rarest drives the intersection
    values = len(parts) > 1  # one pair alone is the phrase: its documents are the matches
    read, candidates = read_together(seg, keys, only, first_values=values)
    if not candidates:
        return Constant(set())
    if not values:
        return PhraseScores(candidates, q, seg)
    where = {key: dict(zip(ids, vals)) for key, (ids, _, vals, _) in zip(keys, read)}
    matched = with_phrase(list(candidates), [(where[(f, t)], offset) for f, t, offset in parts])
    return PhraseScores(set(matched), q, seg) if matched else Constant(set())


class PhraseScores(Matches):
    """The documents of a phrase, scored when asked, as evaluate._phrase scores them: the sum of
    its words' BM25F, rarest word first, from the words' postings in the documents asked for
    only (a top k may ask for few)."""

    __slots__ = ("q", "seg")

    def __init__(self, docs: set[int], q: PhraseQuery, seg: Segment):
        super().__init__(docs)
        self.q, self.seg = q, seg

    def score_list(self, docs: list[int]) -> list[float]:
        return phrase_scores(self.q, self.seg, docs) if docs else []
