"""One writing run at a time: a second one waits for the lock up to `wait` seconds, then fails in one
line naming the process that holds it; the lock of a killed writer is free at once; a run that
waited reads the index as the first left it (no article added twice); sub-writers whose parent
died before they could ask to die with it leave at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from newssearch import IndexBusyError, NewsIndex
from newssearch.engine.lock import WriteLock

from helpers import ROOT, SEED, synthetic_articles

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))

HOLD = """
import sys, time
from newssearch.engine.lock import WriteLock
lock = WriteLock(sys.argv[1]).acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _holder(index_dir, seconds: float) -> subprocess.Popen:
    """Another process holding the index's write lock for `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(index_dir), str(seconds)], env=ENV,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def index_dir(tmp_path):
    NewsIndex.open(tmp_path / "ix", create=True).index_paths([SEED])
    return tmp_path / "ix"


def test_a_second_writer_gives_up_after_wait_in_one_line_naming_the_holder(index_dir):
    holder = _holder(index_dir, 30)
    try:
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "newssearch", "index", str(SEED), "--index", str(index_dir),
                               "--wait", "1"], env=ENV, capture_output=True, text=True)
        waited = time.monotonic() - start
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 75
    lines = [line for line in done.stderr.splitlines() if "warning" not in line]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr and "LockError" not in done.stderr
    assert f"is being written by process {holder.pid}" in lines[0]
    assert "--wait" in lines[0]
    assert waited >= 1.0


def test_the_api_error_names_its_own_parameter(index_dir):
    holder = _holder(index_dir, 30)
    try:
        with pytest.raises(IndexBusyError, match=r"`wait`") as caught:
            NewsIndex.open(index_dir).add_articles([{"id": "x", "title": "T", "body": "b"}], wait=0.2)
    finally:
        holder.kill()
        holder.wait()
    assert caught.value.params == ("wait",) and str(holder.pid) in str(caught.value)


def test_a_second_writer_goes_on_when_the_first_finishes_within_wait(index_dir):
    holder = _holder(index_dir, 0.8)
    try:
        report = NewsIndex.open(index_dir).add_articles([{"id": "late", "title": "Late story", "body": "b"}], wait=20)
    finally:
        holder.wait()
    assert report.added == 1


def test_the_lock_of_a_killed_writer_is_not_stale(index_dir):
    holder = _holder(index_dir, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    info = json.loads((index_dir / "MAIN_WRITELOCK").read_text())  # its name is still written there
    assert info["pid"] == holder.pid
    start = time.monotonic()
    assert NewsIndex.open(index_dir).add_articles([{"id": "next", "title": "Next", "body": "b"}], wait=0).added == 1
    assert time.monotonic() - start < 5


def test_two_runs_of_the_same_input_at_once_index_each_article_once(tmp_path):
    """The second run waits for the first, then reads what it indexed: nothing is added twice."""
    src = tmp_path / "in.jsonl"
    arts = synthetic_articles(3000, seed=3)
    src.write_text("\n".join(json.dumps(a) for a in arts), encoding="utf-8")
    index_dir = tmp_path / "ix"
    NewsIndex.open(index_dir, create=True)
    cmd = [sys.executable, "-m", "newssearch", "index", str(src), "--index", str(index_dir), "--wait", "120",
           "--format", "json"]
    runs = [subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            for _ in range(2)]
    reports = [json.loads(p.communicate()[0]) for p in runs]
    assert sorted(r["added"] for r in reports) == [0, 3000]
    ix = NewsIndex.open(index_dir)
    total, hits = ix.export("*")
    ids = [h.id for h in hits]
    assert total == len(ids) == len(set(ids)) == 3000


def test_a_held_lock_is_released_and_its_name_cleared(tmp_path):
    lock = WriteLock(tmp_path).acquire()
    assert json.loads(lock.path.read_text())["pid"] == os.getpid()
    with pytest.raises(IndexBusyError):
        WriteLock(tmp_path).acquire(wait=0)
    lock.release()
    assert lock.path.read_text() == ""
    WriteLock(tmp_path).acquire(wait=0).release()


ORPHAN = """
import os, sys, time
from newssearch.engine.write.parallel import _die_with_parent
parent = os.getpid()
if os.fork() == 0:           # the sub-writer, forked ...
    time.sleep(0.5)          # ... and slow to start: its parent is gone before it asks
    print(os.getpid(), flush=True)
    _die_with_parent(parent)
    time.sleep(30)           # an orphan would still be here
    os._exit(0)
os._exit(0)                  # the indexing process dies between the fork and that call
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that does not reap it has exited)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_sub_writer_whose_parent_died_before_it_started_leaves_at_once():
    # The orphan inherits our stdout pipe, which closes only when it exits: an orphan that
    # stayed would hold it open for 30 s (what a program waiting for `newssearch index` saw).
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", ORPHAN], env=ENV, capture_output=True, text=True, timeout=60)
    pid = proc.stdout.strip()
    assert pid.isdigit()
    for _ in range(100):  # its pipes close a moment before it is gone
        if not _alive(int(pid)):
            break
        time.sleep(0.02)
    assert not _alive(int(pid))
    assert time.monotonic() - start < 10, "the orphaned sub-writer outlived its parent"
