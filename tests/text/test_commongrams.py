"""Common-word pairs (text/commongrams.py): which pairs a text has, and how a phrase is pinned by
pairs and words."""

from __future__ import annotations

from newssearch.text.analysis import terms
from newssearch.text.commongrams import SEPARATOR, common_terms, cover, pair_term, pairs

COMMON = frozenset({"the", "of", "said", "a"})


def test_the_common_terms_are_stemmed_terms_of_news_text():
    common = common_terms()
    assert 30 <= len(common) <= 100
    assert {"the", "of", "said", "compani"} <= common  # stemmed forms, as the index has them
    assert all(terms(t) == [t] for t in common)


def test_pairs_of_a_text():
    got = pairs(terms("The company said the the bank of Japan"), COMMON)
    assert got == [(0, pair_term("the", "compani")), (1, pair_term("compani", "said")),
                   (2, pair_term("said", "the")), (3, pair_term("the", "the")),
                   (4, pair_term("the", "bank")), (5, pair_term("bank", "of")), (6, pair_term("of", "japan"))]
    assert pairs(terms("gold prices rose"), COMMON) == []
    assert pairs(["the"], COMMON) == []


def test_pair_terms_sort_as_their_two_terms():
    """The separator sorts before any character of a term: pair terms in byte order are ordered
    by (first term, second term), which the bulk inversion relies on."""
    firsts = ["the", "them", "th", "a", "ab", "北京"]
    seconds = ["x", "", "yz", "a"]
    items = [(a, b) for a in firsts for b in seconds]
    by_bytes = sorted(items, key=lambda ab: pair_term(*ab).encode("utf-8"))
    by_pair = sorted(items, key=lambda ab: (ab[0].encode("utf-8"), ab[1].encode("utf-8")))
    assert by_bytes == by_pair
    assert SEPARATOR not in "".join(terms("Tab\tand\x1fcontrol characters split words"))


def test_a_phrase_is_pinned_by_its_cheapest_pairs_and_words():
    df = {pair_term("the", "compani"): 30, pair_term("compani", "said"): 20, "compani": 500,
          pair_term("bank", "of"): 5, pair_term("of", "japan"): 4, "bank": 50, "japan": 40}

    def cost(term, is_pair):
        return df.get(term, 1000)

    assert cover(["the", "compani", "said"], COMMON, cost) == [
        (pair_term("the", "compani"), True, 0), (pair_term("compani", "said"), True, 1)]
    assert cover(["bank", "of", "japan"], COMMON, cost) == [
        (pair_term("bank", "of"), True, 0), (pair_term("of", "japan"), True, 1)]
    # four common words: the middle pair adds nothing the outer two do not say
    assert cover(["the", "of", "the", "of"], COMMON, cost) == [
        (pair_term("the", "of"), True, 0), (pair_term("the", "of"), True, 2)]
    # a rare word between rare words is pinned by its own postings
    got = cover(["the", "bank", "gold", "price"], COMMON, cost)
    assert got is not None and ("gold", False, 2) in got and (pair_term("the", "bank"), True, 0) in got
    assert cover(["gold", "price"], COMMON, cost) is None
