"""Did you mean: when a query finds few or no articles and one of its words is rare in the archive
while a word one or two typos away is common, propose the corrected query. Never applied silently."""

from __future__ import annotations

import re

from ..text.analysis import stem_term
from ..query.syntax import And, Fuzzy, Not, Or, Phrase, Word, parse
from ..engine.schema import DEFAULT_FIELDS
from ..indexing.vocabulary import fuzzy

FEW_HITS = 3


def _words(node) -> list[str]:
    if isinstance(node, (Word, Phrase)) and node.field in (None, "title", "body"):
        return re.findall(r"\w+", node.text)
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in _words(item)]
    if isinstance(node, Not):
        return _words(node.item)
    return []


def _df(reader, word: str) -> int:
    term = stem_term(word)
    return sum(reader.doc_frequency(f, term) for f in DEFAULT_FIELDS)


def suggest(text: str, reader, vocabulary: list[str]) -> str | None:
    """A corrected query string, or None when nothing looks misspelled."""
    try:
        tree = parse(text)
    except Exception:
        return None
    if isinstance(tree, Fuzzy):
        return None
    replacements: dict[str, str] = {}
    for word in dict.fromkeys(_words(tree)):
        df = _df(reader, word)
        if df >= FEW_HITS or word.isdigit():
            continue
        best, best_df = None, 0
        for edits in (1, 2):
            for cand in fuzzy(vocabulary, word, edits):
                cdf = _df(reader, cand)
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
