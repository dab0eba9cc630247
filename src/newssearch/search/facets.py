"""Facets: counts per source, author, month or year over ALL the articles a query matches, read
from columns (source, authors, date), so counting thousands of hits loads no stored document."""

from __future__ import annotations

from collections import Counter

from ..engine import UNDATED, Snapshot, column_datetime, facet_authors


def facet_counts(snapshot: Snapshot, docnums: list[int], name: str) -> dict[str, int]:
    """{value: count} for one facet; sources and authors by count, months and years in order."""
    counts: Counter = Counter()
    if name in ("month", "year"):
        col = snapshot.column("date")
        width = 7 if name == "month" else 4
        for d in docnums:
            v = col[d]
            counts["(undated)" if v == UNDATED else column_datetime(v).isoformat()[:width]] += 1
        undated = counts.pop("(undated)", 0)
        out = dict(sorted(counts.items()))
        if undated:
            out["(undated)"] = undated
        return out
    if name == "source":
        col = snapshot.column("facet_source")
        for d in docnums:
            counts[col[d].decode("utf-8") or "(none)"] += 1
    else:
        col = snapshot.column("facet_authors")
        for d in docnums:
            for author in facet_authors(col[d]) or ["(none)"]:
                counts[author] += 1
    return dict(counts.most_common())
