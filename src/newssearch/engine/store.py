"""The index on disk: where it lives, opening it, creating it, refusing what is not ours."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from ..engine import codec as whooshfixes  # noqa: F401  (posting blocks in a current pickle protocol)
from ..errors import IndexMissingError, InputError
from ..engine.schema import build_schema

DEFAULT_INDEX = "index"
INDEX_NAME = "MAIN"


def default_index_dir() -> Path:
    """`--index` wins, then $NEWSSEARCH_INDEX, then ./index."""
    return Path(os.environ.get("NEWSSEARCH_INDEX") or DEFAULT_INDEX)


def exists(path: Path) -> bool:
    return path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def outdated(ix) -> bool:
    """Does the index lack fields this version needs (built by an older newssearch)?"""
    return bool(set(build_schema().names()) - set(ix.schema.names()))


class MappedFile(StructFile):
    """A segment file read through a memory map. Whoosh reads its files a few bytes at a time (a
    term's entry, a block of postings, an article's stored fields), each read a seek and a read
    through an 8 KB buffer; from a map it is a slice. Segment files never change once written."""

    def get(self, position: int, length: int) -> bytes:
        return self.file[position:position + length]


class MappedStorage(FileStorage):
    """The index folder, its files opened for reading as MappedFiles (an empty file, which
    cannot be mapped, as a plain file)."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as fh:
            try:
                mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)


def storage_for(path: Path) -> FileStorage:
    return MappedStorage(str(path))


def open_index(path: Path, create: bool = False, upgrade: bool = False):
    """Open the Whoosh index at `path`; with create=True make an empty one where there is none.
    An index of an older schema is an error, unless upgrade=True (a rebuild), which starts it anew."""
    path = Path(path)
    if exists(path):
        try:
            ix = storage_for(path).open_index(indexname=INDEX_NAME)
        except Exception as exc:  # a foreign or damaged folder: say so in one line
            raise IndexMissingError(f"cannot open the index at {path}: {exc}") from exc
        if outdated(ix) and not upgrade:
            raise IndexMissingError(
                f"the index at {path} was built by an older newssearch: rebuild it with "
                f"`newssearch index [PATH ...] --index {path} --rebuild`"
            )
        if outdated(ix):
            return storage_for(path).create_index(build_schema(), indexname=INDEX_NAME)
        return ix
    if not create:
        raise IndexMissingError(
            f"no index at {path}: build one with `newssearch index [PATH ...] --index {path}`"
        )
    if path.exists() and not path.is_dir():
        raise InputError(f"--index {path} is a file, not a folder")
    path.mkdir(parents=True, exist_ok=True)
    return storage_for(path).create_index(build_schema(), indexname=INDEX_NAME)
