"""Crash safety, proven by killing: `newssearch index` is SIGKILLed at 20 moments spread over a
run (in the first fraction of a second, while it writes, during its last commit), over a first
run, an incremental re-run and a --rebuild. After every kill: no process of the run is left, the
index opens and answers, no article is in it twice and none that the input does not have. After
the kills of each phase, the same command run to the end gives exactly the articles of an
uninterrupted run, and the folder holds no file that its last commit does not name.

The corpus is synthetic and sized to take a few seconds here; NEWSSEARCH_FULL_TESTS=1 runs the
same on Reuters-21578 (tens of seconds per run)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newssearch import NewsIndex

from helpers import REUTERS, ROOT, VOCAB

pytestmark = pytest.mark.slow

FULL = os.environ.get("NEWSSEARCH_FULL_TESTS") == "1"
KILLS = {"first run": 8, "incremental re-run": 6, "rebuild": 6}


def _corpus(path: Path, n: int, seed: int, changed: int = 0) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            body = " ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(60, 160)))
            if i < changed:
                body += " dockworkers walkout"
            out.write(json.dumps({"id": f"k{i}", "title": f"Story {i} " + rnd.choice(VOCAB),
                                  "body": body, "date": f"2024-0{1 + i % 9}-1{i % 10}"}) + "\n")


def _command(corpus: Path, index: Path, *extra: str, every: int = 6000 if FULL else 800) -> list[str]:
    return [sys.executable, "-m", "newssearch", "index", str(corpus), "--index", str(index),
            "--workers", "2", "--commit-every", str(every), *extra]


ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - start


def _kill_at(cmd: list[str], moment: float) -> bool:
    """Start the command, SIGKILL it `moment` seconds later; did it land (the run not over)?"""
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=moment)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def _survivors(token: str) -> list[str]:
    """Processes whose command line holds `token` (the index folder's unique path), after giving
    the kernel a moment to deliver the parent-death signal."""
    for _ in range(40):
        found = subprocess.run(["pgrep", "-f", token], capture_output=True, text=True).stdout.split()
        if not found:
            return []
        time.sleep(0.05)
    return found


def _articles(index: Path) -> list[str]:
    """The ids of every article the index answers with (a list: a duplicate would show)."""
    ix = NewsIndex.open(index)
    total, hits = ix.export("*")
    ids = [h.id for h in hits]
    assert total == len(ids) == ix.stats().articles
    return ids


def _named_by_commit(index: Path) -> set[str]:
    """The files the index needs: those of the segments its newest table of contents names,
    that table, and our side files."""
    from whoosh.index import TOC

    from newssearch.engine.store import MappedStorage

    storage = MappedStorage(str(index))
    ix = storage.open_index()
    toc = ix._read_toc()
    segment_files = {name for name in storage.list()
                     if any(name.startswith(f"{s.segment_id()}.") for s in toc.segments)}
    return segment_files | {TOC._filename("MAIN", toc.generation)}


def _check_after_kill(index: Path, token: str, expected: set[str]) -> None:
    assert _survivors(token) == [], "a process of the killed run is still alive"
    if not NewsIndex.exists(index):
        return  # killed before its first commit made the folder an index
    ids = _articles(index)
    assert len(ids) == len(set(ids)), "an article is in the index twice"
    assert set(ids) <= expected, "the index holds articles the input does not have"
    answer = NewsIndex.open(index).search("*", limit=3, snippets=1)
    assert answer.total == len(ids) and len(answer.hits) == min(3, len(ids))


def _check_complete(index: Path, expected: set[str]) -> None:
    ids = _articles(index)
    assert sorted(ids) == sorted(expected)
    leftovers = {p.name for p in index.iterdir()} - _named_by_commit(index)
    side = {name for name in leftovers if name.startswith("newssearch-") or name == "MAIN_WRITELOCK"}
    assert leftovers - side == set(), "files a killed run left behind were not cleaned"


def test_sigkill_at_twenty_moments_never_loses_or_duplicates_an_article(tmp_path):
    rnd = random.Random(20261203)
    corpus = tmp_path / "corpus.jsonl"
    if FULL:
        if not REUTERS.exists():
            pytest.skip(f"Reuters not found at {REUTERS} (../shared is absent)")
        corpus = REUTERS
        expected = {f"reuters-{i}" for i in range(1, 21579)} - {"reuters-12793"}  # that one has no text
    else:
        _corpus(corpus, 3000, seed=1)
        expected = {f"k{i}" for i in range(3000)}
    reference = tmp_path / "reference"
    took = _run(_command(corpus, reference))
    assert set(_articles(reference)) == expected
    index = tmp_path / f"killed-{os.getpid()}-{rnd.getrandbits(40):x}"
    token = str(index)
    landed = 0

    def phase(cmd: list[str], kills: int, expect: set[str]) -> None:
        nonlocal landed
        # three in the first fraction of a second, two in the last tenth (the final commit)
        moments = [rnd.uniform(0.02, 0.35) for _ in range(3)] + [rnd.uniform(0.88, 0.99) * took for _ in range(2)]
        moments += [rnd.uniform(0.35, 0.88 * took) for _ in range(kills - len(moments))]
        for moment in moments:
            landed += _kill_at(cmd, moment)
            _check_after_kill(index, token, expect)
        _run(cmd)
        _check_complete(index, expect)

    phase(_command(corpus, index), KILLS["first run"], expected)
    if not FULL:  # an incremental re-run: changed bodies and new articles
        _corpus(corpus, 3600, seed=1, changed=300)
        expected = {f"k{i}" for i in range(3600)}
        phase(_command(corpus, index), KILLS["incremental re-run"], expected)
        ix = NewsIndex.open(index)
        assert ix.search("walkout").total == 300
    phase(_command(corpus, index, "--rebuild"), KILLS["rebuild"], expected)
    # re-runs have less to do than the first run, so a late moment can come after their end
    print(f"{landed} of 20 SIGKILLs landed during a run")
    assert landed >= 12, f"only {landed} of 20 kills landed before the run ended"


def test_a_rebuild_killed_before_its_commit_leaves_no_files_behind(tmp_path):
    """The segments a killed --rebuild wrote are named by no commit. A later run with nothing
    to change commits nothing, so Whoosh never cleans them: ours removes them when it starts."""
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 3000, seed=2)
    expected = {f"k{i}" for i in range(3000)}
    index = tmp_path / f"rebuilt-{os.getpid()}"
    _run(_command(corpus, index))
    before = {p.name for p in index.iterdir()}
    size = sum(p.stat().st_size for p in index.iterdir())
    proc = subprocess.Popen(_command(corpus, index, "--rebuild", every=100_000), env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while proc.poll() is None and time.time() < deadline:  # its segments are being written:
        if len({p.name for p in index.iterdir()} - before) >= 10:  # kill before its commit
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not any(p.name.endswith(".toc") and p.name not in before for p in index.iterdir()), "it committed"
    assert _survivors(str(index)) == []
    assert sorted(_articles(index)) == sorted(expected)  # the old index, whole
    _run(_command(corpus, index))  # every article unchanged: nothing to commit
    _check_complete(index, expected)
    assert sum(p.stat().st_size for p in index.iterdir()) < 1.1 * size
