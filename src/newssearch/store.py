"""The index on disk: where it lives, opening it, creating it, refusing what is not ours."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .errors import IndexMissingError, InputError
from .schema import build_schema

DEFAULT_INDEX = "index"
INDEX_NAME = "MAIN"


def default_index_dir() -> Path:
    """`--index` wins, then $NEWSSEARCH_INDEX, then ./index."""
    return Path(os.environ.get("NEWSSEARCH_INDEX") or DEFAULT_INDEX)


def exists(path: Path) -> bool:
    return path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def open_index(path: Path, create: bool = False):
    """Open the Whoosh index at `path`; with create=True make an empty one where there is none."""
    path = Path(path)
    if exists(path):
        try:
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
        except Exception as exc:  # a foreign or damaged folder: say so in one line
            raise IndexMissingError(f"cannot open the index at {path}: {exc}") from exc
    if not create:
        raise IndexMissingError(
            f"no index at {path}: build one with `newssearch index [PATH ...] --index {path}`"
        )
    if path.exists() and not path.is_dir():
        raise InputError(f"--index {path} is a file, not a folder")
    path.mkdir(parents=True, exist_ok=True)
    storage = FileStorage(str(path))
    return storage.create_index(build_schema(), indexname=INDEX_NAME)
