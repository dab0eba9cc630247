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

from .analysis import fold
from .sidefiles import add_lines, read_lines

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


def _within(a: str, b: str, k: int) -> bool:
    """Is the edit distance (with adjacent transpositions) between a and b at most k?"""
    if abs(len(a) - len(b)) > k:
        return False
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > k:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= k


def fuzzy(vocabulary: list[str], word: str, edits: int = 1, prefix: int = 1) -> list[str]:
    """Words of the vocabulary within `edits` typos of `word` (sharing its first `prefix` letters)."""
    word = fold(word)
    head = word[:prefix]
    lo = bisect.bisect_left(vocabulary, head)
    hi = bisect.bisect_left(vocabulary, head + "\U0010ffff")
    return [w for w in vocabulary[lo:hi] if _within(word, w, edits)]
