"""Phrases and proximity: one definition of "these words, in this order, at most `slop` words
apart", used both to match documents (engine/evaluate.py) and to highlight them (search/snippets.py).

Positions are word numbers. `positions[k]` holds where the phrase's k-th word occurs.
"""

from __future__ import annotations

from bisect import bisect_left


def phrase_starts(positions: list) -> set[int]:
    """Where an exact phrase (slop 0) starts: word k at position p means a start at p - k, so the
    starts are the intersection of each word's shifted positions (set operations, in C)."""
    if not positions or any(not p for p in positions):
        return set()
    starts = set(positions[0])
    for k in range(1, len(positions)):
        starts.intersection_update([p - k for p in positions[k]])
        if not starts:
            break
    return starts


def chain_positions(positions: list[list[int]], slop: int = 0) -> set[int]:
    """Positions of every word that takes part in some occurrence of the phrase.

    Consecutive words must be in order with at most `slop` other words between them.
    Empty set: no occurrence.
    """
    if not positions or any(not p for p in positions):
        return set()
    if slop == 0:
        return {s + k for s in phrase_starts(positions) for k in range(len(positions))}
    # forward: positions of word k reachable from a chain starting at word 0
    forward = [set(positions[0])]
    for k in range(1, len(positions)):
        prev = sorted(forward[-1])
        reach = {p for p in positions[k] if _any_between(prev, p - slop - 1, p)}
        if not reach:
            return set()
        forward.append(reach)
    # backward: keep only positions that lead on to a complete chain
    keep: list[set[int]] = [set() for _ in positions]
    keep[-1] = forward[-1]
    for k in range(len(positions) - 2, -1, -1):
        nxt = sorted(keep[k + 1])
        keep[k] = {p for p in forward[k] if _any_between(nxt, p + 1, p + slop + 2)}
    return set().union(*keep)


def _any_between(sorted_values: list[int], lo: int, hi: int) -> bool:
    """Is there a value v with lo <= v < hi?"""
    i = bisect_left(sorted_values, lo)
    return i < len(sorted_values) and sorted_values[i] < hi


def has_phrase(positions: list, slop: int = 0) -> bool:
    """Does the phrase occur at least once?"""
    if slop == 0:  # the common case, without building the set of every word's positions
        return bool(phrase_starts(positions))
    return bool(chain_positions(positions, slop))
