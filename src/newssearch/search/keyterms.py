"""Characteristic terms: the words and two-word phrases that set the matching articles apart from
the whole archive, scored by Dunning's log-likelihood (G²) on document counts. Stop words are
left out here, and only here."""

from __future__ import annotations

import math
import random
from collections import Counter
from functools import lru_cache

from ..engine import Snapshot
from ..results import KeyTerm, KeyTerms
from ..text.analysis import fold, words
from ..text.stopwords import read_words, stopwords
from .core import Query, Vocabulary
from .options import SearchOptions, whole_number

SAMPLE = 3000  # documents read on each side; enough for stable rankings, quick on any archive
MIN_DOCS = 3


@lru_cache(maxsize=1)
def left_out() -> frozenset[str]:
    """Function words, and the words of every news story."""
    return stopwords() | read_words(__package__, "newswords.txt")


def doc_terms(text: str) -> set[str]:
    """Words and two-word phrases of one article, stop words and bare numbers left out."""
    stop = left_out()
    folded = [fold(w) for w in words(text)]
    keep = [w if (w not in stop and not w.isdigit() and len(w) > 1) else None for w in folded]
    out = {w for w in keep if w}
    out.update(f"{a} {b}" for a, b in zip(keep, keep[1:]) if a and b)
    return out


def _count(snapshot: Snapshot, docnums: list[int]) -> Counter:
    counts: Counter = Counter()
    for d in docnums:
        stored = snapshot.stored(d)
        counts.update(doc_terms(stored.get("title", "") + "\n" + stored.get("body", "")))
    return counts


def _g2(a: int, n1: int, b: int, n2: int) -> float:
    """Log-likelihood of a term seen in a of n1 documents vs b of n2."""
    def ll(k, n, p):
        p = min(max(p, 1e-12), 1 - 1e-12)
        return k * math.log(p) + (n - k) * math.log(1 - p)

    p = (a + b) / (n1 + n2)
    return 2 * (ll(a, n1, a / n1) + ll(b, n2, b / n2) - ll(a, n1, p) - ll(b, n2, p))


def characteristic_terms(snapshot: Snapshot, matches: list[int], top: int = 20, seed: int = 0) -> list[KeyTerm]:
    if not matches:
        return []
    rnd = random.Random(seed)
    fg = matches if len(matches) <= SAMPLE else rnd.sample(matches, SAMPLE)
    live = snapshot.live_docs()
    bg = live if len(live) <= SAMPLE else rnd.sample(live, SAMPLE)
    fgc, bgc = _count(snapshot, fg), _count(snapshot, bg)
    n1, n2 = len(fg), len(bg)
    scored = []
    for term, a in fgc.items():
        if a < MIN_DOCS:
            continue
        b = bgc.get(term, 0)
        if a / n1 <= b / n2:
            continue  # only what is over-represented in the matches
        scored.append(KeyTerm(term, "phrase" if " " in term else "word", a, b, _g2(a, n1, b, n2)))
    scored.sort(key=lambda k: (-k.score, k.term))
    words = [k for k in scored if k.kind == "word"][:top]
    phrases = [k for k in scored if k.kind == "phrase"][:top]
    return words + phrases


def describe(snapshot: Snapshot, text: str, options: SearchOptions, vocabulary: Vocabulary,
             top: int = 20) -> KeyTerms:
    """The most characteristic words and phrases of the articles a query matches."""
    options.check()
    top = whole_number(top, "top")
    matches = snapshot.matching(Query(text, options, vocabulary).plan)
    return KeyTerms(text, len(matches), characteristic_terms(snapshot, matches, top=top))
