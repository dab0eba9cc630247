"""Did you mean: when a query finds few or no articles and one of its words is rare in the archive
while a word one or two typos away is common, propose the corrected query. Never applied silently."""

from __future__ import annotations

import re

from ..engine import Snapshot
from ..model import DEFAULT_FIELDS, STEMMED_FIELDS
from ..query.syntax import And, Fuzzy, Not, Or, Phrase, Tree, Word
from ..query.words import fuzzy
from ..text.analysis import fold_term, has_cjk, stem_term, words

FEW_HITS = 3


def _words(node: Tree) -> list[str]:
    if isinstance(node, (Word, Phrase)) and node.field in (None, "title", "body"):
        return words(node.text)
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in _words(item)]
    if isinstance(node, Not):
        return _words(node.item)
    return []


def _df(snapshot: Snapshot, word: str) -> int:
    """Articles with the word in a field a word without a field searches (at most: a sum)."""
    return sum(snapshot.doc_frequency(f, stem_term(word) if f in STEMMED_FIELDS else fold_term(word))
               for f in DEFAULT_FIELDS)


def suggest(text: str, tree: Tree, snapshot: Snapshot, vocabulary: list[str]) -> str | None:
    """`text` (whose syntax tree is `tree`) with its misspelt words corrected, or None when
    nothing looks misspelled."""
    if isinstance(tree, Fuzzy):
        return None
    replacements: dict[str, str] = {}
    for word in dict.fromkeys(_words(tree)):
        if word.isdigit() or has_cjk(word):  # pairs of characters have no spelling to correct
            continue
        df = _df(snapshot, word)
        if df >= FEW_HITS:
            continue
        best, best_df = None, 0
        for edits in (1, 2):
            for cand in fuzzy(vocabulary, word, edits):
                cdf = _df(snapshot, cand)
                if cdf > best_df:
                    best, best_df = cand, cdf
            if best:
                break
        if best and best_df >= max(FEW_HITS, 5 * df + 1) and best != word.lower():
            replacements[word] = best.capitalize() if word[:1].isupper() else best
    if not replacements:
        return None
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in replacements) + r")\b")
    return pattern.sub(lambda m: replacements[m.group(1)], text)
