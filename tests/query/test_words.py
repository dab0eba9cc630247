"""The wildcard and typo vocabulary: expansions and fuzzy matches checked by brute force."""

from __future__ import annotations

import random

from newssearch.query.words import expand, fuzzy


def _osa(a: str, b: str) -> int:
    """Edit distance with adjacent swaps (optimal string alignment), the textbook table."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def _vocabulary(seed=3, n=3000):
    rnd = random.Random(seed)
    words = {"".join(rnd.choice("aeiorstnlcd") for _ in range(rnd.randint(2, 9))) for _ in range(n)}
    return sorted(words | {"competitive", "environment", "colors", "coors", "koln", "ringgit"})


def test_fuzzy_finds_exactly_the_words_within_the_typos_allowed():
    vocab = _vocabulary()
    rnd = random.Random(5)
    probes = ["competitve", "enviroment", "ringit", "colros", "Köln", "COORS"]
    for w in rnd.sample(vocab, 60):
        i = rnd.randrange(len(w))
        probes += [w[:i] + w[i + 1:], w[:i] + "x" + w[i:], w[:i] + w[i + 1:i + 2] + w[i:i + 1] + w[i + 2:]]
    for probe in probes:
        folded = probe.casefold().replace("ö", "o")
        for edits in (1, 2):
            expected = [v for v in vocab if v[:1] == folded[:1] and _osa(folded, v) <= edits]
            assert fuzzy(vocab, probe, edits) == expected, (probe, edits)


def test_swapped_letters_are_one_typo():
    assert fuzzy(["competitive", "compete"], "competitvie", 1) == ["competitive"]
    assert fuzzy(["colors"], "oclors", 1) == []  # the first letter must match


def test_expand_matches_wildcards_against_the_sorted_words():
    vocab = _vocabulary()
    assert expand(vocab, "co*") == [v for v in vocab if v.startswith("co")]
    assert expand(vocab, "c?l*") == [v for v in vocab if len(v) >= 3 and v[0] == "c" and v[2] == "l"]
