"""Decoded positions of a word in a document, for phrase checks: Whoosh's Positions format
stores a count and a pickled list of deltas, summed here in C and cached by their encoded bytes
(the same positions repeat across documents)."""

from __future__ import annotations

from itertools import accumulate
from pickle import loads

from whoosh.formats import Positions


def positions_decoder(fmt):
    """Whoosh's Positions format stores a count and a pickled list of deltas; its decoder sums
    them in a Python loop, ours in C (the same numbers: tests/engine/test_evaluate.py)."""
    if type(fmt) is not Positions:
        return fmt.decoder("positions")
    return decode_positions


_DECODED: dict[bytes, tuple[int, ...]] = {}  # encoded positions -> positions (values repeat a lot:
_DECODED_LIMIT = 50_000  # a word at position 7 of a document is the same bytes in every document)


def decode_positions(value: bytes) -> tuple[int, ...]:
    got = _DECODED.get(value)
    if got is None:
        got = tuple(accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b".")))
        if len(_DECODED) >= _DECODED_LIMIT:
            _DECODED.clear()
        _DECODED[value] = got
    return got


_STARTS: dict[tuple[bytes, int], frozenset] = {}  # (encoded positions, k) -> positions - k


def phrase_starts_at(value: bytes, k: int) -> frozenset:
    """Where a phrase would start if this word, at these positions, were its k-th word."""
    key = (value, k)
    got = _STARTS.get(key)
    if got is None:
        got = frozenset([p - k for p in decode_positions(value)])
        if len(_STARTS) >= _DECODED_LIMIT:
            _STARTS.clear()
        _STARTS[key] = got
    return got


def with_phrase(candidates, columns: list[tuple[dict, int]]) -> list[int]:
    """The candidates where the phrase occurs: `columns` are ({docnum: encoded positions}, k),
    a term that must stand k words after the phrase's start. A document matches when the
    shifted position sets share a start; the sets are cached by encoded value (they repeat
    across documents), so a candidate costs a few lookups in C."""
    (first, k0), rest = columns[0], columns[1:]
    matched = []
    for d in candidates:
        starts = phrase_starts_at(first[d], k0)
        for col, k in rest:
            starts = starts & phrase_starts_at(col[d], k)
            if not starts:
                break
        else:
            matched.append(d)
    return matched
