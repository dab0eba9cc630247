"""Our segment writer writes what Whoosh's writes, byte for byte, for the same documents; and an
index it writes answers the same queries."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from newssearch.engine.documents import article_document
from newssearch.engine.schema import build_schema
from newssearch.engine.write.segmentwriter import FastSegmentWriter
from newssearch.ingest.records import to_article
from newssearch.model import RawRecord

from helpers import synthetic_articles
from whoosh_reference import ReferenceWriter as SegmentWriter


def _documents(n=700):
    docs = []
    for i, rec in enumerate(synthetic_articles(n=n, seed=5)):
        rec["authors"] = ["Maria López", "J. Smith"] if i % 3 == 0 else []
        art = to_article(RawRecord(rec, f"t#{i}", "api"))
        docs.append(article_document(art, f"h{i}", f"b{i}", "", "", b""))
    return docs


def _unusual_documents():
    """Postings pickle differently past 255 and 65,535 (position deltas of 1, 2 and 4 bytes)
    and past 1,000 positions (pickle batches a list's items by the thousand; a last batch of
    one item is written another way)."""
    words = ["oil", "price", "opec", "barrel", "crude"]
    long_body = " ".join(words[i % 5] for i in range(70_000)) + " rare tail"
    docs = [
        {"id": "repeat2001", "title": "Oil", "body": "oil " * 2001 + "end"},
        {"id": "repeat2002", "title": "Oil oil", "body": "oil " * 2002},
        {"id": "repeat1000", "title": "x", "body": "gas " * 1000 + "oil " * 999},
        {"id": "long", "title": "A long one", "body": long_body},
        {"id": "gap", "title": "Gap", "body": "start " + "filler " * 300 + "start " + "pad " * 66_000 + "start"},
        {"id": "empty", "title": "", "body": ""},
        {"id": "boosted", "title": "Oil boost", "body": "oil and gas", "_boost": 2.5},
        # common-word pairs: "the the" repeated past a pickle batch, at both ends, next to
        # punctuation, between CJK character pairs
        {"id": "pairs", "title": "The the", "body": "the " * 1200 + "said. The 北京大学 of the 東京, the"},
    ]
    for doc in docs:  # as article_document gives them: the pair fields hold their text field's text
        doc.update(title_pairs=doc["title"], body_pairs=doc["body"])
    return docs


def _write(folder, cls, docs):
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname="MAIN")
    writer = cls(ix, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return _segment_files(folder)


def test_same_bytes_as_whoosh_for_long_and_repetitive_texts(tmp_path):
    docs = _documents(20)[:10] + _unusual_documents() + _documents(20)[10:]
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "ours").mkdir()
    theirs = _write(tmp_path / "whoosh", SegmentWriter, docs)
    ours = _write(tmp_path / "ours", FastSegmentWriter, docs)
    assert ours.keys() == theirs.keys()
    for name in theirs:
        assert ours[name] == theirs[name], name


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


def _write_then_merge(folder, cls, docs, cuts):
    """Two segments, then the rest of `docs` in a writer that merges them in at commit."""
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname="MAIN")
    for part in (docs[:cuts[0]], docs[cuts[0]:cuts[1]], docs[cuts[1]:]):
        w = cls(ix, compound=False)
        for doc in part:
            w.add_document(**doc)
        w.commit(optimize=part[-1] is docs[-1])  # the last one merges the two earlier segments
    return ix


def test_merging_into_our_writer_keeps_every_document(tmp_path):
    docs = _documents(300)
    ix = _write_then_merge(tmp_path, FastSegmentWriter, docs, (100, 200))
    with ix.searcher() as s:
        assert s.doc_count() == 300 and len(ix._segments()) == 1
        from whoosh import query as wq

        expected = sum(1 for d in docs if "rafah" in d["body"].lower().split() or "rafah" in d["title"].lower().split())
        got = len(list(wq.Or([wq.Term("body", "rafah"), wq.Term("title", "rafah")]).matcher(s).all_ids()))
        assert got >= expected > 0


def test_same_bytes_as_whoosh_when_merging_segments_into_new_documents(tmp_path):
    """A merge hands the writer other segments' postings (Whoosh's pool path) while its own
    documents' words are inverted in bulk: terms found in both are merged in document order."""
    docs = _documents(120) + _unusual_documents()[:2]
    out = {}
    for label, cls in (("whoosh", SegmentWriter), ("ours", FastSegmentWriter)):
        folder = tmp_path / label
        folder.mkdir()
        _write_then_merge(folder, cls, docs, (40, 80))
        out[label] = _segment_files(folder)
    assert out["ours"].keys() == out["whoosh"].keys()
    for name in out["whoosh"]:
        assert out["ours"][name] == out["whoosh"][name], name
