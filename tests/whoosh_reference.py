"""Whoosh's own segment writer, encoding as our codec does (current pickle protocol, ISA-L
deflate), with the two lines postings.py departs from fixed as Whoosh meant them: the reference
our writer's bytes are compared with."""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from newssearch.engine.codec import NewsCodec, NewsPostingsWriter, dumps
from newssearch.engine.write.postings import COMPRESS_FROM, COMPRESSION, INLINE_UP_TO


class _TermInfo(W3TermInfo):
    def to_bytes(self):
        """W3TermInfo.to_bytes, with inline postings pickled as ours are."""
        if not self.is_inlined():
            return super().to_bytes()
        minlength = 0 if self._minlength is None else length_to_byte(self._minlength)
        return self._struct.pack(True, self._weight, self._df, minlength, length_to_byte(self._maxlength),
                                 self._maxweight, self._minid, self._maxid) + dumps(self._inlined)


class _PostingsWriter(NewsPostingsWriter):
    def finish_postings(self):
        # Whoosh: `if not self.written() and len(self) < self._inlinelimit`, then a call to
        # `set_inline`, which W3TermInfo lacks (it has set_inlined)
        if not self.written() and len(self) <= INLINE_UP_TO:
            terminfo = self._terminfo
            terminfo.add_block(self)
            values = self._values or [None] * len(self._ids)  # as a block of a valueless format reads
            terminfo.set_inlined(self._ids, self._weights, values)
            terminfo.__class__ = _TermInfo  # inline postings pickled as ours are
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _write_block(self, last=False):
        # Whoosh: "If the pickle is less than 20 bytes, don't bother compressing", overwritten
        # on the next line; here small blocks are not compressed, from COMPRESS_FROM bytes
        data = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()))
        self._compression = COMPRESSION if len(data) >= COMPRESS_FROM else 0
        super()._write_block(last)


class _Codec(NewsCodec):
    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)


class ReferenceWriter(SegmentWriter):
    """whoosh.writing.SegmentWriter writing with our codec and the fixed posting writer."""

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", _Codec())
        super().__init__(ix, **kwargs)
