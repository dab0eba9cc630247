"""Words of the archive's vocabulary (its folded, unstemmed word forms) that a wildcard or a
fuzzy word stands for. The index holds stems, and a pattern over stems misses words:
"negotiat*" must find "negotiations", whose stem is "negoti"."""

from __future__ import annotations

import bisect
import fnmatch
import re

from ..text.analysis import fold


def expand(vocabulary: list[str], pattern: str) -> list[str]:
    """Words of the (sorted) vocabulary matching a folded wildcard pattern (`*` and `?`)."""
    literal = re.match(r"[^*?]*", pattern).group()  # type: ignore[union-attr]
    lo = bisect.bisect_left(vocabulary, literal)
    hi = bisect.bisect_left(vocabulary, literal + "\U0010ffff") if literal else len(vocabulary)
    if pattern == literal + "*":
        return vocabulary[lo:hi]
    rx = re.compile(fnmatch.translate(pattern))
    return [w for w in vocabulary[lo:hi] if rx.match(w)]


def fuzzy(vocabulary: list[str], word: str, edits: int = 1, prefix: int = 1) -> list[str]:
    """Words of the vocabulary within `edits` typos of `word` (sharing its first `prefix` letters).
    A typo is an insertion, deletion, substitution or swap of adjacent letters (optimal string
    alignment distance), measured by rapidfuzz in C++: a Python loop over the thousands of words
    sharing a first letter was most of the time of a did-you-mean query."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    word = fold(word)
    head = word[:prefix]
    lo = bisect.bisect_left(vocabulary, head)
    hi = bisect.bisect_left(vocabulary, head + "\U0010ffff")
    found = process.extract(word, vocabulary[lo:hi], scorer=OSA.distance, score_cutoff=edits, limit=None)
    return sorted(choice for choice, _distance, _index in found)
