from newssearch.text.phrase import chain_positions, has_phrase, phrase_starts


def test_exact_phrase_needs_adjacent_words_in_order():
    assert has_phrase([[3, 10], [4]]) and chain_positions([[3, 10], [4]]) == {3, 4}
    assert not has_phrase([[3], [5]])
    assert not has_phrase([[4], [3]])  # wrong order


def test_repeated_words_in_a_phrase():
    assert has_phrase([[1, 2], [1, 2]])  # "new new" in "... new new ..."
    assert not has_phrase([[1], [1]])


def test_proximity_counts_words_between():
    assert has_phrase([[0], [3]], slop=2)  # two words between
    assert not has_phrase([[0], [4]], slop=2)


def test_proximity_tries_every_chain_not_just_the_nearest():
    # word1 at 2 is nearest to word0, but only word1 at 5 reaches word2 at 9 (slop 4)
    assert chain_positions([[0], [2, 5], [9]], slop=4) == {0, 5, 9}


def test_phrase_starts_are_where_every_word_lines_up():
    # "a b a b": a at 0 and 2, b at 1 and 3 -> the phrase "a b" starts at 0 and 2
    assert phrase_starts([[0, 2], [1, 3]]) == {0, 2}
    assert phrase_starts([[0, 2], []]) == set()
    assert phrase_starts([[5], [6], [9]]) == set()
