"""Our segment writer writes what Whoosh's writes, byte for byte, for the same documents; and an
index it writes answers the same queries."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from newssearch.indexer import article_document
from newssearch.records import RawRecord, to_article
from newssearch.schema import build_schema
from newssearch.segmentwriter import FastSegmentWriter

from conftest import synthetic_articles


def _documents(n=700):
    docs = []
    for i, rec in enumerate(synthetic_articles(n=n, seed=5)):
        rec["authors"] = ["Maria López", "J. Smith"] if i % 3 == 0 else []
        art = to_article(RawRecord(rec, f"t#{i}", "api"))
        docs.append(article_document(art, f"h{i}", f"b{i}", "", "", b""))
    return docs


def _segment_files(folder):
    """{file name without the segment's random id: bytes} of the index's one segment."""
    ix = whoosh_index.open_dir(str(folder), indexname="MAIN")
    [seg] = ix._segments()
    name = seg.segment_id()
    return {p.name.replace(name, "SEG"): p.read_bytes() for p in folder.iterdir() if name in p.name}


@pytest.mark.parametrize("n", [5, 700])
def test_same_bytes_as_whoosh(tmp_path, n):
    docs = _documents(n)
    files = {}
    for label, cls in (("whoosh", SegmentWriter), ("ours", FastSegmentWriter)):
        folder = tmp_path / label
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema(), indexname="MAIN")
        writer = cls(ix, compound=False)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        files[label] = _segment_files(folder)
    assert files["ours"].keys() == files["whoosh"].keys()
    for name in files["whoosh"]:
        assert files["ours"][name] == files["whoosh"][name], name


def test_merging_into_our_writer_keeps_every_document(tmp_path):
    docs = _documents(300)
    ix = whoosh_index.create_in(str(tmp_path), build_schema(), indexname="MAIN")
    for part in (docs[:100], docs[100:200]):
        w = FastSegmentWriter(ix, compound=False)
        for doc in part:
            w.add_document(**doc)
        w.commit()
    w = FastSegmentWriter(ix, compound=False)
    for doc in docs[200:]:
        w.add_document(**doc)
    w.commit(optimize=True)  # merges the two earlier segments through this writer's pool
    with ix.searcher() as s:
        assert s.doc_count() == 300 and len(ix._segments()) == 1
        from whoosh import query as wq

        expected = sum(1 for d in docs if "rafah" in d["body"].lower().split() or "rafah" in d["title"].lower().split())
        got = len(list(wq.Or([wq.Term("body", "rafah"), wq.Term("title", "rafah")]).matcher(s).all_ids()))
        assert got >= expected > 0
