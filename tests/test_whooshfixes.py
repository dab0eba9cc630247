"""The fixes to Whoosh: a start-up without urllib/http/email/ssl, posting blocks written in a current
pickle protocol (fast to read), deflate through ISA-L, with indexes written the old ways still
readable and ours readable by plain zlib."""

import pickle
import subprocess
import sys
import zlib

from newssearch import NewsIndex


def test_importing_newssearch_and_whoosh_leaves_out_urllib():
    code = ("import sys, newssearch, newssearch.search.core, whoosh.compat\n"
            "print('urllib.request' in sys.modules)\n"
            "import urllib.request\n"
            "print(whoosh.compat.urlretrieve is not urllib.request.urlretrieve, callable(urllib.request.urlopen))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]  # not imported; the stand-in defers to the real module


def _first_block(ix, field, text):
    sub, _ = next(iter(ix._searcher().leaf_searchers()))
    m = sub.reader().postings(field, text)
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    return zlib.decompress(raw) if m._compression else raw


def test_posting_blocks_are_written_with_a_current_protocol(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": f"a{i}", "title": "Oil", "body": f"Crude oil prices rose {i} cents."} for i in range(300)])
    block = _first_block(ix, "body", "oil")
    assert block[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])
    assert ix.search('"crude oil prices"', limit=1).total == 300


def test_an_index_written_with_protocol_2_is_still_searched(tmp_path, monkeypatch):
    from whoosh import columns
    from whoosh.codec import whoosh3

    monkeypatch.setattr(whoosh3, "dumps", lambda obj, protocol=2: pickle.dumps(obj, 2))
    monkeypatch.setattr(columns, "dumps", lambda obj, protocol=2: pickle.dumps(obj, 2))
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": f"a{i}", "title": "Oil", "body": f"Crude oil prices rose {i} cents.",
                      "date": "1987-03-02"} for i in range(300)])
    assert _first_block(ix, "body", "oil")[:2] == b"\x80\x02"
    assert zlib.decompress(_stored_raw(ix))[:2] == b"\x80\x02"
    monkeypatch.undo()
    assert ix.search('"crude oil prices"', limit=1).total == 300
    res = ix.search("oil -gold", limit=1)
    assert res.total == 300 and res.hits[0].title == "Oil" and res.hits[0].date.display() == "1987-03-02"


def _stored_raw(ix, docnum=0) -> bytes:
    """An article's stored fields as they are on disk: pickled, then deflated."""
    from whoosh.codec.whoosh3 import STORED_COLUMN
    from whoosh.columns import VarBytesColumn

    sub, _ = next(iter(ix._searcher().leaf_searchers()))
    col = sub.reader()._perdoc._cached_reader("_stored", STORED_COLUMN)
    return VarBytesColumn.Reader.__getitem__(col._child, docnum)


ARTICLES = [{"id": f"a{i}", "title": f"Oil talks {i}", "body": f"Crude oil prices rose {i} cents. " * 20}
            for i in range(300)]


def test_stored_fields_and_blocks_are_deflated_by_isal_and_read_by_plain_zlib(tmp_path):
    from isal import isal_zlib

    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(ARTICLES)
    raw = _stored_raw(ix)
    assert zlib.decompress(raw)[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])  # current protocol
    stored = pickle.loads(zlib.decompress(raw))  # any zlib reads it
    assert stored["title"] == "Oil talks 0" and stored["body"].startswith("Crude oil prices rose 0 cents.")
    assert isal_zlib.compress(zlib.decompress(raw), 1) == raw  # ISA-L wrote it
    sub, _ = next(iter(ix._searcher().leaf_searchers()))
    m = sub.reader().postings("body", "oil")
    assert m._compression  # a block big enough to be deflated, read back by plain zlib
    assert pickle.loads(_first_block(ix, "body", "oil"))[0][:3] == (0, 1, 1)


def test_an_index_deflated_by_zlib_is_still_read(tmp_path, monkeypatch):
    from newssearch.engine import codec as whooshfixes

    monkeypatch.setattr(whooshfixes.deflate, "compress", staticmethod(lambda data, level=3: zlib.compress(data, 3)))
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(ARTICLES)
    raw = _stored_raw(ix)
    assert raw == zlib.compress(zlib.decompress(raw), 3)  # zlib wrote it
    monkeypatch.undo()
    res = NewsIndex.open(tmp_path / "ix").search('"crude oil prices"', limit=1)
    assert res.total == 300 and res.hits[0].title.startswith("Oil talks")
