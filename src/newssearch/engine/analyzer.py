"""The analysis of text/analysis.py as a Whoosh analyzer, for the schema's text fields; and the
common-word pairs of a text field (text/commongrams.py) as one, for its pair field."""

from __future__ import annotations

from typing import Iterator

from whoosh.analysis import Token, Tokenizer

from ..text import analysis
from ..text.analysis import fold_term, stem_term, word_spans
from ..text.commongrams import pairs


class NewsAnalyzer(Tokenizer):
    """Tokenise + fold (+ stem) in one pass (a Whoosh filter chain costs a call per token)."""

    def __init__(self, stem: bool = True):
        self.stem = stem
        self.version = analysis.VERSION  # pickled with the schema: an index built before has none

    @property
    def to_term(self):
        return stem_term if self.stem else fold_term

    def __eq__(self, other):
        return type(other) is type(self) and other.stem == self.stem

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        to_term = self.to_term
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = to_term(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, (start, end) in enumerate(word_spans(value), start_pos):
            word = value[start:end]
            t.text = to_term(word)
            t.boost = 1.0
            if keeporiginal:
                t.original = word
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class PairAnalyzer(NewsAnalyzer):
    """A text's common-word pairs, each at the position of its first word. `common` is pickled
    with the schema: an index pairs, and is queried with, the set it was built with."""

    def __init__(self, common: frozenset[str], stem: bool = True):
        super().__init__(stem)
        self.common = frozenset(common)

    def __eq__(self, other):
        return type(other) is type(self) and other.stem == self.stem and other.common == self.common

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        to_term = self.to_term
        terms = [to_term(value[s:e]) for s, e in word_spans(value)]
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, pair in pairs(terms, self.common):
            t.text = t.original = pair
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            yield t


def stemming_analyzer() -> NewsAnalyzer:
    return NewsAnalyzer(stem=True)


def folding_analyzer() -> NewsAnalyzer:
    return NewsAnalyzer(stem=False)
