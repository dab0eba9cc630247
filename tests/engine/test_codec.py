"""Our codec: posting blocks and stored fields in the current pickle protocol (fast to read),
deflated through ISA-L; indexes written by stock Whoosh still read, ours read by plain zlib and
stock Whoosh, and the CLI's lighter Whoosh import."""

import pickle
import subprocess
import sys
import zlib

from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from newssearch import NewsIndex
from newssearch.engine.documents import article_document
from newssearch.engine.schema import build_schema
from newssearch.ingest.records import to_article
from newssearch.model import RawRecord

from helpers import whoosh_searcher

ARTICLES = [{"id": f"a{i}", "title": f"Oil talks {i}", "body": f"Crude oil prices rose {i} cents. " * 20,
             "date": "1987-03-02"} for i in range(300)]


def test_the_command_lines_whoosh_import_leaves_out_urllib():
    code = ("import sys, newssearch.api\n"
            "newssearch.api.fast_start()\n"
            "import newssearch.search.core, whoosh.compat\n"
            "print('urllib.request' in sys.modules)\n"
            "import urllib.request\n"
            "print(whoosh.compat.urlretrieve is not urllib.request.urlretrieve, callable(urllib.request.urlopen))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]  # not imported; the stand-in defers to the real module


def test_the_command_lines_whoosh_import_defers_morph_en(tmp_path):
    """A query never calls it; what calls it gets the real function."""
    NewsIndex.open(tmp_path / "ix", create=True).add_articles(ARTICLES[:3])
    code = ("import sys, newssearch.api\n"
            "newssearch.api.fast_start()\n"
            f"ix = newssearch.api.NewsIndex.open({str(tmp_path / 'ix')!r})\n"
            "assert ix.search('oil').total == 3 and ix.search('\"crude oil prices\" -gas').total == 3\n"
            "print([m for m in ('whoosh.lang.morph_en', 'urllib.request') if m in sys.modules])\n"
            "from whoosh.query import terms\n"
            "import whoosh.lang.morph_en\n"
            "print(sorted(terms.variations('rises')) == sorted(whoosh.lang.morph_en.variations('rises')),\n"
            "      terms.variations is not whoosh.lang.morph_en.variations)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True True"]


def _first_block(ix, field, text):
    sub, _ = next(iter(whoosh_searcher(ix).leaf_searchers()))
    m = sub.reader().postings(field, text)
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    return zlib.decompress(raw) if m._compression else raw


def _stored_raw(ix, docnum=0) -> bytes:
    """An article's stored fields as they are on disk: pickled, then deflated."""
    from whoosh.codec.whoosh3 import STORED_COLUMN
    from whoosh.columns import VarBytesColumn

    sub, _ = next(iter(whoosh_searcher(ix).leaf_searchers()))
    col = sub.reader()._perdoc._cached_reader("_stored", STORED_COLUMN)
    return VarBytesColumn.Reader.__getitem__(col._child, docnum)


def test_posting_blocks_are_written_with_a_current_protocol(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": f"a{i}", "title": "Oil", "body": f"Crude oil prices rose {i} cents."} for i in range(300)])
    block = _first_block(ix, "body", "oil")
    assert block[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])
    assert ix.search('"crude oil prices"', limit=1).total == 300


def test_stored_fields_and_blocks_are_deflated_by_isal_and_read_by_plain_zlib(tmp_path):
    from isal import isal_zlib

    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles(ARTICLES)
    raw = _stored_raw(ix)
    assert zlib.decompress(raw)[:2] == b"\x80" + bytes([pickle.HIGHEST_PROTOCOL])  # current protocol
    stored = pickle.loads(zlib.decompress(raw))  # any zlib reads it
    assert stored["title"] == "Oil talks 0" and stored["body"].startswith("Crude oil prices rose 0 cents.")
    assert isal_zlib.compress(zlib.decompress(raw), 1) == raw  # ISA-L wrote it
    sub, _ = next(iter(whoosh_searcher(ix).leaf_searchers()))
    assert sub.reader().postings("body", "oil")._compression  # a block big enough to be deflated
    assert pickle.loads(_first_block(ix, "body", "oil"))[0][:3] == (0, 1, 1)  # read back by plain zlib


def test_an_index_written_by_stock_whoosh_is_searched(tmp_path):
    """Protocol-2 pickles and zlib deflate, as Whoosh writes them (and as older indexes have them)."""
    folder = tmp_path / "ix"
    folder.mkdir()
    stock = whoosh_index.create_in(str(folder), build_schema(), indexname="MAIN")
    writer = SegmentWriter(stock, compound=False)
    for n, rec in enumerate(ARTICLES):
        article = to_article(RawRecord(rec, f"t#{n}", "api"))
        writer.add_document(**article_document(article, f"h{n}", f"b{n}", ""))
    writer.commit()
    ix = NewsIndex.open(folder)
    assert _first_block(ix, "body", "oil")[:2] == b"\x80\x02"
    raw = _stored_raw(ix)
    assert raw == zlib.compress(zlib.decompress(raw), 3) and zlib.decompress(raw)[:2] == b"\x80\x02"
    assert ix.search('"crude oil prices"', limit=1).total == 300
    res = ix.search("oil -gold", limit=1)
    assert res.total == 300 and res.hits[0].title.startswith("Oil talks") and res.hits[0].date.display() == "1987-03-02"


def test_stock_whoosh_reads_our_index(tmp_path):
    """Our table of contents names Whoosh's own codec (nothing of ours but the analyzer class of
    the schema), so plain Whoosh opens our index and finds what we find."""
    NewsIndex.open(tmp_path / "ix", create=True).add_articles(ARTICLES[:150])
    toc = next((tmp_path / "ix").glob("*.toc")).read_bytes()
    assert b"W3Codec" in toc and b"NewsCodec" not in toc
    code = ("import sys\n"
            "from whoosh import index, query\n"
            "ix = index.open_dir(sys.argv[1], indexname='MAIN')\n"
            "with ix.searcher() as s:\n"
            "    hits = s.search(query.Term('body', 'oil'), limit=3)\n"
            "    found = list(s.docs_for_query(query.Term('body', 'crude')))\n"
            "    print(len(found), hits[0]['title'].startswith('Oil talks'))\n"
            "print(sorted(m for m in sys.modules if m.startswith('newssearch')))\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ix")], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0] == "150 True"
    assert out[1] == "['newssearch', 'newssearch.engine', 'newssearch.engine.analyzer', 'newssearch.text', " \
                     "'newssearch.text.analysis', 'newssearch.text.commongrams', 'newssearch.text.marks', " \
                     "'newssearch.text.stopwords']"
