"""Writing a Whoosh segment with less Python per posting, in Whoosh's own format.

Whoosh's SegmentWriter sends every posting through a general pipeline: a Token object per word
from the analyzer, a pool that sorts (field, term, docnum, weight, value) tuples for the whole
segment (spilling sorted runs to temporary files), and a posting writer that looks up the
document's field length and appends one posting at a time: most of the time of indexing.
Here:

- text fields analysed by our NewsAnalyzer are inverted in bulk when the segment is written
  (inversion.py: term ids per word as documents arrive, then numpy sorts and encodes);
- other fields' postings are kept per field and term in document order as they arrive (documents
  are numbered in order), packed in arrays, so only the distinct terms are sorted at the end; an ID
  field's value is its one term, stored values and columns are set without Whoosh's per-field calls;
- each term's posting list is laid out and written in one call (postings.py), with field lengths
  read once per segment.

What lands on disk is what Whoosh's writer writes for the same documents, byte for byte, except
for the two departures postings.py describes (single postings inline, small blocks not zlib'd),
which Whoosh's reader reads as they are (tests/engine/test_segmentwriter.py compares with Whoosh's
writer with those two lines changed), so everything that reads an index is unchanged.
"""

from __future__ import annotations

from array import array
from itertools import chain
from typing import Callable, Iterator

from whoosh.analysis import IDTokenizer
from whoosh.formats import Existence, Positions
from whoosh.system import pack_ushort
from whoosh.writing import SegmentWriter

from ..analyzer import NewsAnalyzer, PairAnalyzer
from ..codec import NewsCodec
from ..columns import length_bytes_fast
from ..schema import PAIR_FIELDS
from .inversion import FieldInverter
from .postings import PostingFile, TermTable

WordsSink = Callable[[str, set], None]  # (index folder, raw word forms) -> None


class TermPool:
    """Postings per (field, term), in the order documents are added (= docnum order)."""

    def __init__(self):
        self.fields: dict[str, dict[bytes, list]] = {}
        self.fieldnames: set[str] = set()

    def add(self, item) -> None:
        """One posting, as Whoosh's pool takes it: (fieldname, btext, docnum, weight, vbytes)."""
        fieldname, btext, docnum, weight, vbytes = item
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        entry = terms.get(btext)
        if entry is None:
            entry = terms[btext] = _new_entry()
        _append(entry, docnum, weight, vbytes)

    def cleanup(self) -> None:
        self.fields.clear()


def _new_entry() -> list:
    """A term's postings: docnums, weights, end offsets of the values, the values end to end."""
    return [array("I"), array("d"), array("I"), bytearray()]


def _append(entry: list, docnum: int, weight: float, vbytes: bytes) -> None:
    entry[0].append(docnum)
    entry[1].append(weight)
    if vbytes:
        entry[3] += vbytes
        entry[2].append(len(entry[3]))


class FastSegmentWriter(SegmentWriter):
    """A SegmentWriter (same locking, commits, merges, deletions) with a faster way in."""

    def __init__(self, ix, on_words: WordsSink | None = None, vocabulary_fields: tuple[str, ...] = (),
                 **kwargs):
        """`on_words(folder, words)` is given the word forms of `vocabulary_fields` (text fields)
        when the segment is written, before it is committed: the writer collects them as it
        inverts, so a parallel run does this in its sub-writers. It must be a module-level
        function (it travels to the sub-writer processes)."""
        kwargs["codec"] = NewsCodec()
        super().__init__(ix, **kwargs)
        self._on_words = on_words
        self._vocabulary_fields = vocabulary_fields if on_words is not None else ()
        self.pool.cleanup()
        self.pool = TermPool()
        unsupported = [name for name, field in self.schema.items() if field.vector or field.separate_spelling()]
        if unsupported:  # our schema has neither; say so at once rather than per document
            raise ValueError(f"fields {unsupported}: term vectors and spelling are not written here")
        self._ids = {name for name, field in self.schema.items()
                     if type(field.format) is Existence and type(field.analyzer) is IDTokenizer}
        # fields whose words skip Whoosh's token pipeline: inverted in bulk (inversion.py)
        self._fast: dict[str, FieldInverter] = {}
        for name, field in self.schema.items():
            if type(field.format) is Positions and type(field.analyzer) is NewsAnalyzer:
                self._fast[name] = FieldInverter(field.analyzer.to_term, field.format.field_boost)
        # pair fields (text/commongrams.py): made from their text field's words when the segment
        # is written, for every document (a value given for a pair field is its text field's)
        self._pairs: dict[str, tuple[str, frozenset, float]] = {}
        for text_field, name in PAIR_FIELDS.items():
            field = self.schema[name] if name in self.schema else None
            source = self.schema[text_field] if text_field in self._fast else None
            if (field is not None and source is not None and type(field.analyzer) is PairAnalyzer
                    and type(field.format) is Positions and field.analyzer.stem == source.analyzer.stem):
                self._pairs[name] = (text_field, field.analyzer.common, field.format.field_boost)

    def add_document(self, **fields):
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        pool = self.pool
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        plain = len(fieldnames) == len(fields)  # no boosts, no separate stored values
        docboost = 1.0 if plain else self._doc_boost(fields)
        self._check_fields(schema, fieldnames)

        perdocwriter.start_doc(docnum)
        stored = perdocwriter._storedfields
        colwriters = perdocwriter._colwriters
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None or fieldname in self._pairs:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                fieldboost = docboost if plain else self._field_boost(fields, fieldname, docboost)
                inverter = self._fast.get(fieldname)
                if inverter is not None and isinstance(value, str):
                    length = inverter.add(docnum, value, fieldboost)
                    if not field.scorable:
                        length = 0
                elif fieldname in self._ids and isinstance(value, str):
                    # fields.ID: the whole value is the one term (Existence format: weight only)
                    pool.add((fieldname, value.encode("utf-8"), docnum,
                              field.format.field_boost * fieldboost, b""))
                    if field.scorable:
                        length = 1
                else:
                    scorable = field.scorable
                    for btext, freq, weight, vbytes in field.index(value):
                        if scorable:
                            length += freq
                        pool.add((fieldname, btext, docnum, weight * fieldboost, vbytes))
            customval = value if plain else fields.get("_stored_%s" % fieldname, value)
            if field.stored:
                stored[fieldname] = customval
            if length:
                perdocwriter.add_field(fieldname, field, None, length)  # the length column
            column = field.column_type
            if column and customval is not None:
                colvalue = field.to_column_value(customval)
                writer = colwriters.get(fieldname)
                if writer is None:
                    perdocwriter.add_column_value(fieldname, column, colvalue)
                else:
                    writer.add(docnum, colvalue)
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        words = set()
        for name in self._vocabulary_fields:
            if name in self._fast:
                words |= self._fast[name].raw_words()
        if words:
            self._on_words(self.storage.folder, words)
        self.perdocwriter.close()
        pdr = self.per_document_reader()
        try:
            fieldwriter = self.fieldwriter
            postfile = PostingFile(fieldwriter._postfile)
            termtable = TermTable(fieldwriter._tindex)
            inverted = {name: inv for name, inv in self._fast.items() if inv}
            paired = {name: spec for name, spec in self._pairs.items() if spec[0] in inverted}
            for fieldname in sorted(set(self.pool.fields) | set(inverted) | set(paired)):
                pooled = self.pool.fields.get(fieldname) or {}
                own = None
                if fieldname in inverted:
                    own = inverted[fieldname].entries()
                elif fieldname in paired:
                    text_field, common, boost = paired[fieldname]
                    own = _nonempty(inverted[text_field].pair_entries(common, boost))
                if not pooled and own is None:
                    continue  # an empty text: no postings, and no field number used up
                fieldobj = self.schema[fieldname]
                lengths = length_bytes_fast(pdr, fieldname) if fieldobj.scorable else None
                fixed_size = fieldobj.format.fixed_value_size()
                fieldwriter.start_field(fieldname, fieldobj)  # numbers the field
                prefix = pack_ushort(fieldwriter._fieldid)
                termtable.add_all(prefix, ((btext, postfile.term(entry, lengths, fixed_size))
                                           for btext, entry in _term_entries(pooled, own)))
                fieldwriter.finish_field()
            fieldwriter.close()
        finally:
            pdr.close()
        self.pool.cleanup()
        for name, inv in self._fast.items():
            self._fast[name] = FieldInverter(inv.to_term, inv.field_boost)


def _nonempty(entries: Iterator) -> Iterator | None:
    """The entries, or None when there are none."""
    for first in entries:
        return chain([first], entries)
    return None


def _term_entries(pooled: dict, entries: Iterator | None):
    """(term, postings) in term order from the pool (postings copied from merged segments) and
    `entries` (an inverter's, for this writer's own documents); a term in both has its postings
    merged."""
    if entries is None:
        for btext in sorted(pooled):
            yield btext, pooled[btext]
        return
    if not pooled:
        yield from entries
        return
    own = dict(entries)
    for btext in sorted(set(pooled) | set(own)):
        a, b = pooled.get(btext), own.get(btext)
        yield btext, (a if b is None else b if a is None else _merged(a, b))


def _merged(a: list, b: list) -> list:
    """Two terms' postings (docnums, weights, value ends, values), merged in document order."""
    def postings(entry):
        docs, weights, ends, values = entry
        starts = [0] + list(ends[:-1])
        return [(d, w, bytes(values[s:e])) for d, w, s, e in zip(docs, weights, starts, ends)]

    out = _new_entry()
    for d, w, v in sorted(postings(a) + postings(b), key=lambda p: p[0]):
        _append(out, d, w, v)
    return out
