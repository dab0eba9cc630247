"""Analysis: text -> index terms. One definition, used by the indexer, the query compiler and
snippets alike, so that what is searched is what was indexed.

Words are Unicode `\\w+` runs; each is case-folded ("ß" -> "ss"), stripped of accents ("Köln" ->
"koln") and, for title and body, stemmed with the Snowball English stemmer (PyStemmer, C).
There is deliberately NO stop-word removal: "bank of japan" must only match where those three
words stand together, which needs "of" in the index.
"""

from __future__ import annotations

import re
import unicodedata

import Stemmer

WORD_RE = re.compile(r"\w+", re.UNICODE)
_CACHE_LIMIT = 500_000


def fold(word: str) -> str:
    """Case and accent folding: "Élysée" -> "elysee"."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Terms:
    """word -> term, memoised: news vocabularies are small next to their token counts."""

    def __init__(self, stem: bool):
        self.stem = stem
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
        return {"stem": self.stem}

    def __setstate__(self, state):
        self.__init__(state["stem"])


stem_term = Terms(stem=True)
fold_term = Terms(stem=False)


def terms(text: str, stem: bool = True) -> list[str]:
    """The terms of a text, in order (a term's position is its index in the list)."""
    to_term = stem_term if stem else fold_term
    return [to_term(w) for w in WORD_RE.findall(text)]
