"""Two measured fixes to Whoosh: a lighter import, and posting blocks in a current pickle protocol.

Import: `whoosh.compat` imports `urllib.request` (and with it http.client, email, ssl: about 30 ms,
an eighth of a one-query process) for a `urlretrieve` that Whoosh only uses to download
dictionaries. Whoosh is imported here with a stand-in that imports the real function when called.

Encoding:

Whoosh pickles each block of postings (ids, weights and each document's positions) with pickle
protocol 2, which predates a bytes opcode: every document's positions in a block are rebuilt on
reading through a call to `_codecs.encode`. Unpickling a 128-posting block of "said" from the
Reuters index took 120 us that way, and reading a common word's postings dominated phrase
queries. Protocol 5 stores bytes as bytes; any Python 3.8+ reads both, so older indexes still open.
"""

from __future__ import annotations

import pickle
import sys
import types


def _import_whoosh_lightly() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args, **kwargs):
        from urllib.request import urlretrieve as real  # the real module: the stand-in is gone

        return real(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_whoosh_lightly()

from whoosh.codec import whoosh3  # noqa: E402


def _dumps(obj, protocol=None) -> bytes:
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)


def apply() -> None:
    """Make Whoosh's codec write posting blocks with the current pickle protocol."""
    whoosh3.dumps = _dumps


apply()
