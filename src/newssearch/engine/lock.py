"""The write lock of an index folder: one writing run at a time, for the whole run.

It is Whoosh's own lock file (MAIN_WRITELOCK, an flock), so a plain Whoosh writer of the same folder
waits for us too. The run takes it before it reads what the index holds (which articles, which
versions) and keeps it until its last commit: a second run that read the index while the first was
writing would add the same articles again. The holder writes who it is into the file, so a run that
waits in vain can name it. The kernel drops an flock when its process dies, however it dies, so the
lock of a killed writer is never stale; the sub-writers of a parallel run share it and die with
their parent (write/parallel.py).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

from ..errors import IndexBusyError

LOCK_FILE = "MAIN_WRITELOCK"  # store.INDEX_NAME + "_WRITELOCK", the name Whoosh's writers use


class WriteLock:
    """The write lock of the index at `folder` (a context manager once acquired)."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0) -> "WriteLock":
        """Take the lock, waiting up to `wait` seconds for another writer to finish; IndexBusyError
        naming that writer if it does not."""
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    os.close(fd)
                    raise IndexBusyError(f"the index at {self.path.parent} is being written by "
                                         f"{describe(holder(self.path))} (waited {wait:g} s; `wait` sets how long)",
                                         path=str(self.path.parent)) from None
                time.sleep(min(0.1, left))
        self._fd = fd
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
              "command": " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:200]}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        import fcntl

        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # no stale name for the next reader of the file
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> "WriteLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def holder(path: Path) -> dict:
    """Who wrote themselves into the lock file ({} when no one did, or it cannot be read)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def describe(info: dict) -> str:
    """'process 1234 (newssearch index big.jsonl) since 14:02:11', or 'another process'."""
    if not info.get("pid"):
        return "another process"
    text = f"process {info['pid']}"
    if info.get("host") and info["host"] != socket.gethostname():
        text += f" on {info['host']}"
    if info.get("command"):
        text += f" ({info['command']})"
    if isinstance(info.get("since"), (int, float)):
        text += " since " + time.strftime("%H:%M:%S", time.localtime(info["since"]))
    return text
