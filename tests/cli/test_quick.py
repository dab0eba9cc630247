"""A plain `newssearch query` starts without what it does not need (typer, click, rich, numpy,
...): the cold start of a one-query process is most of what a script calling newssearch waits
for. Its options are then read by cli/quick.py, which must read every command line it accepts
exactly as the typer app does (and leave every other one to it)."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys

import click
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newssearch.cli import quick
from newssearch.cli.app import app

# never on the path of a plain query (what each costs is in docs/performance.md; hashlib is: Whoosh
# hashes every term it looks up with md5)
NOT_FOR_A_QUERY = ("typer", "click", "rich", "numpy", "importlib.metadata", "urllib.request", "email",
                   "http.client", "ssl", "whoosh.lang.morph_en", "whoosh.qparser", "whoosh.writing",
                   "newssearch.indexing.indexer", "newssearch.ingest.records")


def imported(*args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Runs `python -X importtime -m newssearch ARGS`: the process and the modules it imported."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NEWSSEARCH_INDEX", "NEWSSEARCH_DEBUG")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "newssearch", *args], capture_output=True,
                          text=True, env=full_env, timeout=120)
    modules = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", proc.stderr, re.M))
    assert modules, proc.stderr[-2000:]
    proc.stderr = "".join(line for line in proc.stderr.splitlines(keepends=True)
                          if not line.startswith("import time:"))
    return proc, modules


def loaded(modules: set[str], names) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize("extra", [(), ("-f", "json"), ("--since", "2024-01", "-n", "3", "--sort", "newest"),
                                   ("-f", "csv", "--all")])
def test_a_plain_query_imports_no_typer_click_rich_or_numpy(hostile_index, extra):
    proc, modules = imported("query", "oil", "--index", str(hostile_index), *extra)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert "oil" in proc.stdout.lower() and "id" in proc.stdout
    assert loaded(modules, NOT_FOR_A_QUERY) == []
    assert "whoosh.searching" in modules  # (the query did run)


def test_version_imports_neither_whoosh_nor_typer():
    proc, modules = imported("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("newssearch ")
    assert loaded(modules, ("whoosh", "typer", "click", "rich", "newssearch.api", "importlib.metadata")) == []


def test_what_quick_does_not_read_goes_to_typer(hostile_index):
    """A query word that starts with -, help, a bad value: typer reads them, as before."""
    proc, modules = imported("query", "oil", "-prices", "--index", str(hostile_index))
    assert proc.returncode == 0 and "typer" in modules
    proc, _ = imported("query", "oil", "-n", "0", "--index", str(hostile_index))
    assert (proc.returncode, proc.stderr) == (2, "newssearch: error: --limit must be at least 1\n")


def test_a_query_on_a_missing_index_says_so_in_one_line_without_typer(tmp_path):
    proc, modules = imported("query", "oil", "--index", str(tmp_path / "none"))
    assert proc.returncode == 3 and proc.stderr.count("\n") == 1 and "no index at" in proc.stderr
    assert loaded(modules, ("typer", "click", "rich")) == []


# -- quick.py reads a command line as typer does, or leaves it to typer

def _typer_reads(args: list[str]) -> dict:
    """The arguments the typer app's `query` command hands to quick.query for this command line."""
    got: dict = {}

    def record(*a, **kw):
        got.update(inspect.signature(real).bind(*a, **kw).arguments)

    real, quick.query = quick.query, record
    try:
        typer.main.get_command(app).main(["query", *args], prog_name="newssearch", standalone_mode=False)
    finally:
        quick.query = real
    assert got, args
    return got


def _normal(params: dict) -> dict:
    defaults = {name: p.default for name, p in inspect.signature(quick.query).parameters.items()}
    out = {}
    for name, value in {**defaults, **params}.items():
        if isinstance(value, (tuple, list)) and name != "query":
            value = list(value) or None
        out[name] = value
    return out


def _agree(args: list[str]) -> bool:
    """Whether quick read the command line (then it must be as typer reads it)."""
    mine = quick.parse_query(["query", *args])
    if mine is None:
        return False
    assert _normal(mine) == _normal(_typer_reads(args)), args
    return True


ACCEPTED = [
    ["oil", "prices"],
    ["oil", "--index", "ix", "-n", "5", "--page", "2", "-s", "newest", "-f", "json"],
    ["--source", "Reuters", "oil", "--source", "AP", "--facet", "year", "--facet", "source"],
    ["oil", "--sample", "3", "--seed", "7", "--since", "2024-02", "--until", "yesterday"],
    ["oil", "--all", "-f", "jsonl", "--snippets", "0", "--lenient", "--no-collapse", "--date-order", "dmy"],
    ["oil", "-m", "any", "-i", "ix"],
    ["oil", "-i", "2024", "--index", "2025", "-i", "2024"],  # several indexes searched as one
    ["", "--limit", "007"],
    ["bank of japan", "date:2019", "-p", "12"],
]
LEFT_TO_TYPER = [
    [],  # missing QUERY
    ["oil", "-gold"], ["--", "oil"], ["oil", "-h"], ["oil", "--help"],
    ["oil", "-n5"], ["oil", "--limit=5"], ["oil", "-n", "0"], ["oil", "-n", "x"], ["oil", "-n", "-1"],
    ["oil", "-n", "+5"], ["oil", "-n", " 5"], ["oil", "-n", "٣"], ["oil", "-n"],
    ["oil", "-s", "NEWEST"], ["oil", "-f", "xml"], ["oil", "--seed", "-3"], ["oil", "--since", "-7d"],
    ["oil", "-n", "5", "-n", "6"], ["oil", "--index", ""], ["oil", "--colour"], ["oil", "--lim", "5"],
]


def test_a_phrase_of_common_words_imports_no_numpy(hostile_index):
    """A phrase goes through the pair fields (engine/pairphrase.py): no numpy there either."""
    proc, modules = imported("query", '"the company said"', "--index", str(hostile_index))
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert loaded(modules, NOT_FOR_A_QUERY) == []


@pytest.mark.parametrize("args", ACCEPTED)
def test_quick_reads_the_usual_command_lines_as_typer_does(args):
    assert _agree(args)


@pytest.mark.parametrize("args", LEFT_TO_TYPER)
def test_quick_leaves_the_rest_to_typer(args):
    assert quick.parse_query(["query", *args]) is None


TOKENS = st.sampled_from(
    [name for names, _, _ in quick.QUERY_OPTIONS for name in names]
    + ["-h", "--", "-n5", "--limit=5", "--nope", "-x",  # spellings left to typer
       "5", "0", "1", "-1", "007", "+5", "x", "", "newest", "oldest", "relevance", "NEWEST", "json", "jsonl", "csv",
       "text", "any", "all", "dmy", "2024-02", "year", "source", "ix", "oil", "-gold", "bank of japan", "date:2019"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TOKENS, max_size=8))
def test_quick_and_typer_agree_on_any_command_line(args):
    _agree(args)


def test_quick_knows_each_query_option_as_declared():
    """QUERY_OPTIONS lists app.py's query options: names, flags, repeatable, choices, least numbers."""
    command = typer.main.get_command(app).commands["query"]
    declared = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        kind = param.type
        if param.is_flag:
            what = "flag"
        elif param.multiple:
            what = "paths" if isinstance(kind, click.Path) else "texts"
        elif isinstance(kind, click.Choice):
            what = tuple(str(getattr(c, "value", c)) for c in kind.choices)
        elif isinstance(kind, click.IntRange):
            what = kind.min
        elif isinstance(kind, click.types.IntParamType):
            what = 0 if param.name == "seed" else None  # (seed: only what has no sign is read quickly)
        elif isinstance(kind, click.Path):
            what = "path"
        else:
            what = "text"
        declared[tuple(sorted(param.opts))] = (param.name, what)
    mine = {tuple(sorted(names)): (param, kind) for names, param, kind in quick.QUERY_OPTIONS}
    assert mine == declared


@pytest.mark.parametrize("args", [
    ["oil"], ["oil", "-f", "json", "--facet", "source"], ["oil", "-f", "csv", "-n", "2", "--page", "2"],
    ["oil", "--all", "-f", "jsonl"], ["oil", "--sample", "2", "--seed", "3"], ["cafe", "-m", "any", "--snippets", "1"],
    ["oil", "--seed", "3"], ["oil", "--all"], ["oil", "--since", "nonsense"],  # errors said by the query itself
])
def test_the_quick_path_answers_as_the_typer_app_does(hostile_index, capsys, monkeypatch, args):
    from newssearch.cli import launch
    from newssearch.cli.app import run_app

    monkeypatch.delenv("NEWSSEARCH_INDEX", raising=False)
    line = ["query", *args, "--index", str(hostile_index)]
    assert quick.parse_query(line) is not None
    said = []
    for run in (launch.run, run_app):
        code = run(list(line))
        out, err = capsys.readouterr()
        said.append((code, re.sub(r'\d+ ms\)|"took_ms": [0-9.e-]+', "", out), err))
    assert said[0] == said[1]
