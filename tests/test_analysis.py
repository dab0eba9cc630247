from newssearch.text.analysis import NewsAnalyzer, fold, terms, tokens


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


def test_tokens_carry_character_offsets():
    text = "Rafah’s ground operation"
    assert [(t, text[s:e]) for t, s, e in tokens(text)] == [
        ("rafah", "Rafah"), ("s", "s"), ("ground", "ground"), ("oper", "operation")]


def test_whoosh_analyzer_positions_match_plain_tokens():
    toks = [(t.text, t.pos, t.startchar) for t in NewsAnalyzer()("Air strikes in Lebanon", positions=True, chars=True)]
    assert toks == [("air", 0, 0), ("strike", 1, 4), ("in", 2, 12), ("lebanon", 3, 15)]
