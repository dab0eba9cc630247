"""Per-reader caches: values worth computing once per segment reader (date arrays, column readers,
length norms, search's cluster members through SegmentView.cached), kept on the reader itself so
they live exactly as long as it does; a refreshed snapshot keeps the readers of unchanged segments
and with them what was cached."""

from __future__ import annotations

from typing import Callable

_ATTR = "_newssearch_cache"


def cached(reader, key, make: Callable[[], object]):
    """`make()` once per (reader, key); computed every time if the reader takes no attributes."""
    cache = getattr(reader, _ATTR, None)
    if cache is None:
        cache = {}
        try:
            setattr(reader, _ATTR, cache)
        except AttributeError:
            return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]
