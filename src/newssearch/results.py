"""The nouns that flow out, and THE JSON contract: every result type's `to_dict` is what
`--format json` prints (and what the HTTP API will answer), so its shape is decided here only.
tests/test_results.py holds the shapes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from .model import ArticleDate, Note, Skip

MAX_SKIPS_KEPT = 1000  # skipped items (and warnings) kept with their reason, for reporting


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) offsets in text

    def to_dict(self) -> dict:
        return {"text": self.text, "highlights": [list(h) for h in self.highlights]}


@dataclass
class Hit:
    id: str
    title: str
    date: ArticleDate | None
    source: str
    url: str
    dateline: str
    authors: list[str]
    score: float | None
    snippets: list[Snippet] = field(default_factory=list)
    title_highlights: list[tuple[int, int]] = field(default_factory=list)
    copies: int = 0  # near copies of this story folded into this hit (0 unless collapsed)
    title_derived: bool = False  # the source gave no title: `title` is the start of the body

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "title_derived": self.title_derived,
            "date": self.date.display() if self.date else None,
            "source": self.source,
            "url": self.url,
            "dateline": self.dateline,
            "authors": self.authors,
            "score": round(self.score, 4) if self.score is not None else None,
            "title_highlights": [list(h) for h in self.title_highlights],
            "copies": self.copies,
            "snippets": [s.to_dict() for s in self.snippets],
        }


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    limit: int
    took_ms: float
    hits: list[Hit]
    sort: str = "relevance"
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    did_you_mean: str | None = None
    relaxed_hint: dict | None = None  # {"match": "any", "total": n} when no article has every word

    def to_dict(self) -> dict:
        out = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "took_ms": round(self.took_ms, 2),
            "hits": [h.to_dict() for h in self.hits],
        }
        if self.facets:
            out["facets"] = self.facets
        out["did_you_mean"] = self.did_you_mean
        out["relaxed_hint"] = self.relaxed_hint
        return out


@dataclass
class Stats:
    articles: int
    first_date: str | None
    last_date: str | None
    undated: int
    sources: dict[str, int] = field(default_factory=dict)
    size_bytes: int = 0
    index_dir: str = ""
    # several indexes read as one: each one's {"index", "articles", "shadowed", "size_bytes"}
    indexes: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {
            "index": [part["index"] for part in self.indexes] if self.indexes else self.index_dir,
            "articles": self.articles,
            "date_range": {"first": self.first_date, "last": self.last_date},
            "undated": self.undated, "sources": self.sources, "size_bytes": self.size_bytes,
        }
        if self.indexes:
            out["indexes"] = self.indexes
        return out


@dataclass
class Copies:
    """An article's near-copy cluster: the other articles in it, oldest first."""

    id: str
    title: str
    cluster: str | None
    copies: list[dict]  # each: every stored field of the copy (see NewsIndex.get)

    COPY_FIELDS = ("id", "title", "date", "source", "url", "origin")

    def to_dict(self) -> dict:
        return {"id": self.id, "cluster": self.cluster,
                "copies": [{k: c.get(k) for k in self.COPY_FIELDS} for c in self.copies]}


@dataclass
class TimelinePeriod:
    """One day, week, month or year; the first and last are clipped to the requested window."""

    start: date
    end: date  # exclusive
    total: int
    counts: list[int]

    def shares(self) -> list[float]:
        return [c / self.total if self.total else 0.0 for c in self.counts]


@dataclass
class Timeline:
    queries: list[str]
    by: str
    periods: list[TimelinePeriod] = field(default_factory=list)
    undated: int = 0

    def to_dict(self) -> dict:
        return {
            "queries": self.queries,
            "by": self.by,
            "undated_articles": self.undated,
            "periods": [{
                "start": p.start.isoformat(), "end": (p.end - timedelta(days=1)).isoformat(),
                "articles": p.total,
                "counts": dict(zip(self.queries, p.counts)),
                "shares": {q: round(s, 6) for q, s in zip(self.queries, p.shares())},
            } for p in self.periods],
        }


@dataclass
class KeyTerm:
    term: str
    kind: str  # "word" or "phrase"
    docs: int  # matching articles (in the sample read) that contain it
    background: int  # archive articles (in the sample read) that contain it
    score: float

    def to_dict(self) -> dict:
        return {"term": self.term, "kind": self.kind, "docs": self.docs,
                "background": self.background, "score": round(self.score, 2)}


@dataclass
class KeyTerms:
    """The most characteristic words and phrases of a query's matches."""

    query: str
    total: int
    terms: list[KeyTerm]

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "terms": [t.to_dict() for t in self.terms]}


@dataclass
class Warned:
    """How many times one kind of warning came up, with a few distinct examples."""

    count: int = 0
    examples: list[dict] = field(default_factory=list)  # {"origin", "detail"}


MAX_EXAMPLES = 5


@dataclass
class IndexReport:
    """What an indexing run did: counts, what was skipped (and why), and what was indexed with a
    warning (by kind: unreadable_date, residue_lines, no_body, unmapped_columns, ...)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_copies: int = 0  # articles joined to an earlier article's cluster in this run
    skipped: int = 0
    failed: int = 0  # of the skipped: could not be read (the rest were read and had nothing to index)
    skip_reasons: Counter = field(default_factory=Counter)
    skips: list[Skip] = field(default_factory=list)  # the first MAX_SKIPS_KEPT, for reporting
    warnings: dict[str, Warned] = field(default_factory=dict)  # kind -> count and examples
    files: int = 0
    elapsed: float = 0.0
    interrupted: bool = False

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0

    def warn(self, note: Note) -> None:
        warned = self.warnings.get(note.kind)
        if warned is None:
            warned = self.warnings[note.kind] = Warned()
        warned.count += 1
        if len(warned.examples) < MAX_EXAMPLES and all(e["detail"] != note.detail for e in warned.examples):
            warned.examples.append({"origin": note.origin, "detail": note.detail})

    def skip(self, item: Skip) -> None:
        self.skipped += 1
        self.failed += item.failed
        self.skip_reasons[_reason_category(item.reason)] += 1
        if len(self.skips) < MAX_SKIPS_KEPT:
            self.skips.append(item)

    def to_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "near_copies": self.near_copies, "skipped": self.skipped,
            "failed": self.failed, "skip_reasons": dict(self.skip_reasons), "files": self.files,
            "elapsed_s": round(self.elapsed, 3), "articles_per_s": round(self.rate, 1),
            "interrupted": self.interrupted,
            "skips": [{"origin": s.origin, "reason": s.reason, "failed": s.failed} for s in self.skips],
            "warnings": [{"kind": kind, "count": w.count, "examples": w.examples}
                         for kind, w in sorted(self.warnings.items(), key=lambda kw: -kw[1].count)],
        }


def _reason_category(reason: str) -> str:
    return reason.split(":", 1)[0]
