"""Inversion sorts every word of a field by term in one pass: the order is numpy's stable
argsort's, also across the chunks it packs and unpacks the words in."""

import numpy as np

from newssearch.engine.write import inversion


def test_words_sorted_by_term_keep_their_order_within_a_term(monkeypatch):
    monkeypatch.setattr(inversion, "_CHUNK", 1000)  # many chunks
    rng = np.random.default_rng(3)
    key = (rng.zipf(1.3, 25_000) % 5_000).astype(np.int32)  # few terms very frequent, as in text
    ranks, order = inversion._sorted_by_term(key.copy())
    expected = np.argsort(key, kind="stable")
    assert np.array_equal(order, expected)
    assert np.array_equal(ranks, key[expected])
