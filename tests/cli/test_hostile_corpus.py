"""Issue 15, a hostile corpus: a folder of everything that can go wrong (tests/hostile_corpus.py
makes it at run time), indexed by the real command as a subprocess. Every good file's article must
be found, every bad item named in the skip list with its reason, no traceback, peak memory
bounded, and the exit code 1 (something could not be read; everything else was indexed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import hostile_corpus

# The indexing process's own peak (ru_maxrss; 138 MB measured): what it needs for the largest item it reads (a page of
# 2 MiB of markup, a 16 MiB record), never the size of the files (50 MB lines, a 1 GB gzip bomb).
PEAK_MB = 300
# The run is started by a small launcher, not by pytest: Linux counts in a child's ru_maxrss the memory of
# the process it was spawned from (the parent's high-water mark at exec), and pytest's own grows past 300 MB
# in a whole run. The launcher's is a few MB, so the figure it reports is the index run's (and its workers').
LAUNCHER = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, status, usage = os.wait4(p.pid, 0); "
            "open(sys.argv[1], 'w').write(str(usage.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(status))")


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = hostile_corpus.build(root / "in")
    index = root / "ix"
    env = {k: v for k, v in os.environ.items() if k != "NEWSSEARCH_INDEX"}
    out, err = root / "out.json", root / "err.txt"
    peak = root / "peak_kb"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.run([sys.executable, "-c", LAUNCHER, str(peak), sys.executable, "-m", "newssearch", "index",
                               str(root / "in"), "--index", str(index), "--format", "json", "--show-skips", "1000"],
                              stdout=stdout, stderr=stderr, env=env)
    return {"root": root / "in", "index": index, "expected": expected, "code": proc.returncode,
            "stdout": out.read_text(encoding="utf-8", errors="replace"),
            "stderr": err.read_text(encoding="utf-8", errors="replace"), "peak_mb": int(peak.read_text()) / 1024}


def _search(index, query, *options):
    proc = subprocess.run([sys.executable, "-m", "newssearch", "query", query, "--index", str(index), "-f", "json",
                           *options],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout)


def test_no_traceback_and_exit_code_1(hostile_run):
    assert "Traceback" not in hostile_run["stderr"], hostile_run["stderr"][-3000:]
    assert "internal error" not in hostile_run["stderr"], hostile_run["stderr"][-3000:]
    assert hostile_run["code"] == 1, hostile_run["stderr"][-3000:]


def test_every_good_file_is_found(hostile_run):
    words = hostile_run["expected"].good
    hits = _search(hostile_run["index"], " OR ".join(words), "-n", "100", "--snippets", "0", "--no-collapse")["hits"]
    found = {word for hit in hits for word in words if word in hit["title"].lower()}
    missing = {w: what for w, what in words.items() if w not in found}
    assert not missing, f"not indexed: {missing}\n{hostile_run['stderr'][-3000:]}"


def test_every_bad_item_is_named_with_its_reason(hostile_run):
    report = json.loads(hostile_run["stdout"])
    root = str(hostile_run["root"]) + os.sep
    skips = {s["origin"].removeprefix(root): s for s in report["skips"]}
    expected = hostile_run["expected"]
    for origin, reason in expected.bad.items():
        assert origin in skips, f"{origin} not in the skip list: {sorted(skips)}"
        assert reason in skips[origin]["reason"], (origin, skips[origin])
        assert skips[origin]["failed"] is (origin not in expected.benign), (origin, skips[origin])
        assert f"skipped {root}{origin}: " in hostile_run["stderr"]  # and on stderr, one line each
    assert report["failed"] == sum(1 for s in report["skips"] if s["failed"])


def test_decoding_reads_the_words_of_every_encoding(hostile_run):
    for word in ("zürich", "café"):
        hits = _search(hostile_run["index"], word)
        assert hits["total"] >= 1, word
    zurich = _search(hostile_run["index"], "zürich")["total"]
    assert zurich == 3  # UTF-16 with a BOM, little-endian and big-endian without one


def test_peak_memory_is_bounded(hostile_run):
    assert hostile_run["peak_mb"] < PEAK_MB, hostile_run["peak_mb"]
