"""The index on disk: segment files read through memory maps give what plain files give."""

from __future__ import annotations

import random

from whoosh.filedb.filestore import FileStorage

from newssearch import NewsIndex
from newssearch.engine.store import MappedFile, MappedStorage

from helpers import synthetic_articles, whoosh_index


def test_an_opened_index_reads_its_segments_through_maps(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(synthetic_articles(n=60, seed=3))
    reopened = NewsIndex.open(tmp_path / "ix")
    assert isinstance(whoosh_index(reopened).storage, MappedStorage)
    res = reopened.search("oil", limit=100, collapse=False)
    plain = FileStorage(str(tmp_path / "ix")).open_index(indexname="MAIN")
    with plain.searcher() as s:
        from whoosh.qparser import MultifieldParser

        expected = {s.stored_fields(d)["id"] for d in
                    s.search(MultifieldParser(["title", "body"], plain.schema).parse("oil"),
                             limit=None).docs()}
    assert res.total == len(expected) > 0 and {h.id for h in res.hits} == expected


def test_mapped_reads_match_plain_reads_anywhere_in_a_file(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(synthetic_articles(n=40, seed=5))
    mapped, plain = MappedStorage(str(tmp_path / "ix")), FileStorage(str(tmp_path / "ix"))
    name = max(plain.list(), key=plain.file_length)  # the largest segment file
    size = plain.file_length(name)
    rnd = random.Random(1)
    with mapped.open_file(name) as m, plain.open_file(name) as p:
        assert isinstance(m, MappedFile)
        for _ in range(200):
            pos, length = rnd.randrange(size), rnd.randrange(1, 600)
            assert m.get(pos, length) == p.get(pos, length)  # also past the end: shorter
            at = rnd.randrange(size - 8)
            assert m.get_array(at, "I", 2) == p.get_array(at, "I", 2)
        m.seek(3)
        p.seek(3)
        assert (m.read_varint(), m.read(5), m.tell()) == (p.read_varint(), p.read(5), p.tell())


def test_an_empty_file_opens_as_a_plain_file(tmp_path):
    (tmp_path / "empty.col").write_bytes(b"")
    f = MappedStorage(str(tmp_path)).open_file("empty.col")
    assert not isinstance(f, MappedFile) and f.read() == b""
    f.close()


def test_a_compound_segment_written_by_stock_whoosh_is_read_through_the_map(tmp_path):
    """Stock Whoosh's writer packs a segment into one .seg file (older indexes have them too)."""
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    arts = synthetic_articles(n=80, seed=3)
    ix.add_articles(arts[:40])
    ix.add_articles(arts[40:])
    before = ix.search("oil", limit=100, collapse=False)
    w = FileStorage(str(tmp_path / "ix")).open_index(indexname="MAIN").writer()
    w.commit(optimize=True)  # one compound segment
    assert [p.suffix for p in (tmp_path / "ix").glob("*.seg")] == [".seg"]
    after = NewsIndex.open(tmp_path / "ix").search("oil", limit=100, collapse=False)
    assert after.total == before.total > 0
    assert [(h.id, h.title) for h in after.hits] == [(h.id, h.title) for h in before.hits]
    assert after.hits[0].snippets


def test_an_index_naming_a_moved_class_is_outdated_and_only_a_rebuilds_commit_replaces_it(tmp_path):
    """The schema pickled in an index names our analyzer by its module path; an index of an
    older layout names a module that is gone: say so (and how to fix it), never a traceback; and a
    rebuild keeps the old articles until its own first commit replaces them."""
    import pytest

    from newssearch.errors import IndexMissingError, MissingInputError

    NewsIndex.open(tmp_path / "ix", create=True).add_articles(synthetic_articles(n=5, seed=1))
    toc = next((tmp_path / "ix").glob("*.toc"))
    old = toc.read_bytes()
    assert b"newssearch.engine.analyzer" in old
    toc.write_bytes(old.replace(b"newssearch.engine.analyzer", b"newssearch.retired.analyzr"))
    assert NewsIndex.exists(tmp_path / "ix")
    with pytest.raises(IndexMissingError, match="built by an older newssearch") as err:
        NewsIndex.open(tmp_path / "ix")
    assert err.value.outdated
    upgrading = NewsIndex.open(tmp_path / "ix", upgrade=True)
    with pytest.raises(MissingInputError):
        upgrading.index_paths([tmp_path / "nowhere"], rebuild=True)
    assert NewsIndex.open(tmp_path / "ix", upgrade=True).stats().articles == 5  # nothing lost
    report = upgrading.add_articles(synthetic_articles(n=3, seed=2), rebuild=True)
    assert report.added == 3 and NewsIndex.open(tmp_path / "ix").stats().articles == 3


def test_an_index_made_by_another_version_of_the_analysis_is_outdated(tmp_path, monkeypatch):
    """A change to how text becomes terms (NFKC, folding, stemming) leaves an old index's terms
    spelled otherwise than today's queries: it says it is outdated instead of missing matches."""
    import pytest

    from newssearch.errors import IndexMissingError
    from newssearch.text import analysis

    NewsIndex.open(tmp_path / "ix", create=True).add_articles(synthetic_articles(n=5, seed=1))
    assert NewsIndex.open(tmp_path / "ix").stats().articles == 5
    monkeypatch.setattr(analysis, "VERSION", analysis.VERSION + 1)
    with pytest.raises(IndexMissingError, match="built by an older newssearch") as err:
        NewsIndex.open(tmp_path / "ix")
    assert err.value.outdated
    NewsIndex.open(tmp_path / "ix", upgrade=True).add_articles(synthetic_articles(n=5, seed=1), rebuild=True)
    assert NewsIndex.open(tmp_path / "ix").stats().articles == 5


def test_a_run_removes_what_killed_writers_left_and_nothing_of_the_users(tmp_path):
    """An index may share its folder with other files: only the temporary names our writers make
    are removed when a run starts (a `*.tmp` of the user's once went with them)."""

    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "draft.tmp").write_text("mine")
    (folder / "work.tmp").mkdir()
    (folder / "work.tmp" / "notes.txt").write_text("mine too")
    ix = NewsIndex.open(folder, create=True)
    ix.add_articles([{"id": "a", "title": "First", "body": "one"}])
    (folder / "MAIN.tmp").mkdir()  # a killed writer's temporary folder
    (folder / "MAIN.tmp" / "run.tmp").write_text("x")
    (folder / "_MAIN_9.toc.1733240000.5").write_text("half written")
    (folder / "newssearch-words.txt.tmp4242").write_text("half written")
    ix.add_articles([{"id": "b", "title": "Second", "body": "two"}])
    names = {p.name for p in folder.iterdir()}
    assert {"draft.tmp", "work.tmp"} <= names and (folder / "work.tmp" / "notes.txt").exists()
    assert not names & {"MAIN.tmp", "_MAIN_9.toc.1733240000.5", "newssearch-words.txt.tmp4242"}
    assert ix.search("*").total == 2


def test_opening_an_index_and_a_first_search_read_its_table_of_contents_twice_at_most(tmp_path, monkeypatch):
    """A one-query process opens the index once: reading the table of contents (and unpickling
    its schema) once per field, as the version check did, is start-up time for nothing."""
    from newssearch.engine.store import NewsFileIndex

    NewsIndex.open(tmp_path / "ix", create=True).add_articles(synthetic_articles(n=20, seed=3))
    reads = []
    real = NewsFileIndex._read_toc
    monkeypatch.setattr(NewsFileIndex, "_read_toc", lambda self: reads.append(1) or real(self))
    assert NewsIndex.open(tmp_path / "ix").search("oil").total > 0
    assert len(reads) <= 2
