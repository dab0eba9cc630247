"""End to end through the real command line, as a user (or a script) runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from helpers import SEED


def run(*args, cwd=None, env=None, check=True):
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("NEWSSEARCH_INDEX", None) if env is None or "NEWSSEARCH_INDEX" not in env else None
    proc = subprocess.run([sys.executable, "-m", "newssearch", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def workdir(tmp_path):
    """A folder laid out like the repo: seeds/ holds the seed article, index/ is the default."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds")
    return tmp_path


def test_index_with_no_path_indexes_seeds_into_index(workdir):
    out = run("index", cwd=workdir).stdout
    assert "1 added" in out and "articles/s" in out
    assert (workdir / "index").is_dir()
    again = run("index", cwd=workdir).stdout
    assert "0 added" in again and "1 unchanged" in again


def test_the_readme_example_query(workdir):
    run("index", cwd=workdir)
    out = run("query", "Rafah ground operation", cwd=workdir).stdout
    assert "Hamas Joins Gaza Truce Talks in Cairo" in out
    assert "2024-02-14" in out and "GAZA CITY" in out
    assert "\x1b[" not in out  # piped output stays plain


def test_json_output_contract(workdir):
    run("index", cwd=workdir)
    data = json.loads(run("query", '"ground operation"', "--format", "json", cwd=workdir).stdout)
    assert set(data) == {"query", "total", "page", "limit", "took_ms", "hits", "did_you_mean", "relaxed_hint"}
    assert data["did_you_mean"] is None
    assert (data["query"], data["total"], data["page"], data["limit"]) == ('"ground operation"', 1, 1, 10)
    hit = data["hits"][0]
    assert {"id", "title", "date", "source", "url", "dateline", "score", "snippets"} <= set(hit)
    assert hit["date"] == "2024-02-14" and hit["dateline"] == "GAZA CITY"
    for snip in hit["snippets"]:
        assert [snip["text"][s:e] for s, e in snip["highlights"]] == ["ground operation"]


def test_jsonl_and_csv_outputs(workdir):
    run("index", cwd=workdir)
    lines = run("query", "rafah", "-f", "jsonl", cwd=workdir).stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["dateline"] == "GAZA CITY"
    rows = list(csv.reader(io.StringIO(run("query", "rafah", "-f", "csv", cwd=workdir).stdout)))
    assert rows[0][:4] == ["rank", "id", "title", "date"] and rows[1][0] == "1"


def test_index_env_variable_and_option(workdir, tmp_path):
    other = tmp_path / "elsewhere"
    run("index", "seeds", "--index", str(other), cwd=workdir)
    assert not (workdir / "index").exists()
    out = run("query", "rafah", "-f", "json", cwd=workdir, env={"NEWSSEARCH_INDEX": str(other)}).stdout
    assert json.loads(out)["total"] == 1


@pytest.mark.parametrize("query,needle", [
    ('"ground operation', "unbalanced quotes"),
    ("(rafah", "unbalanced parenthesis"),
    ("colour:red", "unknown field"),
    ("date:1987-02-30", "invalid date"),
])
def test_bad_queries_fail_in_one_line(workdir, query, needle):
    run("index", cwd=workdir)
    proc = run("query", query, cwd=workdir, check=False)
    assert proc.returncode == 2
    assert needle in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_bad_since_and_missing_index_fail_in_one_line(workdir):
    proc = run("query", "rafah", cwd=workdir, check=False)
    assert proc.returncode == 3
    assert proc.stderr == "newssearch: error: no index at index: build one with `newssearch index [PATH ...] --index index`\n"
    run("index", cwd=workdir)
    proc = run("query", "rafah", "--since", "2024-02-30", cwd=workdir, check=False)
    assert proc.returncode == 2 and "invalid date" in proc.stderr


@pytest.mark.parametrize("args,said", [
    (["query", "rafah", "--limit", "0"], "--limit must be at least 1"),
    (["query", "rafah", "--page", "0"], "--page must be at least 1"),
    (["query", "rafah", "--sample", "0"], "--sample must be at least 1"),
    (["query", "rafah", "--since", "2024-03", "--until", "2024-02"], "--since 2024-03 is after --until 2024-02"),
    (["index", "--map", "bdy=story_text"], "--map: unknown field 'bdy'"),
])
def test_option_errors_name_the_option(workdir, args, said):
    run("index", cwd=workdir)
    proc = run(*args, cwd=workdir, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith(f"newssearch: error: {said}")
    assert "`" not in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_star_lists_with_filters(workdir):
    run("index", cwd=workdir)
    data = json.loads(run("query", "*", "--since", "2024-02-01", "-f", "json", cwd=workdir).stdout)
    assert data["total"] == 1
    data = json.loads(run("query", "*", "--since", "2024-02-15", "-f", "json", cwd=workdir).stdout)
    assert data["total"] == 0


def test_show_and_stats(workdir):
    run("index", cwd=workdir)
    hit = json.loads(run("query", "rafah", "-f", "json", cwd=workdir).stdout)["hits"][0]
    text = run("show", hit["id"], cwd=workdir).stdout
    assert text.startswith("Hamas Joins Gaza Truce Talks") and "icon-" not in text
    full = json.loads(run("show", hit["id"], "-f", "json", cwd=workdir).stdout)
    assert full["origin"].endswith("000_5f4929a9ddff8f3a.txt") and full["body"].startswith("Negotiations")
    stats = json.loads(run("stats", "-f", "json", cwd=workdir).stdout)
    assert stats["articles"] == 1 and stats["date_range"]["first"] == "2024-02-14"
    proc = run("show", "nope", cwd=workdir, check=False)
    assert proc.returncode == 1 and "no article with id 'nope'" in proc.stderr


def test_bad_files_are_reported_and_skipped(workdir, corpus_dir):
    proc = run("index", str(corpus_dir), "--map", "body=story_text", cwd=workdir, check=False)
    assert proc.returncode == 1  # two items could not be read (the third, with no text, is no failure)
    assert "10 added" in proc.stdout and "3 skipped" in proc.stdout
    assert "picture.png: unsupported file type .png" in proc.stderr
    assert "wire.jsonl#3: invalid JSON" in proc.stderr
    proc = run("index", "--map", "bodytext", cwd=workdir, check=False)
    assert proc.returncode == 2 and "FIELD=COLUMN" in proc.stderr


def test_index_json_summary(workdir):
    report = json.loads(run("index", "-f", "json", cwd=workdir).stdout)
    assert report["added"] == 1 and report["skipped"] == 0 and report["interrupted"] is False


def test_ctrl_c_during_indexing_exits_cleanly_and_keeps_the_index(workdir, tmp_path):
    run("index", cwd=workdir)
    big = tmp_path / "big.jsonl"
    # enough that no indexing run finishes within the 4 s before the interrupt (20,000 such
    # stories once took longer; they no longer do)
    big.write_text("".join(json.dumps({"id": f"b{i}", "title": f"Story {i}", "body": f"word {i} " * 40}) + "\n"
                           for i in range(150_000)))
    # SIGINT back to its default in the child: a runner started in the background (`cmd &` in a
    # non-interactive shell) passes SIGINT down as ignored, and Python keeps it so.
    proc = subprocess.Popen([sys.executable, "-m", "newssearch", "index", str(big)], cwd=workdir,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    data = json.loads(run("query", "rafah", "-f", "json", cwd=workdir).stdout)
    assert data["total"] == 1


def test_python_dash_m_and_console_script_agree(workdir):
    exe = shutil.which("newssearch", path=os.path.dirname(sys.executable))
    if exe is None:
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "query" in proc.stdout and "index" in proc.stdout


def test_a_query_is_echoed_as_typed_in_its_error(workdir):
    run("index", cwd=workdir)
    proc = run("query", "`limit` (", cwd=workdir, check=False)
    assert proc.returncode == 2 and "(in query '`limit` (')" in proc.stderr


def test_a_missing_path_is_an_error_and_makes_no_index(workdir):
    proc = run("index", "nowhere.jsonl", cwd=workdir, check=False)
    assert proc.returncode == 1 and "no such file or folder: nowhere.jsonl" in proc.stderr
    assert not (workdir / "index").exists()


def test_lenient_queries_get_no_suggestion_built_from_broken_syntax(workdir):
    run("index", cwd=workdir)
    out = json.loads(run("query", "rafha (", "--lenient", "-f", "json", cwd=workdir).stdout)
    assert out["did_you_mean"] is None


def test_match_any_and_the_hint_when_no_article_has_every_word(workdir):
    run("index", cwd=workdir)
    proc = run("query", "rafah zeppelin", cwd=workdir)
    assert "No article has every word; 1 has some of them (--match any ranks them)." in proc.stdout
    data = json.loads(run("query", "rafah zeppelin", "--match", "any", "-f", "json", cwd=workdir).stdout)
    assert data["total"] == 1 and data["relaxed_hint"] is None
    bad = run("query", "rafah", "--match", "some", cwd=workdir, check=False)
    assert bad.returncode == 2
