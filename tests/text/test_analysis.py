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
