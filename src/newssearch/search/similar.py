"""Related stories: more-like-this on an article's key terms (Whoosh's key-term expansion over the
stored text), leaving out the article itself, its exact copies (same cleaned body) and its near
copies (same cluster); other stories' copies are folded into one hit."""

from __future__ import annotations

import time

from whoosh import query as wq

from ..errors import NewsSearchError
from ..search.core import HitMaker, SearchResult, collect

KEY_TERMS = 15


def similar(searcher, article_id: str, *, limit: int = 10, snippets: int = 2) -> SearchResult:
    started = time.perf_counter()
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        raise NewsSearchError(f"no article with id {article_id!r} in the index")
    stored = searcher.stored_fields(docnum)
    terms = searcher.key_terms([docnum], "body", numterms=KEY_TERMS) if stored.get("body") else []
    terms = terms or searcher.key_terms([docnum], "title", numterms=KEY_TERMS)
    if not terms:
        return SearchResult(f"similar:{article_id}", 0, 1, limit, 0.0, [])
    top = max(w for _, w in terms)
    likeness = wq.Or([wq.Term(field, t, boost=w / top) for t, w in terms for field in ("title", "body")])
    exclude = [wq.Term("id", article_id)]
    if stored.get("cluster"):
        # its exact and near copies: identical bodies always share the cluster
        exclude.append(wq.Term("cluster", stored["cluster"]))
    q = wq.And([likeness] + [wq.Not(e) for e in exclude])
    total, ranked = collect(searcher, q, limit, "relevance", collapse=True)
    make_hit = HitMaker(searcher, likeness, snippets, 160)
    hits = [make_hit(d, s, folded) for d, s, folded in ranked]
    took = (time.perf_counter() - started) * 1000
    return SearchResult(f"similar:{article_id}", total, 1, limit, took, hits)
