"""Measured fixes to Whoosh: a lighter import, posting blocks in a current pickle protocol, and a
faster deflate.

Import: `whoosh.compat` imports `urllib.request` (and with it http.client, email, ssl: about 30 ms,
an eighth of a one-query process) for a `urlretrieve` that Whoosh only uses to download
dictionaries. Whoosh is imported here with a stand-in that imports the real function when called.

Encoding:

Whoosh pickles each block of postings (ids, weights and each document's positions) with pickle
protocol 2, which predates a bytes opcode: every document's positions in a block are rebuilt on
reading through a call to `_codecs.encode`. Unpickling a 128-posting block of "said" from the
Reuters index took 120 us that way, and reading a common word's postings dominated phrase
queries. Protocol 5 stores bytes as bytes; any Python 3.8+ reads both, so older indexes still open.
Stored fields (a pickled dict per article, protocol 2 in Whoosh, where a datetime also goes through
`_codecs.encode`) are pickled the same way: on Reuters 0.33 -> 0.23 s to write, 0.25 -> 0.17 s
to read back, 10% smaller.

Deflate: Whoosh zlib-compresses every article's stored fields and every larger posting block, at
level 3, a call each. Intel's ISA-L (the `isal` package) writes the same format: its level 1 gave
the size of zlib's level 3 on Reuters' stored fields in well under half the time (11 against 26-34
us an article), and it inflates about a fifth faster. Any zlib reads what it writes, and it reads
what zlib wrote, so indexes stay Whoosh's (tests/test_whooshfixes.py).
"""

from __future__ import annotations

import pickle
import sys
import types


def _import_whoosh_lightly() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real  # the real module: the stand-in is gone

        return real(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_whoosh_lightly()

from isal import isal_zlib  # noqa: E402
from whoosh import columns  # noqa: E402
from whoosh.codec import whoosh3  # noqa: E402

DEFLATE_LEVEL = 1  # ISA-L's levels are 0-3; its 1 compresses about as well as zlib's 3


class deflate:
    """zlib's compress / decompress (the names Whoosh calls) through ISA-L; compress uses ISA-L's
    level 1 whatever level Whoosh asks for (it asks for 3, and never calls it for level 0)."""

    @staticmethod
    def compress(data, level=None) -> bytes:
        return isal_zlib.compress(data, DEFLATE_LEVEL)

    decompress = staticmethod(isal_zlib.decompress)


def _compressed_writer_init(self, dbfile, level, module):
    columns.VarBytesColumn.Writer.__init__(self, dbfile)
    self._level = level
    self._compress = deflate.compress if module == "zlib" else __import__(module).compress


def _compressed_reader_init(self, dbfile, basepos, length, doccount, module):
    columns.VarBytesColumn.Reader.__init__(self, dbfile, basepos, length, doccount)
    self._decompress = deflate.decompress if module == "zlib" else __import__(module).decompress


def _dumps(obj, protocol=None) -> bytes:
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)


def apply() -> None:
    """Make Whoosh's codec write posting blocks and stored fields with the current pickle
    protocol, and deflate (posting blocks, stored fields, compressed columns) through ISA-L."""
    whoosh3.dumps = columns.dumps = _dumps
    whoosh3.zlib = columns.zlib = deflate
    columns.CompressedBytesColumn.Writer.__init__ = _compressed_writer_init
    columns.CompressedBytesColumn.Reader.__init__ = _compressed_reader_init


apply()
