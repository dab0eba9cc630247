"""A lighter Whoosh import, for a process that is only newssearch (the command line).

`whoosh.compat` imports `urllib.request` (and with it http.client, email and ssl: a large share
of a one-query process's start-up) for a `urlretrieve` that Whoosh only uses to download
dictionaries. Here Whoosh is imported with a stand-in that imports the real function when called.
The stand-in is visible process-wide while Whoosh imports, so the library never does this by
itself: only the CLI calls it, through newssearch.api.fast_start()."""

from __future__ import annotations

import sys
import types


def import_whoosh_lightly() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real  # the real module: the stand-in is gone

        return real(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
