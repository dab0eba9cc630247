"""A term's posting list in Whoosh's W3 format, written in one call instead of one per posting.

Whoosh's posting writer takes postings one at a time, checks each, keeps block statistics per
posting and writes a block through several small file writes; writing a segment spent most of its
time there. Here a term's blocks are laid out from its arrays
and written with one file write, and its term info is packed directly. The layout is W3's:

    posting list = b"W3Bl" + block ...
    block        = int32 length (negative for the last block) + pickled info + data
    info         = (postings, last id, max weight, compression, min length byte, max length byte)
    data         = pickled (id deltas, weights or one weight or None, values), maybe zlib'd

Two things differ from what Whoosh 2.7.4's writer does, both meant by Whoosh and both read by
its reader as they are:

- A term with a single posting is kept inline in its term info (`inlinelimit`; Whoosh's writer
  calls a misspelt method and crashes when asked to). Half the terms of a news index are ids and
  cluster ids that occur once; each saves a block and a seek when read.
- A block whose pickle is under COMPRESS_FROM bytes is not zlib'd (Whoosh means to skip small
  ones, but a later line overwrites that). Most such blocks grow when compressed, and each
  compress call costs time.

tests/engine/test_segmentwriter.py compares the bytes with Whoosh's own writer with those two lines fixed
(tests/whoosh_reference.py); tests/engine/test_postings.py reads every list back through Whoosh.
"""

from __future__ import annotations

import struct
from array import array
from hashlib import md5
from operator import sub

from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length, length_to_byte

from ..codec import compress, dumps

MAGIC = whoosh3.WHOOSH3_HEADER_MAGIC
BLOCK_LIMIT = 128  # postings per block, as W3Codec's default
COMPRESSION = 3  # the level W3Codec records (its default); codec.py deflates at ISA-L's own level
COMPRESS_FROM = 128  # bytes of pickled block data
INLINE_UP_TO = 1  # postings kept in the term info

_TERMINFO = whoosh3.W3TermInfo._struct
_INT = struct.Struct("!i")
_EXTENT = struct.Struct("!qi")


class PostingFile:
    """Appends posting lists to a segment's postings file, tracking offsets without tell()."""

    def __init__(self, postfile):
        self.file = postfile
        self.offset = postfile.tell()

    def term(self, entry: list, lengths: bytes | None, fixed_size: int | None) -> bytes:
        """Write one term's postings; return its term info bytes for the term table.

        `entry` is [docnums, weights, value ends, values] in document order (values end to end,
        `ends` empty when the format has no values); `lengths` is each document's field length
        byte, or None for a field without lengths; `fixed_size` is the format's fixed value size."""
        docs, weights, ends, values = entry
        n = len(docs)
        if ends and len(ends) != n:
            raise ValueError("a term's postings mix empty and non-empty values")
        if not n:
            raise ValueError("a term without postings")
        if ends:
            values = bytes(values)
            vals = [values[s:e] for s, e in zip([0, *ends[:-1]], ends)]
        else:
            vals = None
        docs = list(docs)
        w32 = array("f", weights)  # Whoosh keeps block weights as 32-bit floats

        if n <= INLINE_UP_TO:
            minl, maxl = _length_range(docs, lengths)
            if vals is None:
                vals = [None] * n  # what a block reader yields for a format without values
            inline = dumps((tuple(docs), tuple(w32), tuple(vals)))
            return _TERMINFO.pack(1, sum(w32), n, 0 if minl is None else length_to_byte(minl),
                                  length_to_byte(maxl), max(0, max(weights)), docs[0], docs[-1]) + inline

        out = [MAGIC]
        total = 0.0
        minlength, maxlength, maxweight = None, 0, 0
        for lo in range(0, n, BLOCK_LIMIT):
            hi = min(n, lo + BLOCK_LIMIT)
            ids = docs[lo:hi]
            bw = w32[lo:hi]
            first = bw[0]
            if bw.count(first) == len(bw):
                mini_weights = None if first == 1.0 else first
            else:
                mini_weights = tuple(bw)
            if fixed_size is None or fixed_size < 0:
                mini_values = tuple(vals[lo:hi]) if vals is not None else ()
            elif fixed_size == 0:
                mini_values = None
            else:
                mini_values = b"".join(vals[lo:hi]) if vals is not None else b""
            data = dumps((tuple(map(sub, ids, [0, *ids[:-1]])), mini_weights, mini_values))
            comp = 0
            if len(data) >= COMPRESS_FROM:
                comp = COMPRESSION
                data = compress(data, comp)
            block_max = max(0, max(weights[lo:hi]))
            minl, maxl = _length_range(ids, lengths)
            info = dumps((hi - lo, ids[-1], block_max, comp, length_to_byte(minl), length_to_byte(maxl)))
            size = len(info) + len(data)
            out += (_INT.pack(-size if hi == n else size), info, data)
            # the term's statistics, accumulated per block as W3TermInfo.add_block does
            total += sum(bw)
            if minlength is None:
                minlength = minl
            elif minl is not None:
                minlength = min(minlength, minl)
            maxlength = max(maxlength, maxl)
            maxweight = max(maxweight, block_max)
        blob = b"".join(out)
        self.file.write(blob)
        offset = self.offset
        self.offset += len(blob)
        return _TERMINFO.pack(0, total, n, 0 if minlength is None else length_to_byte(minlength),
                              length_to_byte(maxlength), maxweight, docs[0], docs[-1]
                              ) + _EXTENT.pack(offset, len(blob))


class TermTable:
    """Adds a field's terms to Whoosh's term table (an OrderedHashWriter) in one write: the
    records, hash buckets and key index its add() keeps, a call per term less."""

    _LENGTHS = struct.Struct("!ii")  # filetables._lengths: key and value length

    def __init__(self, tindex):
        if tindex.hashtype != 0:
            raise ValueError("the term table does not hash keys with MD5 (Whoosh's default)")
        self.tindex = tindex

    def add_all(self, prefix: bytes, items) -> None:
        """`items`: (term bytes, term info bytes) in increasing term order."""
        tindex = self.tindex
        dbfile = tindex.dbfile
        buckets = tindex.buckets
        last = tindex.lastkey
        pos = dbfile.tell()
        positions = []
        records = []
        pack = self._LENGTHS.pack
        for btext, value in items:
            key = prefix + btext
            if key <= last:
                raise ValueError(f"keys must increase: {last!r}..{key!r}")
            last = key
            positions.append(pos)
            h = int.from_bytes(md5(key).digest()[12:], "big")  # filetables.md5_hash
            buckets[h & 255].append((h, pos))
            record = pack(len(key), len(value)) + key + value
            records.append(record)
            pos += len(record)
        dbfile.write(b"".join(records))
        tindex.index.extend(positions)
        tindex.lastkey = last


def _length_range(docs: list, lengths: bytes | None) -> tuple[int | None, int]:
    """Shortest and longest field length among `docs` (as the length bytes decode), as a
    posting writer's block keeps them: (None, 0) when no document has one."""
    if lengths is None:
        return None, 0
    found = bytes(map(lengths.__getitem__, docs))
    shortest = min(found)
    if not shortest:  # documents without a length do not count
        found = found.replace(b"\x00", b"")
        if not found:
            return None, 0
        shortest = min(found)
    return byte_to_length(shortest), byte_to_length(max(found))
