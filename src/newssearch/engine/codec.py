"""Our variant of Whoosh's W3 codec: the same files, written and read faster, for our indexes only.

Encoding. Whoosh pickles each block of postings and each article's stored fields with pickle
protocol 2, which predates a bytes opcode: every bytes value (a document's positions, the MinHash
signature) and every datetime is rebuilt on reading through a call to `_codecs.encode`. We write
the current protocol, which stores bytes as bytes; any Python 3.8+ reads both, so indexes written
either way open.

Deflate. Whoosh zlib-compresses every article's stored fields and every larger posting block, at
level 3, a call each. Intel's ISA-L (the `isal` package) writes the same format at its level 1
with about zlib level 3's size in well under half the time, and inflates faster. Any zlib reads
what it writes and it reads what zlib wrote.

Scope. Nothing here changes Whoosh for anyone else in the process: the codec is a subclass, given
to our writers and swapped into the segments of our own indexes when their table of contents is
read (store.py). It pickles as Whoosh's own W3Codec, so the table of contents on disk names stock
Whoosh and any Whoosh 2.7 opens our indexes. Measured figures: docs/performance.md.
"""

from __future__ import annotations

import pickle

from isal import isal_zlib
from whoosh import columns
from whoosh.codec import whoosh3
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte

DEFLATE_LEVEL = 1  # ISA-L's levels are 0-3; its 1 compresses about as well as zlib's 3


def compress(data: bytes, level: int | None = None) -> bytes:
    """zlib's format through ISA-L, at DEFLATE_LEVEL whatever level the caller names."""
    return isal_zlib.compress(data, DEFLATE_LEVEL)


decompress = isal_zlib.decompress


def dumps(obj: object, protocol: int | None = None) -> bytes:
    """A pickle in the current protocol, whatever protocol the caller names (Whoosh asks for 2)."""
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)


class DeflatedBytesColumn(columns.CompressedBytesColumn):
    """Whoosh's compressed bytes column, deflated through ISA-L."""

    def writer(self, dbfile):
        return self.Writer(dbfile)

    def reader(self, dbfile, basepos, length, doccount):
        return self.Reader(dbfile, basepos, length, doccount)

    class Writer(columns.CompressedBytesColumn.Writer):
        def __init__(self, dbfile):
            columns.VarBytesColumn.Writer.__init__(self, dbfile)
            self._level = DEFLATE_LEVEL
            self._compress = compress

    class Reader(columns.CompressedBytesColumn.Reader):
        def __init__(self, dbfile, basepos, length, doccount):
            columns.VarBytesColumn.Reader.__init__(self, dbfile, basepos, length, doccount)
            self._decompress = decompress


class PickleColumn(columns.PickleColumn):
    """Whoosh's pickle column, pickling in the current protocol."""

    class Writer(columns.PickleColumn.Writer):
        def add(self, docnum, v):
            self._child.add(docnum, emptybytes if v is None else dumps(v))


STORED_COLUMN = PickleColumn(DeflatedBytesColumn())  # what W3's STORED_COLUMN is, ours


class NewsPerDocWriter(whoosh3.W3PerDocWriter):
    def _create_column(self, fieldname, column):
        if fieldname == "_stored":
            column = STORED_COLUMN
        super()._create_column(fieldname, column)


class NewsPerDocReader(whoosh3.W3PerDocReader):
    """Opens every column file of its segment at once. Whoosh opens them on first use, and a
    commit of another process may by then have removed a segment it merged away or a rebuild
    replaced: a reader of the older view (an export streaming for minutes) then failed mid-way.
    Opened (memory-mapped) files outlive their removal."""

    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        prefix = f"{segment.segment_id()}."
        for name in storage.list():
            if name.startswith(prefix) and name.endswith(".col"):
                field = name[len(prefix):-len(".col")]
                if field not in self._colfiles:
                    self._colfiles[field] = (storage.open_file(name), 0, storage.file_length(name))

    def has_column(self, fieldname):
        return fieldname in self._colfiles

    def _get_column_file(self, fieldname):
        if fieldname in self._colfiles:
            return self._colfiles[fieldname]
        return super()._get_column_file(fieldname)

    def stored_fields(self, docnum):
        v = self._cached_reader("_stored", STORED_COLUMN)[docnum]
        return {} if v is None else v


class NewsLeafMatcher(whoosh3.W3LeafMatcher):
    """A posting list in blocks, each inflated through ISA-L."""

    def _read_data(self):
        b = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            b = decompress(b)
        self._data = pickle.loads(b)


class NewsPostingsWriter(whoosh3.W3PostingsWriter):
    """Whoosh's posting writer (used when Whoosh's own merge code writes a segment of ours),
    encoding blocks as ours do: the current pickle protocol, deflated through ISA-L."""

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()))
        comp = self._compression
        if comp:
            databytes = compress(databytes, comp)
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp,
                           length_to_byte(self._minlength), length_to_byte(self._maxlength)))
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)  # negative: the last block
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class NewsCodec(whoosh3.W3Codec):
    def postings_writer(self, dbfile, byteids=False):
        return NewsPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                  compression=self._compression, inlinelimit=self._inlinelimit)

    def per_document_writer(self, storage, segment):
        return NewsPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return NewsPerDocReader(storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return NewsLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def __reduce__(self):
        """Pickled (into the table of contents) as the stock codec it writes the format of."""
        return whoosh3.W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


def ours(codec) -> object:
    """The codec to read a segment with: ours for Whoosh's own W3 codec, else as it is."""
    if type(codec) is whoosh3.W3Codec:
        return NewsCodec(codec._blocklimit, codec._compression, codec._inlinelimit)
    return codec
