"""The server's hold on one index: opened on the first request that finds it (503 until then),
each call run on a bounded pool of threads within a time budget, errors as HTTP statuses.

NewsIndex gives each thread its own engine snapshot and refreshes it when another process has
committed, so a fixed pool of threads answers from one index and sees new articles at once.
A call past its budget is answered 503; its thread finishes the work and is then free again
(a search cannot be interrupted), so the pool's size also bounds what runaway queries cost.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from ..api import NewsIndex, default_index_dir
from ..errors import IndexBusyError, IndexMissingError, InputError, NewsSearchError, NotFoundError, QueryError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """What one request may ask for."""

    time_budget: float = 10.0  # seconds a call may take before it is answered 503
    max_limit: int = 100  # hits per page (and similar stories, sample size)
    max_depth: int = 10_000  # page * limit: deeper pages cost more; /api/export streams everything
    max_query_chars: int = 1_000
    max_timeline_queries: int = 10
    max_top: int = 200  # terms
    max_exports: int = 2  # exports streaming at once


class ServiceError(Exception):
    """An HTTP error of our own (not the library's): a status, a kind and one line."""

    def __init__(self, status: int, kind: str, message: str):
        super().__init__(message)
        self.status, self.kind, self.message = status, kind, message


# the library's parameter names that the HTTP API spells otherwise
PARAMS = {"sources": "source", "facets": "facet", "query": "q", "queries": "q", "article_id": "id"}

STATUS = ((NotFoundError, 404, "not_found"), (IndexMissingError, 503, "no_index"),
          (IndexBusyError, 503, "busy"), (QueryError, 400, "bad_query"), (InputError, 400, "bad_input"))


def error_status(exc: NewsSearchError) -> tuple[int, str, str]:
    """(status, kind, message) of a library error, its `parameters` named as the API's."""
    message = str(exc)
    for name in exc.params:
        if name in PARAMS:
            message = message.replace(f"`{name}`", f"`{PARAMS[name]}`")
    for cls, status, kind in STATUS:
        if isinstance(exc, cls):
            return status, kind, message
    return 400, "error", message


class Service:
    def __init__(self, index_dir: str | os.PathLike | list | None = None, limits: Limits | None = None,
                 threads: int | None = None):
        self.path: Path | list[Path] = default_index_dir()  # a list: several indexes searched as one
        if isinstance(index_dir, (list, tuple)):
            self.path = [Path(p) for p in index_dir]
        elif index_dir is not None:
            self.path = Path(index_dir)
        self.limits = limits or Limits()
        self._index: NewsIndex | None = None
        self._opening = threading.Lock()
        self._pool = ThreadPoolExecutor(threads or min(8, 2 * (os.cpu_count() or 1)),
                                        thread_name_prefix="newssearch-serve")
        self._exports = threading.BoundedSemaphore(self.limits.max_exports)
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="newssearch-write")  # --allow-indexing: one at a time

    def index(self) -> NewsIndex:
        """The open index; IndexMissingError (503) while there is none."""
        if self._index is None:
            with self._opening:
                if self._index is None:
                    self._index = NewsIndex.open(self.path)
        return self._index

    def writable(self) -> NewsIndex:
        """The index to add articles to (--allow-indexing), made if there is none yet."""
        with self._opening:
            if self._index is None:
                self._index = NewsIndex.open(self.path, create=True)
        return self._index

    async def call(self, work: Callable[[NewsIndex], T]) -> T:
        """`work(index)` on the pool, answered 503 past the time budget."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, lambda: work(self.index()))
        try:
            return await asyncio.wait_for(future, self.limits.time_budget)
        except TimeoutError:
            raise ServiceError(503, "timeout", f"the request took longer than its budget of "
                                               f"{self.limits.time_budget:g} s; narrow the query") from None

    async def stream(self, start: Callable[[NewsIndex], tuple[int, Iterator[T]]],
                     write: Callable[[int, Iterator[T], "QueueWriter"], None]):
        """An export: `start(index)` and `write(total, items, out)` run in a thread of their own
        (a snapshot serves one thread), `out` feeding the response chunk by chunk. Returns
        (total, async iterator of text) once the export has started, or raises its error."""
        if not self._exports.acquire(blocking=False):
            raise ServiceError(503, "busy", f"{self.limits.max_exports} exports are streaming; try again later")
        out = QueueWriter()

        def produce():
            try:
                total, items = start(self.index())
                out.started(total)
                write(total, items, out)
            except BaseException as exc:  # said to the consumer, which raises it or logs it
                out.fail(exc)
            else:
                out.close()
            finally:
                self._exports.release()

        threading.Thread(target=produce, name="newssearch-export", daemon=True).start()
        loop = asyncio.get_running_loop()
        try:
            total = await asyncio.wait_for(loop.run_in_executor(None, out.wait_started), self.limits.time_budget)
        except TimeoutError:
            out.cancel()
            raise ServiceError(503, "timeout", f"the export did not start within {self.limits.time_budget:g} s; "
                                               "narrow the query") from None
        return total, out.chunks()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.writer.shutdown(wait=True)
        if self._index is not None:
            self._index.close()


class _Cancelled(Exception):
    pass


class QueueWriter:
    """A text stream whose writes become the chunks of a response (a bounded queue: the export
    waits for a slow reader, and stops when the reader has gone)."""

    CHUNK = 64 * 1024

    def __init__(self):
        self._queue: queue.Queue = queue.Queue(maxsize=64)
        self._buffer: list[str] = []
        self._size = 0
        self._cancelled = threading.Event()
        self._start: queue.Queue = queue.Queue(maxsize=1)
        self.encoding = "utf-8"

    STALLED = 60.0  # seconds a client may read nothing before its export is given up

    def _put(self, item) -> None:
        """Hand a chunk to the response; a client that stays connected but reads nothing for
        STALLED seconds gives up its export (its slot would otherwise be held for ever)."""
        waited = 0.0
        while not self._cancelled.is_set() and waited < self.STALLED:
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                waited += 0.5
        self._cancelled.set()
        raise _Cancelled()

    def write(self, text: str) -> int:
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= self.CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            text, self._buffer, self._size = "".join(self._buffer), [], 0
            self._put(("data", text))

    def started(self, total: int) -> None:
        self._start.put(("ok", total))

    def fail(self, exc: BaseException) -> None:
        if self._start.empty():
            self._start.put(("error", exc))
        elif not isinstance(exc, _Cancelled):
            try:
                self._put(("error", exc))
            except _Cancelled:
                pass

    def close(self) -> None:
        self.flush()
        self._put(("end", None))

    def cancel(self) -> None:
        self._cancelled.set()

    def wait_started(self) -> int:
        kind, value = self._start.get()
        if kind == "error":
            raise value
        return value

    def _next(self):
        """The next item, or the end once the export is cancelled (no thread waits forever)."""
        while not self._cancelled.is_set():
            try:
                return self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
        return "end", None

    async def chunks(self):
        loop = asyncio.get_running_loop()
        try:
            while True:
                kind, value = await loop.run_in_executor(None, self._next)
                if kind == "data":
                    yield value
                elif kind == "error":  # the response has started: all we can do is end it short
                    raise value
                else:
                    return
        finally:
            self.cancel()
