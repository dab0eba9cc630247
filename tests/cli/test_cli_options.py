"""The command line as people expect it: -h and --version, option errors in one line, values
out of range and options that cannot combine refused (never ignored), query words that start
with '-', and an exit code for each kind of failure."""

from __future__ import annotations

import json
from importlib.metadata import version

import pytest

from helpers import SEED, run_process

COMMANDS = ["index", "query", "timeline", "terms", "similar", "show", "stats"]
BOX = set("╭╮╰╯│─")


def test_version():
    proc = run_process("--version")
    assert proc.returncode == 0 and proc.stdout.decode() == f"newssearch {version('newssearch')}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dash_h_is_help_on_every_command(call, command):
    args = [command, "-h"] if command else ["-h"]
    code, out, err = call(*args)
    assert code == 0 and err == ""
    assert "Usage: newssearch" in out and ("--help" in out and "-h" in out)
    assert call(*args[:-1], "--help")[1] == out


@pytest.mark.parametrize("args,said", [
    (["query", "rafah", "--limt", "3"], "no such option --limt (did you mean --limit?)"),
    (["query", "rafah", "-f", "xml"], "--format: 'xml' is not one of 'text', 'json', 'jsonl', 'csv'"),
    (["query", "rafah", "--limit", "ten"], "--limit: 'ten' is not a valid integer"),
    (["query", "rafah", "--sort", "best"], "--sort: 'best' is not one of 'relevance', 'newest', 'oldest'"),
    (["query"], "missing argument QUERY"),
    (["query", "rafah", "--limit"], "--limit needs a value"),
    (["qurey", "rafah"], "no such command 'qurey' (did you mean query?)"),
    (["find", "rafah"], "no such command 'find' (the commands: index, query, timeline, terms, similar, show, stats, serve)"),
    (["show", "a", "b"], "unexpected extra argument: b"),
    (["stats", "--rebuild"], "no such option --rebuild"),
])
def test_option_errors_are_one_line_and_a_usage_hint(call, args, said):
    code, out, err = call(*args)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"newssearch: error: {said}", err
    assert len(lines) <= 2 and not set(err) & BOX
    if len(lines) == 2:
        assert lines[1].startswith("usage: newssearch ") and lines[1].endswith("(-h for help)")


@pytest.mark.parametrize("args,said", [
    (["index", "--workers", "0"], "--workers must be at least 1"),
    (["index", "-j", "-2"], "--workers must be at least 1"),
    (["terms", "rafah", "--top", "-1"], "--top must be at least 1"),
    (["terms", "rafah", "--top", "0"], "--top must be at least 1"),
    (["query", "rafah", "-n", "0"], "--limit must be at least 1"),
    (["query", "rafah", "-p", "0"], "--page must be at least 1"),
    (["query", "rafah", "--snippets", "-1"], "--snippets must be at least 0"),
    (["query", "rafah", "--sample", "0"], "--sample must be at least 1"),
    (["similar", "x", "-n", "0"], "--limit must be at least 1"),
    (["index", "--wait", "-1"], "--wait must be at least 0"),
    (["index", "--commit-every", "0"], "--commit-every must be at least 1"),
    (["index", "--show-skips", "-1"], "--show-skips must be at least 0"),
])
def test_values_out_of_range_are_refused_before_any_work(call, tmp_path, monkeypatch, args, said):
    monkeypatch.chdir(tmp_path)  # no index here: the option is wrong before that matters
    code, out, err = call(*args)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"newssearch: error: {said}"
    assert not (tmp_path / "index").exists()


@pytest.fixture
def seeded(tmp_path):
    from newssearch import NewsIndex

    NewsIndex.open(tmp_path / "ix", create=True).index_paths([SEED])
    return str(tmp_path / "ix")


@pytest.mark.parametrize("extra,said", [
    (["--sample", "3"], "--all and --sample cannot be used together"),
    (["--facet", "source"], "--all and --facet cannot be used together"),
    (["-p", "2"], "--all and --page cannot be used together"),
    (["-n", "5"], "--all and --limit cannot be used together"),
    (["--sort", "relevance"], "--all and --sort relevance cannot be used together"),
    (["--seed", "4"], "--seed needs --sample"),
    (["-f", "text"], "--all streams every match: use it with --format jsonl or --format csv"),
])
def test_options_that_cannot_combine_with_all_are_refused(call, seeded, extra, said):
    code, out, err = call("query", "rafah", "--all", "-f", "csv", *extra, "--index", seeded)
    assert (code, out) == (2, "")
    assert err.startswith(f"newssearch: error: {said}") and len(err.splitlines()) == 1, err


def test_all_still_takes_what_it_can_use(call, seeded):
    code, out, _ = call("query", "rafah", "--all", "-f", "jsonl", "--sort", "oldest", "--snippets", "1",
                        "--no-collapse", "--index", seeded)
    assert code == 0 and len(json.loads(out)["snippets"]) == 1


@pytest.mark.parametrize("extra,said", [
    (["-p", "2"], "--sample and --page cannot be used together"),
    (["-n", "5"], "--sample and --limit cannot be used together"),
    (["--sort", "oldest"], "--sample and --sort cannot be used together"),
])
def test_a_sample_is_shown_whole(call, seeded, extra, said):
    code, out, err = call("query", "rafah", "--sample", "3", *extra, "--index", seeded)
    assert (code, out) == (2, "")
    assert err.startswith(f"newssearch: error: {said}") and len(err.splitlines()) == 1, err


def test_a_sample_says_it_is_a_sample(call, seeded):
    code, out, _ = call("query", "rafah", "--sample", "3", "--seed", "5", "--index", seeded)
    assert code == 0
    assert out.splitlines()[0].startswith("1 article matches 'rafah' (a random sample of 1, seed 5, ")
    assert "1. Hamas Joins Gaza" in out
    code, out, _ = call("query", "*", "--sample", "3", "-f", "json", "--index", seeded)
    data = json.loads(out)
    assert (data["page"], data["limit"], len(data["hits"])) == (1, 3, 1)  # a sample of at most 3: here 1


def test_share_needs_a_plot(call, seeded):
    code, out, err = call("timeline", "rafah", "--share", "--index", seeded)
    assert (code, out) == (2, "") and err == "newssearch: error: --share needs --plot (it charts shares instead of counts)\n"


@pytest.mark.parametrize("args,query", [
    (["query", "-gold"], "-gold"),
    (["query", "-gold oil"], "-gold oil"),
    (["query", "-gold", "oil"], "-gold oil"),
    (["query", "rafah", "-lebanon"], "rafah -lebanon"),
    (["query", "-n", "1", "-lebanon", "-f", "json", "gaza"], "-lebanon gaza"),
    (["query", "--", "-lebanon"], "-lebanon"),
    (["query", "-s", "newest", "-israel"], "-israel"),  # not --index srael
    (["query", "-nato"], "-nato"),  # not --limit ato
])
def test_a_query_may_start_with_a_minus(call, seeded, args, query):
    code, out, err = call(args[0], "-f", "json", "--index", seeded, *args[1:])
    assert code == 0, err
    assert json.loads(out)["query"] == query


def test_dashed_words_are_query_words_for_timeline_and_terms(call, seeded):
    code, out, err = call("timeline", "gaza", "-lebanon", "-f", "json", "--index", seeded)
    assert code == 0, err
    assert json.loads(out)["queries"] == ["gaza", "-lebanon"]
    code, out, err = call("terms", "-lebanon", "gaza", "-f", "json", "--index", seeded)
    assert code == 0 and json.loads(out)["query"] == "-lebanon gaza"


def test_options_written_together_with_their_value_still_work(call, seeded):
    code, out, _ = call("query", "rafah", "-n1", "-fjson", "--index", seeded)
    assert code == 0 and json.loads(out)["limit"] == 1


def test_an_unknown_long_option_suggests_dashes(call, seeded):
    code, out, err = call("query", "--gold", "--index", seeded)
    assert code == 2
    assert err.splitlines()[0] == ("newssearch: error: no such option --gold (a query that starts with - goes "
                                   "after --: newssearch query -- --gold)")


# --- exit codes: each one the README documents --------------------------------------------------

def test_exit_0_1_2_3(tmp_path):
    ix = str(tmp_path / "ix")
    assert run_process("query", "rafah", "--index", ix).returncode == 3  # no index
    assert run_process("index", str(SEED), "--index", ix).returncode == 0
    assert run_process("query", "rafah", "--index", ix).returncode == 0
    cases = {
        ("show", "nope"): 1,  # unknown article id
        ("similar", "nope"): 1,
        ("index", str(tmp_path / "nowhere.jsonl")): 1,  # a missing input path
        ("query", '"rafah'): 2,  # a query that cannot be parsed
        ("query", "rafah", "--since", "2024-02-30"): 2,  # an impossible date
        ("query", "rafah", "--limt", "2"): 2,  # an unknown option
        ("query", "rafah", "--all"): 2,  # options that cannot combine
    }
    for args, code in cases.items():
        proc = run_process(*args, "--index", ix)
        assert proc.returncode == code, (args, proc.stderr)
        assert len(proc.stderr.splitlines()) <= 2 and proc.stderr.startswith(b"newssearch: error: ")


def test_exit_3_for_an_outdated_index(tmp_path):
    from newssearch import NewsIndex

    NewsIndex.open(tmp_path / "ix", create=True).index_paths([SEED])
    toc = next((tmp_path / "ix").glob("*.toc"))
    toc.write_bytes(toc.read_bytes().replace(b"newssearch.engine.analyzer", b"newssearch.retired.analyzr"))
    proc = run_process("query", "rafah", "--index", str(tmp_path / "ix"))
    assert proc.returncode == 3 and b"--rebuild" in proc.stderr and len(proc.stderr.splitlines()) == 1


@pytest.mark.parametrize("fault,code,said", [
    ("KeyboardInterrupt()", 130, "newssearch: interrupted\n"),
    ("RuntimeError('a bug')", 70, "newssearch: internal error: RuntimeError: a bug (set NEWSSEARCH_DEBUG=1 "
                                  "for details)\n"),
    ("PermissionError(13, 'Permission denied', 'ix/x.seg')", 1,
     "newssearch: error: Permission denied: ix/x.seg\n"),
])
def test_exit_130_when_interrupted_70_for_a_bug_1_for_the_system(seeded, fault, code, said):
    import subprocess
    import sys

    script = ("import sys, newssearch.api as api\n"
              "def search(self, *a, **k):\n"
              f"    raise {fault}\n"
              "api.NewsIndex.search = search\n"
              "from newssearch.cli import main\n"
              "main(sys.argv[1:])\n")
    proc = subprocess.run([sys.executable, "-c", script, "query", "rafah", "--index", seeded],
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (code, said)
