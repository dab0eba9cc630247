"""Analysis: text -> index terms. One definition, used by the indexer, the query parser and snippets.

Words are Unicode `\\w+` runs; each is case-folded ("ß" -> "ss"), stripped of accents ("Köln" ->
"koln") and, for title and body, stemmed with the Snowball English stemmer (PyStemmer, C).
There is deliberately NO stop-word removal: "bank of japan" must only match where those three
words stand together, which needs "of" in the index.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

import Stemmer
from whoosh.analysis import Token, Tokenizer

WORD_RE = re.compile(r"\w+", re.UNICODE)
_CACHE_LIMIT = 500_000


def fold(word: str) -> str:
    """Case and accent folding: "Élysée" -> "elysee"."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _Terms:
    """word -> term, memoised: news vocabularies are small next to their token counts."""

    def __init__(self, stem: bool):
        self._stemmer = Stemmer.Stemmer("english") if stem else None
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        term = self._cache.get(word)
        if term is None:
            term = fold(word)
            if self._stemmer is not None:
                term = self._stemmer.stemWord(term)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = term
        return term

    def __getstate__(self):
        return {"stem": self._stemmer is not None}

    def __setstate__(self, state):
        self.__init__(state["stem"])


stem_term = _Terms(stem=True)
fold_term = _Terms(stem=False)


def tokens(text: str, stem: bool = True) -> list[tuple[str, int, int]]:
    """[(term, startchar, endchar), ...] in text order; positions are list indexes."""
    to_term = stem_term if stem else fold_term
    return [(to_term(m.group()), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def terms(text: str, stem: bool = True) -> list[str]:
    to_term = stem_term if stem else fold_term
    return [to_term(w) for w in WORD_RE.findall(text)]


class NewsAnalyzer(Tokenizer):
    """Whoosh analyzer doing tokenise + fold (+ stem) in one pass (a filter chain costs per token)."""

    def __init__(self, stem: bool = True):
        self.stem = stem

    def __eq__(self, other):
        return type(other) is type(self) and other.stem == self.stem

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs) -> Iterator[Token]:
        to_term = stem_term if self.stem else fold_term
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
        for pos, m in enumerate(WORD_RE.finditer(value), start_pos):
            t.text = to_term(m.group())
            t.boost = 1.0
            if keeporiginal:
                t.original = m.group()
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


def stemming_analyzer() -> NewsAnalyzer:
    return NewsAnalyzer(stem=True)


def folding_analyzer() -> NewsAnalyzer:
    return NewsAnalyzer(stem=False)
