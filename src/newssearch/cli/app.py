"""The command line: a thin layer over `newssearch.api.NewsIndex`, one command per call.

Every failure a user can cause ends in one line on stderr and a non-zero exit, never a traceback
(set NEWSSEARCH_DEBUG=1 to see one). The library names its own parameters in its errors
(`limit`); FLAGS says which option of ours each one is.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..errors import IndexMissingError, Interrupted, MissingInputError, NewsSearchError, QueryError

# the library's parameter names -> our options (errors name the former, in backticks)
FLAGS = {"limit": "--limit", "page": "--page", "sort": "--sort", "snippets": "--snippets",
         "sample": "--sample", "since": "--since", "until": "--until", "by": "--by",
         "facets": "--facet", "field_map": "--map", "path": "--index", "plot": "--plot",
         "date_order": "--date-order", "columns": "--columns", "match": "--match", "top": "--top",
         "seed": "--seed"}

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Full-text search for news archives: exact phrases, exact dates, highlighted snippets.",
)

IndexOpt = typer.Option(None, "--index", "-i", help="Index folder [default: $NEWSSEARCH_INDEX or ./index]")
DateOrderOpt = typer.Option(None, "--date-order", help="dmy|mdy: how to read a date such as 4.3.1987")
MatchOpt = typer.Option(None, "--match", "-m",
                        help="all: every word required [default]; any: rank articles with any of the words")


class Fmt(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class DocFmt(str, Enum):
    text = "text"
    json = "json"


class TableFmt(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


Sort = Enum("Sort", [(s, s) for s in api.SORTS], type=str)  # type: ignore[misc]
By = Enum("By", [(b, b) for b in api.BY], type=str)  # type: ignore[misc]
Match = Enum("Match", [(m, m) for m in api.MATCHES], type=str)  # type: ignore[misc]


def _value(choice: Optional[Enum], default: str = "all") -> str:
    return choice.value if choice is not None else default


def _open(index: Optional[Path], create: bool = False, upgrade: bool = False) -> api.NewsIndex:
    return api.NewsIndex.open(index, create=create, upgrade=upgrade)


def _err(message: str) -> None:
    sys.stderr.write(f"newssearch: {message}\n")


@app.command("index")
def index_cmd(
    paths: List[Path] = typer.Argument(None, help="Files or folders to index [default: seeds/]"),
    index: Optional[Path] = IndexOpt,
    rebuild: bool = typer.Option(False, "--rebuild", help="Start over: drop everything indexed before."),
    field_map: List[str] = typer.Option(None, "--map", help="Field mapping, e.g. --map body=story_text"),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Worker processes [default: all cores]"),
    fmt: DocFmt = typer.Option(DocFmt.text, "--format", "-f", help="Summary as text or json"),
    show_skips: int = typer.Option(10, "--show-skips", help="How many skipped items to list on stderr"),
    date_order: Optional[str] = typer.Option(
        None, "--date-order", help="dmy|mdy: numeric dates such as 05/06/2018 when a file does not show the order"),
    columns: Optional[str] = typer.Option(
        None, "--columns", help="Column names of CSV files without a header row, e.g. id,title,body,date"),
):
    """Index news articles (.txt, .jsonl, .json, .csv, .html, .warc; also .gz) into the index folder."""
    from .render import index_summary, index_warnings

    overrides = api.parse_field_map(field_map)
    paths = paths or [Path("seeds")]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # before the index folder is made
        raise MissingInputError(f"no such file or folder: {', '.join(missing)}")
    ix = _open(index, create=True, upgrade=rebuild)
    progress, on_file, stop = _progress_reporter()
    try:
        report = ix.index_paths(paths, rebuild=rebuild, field_map=overrides, workers=workers,
                                date_order=date_order, progress=progress, on_file=on_file,
                                columns=[c.strip() for c in columns.split(",")] if columns else None)
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted: the index keeps what was committed; run the same command again to finish"
        ) from None
    finally:
        stop()
    for skip in report.skips[:show_skips]:
        _err(f"skipped {skip.origin}: {flags(skip.reason)}")
    for line in index_warnings(report):
        _err(line)
    if report.skipped > show_skips and show_skips > 0:
        _err(f"... and {report.skipped - show_skips} more skipped (see --format json)")
    if fmt is DocFmt.json:
        import json

        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(index_summary(report))
    if report.articles == 0 and report.skipped == 0:
        _err(f"nothing to index under {', '.join(str(p) for p in paths)}")
        raise typer.Exit(1)


def _progress_reporter():
    """A progress bar on stderr when it is a terminal; no-ops otherwise."""
    if not sys.stderr.isatty():
        return None, None, lambda: None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    prog = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
    task = prog.add_task("indexing", total=None)
    prog.start()
    state = {"n": 0, "file": ""}

    def progress(report):
        state["n"] += 1
        if state["n"] % 200 == 0:
            prog.update(task, description=(
                f"{report.articles + report.skipped:,} articles ({report.rate:,.0f}/s)  {state['file']}"))

    def on_file(path):
        state["file"] = str(path)[-60:]

    return progress, on_file, prog.stop


@app.command("query")
def query_cmd(
    query: str = typer.Argument(..., help='Query, e.g. \'"ground operation" rafah date:2024-02\' or \'*\''),
    index: Optional[Path] = IndexOpt,
    limit: int = typer.Option(10, "--limit", "-n", help="Hits per page"),
    page: int = typer.Option(1, "--page", "-p", help="Page number (from 1)"),
    sort: Optional[Sort] = typer.Option(None, "--sort", "-s",
                                        help="relevance|newest|oldest [default: relevance; newest for '*']"),
    since: Optional[str] = typer.Option(None, "--since",
                                        help="From this day (inclusive): 2024-02-01, 2024-02, 7d, yesterday"),
    until: Optional[str] = typer.Option(None, "--until", help="Through this day (inclusive)"),
    source: List[str] = typer.Option(None, "--source", help="Only this source (repeatable)"),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="text|json|jsonl|csv"),
    snippets: Optional[int] = typer.Option(None, "--snippets", help="Fragments per hit [default: 2; 0 with --all]"),
    lenient: bool = typer.Option(False, "--lenient", help="Search the words of a query that cannot be parsed"),
    facet: List[str] = typer.Option(None, "--facet", help="Count all matches by source|author|month|year (repeatable)"),
    sample: Optional[int] = typer.Option(None, "--sample", help="A random sample of N matching articles"),
    seed: int = typer.Option(0, "--seed", help="Seed of --sample (same seed, same sample)"),
    all_hits: bool = typer.Option(False, "--all", help="Stream every matching article (with -f jsonl or csv)"),
    no_collapse: bool = typer.Option(False, "--no-collapse", help="Show every near copy of a story as its own hit"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """Search the index."""
    from .render import render, render_stream

    ix = _open(index)
    if all_hits:
        if fmt not in (Fmt.jsonl, Fmt.csv):
            raise QueryError("--all streams every match: use it with --format jsonl or --format csv")
        total, hits = ix.export(query, since=since, until=until, sources=source or (),
                                sort=sort.value if sort else None, snippets=snippets or 0,
                                strict=not lenient, date_order=date_order, match=_value(match))
        render_stream(total, hits, fmt.value, sys.stdout, progress=sys.stderr.isatty())
        return
    result = ix.search(query, limit=limit, page=page, sort=sort.value if sort else None, since=since,
                       until=until, sources=source or (), snippets=2 if snippets is None else snippets,
                       strict=not lenient, facets=facet or (), sample=sample, seed=seed,
                       collapse=not no_collapse, date_order=date_order, match=_value(match))
    render(result, fmt.value, sys.stdout, colour=sys.stdout.isatty() and fmt is Fmt.text)


@app.command("timeline")
def timeline_cmd(
    queries: List[str] = typer.Argument(..., help="One or more queries, compared side by side"),
    index: Optional[Path] = IndexOpt,
    by: Optional[By] = typer.Option(None, "--by", help="day|week|month|year [default: from the span]"),
    since: Optional[str] = typer.Option(None, "--since", help="From this day (inclusive)"),
    until: Optional[str] = typer.Option(None, "--until", help="Through this day (inclusive)"),
    source: List[str] = typer.Option(None, "--source", help="Only this source (repeatable)"),
    fmt: TableFmt = typer.Option(TableFmt.text, "--format", "-f", help="text|json|csv"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw a chart to FILE.png or FILE.svg"),
    share: bool = typer.Option(False, "--share", help="Chart the share of all articles, not counts"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """Attention over time: matching articles per period, with all articles and the share."""
    from .render import render_timeline

    tl = _open(index).timeline(queries, by=by.value if by else None, since=since, until=until,
                               sources=source or (), date_order=date_order, match=_value(match))
    render_timeline(tl, fmt.value, sys.stdout)
    if plot is not None:
        from .plot import plot_timeline

        plot_timeline(tl, plot, share=share)
        _err(f"chart written to {plot}")


@app.command("terms")
def terms_cmd(
    query: str = typer.Argument(..., help="Query whose matching articles are described"),
    index: Optional[Path] = IndexOpt,
    top: int = typer.Option(20, "--top", help="How many words and how many phrases"),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    source: List[str] = typer.Option(None, "--source"),
    fmt: TableFmt = typer.Option(TableFmt.text, "--format", "-f", help="text|json|csv"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """The most characteristic words and two-word phrases of the matching articles."""
    from .render import render_terms

    found = _open(index).terms(query, top=top, since=since, until=until, sources=source or (),
                               date_order=date_order, match=_value(match))
    render_terms(found, fmt.value, sys.stdout)


@app.command("similar")
def similar_cmd(
    article_id: str = typer.Argument(..., metavar="ID", help="Article id"),
    index: Optional[Path] = IndexOpt,
    limit: int = typer.Option(10, "--limit", "-n"),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="text|json|jsonl|csv"),
):
    """Articles most like one article (its own copies left out)."""
    from .render import render

    result = _open(index).similar(article_id, limit=limit)
    render(result, fmt.value, sys.stdout, colour=sys.stdout.isatty() and fmt is Fmt.text)


@app.command("show")
def show_cmd(
    article_id: str = typer.Argument(..., metavar="ID", help="Article id (as shown by query)"),
    index: Optional[Path] = IndexOpt,
    fmt: DocFmt = typer.Option(DocFmt.text, "--format", "-f", help="text|json (json: every stored field)"),
    copies: bool = typer.Option(False, "--copies", help="List the article's near copies instead"),
):
    """Show one cleaned article (or, with --copies, its near copies)."""
    from .render import render_article, render_copies

    ix = _open(index)
    if copies:
        render_copies(ix.copies(article_id), fmt.value, sys.stdout)
        return
    render_article(ix.get(article_id), fmt.value, sys.stdout)


@app.command("stats")
def stats_cmd(
    index: Optional[Path] = IndexOpt,
    fmt: DocFmt = typer.Option(DocFmt.text, "--format", "-f", help="text|json"),
):
    """Articles, date range, sources and size of the index."""
    from .render import render_stats

    render_stats(_open(index).stats().to_dict(), fmt.value, sys.stdout)


def flags(text: str, names=FLAGS) -> str:
    """The library's `parameter` names (of `names`) in a text, as our options."""
    for name in names:
        if name in FLAGS:
            text = text.replace(f"`{name}`", FLAGS[name])
    return text


def message(exc: NewsSearchError) -> str:
    """The error as the command line says it: the library's `parameter` names become our
    options, and a missing or outdated index comes with the command that makes one."""
    text = flags(str(exc), exc.params)
    if isinstance(exc, IndexMissingError):
        command = f"newssearch index [PATH ...] --index {exc.path}"
        if exc.outdated:
            text += f": rebuild it with `{command} --rebuild`"
        elif exc.missing:
            text += f": build one with `{command}`"
    return text


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the app, turns errors into one line and an exit code."""
    api.fast_start()
    try:
        app(args=argv, prog_name="newssearch")
    except NewsSearchError as exc:
        _err(message(exc) if isinstance(exc, Interrupted) else f"error: {message(exc)}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted (the index keeps what was committed; run the same command again to finish)")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except Exception as exc:  # a bug of ours: still no traceback unless asked for
        if os.environ.get("NEWSSEARCH_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set NEWSSEARCH_DEBUG=1 for details)")
        sys.exit(70)


__all__ = ["app", "main"]
