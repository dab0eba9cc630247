"""Indexing runs: cleaned articles into the index, incrementally, safely, using every core for big
inputs.

- Incremental: each article has a stable id and a content hash; an unchanged article is not
  rewritten, a changed one replaces its old version, `rebuild=True` starts over.
- Safe: a commit is atomic (engine/writer.py), so a killed run leaves the last committed index
  readable; we commit every `commit_every` articles so a re-run has less to redo, and a rebuild
  drops the old articles only in the same atomic commit that adds the new ones. A run holds the
  index's write lock from before it reads what is indexed until its last commit (engine/lock.py),
  and starts by removing what a killed run left.
- Parallel and bounded: a large run indexes through one sub-writer per core, each writing its own
  segment; the input is streamed and the writers spill to disk past `limitmb`, so memory stays
  flat however large the input.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..engine import Index, Writer, article_document
from ..ingest.stream import articles_of, read_articles
from ..model import Article, Note, RawRecord, Skip
from ..results import IndexReport
from . import vocabulary
from .nearcopies import save_shared

BATCH = 512
# Articles per commit. Each commit of a parallel run adds a segment per core, and a query pays a
# little per segment; a larger batch costs memory (docs/performance.md has the measurements).
COMMIT_EVERY = 100_000
PARALLEL_AFTER = 2 * BATCH  # below this many articles, starting sub-writers costs more than it saves
WAIT = 5.0  # seconds a run waits for another run writing to the same index


def existing_state(index: Index, rebuild: bool):
    """What earlier runs indexed, read from columns in one pass (no stored document is loaded):
    {id: content_hash}, {body_hash: first id}, and a CopyFinder holding their signatures.
    A rebuild starts from nothing."""
    from .nearcopies import CopyFinder  # numpy: only when indexing

    versions: dict[str, str] = {}
    bodies: dict[str, str] = {}
    finder = CopyFinder()
    if rebuild:
        return versions, bodies, finder
    snapshot = index.snapshot()
    try:
        live = snapshot.live_docs()
        if not live:
            return versions, bodies, finder
        cols = {f: snapshot.column(f) for f in ("id", "content_hash", "body_hash", "cluster", "minhash")}
        for docnum in live:
            doc_id = _text(cols["id"][docnum])
            versions[doc_id] = _text(cols["content_hash"][docnum])
            body_hash = _text(cols["body_hash"][docnum])
            if body_hash:
                bodies.setdefault(body_hash, doc_id)
            finder.load(doc_id, _text(cols["cluster"][docnum]), cols["minhash"][docnum])
    finally:
        snapshot.close()
    return versions, bodies, finder


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else (value or "")


def _notes(article: Article) -> Iterator[Note]:
    """What the report tells about an article: its own notes, and what it lacks."""
    yield from article.notes
    if not article.body:
        yield Note("no_body", article.origin, article.id)
    if article.title_derived:
        yield Note("no_title", article.origin, article.id)
    if article.date is None:
        yield Note("no_date", article.origin, article.id)


class Indexer:
    """Adds articles to an open index; one Indexer per run."""

    def __init__(self, index: Index, *, rebuild: bool = False, commit_every: int = COMMIT_EVERY,
                 workers: int | None = None, limitmb: int = 256):
        self.index = index
        self.rebuild = rebuild
        self.commit_every = commit_every
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.limitmb = limitmb
        self.report = IndexReport()
        self.versions, self.bodies, self.copies = existing_state(index, rebuild)
        self._writer: Writer | None = None
        self._uncommitted = 0
        self._first_commit = True
        # The ids read in this run. A rebuild starts from no version, and every article it reads
        # gets one (`versions`): those are its ids, without a set as large beside them.
        self._seen_this_run: set[str] | None = None if rebuild else set()
        self._buffer: list | None = []  # documents held until we know whether the run is large
        self._parallel = False

    def _get_writer(self) -> Writer:
        if self._writer is None:
            self._writer = self.index.writer(workers=self.workers if self._parallel else 1,
                                             limitmb=self.limitmb, on_words=vocabulary.merge_and_save)
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
            writer.add(doc)
        else:
            writer.update(doc)
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
        save_shared(self.index.path, self.copies.shared)
        writer.commit(replace_all=self.rebuild and self._first_commit)  # old articles go in the same step
        self._first_commit = False
        self._uncommitted = 0

    def add(self, item: Article | Skip) -> None:
        report = self.report
        if isinstance(item, Skip):
            report.skip(item)
            return
        article = item
        seen = self.versions if self._seen_this_run is None else self._seen_this_run
        if article.id in seen:
            report.skip(Skip(article.origin, f"repeated id: {article.id!r} was already read in this run"))
            return
        if self._seen_this_run is not None:
            self._seen_this_run.add(article.id)
        for note in _notes(article):
            report.warn(note)
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

    def run(self, events: Iterable[Article | Skip | Note | Path],
            progress: Callable[[IndexReport], None] | None = None,
            on_file: Callable[[Path], None] | None = None) -> IndexReport:
        """Index a stream of ingest events (ingest/stream.py): files, articles, skips, notes."""
        start = time.perf_counter()
        report = self.report
        try:
            for event in events:
                if isinstance(event, Note):
                    report.warn(event)
                    continue
                if isinstance(event, Path):
                    report.files += 1
                    if on_file is not None:
                        on_file(event)
                    continue
                self.add(event)
                if progress is not None:
                    report.elapsed = time.perf_counter() - start  # for the rate it shows
                    progress(report)
            self._flush_buffer()
            if self.rebuild and self._writer is None and self._first_commit:
                self._get_writer()  # a rebuild of nothing still clears the index
            self._commit()
            save_shared(self.index.path, self.copies.shared)  # also when nothing changed
        except BaseException:
            if self._writer is not None:
                self._writer.cancel()
                self._writer = None
            report.interrupted = True
            raise
        finally:
            report.elapsed = time.perf_counter() - start
        return report


def index_paths(index: Index, paths: list, *, rebuild: bool = False, field_map: dict | None = None,
                date_order: str | None = None, columns: list[str] | None = None,
                workers: int | None = None, commit_every: int = COMMIT_EVERY,
                progress: Callable[[IndexReport], None] | None = None,
                on_file: Callable[[Path], None] | None = None, wait: float = WAIT) -> IndexReport:
    """Read, clean and index every article under `paths` into the open index."""
    events = read_articles(paths, field_map, date_order, columns)
    with index.lock(wait):
        indexer = Indexer(index, rebuild=rebuild, commit_every=commit_every, workers=workers)
        return indexer.run(events, progress, on_file)


def index_articles(index: Index, articles: Iterable[Article | dict], *, rebuild: bool = False,
                   field_map: dict | None = None, date_order: str | None = None,
                   wait: float = WAIT) -> IndexReport:
    """Index article records given in memory (dicts with any of the usual field names) or Articles."""
    records = (a if isinstance(a, Article) else RawRecord(dict(a), f"<api>#{n}", "api")
               for n, a in enumerate(articles, 1))
    with index.lock(wait):
        return Indexer(index, rebuild=rebuild, workers=1).run(articles_of(records, field_map, date_order))
