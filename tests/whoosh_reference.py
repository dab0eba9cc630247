"""Whoosh's own segment writer, with the two lines postings.py departs from fixed as Whoosh meant
them: the reference our writer's bytes are compared with."""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, dumps
from whoosh.writing import SegmentWriter

from newssearch.engine.write.postings import COMPRESS_FROM, COMPRESSION, INLINE_UP_TO


class _PostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        # Whoosh: `if not self.written() and len(self) < self._inlinelimit`, then a call to
        # `set_inline`, which W3TermInfo lacks (it has set_inlined)
        if not self.written() and len(self) <= INLINE_UP_TO:
            terminfo = self._terminfo
            terminfo.add_block(self)
            values = self._values or [None] * len(self._ids)  # as a block of a valueless format reads
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _write_block(self, last=False):
        # Whoosh: "If the pickle is less than 20 bytes, don't bother compressing", overwritten
        # on the next line; here small blocks are not compressed, from COMPRESS_FROM bytes
        data = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 2)
        self._compression = COMPRESSION if len(data) >= COMPRESS_FROM else 0
        super()._write_block(last)


class _Codec(W3Codec):
    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)


class ReferenceWriter(SegmentWriter):
    """whoosh.writing.SegmentWriter writing postings with the fixed posting writer."""

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", _Codec())
        super().__init__(ix, **kwargs)
