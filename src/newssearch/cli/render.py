"""Present results: text for people (colour on a terminal, plain when piped), JSON/JSONL/CSV for
programs. The JSON is each result's `to_dict()` (results.py owns that contract); this module only
lays it out. What an article says is shown cleaned of terminal control (output.clean), and a CSV
cell never starts a spreadsheet formula (output.csv_row); JSON stays exact.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TextIO

from ..results import Copies, IndexReport, KeyTerms, SearchResult
from .output import clean, count, csv_row, to_json, unicode_out

CSV_COLUMNS = ("rank", "id", "title", "date", "source", "url", "dateline", "score", "snippet")


def _marked(text: str, spans, colour: bool) -> str:
    """Text with highlights as rich markup (colour) or unmarked (plain), without terminal control."""
    if not colour:
        return clean(text)
    from rich.markup import escape

    out, last = [], 0
    for s, e in spans:
        out.append(escape(clean(text[last:s])))
        out.append(f"[bold yellow]{escape(clean(text[s:e]))}[/]")
        last = e
    out.append(escape(clean(text[last:])))
    return "".join(out)


def render_text(result: SearchResult, out: TextIO, colour: bool, sample_seed: int | None = None) -> None:
    """`sample_seed`: the result is a random sample drawn with this seed (shown whole)."""
    lines: list[str] = []
    first = (result.page - 1) * result.limit
    if sample_seed is not None:
        shown = f"a random sample of {len(result.hits):,}, seed {sample_seed}"
    else:
        shown = "showing " + (f"{first + 1:,}-{first + len(result.hits):,}" if result.hits else "none")
    noun = "article matches" if result.total == 1 else "articles match"
    head = f"{result.total:,} {noun} {result.query!r} ({shown}, {result.took_ms:.0f} ms)"
    lines.append(f"[dim]{_esc(head, colour)}[/]" if colour else head)
    for rank, hit in enumerate(result.hits, 1 if sample_seed is not None else first + 1):
        meta = " · ".join(x for x in (hit.date.display() if hit.date else "", hit.source, hit.dateline) if x)
        title = _marked(hit.title, hit.title_highlights, colour)
        lines.append("")
        folded = f"  +{hit.copies:,} similar" if hit.copies else ""
        if colour:
            lines.append(f"[bold]{rank}. {title}[/]")
            lines.append(f"   [dim]{_esc(meta, colour)}  id {_esc(hit.id, colour)}{folded}[/]")
        else:
            lines.append(f"{rank}. {title}")
            lines.append(f"   {clean(meta)}  id {clean(hit.id)}{folded}")
        for snip in hit.snippets:
            lines.append(f"   … {_marked(snip.text, snip.highlights, colour)} …")
    if result.did_you_mean:
        lines.insert(1, f"Did you mean: {_esc(result.did_you_mean, colour)}?")
    if result.relaxed_hint:
        n = result.relaxed_hint["total"]
        lines.insert(1, f"No article has every word; {n:,} {'has' if n == 1 else 'have'} some of them "
                        f"(--match any ranks them).")
    for name, counts in result.facets.items():
        lines += ["", f"{name}:"]
        lines += [f"  {n:>8,}  {_esc(value, colour)}" for value, n in counts.items()]
    if colour:
        from rich.console import Console

        Console(file=out, highlight=False, soft_wrap=True).print("\n".join(lines))
    else:
        out.write("\n".join(lines) + "\n")


def _esc(text: str, colour: bool) -> str:
    """Text of an article or a user for the text output: cleaned (and escaped for rich)."""
    if not colour:
        return clean(text)
    from rich.markup import escape

    return escape(clean(text))


def _csv_row(rank: int, hit) -> list:
    d = hit.to_dict()
    snippet = " … ".join(sn.text for sn in hit.snippets)
    return csv_row([rank, d["id"], d["title"], d["date"] or "", d["source"], d["url"], d["dateline"],
                    "" if d["score"] is None else d["score"], snippet])


def render_stream(total: int, hits, fmt: str, out: TextIO, progress: bool = False) -> None:
    """--all: write every hit as it comes (jsonl or csv), with a progress bar on stderr."""
    bar = None
    if progress:
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task("exporting", total=total)
        bar.start()
    try:
        writer = csv.writer(out) if fmt == "csv" else None
        if writer:
            writer.writerow(CSV_COLUMNS)
        ascii_only = not unicode_out(out)
        for rank, hit in enumerate(hits, 1):
            if writer:
                writer.writerow(_csv_row(rank, hit))
            else:
                out.write(json.dumps(hit.to_dict(), ensure_ascii=ascii_only) + "\n")
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()


def render_timeline(tl, fmt: str, out: TextIO) -> None:
    data = tl.to_dict()
    if fmt == "json":
        out.write(to_json(data, out, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(csv_row(["start", "end", "articles"] + [h for q in tl.queries for h in (q, f"{q} share")]))
        for p in data["periods"]:
            row = [p["start"], p["end"], p["articles"]]
            for q in tl.queries:
                row += [p["counts"][q], p["shares"][q]]
            writer.writerow(row)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"articles per {tl.by}", box=None, pad_edge=False)
    table.add_column("period")
    table.add_column("articles", justify="right")
    peak = max((c for p in tl.periods for c in p.counts), default=0) or 1
    for q in tl.queries:
        table.add_column(Text(clean(q)), justify="right")  # as typed: never read as rich markup
        table.add_column("", no_wrap=True)
    for p in data["periods"]:
        label = p["start"] if tl.by == "day" else f"{p['start']} – {p['end']}"
        row = [label, f"{p['articles']:,}"]
        for q in tl.queries:
            n = p["counts"][q]
            row += [f"{n:,} ({p['shares'][q]:.1%})", "█" * round(24 * n / peak)]
        table.add_row(*row)
    console = Console(file=out, highlight=False, width=max(100, 40 + 40 * len(tl.queries)))
    console.print(table)
    if tl.undated:
        console.print(f"({count(tl.undated, 'undated article')} {'is' if tl.undated == 1 else 'are'} not shown)")


def render_terms(found: KeyTerms, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(found.to_dict(), out, indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(["term", "kind", "docs", "background", "score"])
        for t in found.terms:
            d = t.to_dict()
            writer.writerow(csv_row([d["term"], d["kind"], d["docs"], d["background"], d["score"]]))
        return
    noun = "article matches" if found.total == 1 else "articles match"
    lines = [f"{found.total:,} {noun} {found.query!r}; most characteristic terms (G² vs the archive):"]
    for kind in ("word", "phrase"):
        lines += ["", f"{kind}s:"]
        lines += [f"  {t.score:>9.1f}  {clean(t.term):<28} in {t.docs:,} matching / {t.background:,} background"
                  for t in found.terms if t.kind == kind]
    out.write("\n".join(lines) + "\n")


def render(result: SearchResult, fmt: str, out: TextIO, colour: bool = False, sample_seed: int | None = None) -> None:
    if fmt == "json":
        out.write(to_json(result.to_dict(), out, indent=2) + "\n")
    elif fmt == "jsonl":
        for hit in result.hits:
            out.write(to_json(hit.to_dict(), out) + "\n")
        if result.facets:  # a last line, told apart by its key
            out.write(to_json({"facets": result.facets}, out) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(CSV_COLUMNS)
        first = 0 if sample_seed is not None else (result.page - 1) * result.limit
        for rank, hit in enumerate(result.hits, first + 1):
            writer.writerow(_csv_row(rank, hit))
        if result.facets:  # a second table after a blank line
            writer.writerow([])
            writer.writerow(["facet", "value", "count"])
            for name, counts in result.facets.items():
                for value, n in counts.items():
                    writer.writerow(csv_row([name, value, n]))
        out.write(buf.getvalue())
    else:
        render_text(result, out, colour, sample_seed)


def render_article(article: dict, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(article, out, indent=2) + "\n")
        return
    lines = [article.get("title", ""), ""]
    meta = [("date", article.get("date")), ("source", article.get("source")),
            ("dateline", article.get("dateline")), ("authors", ", ".join(article.get("authors") or [])),
            ("url", article.get("url")), ("id", article.get("id")), ("origin", article.get("origin"))]
    lines += [f"{k}: {v}" for k, v in meta if v]
    if article.get("duplicate_of"):
        lines.append(f"duplicate of: {article['duplicate_of']}")
    lines += ["", article.get("body", "")]
    out.write(clean("\n".join(lines)).rstrip() + "\n")


def render_copies(found: Copies, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(found.to_dict(), out, indent=2) + "\n")
        return
    lines = [f"{count(len(found.copies), 'near copy', 'near copies')} of {found.id}: {found.title}"]
    lines += [f"  {c['id']:<24} {c.get('date') or '-':<20} {c.get('source') or '':<16} {c.get('title', '')}"
              for c in found.copies]
    out.write(clean("\n".join(lines)) + "\n")


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def render_stats(stats: dict, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(to_json(stats, out, indent=2) + "\n")
        return
    dr = stats["date_range"]
    several = stats.get("indexes") or []
    lines = [f"index:    {stats['index']}"] if not several else [f"indexes:  {len(several)}, searched as one"]
    for part in several:
        shadowed = f", {part['shadowed']:,} shadowed by an earlier index" if part["shadowed"] else ""
        lines.append(f"  {part['articles']:>8,}  {part['index']} ({_size(part['size_bytes'])}{shadowed})")
    lines += [
        f"articles: {stats['articles']:,}",
        f"dates:    {dr['first'] or '-'} to {dr['last'] or '-'} ({stats['undated']:,} undated)",
        f"size:     {_size(stats['size_bytes'])}",
        "sources:",
    ]
    lines += [f"  {n:>8,}  {name}" for name, n in list(stats["sources"].items())[:20]]
    if len(stats["sources"]) > 20:
        lines.append(f"  … and {len(stats['sources']) - 20:,} more")
    out.write(clean("\n".join(lines)) + "\n")


def index_summary(report: IndexReport) -> str:
    """The one line an indexing run ends with."""
    reasons = ", ".join(f"{n:,} {r}" for r, n in report.skip_reasons.most_common())
    skipped = f"{report.skipped:,} skipped" + (f" ({reasons})" if reasons else "")
    state = "interrupted after" if report.interrupted else "indexed"
    return (
        f"{state} {count(report.files, 'file')}: {report.added:,} added, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, {count(report.duplicates, 'duplicate')}, "
        f"{count(report.near_copies, 'near copy', 'near copies')}, {skipped} "
        f"in {report.elapsed:.1f}s ({report.rate:,.0f} articles/s)"
    )


# each kind of warning: what one case is, what many are
WARNING_TEXT = {
    "no_body": ("article has no body text", "articles have no body text"),
    "no_title": ("article has no title (a title for display was made from the body)",
                 "articles have no title (a title for display was made from the body)"),
    "no_date": ("article has no date", "articles have no date"),
    "unreadable_date": ("date could not be read (the article is undated)",
                        "dates could not be read (the articles are undated)"),
    "residue_lines": ("line of page residue was dropped", "lines of page residue were dropped"),
    "undecodable_bytes": ("file had undecodable bytes (replaced with U+FFFD)",
                          "files had undecodable bytes (replaced with U+FFFD)"),
    "nul_bytes": ("file had NUL bytes (removed)", "files had NUL bytes (removed)"),
    "charset_fallback": ("page declared a charset its bytes are not in (read as the bytes are)",
                         "pages declared a charset their bytes are not in (read as the bytes are)"),
    "ambiguous_date_order": tuple(f"{what} did not show which number is the day: read month first "
                                  "(--date-order dmy to read them day first)"
                                  for what in ("numeric date", "numeric dates")),
    "unmapped_columns": tuple(f"{what} text in columns that are not searched (kept under extra; "
                              "--map body=COLUMN reads one as the body)"
                              for what in ("record has", "records have")),
}


def index_warnings(report: IndexReport) -> list[str]:
    """One line per kind of warning: how many, what it means, an example or two."""
    lines = []
    for item in report.to_dict()["warnings"]:
        kind, n, examples = item["kind"], item["count"], item["examples"]
        one, many = WARNING_TEXT.get(kind, (f"case of {kind.replace('_', ' ')}", f"cases of {kind.replace('_', ' ')}"))
        shown = "; ".join(f"{clean(e['origin'])}: {clean(e['detail'])}" for e in examples[:2])
        lines.append(f"warning: {n:,} {one if n == 1 else many} [{kind}]" + (f" (e.g. {shown})" if shown else ""))
    return lines
