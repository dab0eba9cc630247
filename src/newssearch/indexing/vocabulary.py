"""The folded, unstemmed vocabulary of titles and bodies, kept beside the index for wildcards.

The index holds stems, and a wildcard over stems misses words: "negotiat*" must find "negotiations",
whose stem is "negoti". So `word*` is matched against the real words, and the stems of the words
it matches are searched. The file only ever grows (a superset is harmless: a stem that no live
article has matches nothing); see sidefiles.py.
"""

from __future__ import annotations

import bisect
import fnmatch
import os
import re
from pathlib import Path

from ..text.analysis import fold
from ..indexing.sidefiles import add_lines, read_lines

VOCAB_FILE = "newssearch-words.txt"


def vocab_path(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / VOCAB_FILE


def load(index_dir: str | os.PathLike) -> list[str]:
    """The sorted vocabulary ([] when there is none yet)."""
    return read_lines(vocab_path(index_dir))


def merge_and_save(index_dir: str | os.PathLike, raw_words: set[str]) -> None:
    """Add the folded forms of `raw_words` to the vocabulary file."""
    add_lines(vocab_path(index_dir), {fold(w) for w in raw_words})


def expand(vocabulary: list[str], pattern: str) -> list[str]:
    """Words of the (sorted) vocabulary matching a folded wildcard pattern (`*` and `?`)."""
    literal = re.match(r"[^*?]*", pattern).group()
    lo = bisect.bisect_left(vocabulary, literal)
    hi = bisect.bisect_left(vocabulary, literal + "\U0010ffff") if literal else len(vocabulary)
    if pattern == literal + "*":
        return vocabulary[lo:hi]
    rx = re.compile(fnmatch.translate(pattern))
    return [w for w in vocabulary[lo:hi] if rx.match(w)]


def fuzzy(vocabulary: list[str], word: str, edits: int = 1, prefix: int = 1) -> list[str]:
    """Words of the vocabulary within `edits` typos of `word` (sharing its first `prefix` letters).
    A typo is an insertion, deletion, substitution or swap of adjacent letters (optimal string
    alignment distance), measured by rapidfuzz in C++: a Python edit-distance loop over the few
    thousand words sharing a first letter took 15-25 ms, most of a did-you-mean query."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    word = fold(word)
    head = word[:prefix]
    lo = bisect.bisect_left(vocabulary, head)
    hi = bisect.bisect_left(vocabulary, head + "\U0010ffff")
    found = process.extract(word, vocabulary[lo:hi], scorer=OSA.distance, score_cutoff=edits, limit=None)
    return sorted(choice for choice, _distance, _index in found)
