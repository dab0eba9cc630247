"""Posting lists written in one call (postings.py) read back through Whoosh's own readers as what
the documents say: every term's documents, weights and positions, inline single postings and
multi-block lists alike; and stock Whoosh can merge the segments."""

from __future__ import annotations

from collections import defaultdict

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.writing import SegmentWriter

from newssearch.engine.analyzer import stemming_analyzer
from newssearch.engine.schema import build_schema
from newssearch.engine.write.postings import BLOCK_LIMIT, COMPRESS_FROM
from newssearch.engine.write.segmentwriter import FastSegmentWriter
from newssearch.model import TITLE_BOOST


def _documents():
    """Words in 1, 2, 128, 129 and 300 documents (block edges), repeated words, a boosted one."""
    docs = []
    for i in range(300):
        words = ["common"] * (1 + i % 3) + [f"unique{i}"]
        if i < 2:
            words.append("twice")
        if i < BLOCK_LIMIT:
            words.append("fullblock")
        if i < BLOCK_LIMIT + 1:
            words.append("overblock")
        doc = {"id": f"d{i}", "title": f"Story {i}", "body": " ".join(words)}
        if i == 7:
            doc["_boost"] = 2.5
        docs.append(doc)
    return docs


def _write(folder, docs, cls=FastSegmentWriter):
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname="MAIN")
    writer = cls(ix, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _expected(docs, field, boost=1.0):
    """{term: {docnum: (weight, positions)}} by brute force over the analyzer's tokens."""
    analyzer = stemming_analyzer()
    out = defaultdict(dict)
    for docnum, doc in enumerate(docs):
        positions = defaultdict(list)
        for tok in analyzer(doc[field], positions=True):
            positions[tok.text].append(tok.pos)
        for term, pos in positions.items():
            out[term][docnum] = (len(pos) * boost * doc.get("_boost", 1.0), pos)
    return out


def _read(reader, field, term):
    m = reader.postings(field, term)
    got = {}
    while m.is_active():
        got[m.id()] = (m.weight(), m.value_as("positions"))
        m.next()
    return got, m


def test_every_term_reads_back_as_the_documents_say(tmp_path):
    docs = _documents()
    ix = _write(tmp_path, docs)
    with ix.reader() as reader:
        for field, boost in (("body", 1.0), ("title", TITLE_BOOST)):
            expected = _expected(docs, field, boost)
            assert {t for f, t in reader.all_terms() if f == field} == {t.encode() for t in expected}
            for term, postings in expected.items():
                got, _ = _read(reader, field, term)
                assert got == postings, (field, term)
                info = reader.term_info(field, term)
                assert info.doc_frequency() == len(postings)
                assert info.weight() == sum(w for w, _ in postings.values())
                assert info.max_weight() == max(w for w, _ in postings.values())
                assert (info.min_id(), info.max_id()) == (min(postings), max(postings))


def test_a_single_posting_is_inline_and_longer_lists_are_blocks(tmp_path):
    docs = _documents()
    ix = _write(tmp_path, docs)
    with ix.reader() as reader:
        assert reader.term_info("body", "unique5").is_inlined()
        assert isinstance(reader.postings("body", "unique5"), ListMatcher)
        assert reader.term_info("id", "d5").is_inlined()
        assert [d for d in reader.postings("id", "d5").all_ids()] == [5]
        for term, blocks in (("twice", 1), ("fullblock", 1), ("overblock", 2), ("common", 3)):
            m = reader.postings("body", term)
            assert isinstance(m, W3LeafMatcher)
            n = 1
            while not m._lastblock:
                m._next_block()
                n += 1
            assert n == blocks, term


def test_only_blocks_worth_it_are_compressed(tmp_path):
    ix = _write(tmp_path, _documents())
    with ix.reader() as reader:
        small = reader.postings("body", "twice")  # two postings: a few dozen bytes
        big = reader.postings("body", "common")  # 128 postings with positions
        assert small._compression == 0
        assert big._compression > 0
        for m, n in ((small, 2), (big, BLOCK_LIMIT)):  # both read back through Whoosh's reader
            m._read_data()
            assert len(m._data[2]) == n
        # the small one's stored bytes are its pickle, under the threshold
        fresh = reader.postings("body", "twice")
        assert fresh._nextoffset - fresh._dataoffset < COMPRESS_FROM


def test_stock_whoosh_merges_our_segments_without_losing_a_posting(tmp_path):
    """MpWriter's merge of small segments runs Whoosh's own writer over ours: inline postings
    (ids, rare words) must come through it."""
    docs = _documents()
    ix = whoosh_index.create_in(str(tmp_path), build_schema(), indexname="MAIN")
    for part in (docs[:100], docs[100:200]):
        w = FastSegmentWriter(ix, compound=False)
        for doc in part:
            w.add_document(**doc)
        w.commit()
    w = SegmentWriter(ix, compound=False)
    for doc in docs[200:]:
        w.add_document(**doc)
    w.commit(optimize=True)
    assert len(ix._segments()) == 1
    expected = _expected(docs, "body")
    with ix.searcher() as s:
        reader = s.reader()
        original = {docnum: int(reader.stored_fields(docnum)["id"][1:]) for docnum in reader.all_doc_ids()}
        assert sorted(original.values()) == list(range(300))
        for i in (0, 150, 299):
            [docnum] = wq.Term("id", f"d{i}").matcher(s).all_ids()
            assert original[docnum] == i
        for term in ("unique0", "unique150", "twice", "overblock", "common"):
            got, _ = _read(reader, "body", term)
            assert {original[d]: v for d, v in got.items()} == expected[term], term
