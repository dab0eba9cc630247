"""Decoded positions of a word in a document, for phrase checks: Whoosh's Positions format
stores a count and a pickled list of deltas, summed here in C and cached by their encoded bytes
(the same positions repeat across documents)."""

from __future__ import annotations

from itertools import accumulate, compress
from operator import not_
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


class _Starts(dict):
    """encoded positions -> where a phrase would start if this word, at these positions, were its
    k-th word (positions - k), as a frozenset; filled on lookup, so a phrase check is a C-level
    dict lookup per document once the common values are known."""

    __slots__ = ("k",)

    def __init__(self, k: int):
        super().__init__()
        self.k = k

    def __missing__(self, value: bytes) -> frozenset:
        global _starts_size
        if _starts_size >= _DECODED_LIMIT:  # all the tables together, whatever the phrase lengths
            for table in _STARTS.values():
                table.clear()
            _starts_size = 0
        _starts_size += 1
        k = self.k
        got = self[value] = frozenset([p - k for p in decode_positions(value)])
        return got


_STARTS: dict[int, _Starts] = {}
_starts_size = 0  # entries in all the tables


def starts_table(k: int) -> _Starts:
    """The table of phrase starts for the k-th word of a phrase (one per k, kept)."""
    table = _STARTS.get(k)
    if table is None:
        table = _STARTS[k] = _Starts(k)
    return table


def with_phrase(cands: list[int], columns: list[tuple[dict, int]]) -> list[int]:
    """The candidates where a phrase (slop 0) occurs: `columns` are ({docnum: encoded positions},
    k) of terms that must stand k words after the phrase's start. A document matches when the
    shifted position sets share a start. The sets are cached by encoded value (they repeat across
    documents); each step is one C-level pass over the candidates (map / zip / compress), not a
    Python statement per document."""
    shifted = [map(starts_table(k).__getitem__, map(where.__getitem__, cands)) for where, k in columns]
    if len(shifted) == 1:
        return list(compress(cands, shifted[0]))
    common = shifted[0]
    for more in shifted[1:-1]:
        common = map(frozenset.intersection, common, more)
    return list(compress(cands, map(not_, map(frozenset.isdisjoint, common, shifted[-1]))))
