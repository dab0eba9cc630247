"""Related stories: more-like-this on an article's key terms, leaving out the article itself, its
exact copies (same cleaned body) and its near copies (same cluster); other stories' copies are
folded into one hit."""

from __future__ import annotations

import time

from ..engine import Snapshot
from ..query import plan as qp
from ..results import SearchResult
from .articles import docnum_of
from .core import HitMaker
from .options import FRAGMENT_CHARS, SearchOptions
from .ranking import collect

KEY_TERMS = 15


def similar(snapshot: Snapshot, article_id: str, *, limit: int = 10, snippets: int = 2,
            shared: frozenset[bytes] = frozenset()) -> SearchResult:
    started = time.perf_counter()
    SearchOptions(limit=limit, snippets=snippets).check()  # the same limits as a search
    docnum = docnum_of(snapshot, article_id)
    stored = snapshot.stored(docnum)
    terms = snapshot.key_terms(docnum, "body", KEY_TERMS) if stored.get("body") else []
    terms = terms or snapshot.key_terms(docnum, "title", KEY_TERMS)
    if not terms:
        return SearchResult(f"similar:{article_id}", 0, 1, limit, 0.0, [])
    top = max(w for _, w in terms)
    likeness = qp.AnyOf(tuple(qp.Term(field, t, w / top) for t, w in terms for field in ("title", "body")))
    exclude = [qp.Term("id", article_id)]
    if stored.get("cluster"):
        # its exact and near copies: identical bodies always share the cluster
        exclude.append(qp.Term("cluster", stored["cluster"]))
    plan = qp.AllOf((likeness, *(qp.Exclude(e) for e in exclude)))
    total, ranked = collect(snapshot, plan, limit, "relevance", shared)
    make_hit = HitMaker(snapshot, likeness, snippets, FRAGMENT_CHARS)
    hits = [make_hit(*r) for r in ranked]
    took = (time.perf_counter() - started) * 1000
    return SearchResult(f"similar:{article_id}", total, 1, limit, took, hits)
