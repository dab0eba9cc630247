"""Indexing: cleaned articles into Whoosh, incrementally, safely, using every core for big inputs.

- Incremental: each article has a stable id and a content hash; an unchanged article is not
  rewritten, a changed one replaces its old version, `rebuild=True` starts over.
- Safe: Whoosh publishes a commit by renaming its table of contents, so a killed run leaves the last
  committed index readable; we commit every `commit_every` articles so a re-run has less to redo, and
  a rebuild drops the old segments only in the same atomic commit that adds the new ones.
- Parallel and bounded: a large run indexes through one Whoosh sub-writer per core, each writing its
  own segment; the input is streamed and Whoosh's posting pools spill to disk past `limitmb`, so
  memory stays flat however large the input.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import writing
from whoosh.multiproc import MpWriter, SubWriterTask

from ..indexing.nearcopies import save_shared
from ..ingest.records import Article, to_article
from ..engine.schema import DEFAULT_FIELDS, source_key
from ..engine.write.segmentwriter import FastSegmentWriter
from ..ingest.sources import RawRecord, Skip, discover, read_file

BATCH = 512
# Articles per commit. Each commit of a parallel run adds a segment per core, and a query pays a
# little per segment: at 4x Reuters (86,000 articles) 50,000 made four segments and a title + date
# query's p95 3.4-4.0 ms, 100,000 two and 3.1-3.2 ms. Memory at 100,000: 274 MB peak.
COMMIT_EVERY = 100_000
PARALLEL_AFTER = 2 * BATCH  # below this many articles, starting sub-writers costs more than it saves
MAX_SKIPS_KEPT = 1000


@dataclass
class IndexReport:
    """What an indexing run did; `summary()` is the one line the CLI prints."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_copies: int = 0  # articles joined to an earlier article's cluster in this run
    skipped: int = 0
    skip_reasons: Counter = field(default_factory=Counter)
    skips: list[Skip] = field(default_factory=list)  # the first MAX_SKIPS_KEPT, for reporting
    warnings: int = 0
    warning_reasons: Counter = field(default_factory=Counter)
    warning_list: list[Skip] = field(default_factory=list)
    files: int = 0
    elapsed: float = 0.0
    interrupted: bool = False

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0

    def warn(self, origin: str, reason: str) -> None:
        self.warnings += 1
        self.warning_reasons[_reason_category(reason)] += 1
        if len(self.warning_list) < MAX_SKIPS_KEPT:
            self.warning_list.append(Skip(origin, reason))

    def skip(self, item: Skip) -> None:
        self.skipped += 1
        self.skip_reasons[_reason_category(item.reason)] += 1
        if len(self.skips) < MAX_SKIPS_KEPT:
            self.skips.append(item)

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {r}" for r, n in self.skip_reasons.most_common())
        skipped = f"{self.skipped} skipped" + (f" ({reasons})" if reasons else "")
        state = "interrupted after" if self.interrupted else "indexed"
        warned = ""
        if self.warnings:
            wr = ", ".join(f"{n} {r}" for r, n in self.warning_reasons.most_common())
            warned = f", {self.warnings} indexed with warnings ({wr})"
        return (
            f"{state} {self.files} files: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.duplicates} duplicates, {self.near_copies} near copies, "
            f"{skipped}{warned} "
            f"in {self.elapsed:.1f}s ({self.rate:,.0f} articles/s)"
        )

    def to_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "duplicates": self.duplicates, "near_copies": self.near_copies, "skipped": self.skipped,
            "skip_reasons": dict(self.skip_reasons), "files": self.files,
            "elapsed_s": round(self.elapsed, 3), "articles_per_s": round(self.rate, 1),
            "interrupted": self.interrupted,
            "skips": [{"origin": s.origin, "reason": s.reason} for s in self.skips],
            "warnings": [{"origin": s.origin, "reason": s.reason} for s in self.warning_list],
        }


def _reason_category(reason: str) -> str:
    return reason.split(":", 1)[0]


def _raw_batches(paths: Iterable, report: IndexReport, on_file: Callable | None) -> Iterator[list]:
    """Records from every file, in batches; skipped files and records go straight to the report."""
    batch: list = []
    for item in discover(list(paths)):
        if isinstance(item, Skip):
            batch.append(item)
            continue
        report.files += 1
        if on_file:
            on_file(item)
        for rec in read_file(item):
            batch.append(rec)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _articles(batches: Iterator[list], overrides: dict, report: IndexReport) -> Iterator[Article | Skip]:
    """Clean records into articles, in input order (cleaning is cheap next to indexing, which is
    where the other cores go: see _ParallelWriter)."""
    for batch in batches:
        for item in batch:
            if isinstance(item, Skip):
                yield item
                continue
            for note in item.warnings:
                report.warn(item.origin, note)
            yield to_article(item, overrides)


def existing_state(ix, rebuild: bool):
    """What earlier runs indexed, read from columns in one pass (no stored document is loaded):
    {id: content_hash}, {body_hash: first id}, and a CopyFinder holding their signatures.
    A rebuild starts from nothing."""
    from ..indexing.nearcopies import CopyFinder  # numpy: only when indexing

    versions: dict[str, str] = {}
    bodies: dict[str, str] = {}
    finder = CopyFinder()
    if rebuild:
        return versions, bodies, finder
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return versions, bodies, finder
        cols = {f: reader.column_reader(f) for f in ("id", "content_hash", "body_hash", "cluster", "minhash")}
        for docnum in reader.all_doc_ids():
            doc_id = _text(cols["id"][docnum])
            versions[doc_id] = _text(cols["content_hash"][docnum])
            body_hash = _text(cols["body_hash"][docnum])
            if body_hash:
                bodies.setdefault(body_hash, doc_id)
            finder.load(doc_id, _text(cols["cluster"][docnum]), cols["minhash"][docnum])
    return versions, bodies, finder


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")


def article_document(article: Article, content_hash: str, body_hash: str, duplicate_of: str,
                     cluster: str = "", signature: bytes = b"") -> dict:
    """The Whoosh document for an article (field names as in schema.py)."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "source_key": source_key(article.source),
        "authors": "; ".join(article.authors),
        "dateline": article.dateline,
        "url": article.url,
        "language": article.language,
        "origin": article.origin,
        "extra": json.dumps(article.extra, ensure_ascii=False, default=str) if article.extra else "",
        "content_hash": content_hash,
        "body_hash": body_hash,
        "duplicate_of": duplicate_of,
        "facet_source": article.source.encode("utf-8"),
        "facet_authors": "\x1f".join(article.authors).encode("utf-8"),
        "cluster": cluster or article.id,
        "minhash": signature,
    }
    if article.date is not None:
        doc["date"] = article.date.naive_utc
        doc["date_only"] = article.date.date_only
    return doc


def _die_with_parent() -> None:
    """Linux: a sub-writer is killed when the indexing process dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _SubWriterTask(SubWriterTask):
    def run(self):
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
        import whoosh.multiproc

        whoosh.multiproc.SegmentWriter = FastSegmentWriter  # this process's module: ours writes
        super().run()

    def _process_file(self, payload: bytes, doc_count: int) -> None:
        """A batch from _ParallelWriter._enqueue (Whoosh passes a job file's name here)."""
        add = self.writer.add_document
        for _code, args in pickle.loads(payload):  # code 0: add_document, the only one
            add(**args)


class _ParallelWriter(MpWriter):
    """Whoosh's MpWriter with sub-writers that cannot outlive the indexing process, and documents
    handed over in a current pickle protocol."""

    def _new_task(self):
        task = _SubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                              self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self):
        """A batch of documents for a sub-writer. Whoosh writes it to a job file on disk, a
        pickle per document in protocol 2 (which writes every bytes value and datetime through
        `_codecs.encode`), and the sub-writer reads the file back; here the batch is one pickle in
        the current protocol, passed through the job queue itself (bounded: at most four batches
        per sub-writer wait). Pickling on Reuters: 0.25 -> 0.14 s to write, 0.40 -> 0.13 s to
        read back, and no job file is written to disk and deleted."""
        payload = pickle.dumps(self.docbuffer, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self.jobqueue.put((payload, len(self.docbuffer)))
        self.docbuffer = []


def _cancel(writer) -> None:
    """Abandon a writer: nothing it wrote becomes part of the index."""
    for task in getattr(writer, "tasks", ()):
        task.terminate()
        task.join()
    writer.cancel()


class Indexer:
    """Adds articles to an open Whoosh index; one Indexer per run."""

    def __init__(self, ix, *, rebuild: bool = False, commit_every: int = COMMIT_EVERY,
                 workers: int | None = None, limitmb: int = 256):
        self.ix = ix
        self.rebuild = rebuild
        self.commit_every = commit_every
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.limitmb = limitmb
        self.report = IndexReport()
        self.versions, self.bodies, self.copies = existing_state(ix, rebuild)
        self._writer = None
        self._uncommitted = 0
        self._first_commit = True
        self._seen_this_run: set[str] = set()
        self._buffer: list | None = []  # documents held until we know whether the run is large
        self._parallel = False

    def _get_writer(self):
        # compound=False: Whoosh reads a compound segment by slicing it into memory at every open
        # (80 ms of a one-query process on Reuters); separate files are memory-mapped instead.
        if self._writer is None:
            if self._parallel:
                # One Whoosh sub-writer per core, each writing its own segment (no merge at commit):
                # analysis and posting encoding, the bulk of the work, run in parallel.
                per = max(32, self.limitmb // self.workers)
                self._writer = _ParallelWriter(self.ix, procs=self.workers, batchsize=256,
                                               multisegment=True, limitmb=per, compound=False,
                                               subargs={"limitmb": per, "compound": False,
                                                        "vocabulary_fields": DEFAULT_FIELDS})
            else:
                self._writer = FastSegmentWriter(self.ix, limitmb=self.limitmb, compound=False,
                                                 vocabulary_fields=DEFAULT_FIELDS)
        return self._writer

    def _write(self, op: str, doc: dict) -> None:
        """Small runs use one plain writer; a run that proves large switches to parallel writing."""
        if self._buffer is not None:
            self._buffer.append((op, doc))
            if len(self._buffer) < PARALLEL_AFTER:
                return
            self._parallel = self.workers > 1
            buffered, self._buffer = self._buffer, None
            for o, d in buffered:
                self._write(o, d)
            return
        writer = self._get_writer()
        if op == "add":
            writer.add_document(**doc)
        else:
            writer.update_document(**doc)
        self._uncommitted += 1
        if self._uncommitted >= self.commit_every:
            self._commit()

    def _flush_buffer(self) -> None:
        if self._buffer:
            buffered, self._buffer = self._buffer, None
            for o, d in buffered:
                self._write(o, d)
        self._buffer = None

    def _commit(self) -> None:
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        save_shared(self.ix.storage.folder, self.copies.shared)
        if self.rebuild and self._first_commit:
            writer.commit(mergetype=writing.CLEAR)  # old segments go in the same atomic step
        else:
            writer.commit()
        self._first_commit = False
        self._uncommitted = 0

    def add(self, item: Article | Skip) -> None:
        report = self.report
        if isinstance(item, Skip):
            report.skip(item)
            return
        article = item
        if article.id in self._seen_this_run:
            report.skip(Skip(article.origin, f"repeated id: {article.id!r} was already read in this run"))
            return
        self._seen_this_run.add(article.id)
        content_hash = article.content_hash()
        body_hash = article.body_hash() if article.body else ""
        first = self.bodies.setdefault(body_hash, article.id) if body_hash else article.id
        duplicate_of = first if first != article.id else ""
        if duplicate_of:
            report.duplicates += 1
        old = self.versions.get(article.id)
        if old == content_hash:
            report.unchanged += 1
            return
        cluster, signature = self.copies.add(article.id, article.body, duplicate_of or None)
        if cluster != article.id:
            report.near_copies += 1
        doc = article_document(article, content_hash, body_hash, duplicate_of, cluster, signature)
        if old is None:
            report.added += 1
        else:
            report.updated += 1
        self.versions[article.id] = content_hash
        self._write("add" if old is None else "update", doc)

    def run(self, items: Iterable[Article | Skip], progress: Callable[[IndexReport], None] | None = None
            ) -> IndexReport:
        start = time.perf_counter()
        try:
            for item in items:
                self.add(item)
                if progress is not None:
                    progress(self.report)
            self._flush_buffer()
            if self.rebuild and self._writer is None and self._first_commit:
                self._get_writer()  # a rebuild of nothing still clears the index
            self._commit()
            save_shared(self.ix.storage.folder, self.copies.shared)  # also when nothing changed
        except BaseException:
            if self._writer is not None:
                _cancel(self._writer)
                self._writer = None
            self.report.interrupted = True
            raise
        finally:
            self.report.elapsed = time.perf_counter() - start
        return self.report


def index_paths(ix, paths: list, *, rebuild: bool = False, field_map: dict | None = None,
                workers: int | None = None, commit_every: int = COMMIT_EVERY,
                progress: Callable[[IndexReport], None] | None = None,
                on_file: Callable[[Path], None] | None = None) -> IndexReport:
    """Read, clean and index every article under `paths` into the open index `ix`."""
    indexer = Indexer(ix, rebuild=rebuild, commit_every=commit_every, workers=workers)
    batches = _raw_batches(paths, indexer.report, on_file)
    return indexer.run(_articles(batches, field_map or {}, indexer.report), progress)


def index_articles(ix, articles: Iterable[Article | dict], *, rebuild: bool = False,
                   field_map: dict | None = None) -> IndexReport:
    """Index article records given in memory (dicts with any of the usual field names)."""
    def convert() -> Iterator[Article | Skip]:
        for n, item in enumerate(articles, 1):
            if isinstance(item, Article):
                yield item
            else:
                yield to_article(RawRecord(dict(item), f"<api>#{n}", "api"), field_map or {})
    return Indexer(ix, rebuild=rebuild, workers=1).run(convert())
