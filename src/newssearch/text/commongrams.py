"""Common-word pairs (Lucene's CommonGrams): a phrase of very common words ("the company said")
is answered from pairs of adjacent words indexed beside the words, whose posting lists are short,
instead of from the words' own lists, which hold nearly every article.

A field's pairs: for each two adjacent terms of which at least one is common, the pair term
"a\\x1fb" at the position of its first word. The separator sorts before any byte of a term (terms
are word characters), so pair terms sort as (first term, second term). The common terms are data
(common_terms.txt, with how it was made); an index keeps the set it was built with.
"""

from __future__ import annotations

from functools import lru_cache

from .stopwords import read_words

SEPARATOR = "\x1f"


@lru_cache(maxsize=1)
def common_terms() -> frozenset[str]:
    """The terms whose neighbours are paired with them (the list of common_terms.txt)."""
    return read_words(__package__, "common_terms.txt")


def pair_term(first: str, second: str) -> str:
    return f"{first}{SEPARATOR}{second}"


def pairs(terms: list[str], common: frozenset[str]) -> list[tuple[int, str]]:
    """(position, pair term) of every two adjacent terms of which one is common, in order."""
    return [(i, pair_term(a, b)) for i, (a, b) in enumerate(zip(terms, terms[1:]))
            if a in common or b in common]


def cover(words: list[str], common: frozenset[str], cost) -> list[tuple[str, bool, int]] | None:
    """How to find the phrase `words` (terms, slop 0) most cheaply from pairs and words: a list
    of (term, is_pair, offset) such that a document holds the phrase at p exactly when each
    term is at p + offset. Every word is pinned by a pair or by itself; `cost(term, is_pair)`
    (a document frequency) is summed and kept lowest. None when no pair can take part."""
    n = len(words)
    usable = [words[i] in common or words[i + 1] in common for i in range(n - 1)]
    if not any(usable):
        return None
    # best[i]: the cheapest units pinning words 0 .. i-1
    best: list[tuple[float, list] | None] = [None] * (n + 1)
    best[0] = (0, [])

    def offer(to: int, base: tuple[float, list], unit: tuple[str, bool, int]) -> None:
        total = base[0] + cost(unit[0], unit[1])
        if best[to] is None or total < best[to][0]:
            best[to] = (total, base[1] + [unit])

    for i in range(n):
        here = best[i]
        if here is None:
            continue
        offer(i + 1, here, (words[i], False, i))
        if i + 1 < n and usable[i]:
            offer(i + 2, here, (pair_term(words[i], words[i + 1]), True, i))
        if i >= 1 and usable[i - 1]:  # a pair overlapping the word before: pins word i too
            offer(i + 1, here, (pair_term(words[i - 1], words[i]), True, i - 1))
    done = best[n]
    assert done is not None
    units = done[1]
    return units if any(is_pair for _, is_pair, _ in units) else None

