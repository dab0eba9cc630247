"""Present results: text for people (colour on a terminal, plain when piped), JSON/JSONL/CSV for programs.

The JSON shape is a contract (see README): {"query", "total", "page", "limit", "took_ms",
"hits": [{"id", "title", "date", "source", "url", "dateline", "score", "snippets": [{"text",
"highlights": [[start, end], ...]}]}]}, highlight offsets being character offsets into `text`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TextIO

from .search import SearchResult

FORMATS = ("text", "json", "jsonl", "csv")
CSV_COLUMNS = ("rank", "id", "title", "date", "source", "url", "dateline", "score", "snippet")


def _marked(text: str, spans, colour: bool) -> str:
    """Text with highlights as rich markup (colour) or unmarked (plain)."""
    if not colour:
        return text
    from rich.markup import escape

    out, last = [], 0
    for s, e in spans:
        out.append(escape(text[last:s]))
        out.append(f"[bold yellow]{escape(text[s:e])}[/]")
        last = e
    out.append(escape(text[last:]))
    return "".join(out)


def render_text(result: SearchResult, out: TextIO, colour: bool) -> None:
    lines: list[str] = []
    first = (result.page - 1) * result.limit
    shown = f"{first + 1}-{first + len(result.hits)}" if result.hits else "none"
    noun = "article" if result.total == 1 else "articles"
    head = f"{result.total:,} {noun} match {result.query!r} (showing {shown}, {result.took_ms:.0f} ms)"
    lines.append(f"[dim]{_esc(head, colour)}[/]" if colour else head)
    for rank, hit in enumerate(result.hits, first + 1):
        meta = " · ".join(x for x in (hit.date.display() if hit.date else "", hit.source, hit.dateline) if x)
        title = _marked(hit.title, hit.title_highlights, colour)
        lines.append("")
        if colour:
            lines.append(f"[bold]{rank}. {title}[/]")
            lines.append(f"   [dim]{_esc(meta, colour)}  id {_esc(hit.id, colour)}[/]")
        else:
            lines.append(f"{rank}. {title}")
            lines.append(f"   {meta}  id {hit.id}")
        for snip in hit.snippets:
            lines.append(f"   … {_marked(snip.text, snip.highlights, colour)} …")
    if colour:
        from rich.console import Console

        Console(file=out, highlight=False, soft_wrap=True).print("\n".join(lines))
    else:
        out.write("\n".join(lines) + "\n")


def _esc(text: str, colour: bool) -> str:
    if not colour:
        return text
    from rich.markup import escape

    return escape(text)


def render(result: SearchResult, fmt: str, out: TextIO, colour: bool = False) -> None:
    if fmt == "json":
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for hit in result.hits:
            out.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        first = (result.page - 1) * result.limit
        for rank, hit in enumerate(result.hits, first + 1):
            d = hit.to_dict()
            snippet = " … ".join(s.text for s in hit.snippets)
            writer.writerow([rank, d["id"], d["title"], d["date"] or "", d["source"], d["url"],
                             d["dateline"], "" if d["score"] is None else d["score"], snippet])
        out.write(buf.getvalue())
    else:
        render_text(result, out, colour)


def render_article(article: dict, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(article, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    lines = [article.get("title", ""), ""]
    meta = [("date", article.get("date")), ("source", article.get("source")),
            ("dateline", article.get("dateline")), ("authors", ", ".join(article.get("authors") or [])),
            ("url", article.get("url")), ("id", article.get("id")), ("origin", article.get("origin"))]
    lines += [f"{k}: {v}" for k, v in meta if v]
    if article.get("duplicate_of"):
        lines.append(f"duplicate of: {article['duplicate_of']}")
    lines += ["", article.get("body", "")]
    out.write("\n".join(lines).rstrip() + "\n")


def render_stats(stats: dict, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump(stats, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    dr = stats["date_range"]
    lines = [
        f"index:    {stats['index']}",
        f"articles: {stats['articles']:,}",
        f"dates:    {dr['first'] or '-'} to {dr['last'] or '-'} ({stats['undated']:,} undated)",
        f"size:     {stats['size_bytes'] / 1e6:.1f} MB",
        "sources:",
    ]
    lines += [f"  {n:>8,}  {name}" for name, n in list(stats["sources"].items())[:20]]
    if len(stats["sources"]) > 20:
        lines.append(f"  … and {len(stats['sources']) - 20} more")
    out.write("\n".join(lines) + "\n")
