"""Search: a query string and options -> a page of hits with exact totals, sorting, paging,
facets, samples, snippets and a spelling suggestion; or every hit, streamed, for exports."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import datetime
from typing import Callable, Iterator

from ..engine import UNDATED, Snapshot, stored_authors, stored_date
from ..errors import QueryError
from ..query import plan as qp
from ..query.plan import Planner
from ..query.syntax import MAX_QUERY_CHARS, Tree, is_listing, lenient, parse
from ..results import Hit, SearchResult
from ..text.analysis import words
from .facets import facet_counts
from .options import SearchOptions
from .ranking import collect
from .snippets import find_matches, make_snippets, match_spec
from .suggest import FEW_HITS, suggest

Vocabulary = Callable[[], list[str]]  # the archive's words, loaded on first need


class Query:
    """A query string read once: its syntax tree, and its plan with the options' filters.
    `as_typed`: False when the text could not be parsed and its words were searched instead."""

    def __init__(self, text: str, options: SearchOptions, vocabulary: Vocabulary):
        if not isinstance(text, str):
            raise QueryError(f"`query` must be text, not {type(text).__name__}", params=("query",))
        self.text = text
        self.tree, self.as_typed = _parse(text, options.strict, options.now, options.date_order)
        self.listing = is_listing(self.tree)
        self.plan = qp.both(Planner(vocabulary, options.match).plan(self.tree), options.filters())


def _parse(text: str, strict: bool, now: datetime | None, date_order: str | None) -> tuple[Tree, bool]:
    try:
        return parse(text, now, date_order), True
    except QueryError:
        if strict or len(text) > MAX_QUERY_CHARS:  # (too long is too long, however it is read)
            raise
        return parse(lenient(text), now, date_order), False


def date_order(snapshot: Snapshot, docnums: list[int], newest: bool = True) -> list[int]:
    """Docnums by date (undated last), ties by id: the order of listings and exports."""
    dates = snapshot.column("date")
    ids = snapshot.column("id")
    dated = [d for d in docnums if dates[d] != UNDATED]
    undated = [d for d in docnums if dates[d] == UNDATED]
    dated.sort(key=lambda d: ids[d])
    dated.sort(key=lambda d: dates[d], reverse=newest)
    undated.sort(key=lambda d: ids[d])
    return dated + undated


def sample_docnums(snapshot: Snapshot, docnums: list[int], n: int, seed: int) -> list[int]:
    """A reproducible sample: the same seed on the same archive gives the same articles,
    however the index is segmented (drawn from the matches sorted by id)."""
    ids = snapshot.column("id")
    ordered = sorted(docnums, key=lambda d: ids[d])
    return random.Random(seed).sample(ordered, min(n, len(ordered)))


class HitMaker:
    """Stored fields + snippets for chosen documents, highlighting what the plan matches. For a
    ranked (any-word) query the fragments shown are those with the rarest words."""

    def __init__(self, snapshot: Snapshot, plan: qp.Plan, snippets: int, fragment_chars: int,
                 ranked: bool = False):
        self.snapshot = snapshot
        self.body_spec = match_spec(plan, "body")
        self.title_spec = match_spec(plan, "title")
        self.snippets = snippets
        self.fragment_chars = fragment_chars
        self.weights = None
        if ranked:
            shown = self.body_spec.terms.union(*(words for words, _ in self.body_spec.phrases))
            self.weights = {term: snapshot.idf("body", term) for term in shown}

    def __call__(self, docnum: int, score: float | None = None, copies: int = 0) -> Hit:
        stored = self.snapshot.stored(docnum)
        body = stored.get("body", "")
        title = stored.get("title", "")
        derived = bool(stored.get("title_derived"))
        snippets = (make_snippets(body, find_matches(body, self.body_spec), self.snippets, self.fragment_chars,
                                  self.weights) if self.snippets else [])
        return Hit(
            id=stored["id"], title=title, date=stored_date(stored), source=stored.get("source", ""),
            url=stored.get("url", ""), dateline=stored.get("dateline", ""), authors=stored_authors(stored),
            score=score, snippets=snippets, copies=copies, title_derived=derived,
            # a title made from the body shows what the body matched
            title_highlights=find_matches(title, self.body_spec if derived else self.title_spec),
        )


def run_search(snapshot: Snapshot, text: str, options: SearchOptions, vocabulary: Vocabulary,
               shared: frozenset[bytes] = frozenset()) -> SearchResult:
    """One page of results. `shared`: the clusters with copies (folded when options.collapse)."""
    options.check()
    started = time.perf_counter()
    query = Query(text, options, vocabulary)
    sort = options.sort or ("newest" if query.listing else "relevance")
    wanted = options.page * options.limit
    first = (options.page - 1) * options.limit
    make_hit = HitMaker(snapshot, query.plan, options.snippets, options.fragment_chars, options.match == "any")
    facets: dict[str, dict[str, int]] = {}
    if options.facets or options.sample:
        docnums = snapshot.matching(query.plan)
        total = len(docnums)
        facets = {name: facet_counts(snapshot, docnums, name) for name in options.facets}
    if options.sample:
        chosen = date_order(snapshot, sample_docnums(snapshot, docnums, options.sample, options.seed))
        hits = [make_hit(d) for d in chosen]
    else:
        total, ranked = collect(snapshot, query.plan, wanted, sort, shared if options.collapse else frozenset())
        hits = [make_hit(*r) for r in ranked[first:wanted]]
    did_you_mean = relaxed = None
    if total < FEW_HITS and not query.listing and query.as_typed:
        did_you_mean = _better_query(snapshot, query, total, options, vocabulary)
    if total == 0 and options.match == "all" and not query.listing and len(set(words(text))) <= RELAXED_WORDS:
        relaxed = _relaxed(snapshot, text, options, vocabulary)
    took = (time.perf_counter() - started) * 1000
    return SearchResult(text, total, options.page, options.limit, took, hits, sort, facets, did_you_mean,
                        relaxed)


# Up to this many distinct words, a query without a match says how many articles have some of
# them. A longer one is a pasted text: nearly every article has some of its words, and counting
# them meant decoding every posting of hundreds of words (30 s at a million articles).
RELAXED_WORDS = 64


def _relaxed(snapshot: Snapshot, text: str, options: SearchOptions, vocabulary: Vocabulary) -> dict | None:
    """When no article has every word: how many have some of them (said, never done silently)."""
    loose = Query(text, replace(options, match="any"), vocabulary)
    found = _count(snapshot, loose)
    return {"match": "any", "total": found} if found else None


def _better_query(snapshot: Snapshot, query: Query, total: int, options: SearchOptions,
                  vocabulary: Vocabulary) -> str | None:
    """A spelling suggestion, offered only if it finds more articles than the query as typed."""
    suggestion = suggest(query.text, query.tree, snapshot, vocabulary())
    if not suggestion:
        return None
    try:
        better = Query(suggestion, options, vocabulary)
    except QueryError:
        return None
    return suggestion if _count(snapshot, better) > total else None


def _count(snapshot: Snapshot, query: Query) -> int:
    """How many articles a query matches, counted without scoring them."""
    return sum(len(part.docs) for part in snapshot.segments(query.plan))


def iter_all(snapshot: Snapshot, text: str, options: SearchOptions, vocabulary: Vocabulary
             ) -> tuple[int, Iterator[Hit]]:
    """(total, generator of every matching Hit, newest first): for exports of any size, one
    document in memory at a time."""
    options.check()
    query = Query(text, options, vocabulary)
    ordered = date_order(snapshot, snapshot.matching(query.plan), newest=(options.sort or "newest") != "oldest")
    make_hit = HitMaker(snapshot, query.plan, options.snippets, options.fragment_chars, options.match == "any")
    return len(ordered), (make_hit(d) for d in ordered)
