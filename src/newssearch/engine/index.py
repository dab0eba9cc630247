"""An index folder, open: the entry to the engine (see the package's docstring)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .scoring import NewsBM25F
from .snapshot import Snapshot
from .store import exists, open_index, opening

if TYPE_CHECKING:  # the writing machinery (numpy) is imported only when writing: fast query start-up
    from .lock import WriteLock
    from .write.segmentwriter import WordsSink
    from .writer import Writer


class Index:
    """An index folder, open."""

    def __init__(self, ix, path: Path):
        self._ix = ix
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, upgrade: bool = False) -> "Index":
        """Open the index at `path` (IndexMissingError if there is none, unless `create`; an index
        built by an older newssearch is started afresh only with `upgrade`)."""
        path = Path(path)
        return cls(open_index(path, create=create, upgrade=upgrade), path)

    @staticmethod
    def exists(path: str | os.PathLike) -> bool:
        return exists(Path(path))

    def snapshot(self) -> Snapshot:
        """A consistent view of the index as last committed (see opening() for a writer's race)."""
        return opening(lambda: Snapshot(self._ix.searcher(weighting=NewsBM25F())))

    def lock(self, wait: float = 0.0) -> WriteLock:
        """Take the index's write lock for a whole run (waiting up to `wait` seconds for another
        writer: IndexBusyError naming it if it does not finish), then remove what a killed run
        left behind: segment files no commit refers to, the temporary folders of its writers."""
        from .lock import WriteLock
        from .store import remove_leftovers

        held = WriteLock(self.path).acquire(wait)
        try:
            remove_leftovers(self._ix)
        except BaseException:
            held.release()
            raise
        return held

    def writer(self, *, workers: int = 1, limitmb: int = 256, on_words: WordsSink | None = None) -> Writer:
        """A writer, for a run holding lock(); `workers` > 1 writes through that many sub-writer
        processes, each writing its own segment; `on_words(folder, words)` receives the word forms
        of titles and bodies as each segment is written (a module-level function: it travels to the
        sub-writers)."""
        from .writer import Writer

        return Writer(self._ix, workers=workers, limitmb=limitmb, on_words=on_words)
