import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newssearch.text.analysis import fold, terms


def test_case_and_accent_folding():
    assert fold("Élysée") == "elysee"
    assert fold("STRASSE") == fold("straße")
    assert terms("Köln ÉLYSÉE", stem=False) == ["koln", "elysee"]


def test_english_stemming_groups_word_forms():
    assert terms("operation operations") == ["oper", "oper"]
    assert terms("negotiations negotiating")[0] == terms("negotiations negotiating")[1]


def test_stop_words_are_kept_so_phrases_stay_exact():
    assert terms("Bank of Japan") == ["bank", "of", "japan"]
    assert terms("bank in japan") == ["bank", "in", "japan"]


def marks_class() -> str:
    """The character class of text/marks.py, computed from this Python's unicodedata."""
    import sys
    import unicodedata

    ranges, start, prev = [], None, None
    for c in range(sys.maxunicode + 1):
        if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"):
            if start is None:
                start = c
            elif c != prev + 1:
                ranges.append((start, prev))
                start = c
            prev = c
    ranges.append((start, prev))

    def esc(c):
        return f"\\u{c:04x}" if c <= 0xFFFF else f"\\U{c:08x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


def test_the_marks_class_is_this_pythons_unicode():
    from newssearch.text.marks import MARKS

    assert MARKS == marks_class().encode("ascii").decode("unicode_escape")


def test_words_keep_their_marks_and_fold_to_one_form():
    from newssearch.text.analysis import words

    assert words("مُحَمَّد رسول") == ["مُحَمَّد", "رسول"]  # harakat and shadda inside the word
    assert terms("مُحَمَّد", stem=False) == terms("محمد", stem=False) == ["محمد"]
    assert terms("هـــذا", stem=False) == ["هذا"]  # tatweel
    assert words("हिन्दी समाचार") == ["हिन्दी", "समाचार"]  # vowel signs (Mc) stay in the word
    assert terms("Cafe\u0301 Élysée ﬁnance", stem=False) == ["cafe", "elysee", "finance"]


def test_cjk_runs_become_overlapping_pairs():
    from newssearch.text.analysis import word_spans, words

    text = "北京大学的学生, iPhone手机 and 東京"
    assert words(text) == ["北京", "京大", "大学", "学的", "的学", "学生", "iPhone", "手机", "and", "東京"]
    assert [text[a:b] for a, b in word_spans(text)] == words(text)
    assert words("中") == ["中"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_words_are_the_regex_words(text):
    """ASCII text is split by a byte table, not the regex: the same words, the same spans."""
    from newssearch.text.analysis import ascii_words, word_spans, words

    assert words(text) == re.findall(r"\w+", text)
    assert [text[a:b] for a, b in word_spans(text)] == words(text)
    assert ascii_words(text.lower()) == [w.lower().encode() for w in words(text)]
