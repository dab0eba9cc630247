"""Writing with one sub-writer process per core, each writing its own segment (Whoosh's MpWriter
in multi-segment mode): analysis and posting encoding, the bulk of indexing, run in parallel."""

from __future__ import annotations

import os
import pickle
import signal

from whoosh.multiproc import MpWriter, SubWriterTask

from .segmentwriter import FastSegmentWriter


def _die_with_parent(parent: int) -> None:
    """Linux: a sub-writer is killed when the indexing process dies, even by SIGKILL. A parent
    that died between the fork and this call sends no signal: then the child has been handed to
    another process, and leaves at once."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


class NewsSubWriterTask(SubWriterTask):
    """A sub-writer process writing with our FastSegmentWriter."""

    def start(self):
        self._parent = os.getpid()  # the indexing process, read before the fork
        super().start()

    def run(self):
        _die_with_parent(self._parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
        import whoosh.multiproc

        whoosh.multiproc.SegmentWriter = FastSegmentWriter  # in this (child) process only
        super().run()

    def _process_file(self, payload: bytes, doc_count: int) -> None:
        """A batch from ParallelWriter._enqueue (Whoosh passes a job file's name here)."""
        add = self.writer.add_document
        for _code, args in pickle.loads(payload):  # code 0: add_document, the only one
            add(**args)


class ParallelWriter(MpWriter):
    """Whoosh's MpWriter with sub-writers that cannot outlive the indexing process, and documents
    handed over in the current pickle protocol."""

    def _new_task(self):
        task = NewsSubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self):
        """A batch of documents for a sub-writer. Whoosh writes it to a job file on disk, a
        pickle per document in protocol 2 (which writes every bytes value and datetime through
        `_codecs.encode`), and the sub-writer reads the file back; here the batch is one pickle in
        the current protocol, passed through the job queue itself (bounded: at most four batches
        per sub-writer wait)."""
        payload = pickle.dumps(self.docbuffer, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self.jobqueue.put((payload, len(self.docbuffer)))
        self.docbuffer = []

    def terminate(self) -> None:
        """Stop the sub-writers at once (they write nothing that becomes part of the index). The
        batches still queued are dropped: otherwise the queue's feeder thread, flushing them into
        a pipe that no one reads any more, would keep this process from exiting."""
        self.jobqueue.cancel_join_thread()
        for task in self.tasks:
            task.terminate()
            task.join()
