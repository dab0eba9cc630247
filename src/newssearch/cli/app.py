"""The command line: a thin typer layer over `newssearch.api.NewsIndex`, one command per call.

launch.py is the entry point (a plain query starts there without typer: quick.py) and says
failures (exit codes in its docstring). The library names its own parameters in its errors
(`limit`); launch.FLAGS says which option of ours each one is. Options that cannot work together
are refused, never ignored.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import click
import typer

from .. import api
from ..errors import Interrupted, MissingInputError, QueryError
from . import launch, quick
from .args import protect_dashed_words, usage_error
from .launch import FLAGS, err, flags, message
from .output import clean, to_json

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Full-text search for news archives: exact phrases, exact dates, highlighted snippets.",
)


def _show_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        typer.echo(f"newssearch {version('newssearch')}")
        raise typer.Exit()


@app.callback()
def _top(_version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Show the version and exit.")):
    """Full-text search for news archives: exact phrases, exact dates, highlighted snippets."""

IndexOpt = typer.Option(None, "--index", "-i", help="Index folder [default: $NEWSSEARCH_INDEX or ./index]")
IndexesOpt = typer.Option(None, "--index", "-i", help="Index folder [default: $NEWSSEARCH_INDEX or ./index]; "
                                                      "repeat it to search several indexes as one")
DateOrderOpt = typer.Option(None, "--date-order", help="dmy|mdy: how to read a date such as 4.3.1987")
MatchOpt = typer.Option(None, "--match", "-m",
                        help="all: every word required [default]; any: rank articles with any of the words")


Fmt = Enum("Fmt", [(f, f) for f in quick.FORMATS], type=str)  # type: ignore[misc]


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


def _open(index: Optional[List[Path]], create: bool = False, upgrade: bool = False) -> api.NewsIndex:
    """The index (or indexes, --index repeated) a command reads or writes."""
    return api.NewsIndex.open(index or None, create=create, upgrade=upgrade)


_err = err


@app.command("index")
def index_cmd(
    paths: List[Path] = typer.Argument(None, help="Files or folders to index [default: seeds/]"),
    index: List[Path] = IndexOpt,
    rebuild: bool = typer.Option(False, "--rebuild", help="Start over: drop everything indexed before."),
    field_map: List[str] = typer.Option(None, "--map", help="Field mapping, e.g. --map body=story_text"),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", min=1,
                                          help="Worker processes [default: all cores]"),
    fmt: DocFmt = typer.Option(DocFmt.text, "--format", "-f", help="Summary as text or json"),
    show_skips: int = typer.Option(10, "--show-skips", min=0, help="How many skipped items to list on stderr"),
    date_order: Optional[str] = typer.Option(
        None, "--date-order", help="dmy|mdy: numeric dates such as 05/06/2018 when a file does not show the order"),
    columns: Optional[str] = typer.Option(
        None, "--columns", help="Column names of CSV files without a header row, e.g. id,title,body,date"),
    wait: float = typer.Option(5.0, "--wait", min=0, help="Seconds to wait for another run writing to the index"),
    commit_every: Optional[int] = typer.Option(
        None, "--commit-every", min=1, help="Commit every N articles [default: 100000]: a killed run keeps them"),
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
                                wait=wait, commit_every=commit_every,
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
        typer.echo(to_json(report.to_dict(), sys.stdout, indent=2))
    else:
        typer.echo(index_summary(report))
    if report.articles == 0 and report.skipped == 0:
        _err(f"nothing to index under {', '.join(str(p) for p in paths)}")
        raise typer.Exit(1)
    if report.failed:  # something could not be read (listed above); everything else was indexed
        raise typer.Exit(1)


def _progress_reporter():
    """A progress bar on stderr when it is a terminal; no-ops otherwise."""
    if not sys.stderr.isatty():
        return None, None, lambda: None
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    prog = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn(),
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
        state["file"] = clean(str(path))[-60:]

    return progress, on_file, prog.stop


@app.command("query")
def query_cmd(
    query: List[str] = typer.Argument(..., metavar="QUERY",
                                      help='Query, e.g. \'"ground operation" rafah date:2024-02\' or \'*\'; '
                                           'several words are one query'),
    index: List[Path] = IndexesOpt,
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Hits per page [default: 10]"),
    page: Optional[int] = typer.Option(None, "--page", "-p", min=1, help="Page number [default: 1]"),
    sort: Optional[Sort] = typer.Option(None, "--sort", "-s",
                                        help="relevance|newest|oldest [default: relevance; newest for '*']"),
    since: Optional[str] = typer.Option(None, "--since",
                                        help="From this day (inclusive): 2024-02-01, 2024-02, 7d, yesterday"),
    until: Optional[str] = typer.Option(None, "--until", help="Through this day (inclusive)"),
    source: List[str] = typer.Option(None, "--source", help="Only this source (repeatable)"),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="text|json|jsonl|csv"),
    snippets: Optional[int] = typer.Option(None, "--snippets", min=0,
                                           help="Fragments per hit [default: 2; 0 with --all]"),
    lenient: bool = typer.Option(False, "--lenient", help="Search the words of a query that cannot be parsed"),
    facet: List[str] = typer.Option(None, "--facet", help="Count all matches by source|author|month|year (repeatable)"),
    sample: Optional[int] = typer.Option(None, "--sample", min=1, help="A random sample of N matching articles"),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed of --sample (same seed, same sample) [default: 0]"),
    all_hits: bool = typer.Option(False, "--all", help="Stream every matching article (with -f jsonl or csv)"),
    no_collapse: bool = typer.Option(False, "--no-collapse", help="Show every near copy of a story as its own hit"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """Search the index. A word that starts with - excludes it: newssearch query rafah -lebanon."""
    quick.query(query, index=index, limit=limit, page=page, sort=sort.value if sort else None, since=since,
                until=until, source=source, fmt=fmt.value, snippets=snippets, lenient=lenient, facet=facet,
                sample=sample, seed=seed, all_hits=all_hits, no_collapse=no_collapse, date_order=date_order,
                match=match.value if match else None)


@app.command("timeline")
def timeline_cmd(
    queries: List[str] = typer.Argument(..., help="One or more queries, compared side by side"),
    index: List[Path] = IndexesOpt,
    by: Optional[By] = typer.Option(None, "--by", help="day|week|month|year [default: from the span]"),
    since: Optional[str] = typer.Option(None, "--since", help="From this day (inclusive)"),
    until: Optional[str] = typer.Option(None, "--until", help="Through this day (inclusive)"),
    source: List[str] = typer.Option(None, "--source", help="Only this source (repeatable)"),
    fmt: TableFmt = typer.Option(TableFmt.text, "--format", "-f", help="text|json|csv"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw a chart to FILE.png or FILE.svg"),
    share: bool = typer.Option(False, "--share", help="Chart the share of all articles, not counts (with --plot)"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """Attention over time: matching articles per period, with all articles and the share."""
    from .render import render_timeline

    if share and plot is None:
        raise QueryError("--share needs --plot (it charts shares instead of counts)")
    if plot is not None:
        from .plot import check_chart_path

        check_chart_path(plot)  # before the work, not after the table
    tl = _open(index).timeline(queries, by=by.value if by else None, since=since, until=until,
                               sources=source or (), date_order=date_order, match=_value(match))
    render_timeline(tl, fmt.value, sys.stdout)
    if plot is not None:
        from .plot import plot_timeline

        plot_timeline(tl, plot, share=share)
        _err(f"chart written to {plot}")


@app.command("terms")
def terms_cmd(
    query: List[str] = typer.Argument(..., metavar="QUERY", help="Query whose matching articles are described"),
    index: List[Path] = IndexesOpt,
    top: int = typer.Option(20, "--top", min=1, help="How many words and how many phrases"),
    since: Optional[str] = typer.Option(None, "--since"),
    until: Optional[str] = typer.Option(None, "--until"),
    source: List[str] = typer.Option(None, "--source"),
    fmt: TableFmt = typer.Option(TableFmt.text, "--format", "-f", help="text|json|csv"),
    date_order: Optional[str] = DateOrderOpt,
    match: Optional[Match] = MatchOpt,
):
    """The most characteristic words and two-word phrases of the matching articles."""
    from .render import render_terms

    found = _open(index).terms(" ".join(query), top=top, since=since, until=until, sources=source or (),
                               date_order=date_order, match=_value(match))
    render_terms(found, fmt.value, sys.stdout)


@app.command("similar")
def similar_cmd(
    article_id: str = typer.Argument(..., metavar="ID", help="Article id"),
    index: List[Path] = IndexesOpt,
    limit: int = typer.Option(10, "--limit", "-n", min=1),
    fmt: Fmt = typer.Option(Fmt.text, "--format", "-f", help="text|json|jsonl|csv"),
):
    """Articles most like one article (its own copies left out)."""
    from .render import render

    result = _open(index).similar(article_id, limit=limit)
    render(result, fmt.value, sys.stdout, colour=sys.stdout.isatty() and fmt is Fmt.text)


@app.command("show")
def show_cmd(
    article_id: str = typer.Argument(..., metavar="ID", help="Article id (as shown by query)"),
    index: List[Path] = IndexesOpt,
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
    index: List[Path] = IndexesOpt,
    fmt: DocFmt = typer.Option(DocFmt.text, "--format", "-f", help="text|json"),
):
    """Articles, date range, sources and size of the index (and of each, with several --index)."""
    from .render import render_stats

    render_stats(_open(index).stats().to_dict(), fmt.value, sys.stdout)


def run_app(args: list[str]) -> int:
    """Runs one command line through the typer app (launch.run sends it here) and returns its exit
    code; a usage error is said in one line with a usage hint on a second."""
    group = typer.main.get_command(app)
    try:
        return launch.outcome(
            lambda: group.main(args=protect_dashed_words(group, args), prog_name="newssearch", standalone_mode=False),
            passthrough=(click.ClickException,), interrupts=(click.Abort,))
    except click.exceptions.NoArgsIsHelpError as exc:  # the help (typer's rich help has printed it)
        if exc.message:
            typer.echo(exc.message)
        return 2
    except click.UsageError as exc:
        sys.stderr.write("\n".join(usage_error(exc)) + "\n")
        return 2
    except click.ClickException as exc:
        _err(f"error: {exc.format_message()}")
        return exc.exit_code


run = launch.run  # every command line, a plain query without typer
main = launch.main

from . import serving  # noqa: E402,F401  (declares the serve command on `app`)

__all__ = ["app", "main", "run", "FLAGS", "flags", "message"]
