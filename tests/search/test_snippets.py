from newssearch.query import plan as qp
from newssearch.search.snippets import MatchSpec, find_matches, make_snippets, match_spec

TEXT = ("The ground shifted under the talks on Monday. Israel said a ground operation in Rafah "
        "was planned.\n\nAllies warned against any ground operations without a plan for civilians.")


def marked(text, spans):
    return [text[s:e] for s, e in spans]


def test_phrase_highlights_only_inside_phrase_occurrences():
    spec = MatchSpec(phrases=[(("ground", "oper"), 0)])
    assert marked(TEXT, find_matches(TEXT, spec)) == ["ground operation", "ground operations"]


def test_loose_terms_are_marked_wherever_they_occur():
    spec = MatchSpec(terms={"ground"})
    assert marked(TEXT, find_matches(TEXT, spec)) == ["ground", "ground", "ground"]


def test_proximity_marks_the_words_of_each_near_occurrence():
    spec = MatchSpec(phrases=[(("israel", "oper"), 3)])  # said, a, ground between
    assert marked(TEXT, find_matches(TEXT, spec)) == ["Israel", "operation"]


def test_match_spec_ignores_negated_parts_and_other_fields():
    q = qp.AllOf((qp.Phrase("body", ("ground", "oper")), qp.Term("title", "rafah"),
                  qp.Exclude(qp.Term("body", "talk"))))
    spec = match_spec(q, "body")
    assert spec.phrases == [(("ground", "oper"), 0)] and spec.terms == set()
    assert match_spec(q, "title").terms == {"rafah"}


def test_fragments_are_short_at_word_boundaries_and_offsets_are_right():
    spec = MatchSpec(phrases=[(("ground", "oper"), 0)])
    snippets = make_snippets(TEXT, find_matches(TEXT, spec), count=2, size=60)
    assert len(snippets) == 2
    for snip in snippets:
        assert len(snip.text) <= 90
        assert snip.text == snip.text.strip()
        assert [snip.text[s:e].lower() for s, e in snip.highlights][0].startswith("ground operation")
    # a fragment never straddles a paragraph break
    assert all("\n" not in s.text for s in snippets)
    # no fragment starts or ends inside a word
    for snip in snippets:
        start = TEXT.index(snip.text)
        assert start == 0 or not TEXT[start - 1].isalnum()
        end = start + len(snip.text)
        assert end == len(TEXT) or not TEXT[end].isalnum()


def test_without_matches_the_lead_is_shown():
    [snip] = make_snippets(TEXT, [], count=2, size=40)
    assert snip.text == "The ground shifted under the talks on" and snip.highlights == []


def test_proximity_beyond_the_allowed_gap_marks_nothing():
    assert find_matches(TEXT, MatchSpec(phrases=[(("israel", "oper"), 2)])) == []
