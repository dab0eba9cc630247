"""Analysis: text -> index terms. One definition, used by the indexer, the query compiler and
snippets alike, so that what is searched is what was indexed.

Words are runs of Unicode word characters and combining marks (so "Cafe\u0301", Arabic with
harakat and Hindi with its vowel signs stay whole words). Chinese, Japanese and Korean have no
spaces between words: their runs become overlapping pairs of characters ("北京大学" -> 北京 京大
大学), as Lucene's CJK analyzer does, so a word query is a phrase of pairs and finds the word
wherever it stands. Each word is folded to one form whatever way it was typed or stored
(compatibility forms, case "ß" -> "ss", accents and other non-spacing marks "Köln" -> "koln",
Arabic tatweel) and, for title and body, stemmed with the Snowball English stemmer (PyStemmer, C).
There is deliberately NO stop-word removal: "bank of japan" must only match where those three
words stand together, which needs "of" in the index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import islice

import Stemmer

from .marks import MARKS

_PLAIN_WORD_RE = re.compile(r"\w+")  # the words of ASCII text, several times faster than _word_re()
# ASCII text: every byte that is not a word character (\w: a letter, a digit, "_") becomes a
# space, and the words are what str.split() then finds: C loops without the regex engine's work
# per character (its findall was the larger part of inverting a text).
ASCII_SEPARATORS = bytes(c if chr(c).isalnum() or c == ord("_") else 32 for c in range(128)) + b" " * 128
# Han, Hiragana, Katakana (with their extensions) and Hangul: written without spaces between words
_CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3031-\u3035\u3038-\u303c"
        "\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
        "\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
_CACHE_LIMIT = 500_000
# The version of what a text's terms are. Raise it with any change that gives a text other terms
# (folding, tokenising, stemming): an index made under another version is outdated, and says so,
# rather than silently missing what its old terms spell differently.
VERSION = 3  # 3: title and body have pair fields of common words (text/commongrams.py)


# The expressions for text that is not ASCII are compiled on first use: their character classes
# are long, and a query or a page of ASCII snippets never needs them (a one-query process's start).
@cache
def _word_re() -> re.Pattern[str]:
    return re.compile(rf"[\w{MARKS}]+")


@cache
def _cjk_re() -> re.Pattern[str]:
    return re.compile(f"[{_CJK}]")


@cache
def _runs_re() -> re.Pattern[str]:
    return re.compile(f"[{_CJK}]+|[^{_CJK}]+")


@cache
def _kana_re() -> re.Pattern[str]:
    return re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")


def __getattr__(name: str):
    if name == "WORD_RE":  # the words of any text (those of ASCII text: `\w+`)
        return _word_re()
    raise AttributeError(name)


def fold(word: str) -> str:
    """One form of a word however it was written: "Élysée" and "E\u0301lyse\u0301e" -> "elysee",
    "ﬁnance" -> "finance", "STRASSE" -> "strasse", harakat and tatweel dropped; Japanese voicing
    marks kept ("ガス", gas, is not "カス")."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word).replace("\u0640", "")
    kept: list[str] = []
    for c in decomposed:
        if not unicodedata.combining(c) or (kept and _kana_re().match(kept[-1])):
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept))


def has_cjk(text: str) -> bool:
    """Is there Chinese, Japanese or Korean in the text (indexed as pairs of characters)?"""
    return not text.isascii() and _cjk_re().search(text) is not None


def ascii_words(text: str) -> list[bytes]:
    """words() of an ASCII text, as bytes (near-copy shingles hash them)."""
    return text.encode("ascii").translate(ASCII_SEPARATORS).split()


def words(text: str) -> list[str]:
    """The words of a text, in order (CJK runs as overlapping pairs)."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_SEPARATORS).decode("ascii").split()
    found = _word_re().findall(text)
    cjk = _cjk_re()
    if not cjk.search(text):
        return found
    out: list[str] = []
    for word in found:
        if cjk.search(word):
            out.extend(text_ for text_, _ in _pieces(word, 0))
        else:
            out.append(word)
    return out


def word_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """The [start, end) character span of each of words(text), the first `limit` of them."""
    if text.isascii():
        return [m.span() for m in islice(_PLAIN_WORD_RE.finditer(text), limit)]
    cjk = _cjk_re()
    if not cjk.search(text):
        return [m.span() for m in islice(_word_re().finditer(text), limit)]
    out: list[tuple[int, int]] = []
    for m in _word_re().finditer(text):
        if cjk.search(m.group()):
            out.extend((s, s + len(piece)) for piece, s in _pieces(m.group(), m.start()))
        else:
            out.append(m.span())
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out


def _pieces(word: str, at: int) -> list[tuple[str, int]]:
    """A word with CJK in it, as (piece, start): CJK runs as overlapping character pairs (a lone
    character as itself), other runs whole."""
    out = []
    for m in _runs_re().finditer(word):
        run, start = m.group(), at + m.start()
        if not _cjk_re().match(run):
            out.append((run, start))
        elif len(run) == 1:
            out.append((run, start))
        else:
            out.extend((run[i:i + 2], start + i) for i in range(len(run) - 1))
    return out


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
    """The terms of a text, in order (a term's position is its index in the list). The text is
    brought to the form stored text has (NFKC, as cleaning leaves it) first, so a query typed
    decomposed, half-width or in compatibility forms finds what it says."""
    to_term = stem_term if stem else fold_term
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return [to_term(w) for w in words(text)]
