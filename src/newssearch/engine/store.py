"""The index on disk: opening it, creating it, refusing what is not ours; its files read through
memory maps and its segments read and written with our codec (codec.py)."""

from __future__ import annotations

import mmap
import re
import shutil
import time
from pathlib import Path
from typing import Callable, TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from ..errors import IndexMissingError, InputError
from ..text import analysis
from . import codec
from .analyzer import NewsAnalyzer
from .schema import build_schema

INDEX_NAME = "MAIN"
T = TypeVar("T")


class MappedFile(StructFile):
    """A segment file read through a memory map. Whoosh reads its files a few bytes at a time (a
    term's entry, a block of postings, an article's stored fields), each read a seek and a read
    through a buffer; from a map it is a slice. Segment files never change once written."""

    def get(self, position: int, length: int) -> bytes:
        return self.file[position:position + length]


class NewsFileIndex(whoosh_index.FileIndex):
    """A Whoosh index whose segments are read (and merged) with our codec: the table of contents
    names Whoosh's W3 codec, and each segment read from it gets ours instead."""

    def _read_toc(self):
        toc = super()._read_toc()
        for segment in toc.segments:
            segment._codec = codec.ours(segment._codec)
        return toc


class MappedStorage(FileStorage):
    """The index folder: its files opened for reading as MappedFiles (an empty file, which
    cannot be mapped, as a plain file), its index opened as a NewsFileIndex."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as fh:
            try:
                mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)

    def open_index(self, indexname=INDEX_NAME, schema=None, indexclass=None):
        return super().open_index(indexname, schema, indexclass or NewsFileIndex)

    def create_index(self, schema, indexname=INDEX_NAME, indexclass=None):
        return super().create_index(schema, indexname, indexclass or NewsFileIndex)


def opening(open_view: Callable[[], T], attempts: int = 5) -> T:
    """Open a view of the newest commit, again if a writer's commit removed the files of the one
    being opened (between reading the table of contents and opening its segments): a reader
    racing a writer then sees the writer's commit instead of an error."""
    for attempt in range(attempts):
        try:
            return open_view()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def exists(path: Path) -> bool:
    """Is there an index (a table of contents) in the folder? Read from the file names only:
    whether it can be opened is open_index's question."""
    return path.is_dir() and whoosh_index.TOC._latest_generation(MappedStorage(str(path)), INDEX_NAME) > -1


def outdated(ix) -> bool:
    """Was the index built by an older newssearch: does it lack fields this version needs, or
    were its terms made by another version of the analysis (text/analysis.py VERSION)?"""
    schema = ix.schema  # (each use of ix.schema reads the table of contents again)
    if set(build_schema().names()) - set(schema.names()):
        return True
    analyzers = [schema[name].analyzer for name in schema.names()
                 if isinstance(getattr(schema[name], "analyzer", None), NewsAnalyzer)]
    return any(getattr(a, "version", 1) != analysis.VERSION for a in analyzers)


def _opened(storage) -> tuple:
    ix = storage.open_index()
    return ix, outdated(ix)


def open_index(path: Path, create: bool = False, upgrade: bool = False) -> NewsFileIndex:
    """Open the Whoosh index at `path`; with create=True make an empty one where there is none.
    An index of an older schema is an error, unless upgrade=True (for a rebuild, whose first
    commit replaces the old articles).
    The schema pickled in an index names our analyzer class by its module path
    (newssearch.engine.analyzer.NewsAnalyzer): moving that class makes older indexes outdated."""
    path = Path(path)
    storage = MappedStorage(str(path))
    if exists(path):
        try:
            ix, old = opening(lambda: _opened(storage))
        except (ModuleNotFoundError, AttributeError):  # its schema names a class we moved
            old = True
        except Exception as exc:  # a foreign or damaged folder: say so in one line
            raise IndexMissingError(f"cannot open the index at {path}: {exc}", path=str(path)) from exc
        if old:
            if not upgrade:
                raise IndexMissingError(f"the index at {path} was built by an older newssearch",
                                        path=str(path), outdated=True)
            # Read with today's schema, not the pickled one: the rebuild's first commit replaces
            # the old articles atomically, and until then (or if it never comes) they stay.
            return storage.open_index(schema=build_schema())
        return ix
    if not create:
        raise IndexMissingError(f"no index at {path}", path=str(path), missing=True)
    if path.exists() and not path.is_dir():
        raise InputError(f"`path` {path} is a file, not a folder", params=("path",))
    path.mkdir(parents=True, exist_ok=True)
    return storage.create_index(build_schema())


# Only names our writers make: a table of contents written under a temporary name (Whoosh's
# "_MAIN_<gen>.toc.<time>"), Whoosh's temporary folders ("MAIN.tmp", or random_name(): 28 of
# [0-9a-z]), our side files' "newssearch-*.tmp<pid>". An index may live in a folder with other files.
_HALF_WRITTEN = re.compile(rf"^_{INDEX_NAME}_[0-9]+\.toc\.[0-9.]+$|^({INDEX_NAME}|[0-9a-z]{{28}})\.tmp$"
                           r"|^newssearch-.+\.tmp[0-9]+$")


def remove_leftovers(ix) -> list[str]:
    """Remove what killed writers left in the index folder (for a run holding the write lock):
    segment files that the newest table of contents does not name (a killed run's uncommitted
    segments, which would otherwise double the folder's size), older tables of contents, a
    table of contents or side file half-written under a temporary name, writers' temporary
    folders. Whoosh itself removes the first two only when a later run commits. Returns the
    names removed."""
    storage = ix.storage
    folder = Path(storage.folder)
    before = set(storage.list())
    toc = ix._read_toc()
    whoosh_index.clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
    removed = sorted(before - set(storage.list()))
    for entry in folder.iterdir():
        if _HALF_WRITTEN.match(entry.name):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed
