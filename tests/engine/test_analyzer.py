"""The Whoosh analyzer of the schema gives the same terms as text/analysis.py, with positions and
character offsets."""

from newssearch.engine.analyzer import NewsAnalyzer
from newssearch.text.analysis import terms


def test_whoosh_analyzer_positions_and_offsets_match_plain_terms():
    text = "Air strikes in Lebanon’s south"
    toks = [(t.text, t.pos, text[t.startchar:t.endchar]) for t in NewsAnalyzer()(text, positions=True, chars=True)]
    assert toks == [("air", 0, "Air"), ("strike", 1, "strikes"), ("in", 2, "in"), ("lebanon", 3, "Lebanon"),
                    ("s", 4, "s"), ("south", 5, "south")]
    assert [t for t, _, _ in toks] == terms(text)


def test_unstemmed_analyzer_only_folds():
    assert [t.text for t in NewsAnalyzer(stem=False)("Élysée Operations")] == ["elysee", "operations"]
