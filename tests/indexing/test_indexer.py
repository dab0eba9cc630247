import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid

import pytest

from newssearch import NewsIndex
from newssearch.cli.render import index_summary
from newssearch.errors import MissingInputError, NotFoundError
from newssearch.indexing import vocabulary
from newssearch.indexing.indexer import BATCH
from newssearch.text.analysis import WORD_RE, fold

from helpers import ROOT, SEED, whoosh_index


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_reindexing_unchanged_input_adds_nothing(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    first = ix.index_paths([SEED])
    again = ix.index_paths([SEED])
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)
    assert ix.stats().articles == 1


def test_changed_article_is_updated_not_duplicated(tmp_path):
    src = tmp_path / "a.jsonl"
    write_jsonl(src, [{"id": "1", "title": "Old headline", "body": "Talks stalled."},
                      {"id": "2", "title": "Other", "body": "Nothing new."}])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([src])
    write_jsonl(src, [{"id": "1", "title": "New headline", "body": "Talks resumed."},
                      {"id": "2", "title": "Other", "body": "Nothing new."}])
    report = ix.index_paths([src])
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert ix.stats().articles == 2
    assert ix.search("stalled").total == 0
    assert [h.title for h in ix.search("resumed").hits] == ["New headline"]


def test_exact_duplicates_are_recognised_and_counted(tmp_path):
    src = tmp_path / "d.jsonl"
    body = "The central bank raised rates by half a point on Thursday."
    write_jsonl(src, [{"id": "a", "title": "Bank raises rates", "body": body},
                      {"id": "b", "title": "Rates up", "body": "  " + body.upper() + " "},
                      {"id": "c", "title": "Other", "body": "Different text."}])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert report.duplicates == 1
    assert ix.get("b")["duplicate_of"] == "a"
    assert ix.get("a")["duplicate_of"] == ""


def test_rebuild_starts_over(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "gone", "title": "Old story", "body": "To be dropped."}])
    report = ix.index_paths([SEED], rebuild=True)
    assert report.added == 1
    assert ix.stats().articles == 1
    with pytest.raises(NotFoundError):
        ix.get("gone")


def test_every_skip_is_counted_with_its_reason(tmp_path, corpus_dir):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([corpus_dir])
    assert report.skipped == 3
    assert report.skip_reasons == {"unsupported file type .png": 1, "invalid JSON": 1,
                                   "no text (empty title and body)": 1}
    assert "3 skipped" in index_summary(report)


def test_a_missing_input_path_is_an_error_and_nothing_is_written(tmp_path, corpus_dir):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    with pytest.raises(MissingInputError, match="no such file or folder: .*missing"):
        ix.index_paths([corpus_dir, tmp_path / "missing"])
    assert ix.stats().articles == 0


def test_repeated_ids_in_one_run_keep_the_first(tmp_path):
    src = tmp_path / "r.jsonl"
    write_jsonl(src, [{"id": "x", "title": "First", "body": "one"}, {"id": "x", "title": "Second", "body": "two"}])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert report.added == 1 and report.skip_reasons["repeated id"] == 1
    assert ix.get("x")["title"] == "First"
    again = ix.index_paths([src, src], rebuild=True)  # a rebuild tells repeats by its own versions
    assert again.added == 1 and again.skip_reasons["repeated id"] == 3
    assert ix.get("x")["title"] == "First" and ix.stats().articles == 1


def test_parallel_writing_gives_the_same_index_as_serial(tmp_path):
    n = 3 * BATCH
    src = tmp_path / "many.jsonl"
    write_jsonl(src, [{"id": f"n{i}", "title": f"Story {i}", "body": f"Body of story number {i}. GAZA CITY: x",
                       "date": f"2024-02-{1 + i % 28:02d}"} for i in range(n)])
    serial = NewsIndex.open(tmp_path / "s", create=True)
    parallel = NewsIndex.open(tmp_path / "p", create=True)
    assert serial.index_paths([src], workers=1).added == n
    assert parallel.index_paths([src], workers=2).added == n
    assert len(whoosh_index(parallel)._segments()) == 2  # one segment per sub-writer
    for q in ['"story number 77"', "* date:2024-02-03", "body", "gaza"]:
        a, b = serial.search(q, limit=n), parallel.search(q, limit=n)
        assert a.total == b.total > 0
        assert sorted(h.id for h in a.hits) == sorted(h.id for h in b.hits)
    # equal dates are ordered by id, whatever the segment layout
    a, b = serial.search("*", limit=100), parallel.search("*", limit=100)
    assert [h.id for h in a.hits] == [h.id for h in b.hits]
    # the wildcard vocabulary (written by the sub-writers in a parallel run): every folded word of
    # every title and body, as a brute-force pass over the stored articles finds them
    expected = set()
    for i in range(n):
        art = serial.get(f"n{i}")
        expected |= {fold(w) for w in WORD_RE.findall(art["title"] + " " + art["body"])}
    assert set(vocabulary.load(tmp_path / "s")) == set(vocabulary.load(tmp_path / "p")) == expected
    assert parallel.search("numb*").total == n


def test_parallel_run_stores_content_hashes_and_updates_in_place(tmp_path):
    """In a parallel run the documents (content hash included) travel to the sub-writers: a
    re-run must find every article unchanged, and a run changing them all must replace, not add."""
    n = 2 * BATCH + 100
    src = tmp_path / "many.jsonl"
    records = [{"id": f"n{i}", "title": f"Story {i}", "body": f"Port strike day {i} in Rotterdam.",
                "date": "2024-03-01"} for i in range(n)]
    write_jsonl(src, records)
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    assert ix.index_paths([src], workers=2).added == n
    again = ix.index_paths([src], workers=2)
    assert (again.unchanged, again.added, again.updated) == (n, 0, 0)
    write_jsonl(src, [dict(r, body=r["body"].replace("Port strike", "Dock walkout")) for r in records])
    changed = ix.index_paths([src], workers=2)
    assert (changed.updated, changed.added) == (n, 0)
    assert ix.search("walkout", limit=1).total == n
    assert ix.search("strike", limit=1).total == 0
    assert ix.search("*", limit=1).total == n


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_killed_indexing_run_leaves_an_index_that_opens_and_rerun_completes(tmp_path, workers):
    """SIGKILL an indexing process mid-run, open what is left, then finish with a re-run.
    With workers=2 the parallel sub-writers must die with it, not linger as orphans."""
    src = tmp_path / "big.jsonl"
    n = 3000
    rnd = random.Random(9)
    vocab = [f"w{k}" for k in range(3000)]
    write_jsonl(src, [{"id": f"k{i}", "title": f"Kill test story {i}",
                       "body": " ".join(rnd.choice(vocab) for _ in range(120))} for i in range(n)])
    index_dir = tmp_path / "ix"
    NewsIndex.open(index_dir, create=True).add_articles([{"id": "before", "title": "Committed before", "body": "safe"}])
    token = f"killtest{uuid.uuid4().hex}"
    code = (
        f"import sys; from newssearch import NewsIndex  # {token}\n"
        "ix = NewsIndex.open(sys.argv[1])\n"
        f"ix.index_paths([sys.argv[2]], commit_every=1000, workers={workers})"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", code, str(index_dir), str(src)], env=env)
    deadline = time.time() + 60
    # wait until at least one commit landed, then kill in the middle of the rest
    while time.time() < deadline and NewsIndex.open(index_dir).stats().articles < 1001:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    leftover = subprocess.run(["pgrep", "-f", token], capture_output=True, text=True).stdout.split()
    assert leftover == [], "sub-writer processes outlived the killed indexer"
    ix = NewsIndex.open(index_dir)
    partial = ix.stats().articles
    assert 1 < partial < n + 1  # killed after a commit, before the end
    assert ix.search("committed").total == 1
    report = ix.index_paths([src])
    assert report.added + report.unchanged == n
    assert NewsIndex.open(index_dir).stats().articles == n + 1


def test_batches_reach_the_sub_writers_through_the_queue_in_the_current_pickle_protocol():
    """Whoosh writes each batch to a job file, a pickle per document in protocol 2, where every
    bytes value and datetime goes through `_codecs.encode`; ours is one current-protocol pickle
    in the job queue, and the sub-writer adds the very documents that were queued."""
    import pickle
    import queue
    from datetime import datetime

    from newssearch.engine.write.parallel import NewsSubWriterTask, ParallelWriter

    class Parent:  # what _enqueue uses of an MpWriter
        def __init__(self):
            self.docbuffer = [(0, {"id": f"a{i}", "minhash": bytes(range(i, i + 64)), "facet_source": b"Reuters",
                                   "date": datetime(1987, 3, 1 + i, 12, 30)}) for i in range(3)]
            self.tasks, self.procs, self.jobqueue = [object()], 1, queue.Queue()

    class Writer:  # what _process_file uses of a sub-writer's segment writer
        def __init__(self):
            self.added = []

        def add_document(self, **fields):
            self.added.append(fields)

    parent = Parent()
    expected = [args for _, args in parent.docbuffer]
    ParallelWriter._enqueue(parent)
    payload, count = parent.jobqueue.get_nowait()
    assert count == 3 and parent.docbuffer == []
    assert payload[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])
    task = NewsSubWriterTask.__new__(NewsSubWriterTask)
    task.writer = Writer()
    task._process_file(payload, count)
    assert task.writer.added == expected
