"""Looking at the archive rather than searching it: one article, its near copies, and counts of
the whole index (read from columns, so fast on any archive)."""

from __future__ import annotations

from pathlib import Path

from ..engine import UNDATED, Snapshot, stored_article, stored_date
from ..errors import NotFoundError, QueryError
from ..results import Copies, Stats
from .facets import facet_counts


def docnum_of(snapshot: Snapshot, article_id: str) -> int:
    """The document of an article id: QueryError for an id that is not text, NotFoundError for
    one the index does not have."""
    if not isinstance(article_id, str):
        raise QueryError(f"`article_id` must be text, not {type(article_id).__name__}", params=("article_id",))
    docnum = snapshot.docnum_of(article_id)
    if docnum is None:
        raise NotFoundError(article_id)
    return docnum


def article(snapshot: Snapshot, article_id: str) -> dict:
    """Every stored field of one article, as plain values."""
    return stored_article(snapshot.stored(docnum_of(snapshot, article_id)))


def copies(snapshot: Snapshot, article_id: str) -> Copies:
    """The other articles of this article's near-copy cluster, oldest first."""
    this = article(snapshot, article_id)
    cluster = this.get("cluster") or article_id
    others = [stored_article(snapshot.stored(d)) for d in snapshot.docs_with("cluster", cluster)]
    others = sorted((a for a in others if a["id"] != article_id), key=lambda a: (a["date"] or "9999", a["id"]))
    return Copies(article_id, this.get("title", ""), this.get("cluster"), others)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


def stats(snapshot: Snapshot, index_dirs: list[Path]) -> Stats:
    """The whole archive; with several indexes also each one's articles (those whose id an earlier
    index holds are `shadowed`: searched and counted in the earlier one only) and size."""
    live = snapshot.live_docs()
    dates = snapshot.column("date") if live else {}
    values = [v for v in (dates[d] for d in live) if v != UNDATED]

    def shown(value: int) -> str | None:
        docnum = next(d for d in live if dates[d] == value)
        found = stored_date(snapshot.stored(docnum))
        return found.display() if found else None

    sizes = [_size(folder) for folder in index_dirs]
    parts = []
    if len(index_dirs) > 1:
        parts = [{"index": str(folder), "articles": searched, "shadowed": hidden, "size_bytes": size}
                 for folder, (searched, hidden), size in zip(index_dirs, snapshot.per_index(), sizes)]
    return Stats(
        articles=len(live),
        first_date=shown(min(values)) if values else None,
        last_date=shown(max(values)) if values else None,
        undated=len(live) - len(values),
        sources=facet_counts(snapshot, live, "source") if live else {},
        size_bytes=sum(sizes),
        index_dir=str(index_dirs[0]),
        indexes=parts,
    )
