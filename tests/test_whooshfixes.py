"""The two fixes to Whoosh: a start-up without urllib/http/email/ssl, and posting blocks written in
a current pickle protocol (fast to read), with indexes of the old protocol still readable."""

import pickle
import subprocess
import sys
import zlib

from newssearch import NewsIndex


def test_importing_newssearch_and_whoosh_leaves_out_urllib():
    code = ("import sys, newssearch, newssearch.search, whoosh.compat\n"
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
    from whoosh.codec import whoosh3

    monkeypatch.setattr(whoosh3, "dumps", lambda obj, protocol=2: pickle.dumps(obj, 2))
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": f"a{i}", "title": "Oil", "body": f"Crude oil prices rose {i} cents."} for i in range(300)])
    assert _first_block(ix, "body", "oil")[:2] == b"\x80\x02"
    monkeypatch.undo()
    assert ix.search('"crude oil prices"', limit=1).total == 300
    assert ix.search("oil -gold", limit=1).total == 300
