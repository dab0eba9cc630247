"""`newssearch serve` as a real process, for the tests that need one (the browser's, the workers')."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(index, *options: str):
    """`newssearch serve` in a process of its own: its base URL once it answers; after it has
    stopped, its log (stdout and stderr) must hold no traceback."""
    port = _free_port()
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "newssearch", "serve", "--index", str(index), "--port", str(port),
                             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    log: list[str] = []
    try:
        while True:
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() - started > 20:
                    raise AssertionError(proc.stderr.read().decode(errors="replace")) from None
                time.sleep(0.05)
        print(f"serve answered its first request {time.monotonic() - started:.2f} s after it was started")
        yield base, log
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
        log.append((out + err).decode(errors="replace"))
    assert "Traceback" not in log[0]
