"""newssearch embeds politely: importing and using it changes nothing for other users of Whoosh or
csv in the same process. An index that stock Whoosh writes after newssearch has indexed and
searched is byte for byte the index it writes in a process that never imported newssearch."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

STOCK_BUILD = """
import random, sys
from whoosh import fields, index
schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT(stored=True),
                       when=fields.DATETIME(stored=True, sortable=True))
random.seed(1)  # Whoosh names segments at random
ix = index.create_in(sys.argv[1], schema)
import datetime
with ix.writer(compound=False) as w:  # a compound file records its parts' modification times
    for i in range(300):
        w.add_document(id=str(i), body=("crude oil prices rose %d cents " % i) * 30,
                       when=datetime.datetime(2024, 1, 1 + i % 28))
"""

USE_NEWSSEARCH = """
import csv, sys
from newssearch import NewsIndex
ix = NewsIndex.open(sys.argv[2], create=True)
ix.index_paths([sys.argv[3]])
assert ix.search('"crude oil"').total == 2
print(csv.field_size_limit())
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_stock_whoosh_after_newssearch_writes_the_same_bytes(tmp_path):
    plain, after = tmp_path / "plain", tmp_path / "after"
    plain.mkdir()
    after.mkdir()
    corpus = tmp_path / "wire.csv"
    corpus.write_text("id,title,body\n1,Oil,Crude oil prices rose\n2,Oil again,Crude oil fell\n")
    env = dict(os.environ, PYTHONHASHSEED="0")  # the schema pickles sets (stop words)
    subprocess.run([sys.executable, "-c", STOCK_BUILD, str(plain)], check=True, env=env)
    out = subprocess.run([sys.executable, "-c", USE_NEWSSEARCH + STOCK_BUILD, str(after), str(tmp_path / "ix"),
                          str(corpus)], check=True, capture_output=True, text=True, env=env).stdout
    assert int(out) == csv.field_size_limit()  # csv's limit is back as it was (the default here)
    ours, theirs = _files(after), _files(plain)
    assert ours.keys() == theirs.keys() and len(ours) >= 2
    assert ours == theirs


def test_importing_newssearch_imports_no_whoosh():
    code = "import sys, newssearch, newssearch.api, newssearch.ingest.sources; print([m for m in sys.modules if m.startswith('whoosh')])"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
