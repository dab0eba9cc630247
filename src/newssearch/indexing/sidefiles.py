"""Small files kept beside the Whoosh index: sets of strings, one per line, that only ever grow.

They are written before the index commit that needs them, atomically (temp file + rename), so a
killed run leaves at worst a superset, which every user of them tolerates. Writers in several
processes at once (the sub-writers of a parallel run) take turns under a file lock."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable


def read_lines(path: Path) -> list[str]:
    """The sorted lines of the file ([] when it does not exist yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return text.split("\n") if text else []


def add_lines(path: Path, items: Iterable[str]) -> None:
    """Add `items` to the file; rewritten only when something is new."""
    new = set(items)
    if not new:
        return
    with _locked(path):
        lines = set(read_lines(path))
        if new <= lines and path.exists():
            return
        lines |= new
        tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        tmp.write_text("\n".join(sorted(lines)), encoding="utf-8")
        os.replace(tmp, path)


@contextmanager
def _locked(path: Path):
    """An exclusive lock on `path`'s lock file (where the OS has fcntl; elsewhere no lock)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
