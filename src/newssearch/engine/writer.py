"""The engine's writer: adds and replaces documents, commits them atomically, or abandons them."""

from __future__ import annotations

from whoosh import writing

from ..model import DEFAULT_FIELDS
from .codec import NewsCodec
from .write.parallel import ParallelWriter
from .write.segmentwriter import FastSegmentWriter, WordsSink

BATCH = 256  # documents per hand-over to a sub-writer


class Writer:
    """One batch of changes. Whoosh publishes a commit by renaming its table of contents, so a
    killed process leaves the last committed index readable; nothing is visible before commit().
    The run that makes it holds the index's write lock (lock.py) for longer than one writer: the
    writer does not take it again (`_lk=False`)."""

    def __init__(self, ix, *, workers: int = 1, limitmb: int = 256, on_words: WordsSink | None = None):
        # compound=False: Whoosh reads a compound segment by slicing it into memory at every open;
        # separate files are memory-mapped instead (store.py).
        if workers > 1:
            per = max(32, limitmb // workers)
            self._w = ParallelWriter(ix, procs=workers, batchsize=BATCH, multisegment=True, limitmb=per,
                                     compound=False, codec=NewsCodec(), _lk=False,
                                     subargs={"limitmb": per, "compound": False, "on_words": on_words,
                                              "vocabulary_fields": DEFAULT_FIELDS})
        else:
            self._w = FastSegmentWriter(ix, limitmb=limitmb, compound=False, on_words=on_words, _lk=False,
                                        vocabulary_fields=DEFAULT_FIELDS)

    def add(self, doc: dict) -> None:
        self._w.add_document(**doc)

    def update(self, doc: dict) -> None:
        """Add `doc`, replacing the document with the same id."""
        self._w.update_document(**doc)

    def commit(self, *, replace_all: bool = False) -> None:
        """Publish the changes; `replace_all` drops every older document in the same atomic step."""
        if replace_all:
            self._w.commit(mergetype=writing.CLEAR)
        else:
            self._w.commit()

    def cancel(self) -> None:
        """Abandon the changes: nothing of them becomes part of the index."""
        if isinstance(self._w, ParallelWriter):
            self._w.terminate()
        self._w.cancel()
