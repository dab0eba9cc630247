"""`newssearch query` without typer: its options read by a small reader, and the command itself.

Typer, click and their imports cost a one-query process more than Python's own start-up. This
reader accepts only what it is certain typer reads the same way: each option spelt as declared
(`--limit 5`, `-n 5`, never `-n5` or `--limit=5`), a value that is valid as it stands, a word
that does not start with -. Anything else (help, a bad value, a repeated option, a query word
such as -gold) is left to the typer app (launch.run), so every error message and exit code stays
typer's. QUERY_OPTIONS must list app.py's `query` options as declared:
tests/cli/test_quick.py checks that both read every command line alike.
"""

from __future__ import annotations

from pathlib import Path

from ..api import MATCHES, SORTS
from ..errors import QueryError

FORMATS = ("text", "json", "jsonl", "csv")
# kinds: "paths", "texts" (repeatable), "text", "flag", a choice (tuple), or the least whole number
QUERY_OPTIONS: tuple[tuple[tuple[str, ...], str, object], ...] = (
    (("--index", "-i"), "index", "paths"),  # repeated: several indexes searched as one
    (("--limit", "-n"), "limit", 1),
    (("--page", "-p"), "page", 1),
    (("--sort", "-s"), "sort", SORTS),
    (("--since",), "since", "text"),
    (("--until",), "until", "text"),
    (("--source",), "source", "texts"),
    (("--format", "-f"), "fmt", FORMATS),
    (("--snippets",), "snippets", 0),
    (("--lenient",), "lenient", "flag"),
    (("--facet",), "facet", "texts"),
    (("--sample",), "sample", 1),
    (("--seed",), "seed", 0),  # any integer: a negative one starts with - and goes to typer
    (("--all",), "all_hits", "flag"),
    (("--no-collapse",), "no_collapse", "flag"),
    (("--date-order",), "date_order", "text"),
    (("--match", "-m"), "match", MATCHES),
)
_BY_NAME = {name: (param, kind) for names, param, kind in QUERY_OPTIONS for name in names}


def _value(kind: object, text: str):
    """The option's value as typer gives it, or None when typer should be the one to read it."""
    if text.startswith("-"):
        return None
    if kind == "paths":
        return Path(text) if text else None
    if kind in ("text", "texts"):
        return text
    if isinstance(kind, tuple):
        return text if text in kind else None
    if isinstance(kind, int) and text.isascii() and text.isdigit() and int(text) >= kind:
        return int(text)
    return None


def parse_query(args: list[str]) -> dict | None:
    """The keyword arguments of query() for a `query` command line, or None: not certain (typer
    reads it, and says what is wrong with it)."""
    if not args or args[0] != "query":
        return None
    found: dict = {}
    words: list[str] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        i += 1
        if not arg.startswith("-"):
            words.append(arg)
            continue
        if arg not in _BY_NAME:  # help, --, an option spelt another way, a word such as -gold
            return None
        param, kind = _BY_NAME[arg]
        if kind == "flag":
            found[param] = True
            continue
        if i == len(rest) or (kind not in ("texts", "paths") and param in found):
            return None
        value = _value(kind, rest[i])
        i += 1
        if value is None:
            return None
        if kind in ("texts", "paths"):
            found.setdefault(param, []).append(value)
        else:
            found[param] = value
    if not words:
        return None
    return {"query": words, **found}


def refuse_combinations(fmt: str, all_hits: bool, sample: int | None, seed: int | None, page: int | None,
                        limit: int | None, sort: str | None, facets: list[str] | None) -> None:
    """`query`'s options that cannot work together: an error that names both, never one of
    them silently ignored (None: the option was not given)."""
    def both(first: str, second: str, why: str) -> QueryError:
        return QueryError(f"{first} and {second} cannot be used together: {why}")

    if seed is not None and sample is None:
        raise QueryError("--seed needs --sample (it chooses which random sample)")
    if all_hits:
        if fmt not in ("jsonl", "csv"):
            raise QueryError("--all streams every match: use it with --format jsonl or --format csv")
        for flag, given in (("--sample", sample is not None), ("--facet", bool(facets)),
                            ("--page", page is not None), ("--limit", limit is not None)):
            if given:
                raise both("--all", flag, "--all streams every match, newest first")
        if sort == "relevance":
            raise both("--all", "--sort relevance", "--all streams every match by date (--sort newest or oldest)")
    if sample is not None:
        for flag, given in (("--page", page is not None), ("--limit", limit is not None),
                            ("--sort", sort is not None)):
            if given:
                raise both("--sample", flag, "a sample is shown whole, newest first (--seed draws another)")


def query(query: list[str], index: list[Path] | None = None, limit: int | None = None, page: int | None = None,
          sort: str | None = None, since: str | None = None, until: str | None = None,
          source: list[str] | None = None, fmt: str = "text", snippets: int | None = None,
          lenient: bool = False, facet: list[str] | None = None, sample: int | None = None,
          seed: int | None = None, all_hits: bool = False, no_collapse: bool = False,
          date_order: str | None = None, match: str | None = None) -> None:
    """The `query` command, with its options' values as typer reads them (choices as text)."""
    import sys

    from .. import api
    from .render import render, render_stream

    text = " ".join(query)
    refuse_combinations(fmt, all_hits, sample, seed, page, limit, sort, facet)
    ix = api.NewsIndex.open(index or None)
    if all_hits:
        total, hits = ix.export(text, since=since, until=until, sources=source or (), sort=sort,
                                snippets=snippets or 0, strict=not lenient, date_order=date_order,
                                match=match or "all")
        render_stream(total, hits, fmt, sys.stdout, progress=sys.stderr.isatty())
        return
    result = ix.search(text, limit=limit or sample or 10, page=page or 1, sort=sort,
                       since=since, until=until, sources=source or (), snippets=2 if snippets is None else snippets,
                       strict=not lenient, facets=facet or (), sample=sample, seed=seed or 0,
                       collapse=not no_collapse, date_order=date_order, match=match or "all")
    render(result, fmt, sys.stdout, colour=sys.stdout.isatty() and fmt == "text",
           sample_seed=None if sample is None else seed or 0)
