import pytest

from newssearch.errors import QueryError
from newssearch.query.syntax import (
    All,
    And,
    DateFilter,
    Fuzzy,
    Not,
    Or,
    Phrase,
    Wildcard,
    Word,
    is_listing,
    lenient,
    parse,
)


def test_words_are_all_required():
    assert parse("rafah ceasefire") == And((Word(None, "rafah"), Word(None, "ceasefire")))
    assert parse("rafah AND ceasefire") == parse("rafah ceasefire")


def test_or_not_minus_and_parentheses():
    assert parse("(gaza OR rafah) -lebanon") == And((Or((Word(None, "gaza"), Word(None, "rafah"))),
                                                     Not(Word(None, "lebanon"))))
    assert parse("NOT lebanon") == Not(Word(None, "lebanon"))
    assert parse("gaza or rafah") == And((Word(None, "gaza"), Word(None, "or"), Word(None, "rafah")))


def test_phrases_and_proximity():
    assert parse('"ground operation"') == Phrase(None, "ground operation", 0)
    assert parse('"israel strikes"~3') == Phrase(None, "israel strikes", 3)


def test_wildcard_and_fuzzy():
    assert parse("negotiat*") == Wildcard(None, "negotiat*")
    assert parse("rafha~") == Fuzzy(None, "rafha", 1)
    assert parse("rafha~2") == Fuzzy(None, "rafha", 2)


def test_fields_and_aliases():
    assert parse("title:rafah") == Word("title", "rafah")
    assert parse("headline:rafah") == Word("title", "rafah")
    assert parse("text:rafah") == Word("body", "rafah")
    assert parse('source:"arab news"') == Phrase("source", "arab news", 0)
    assert parse("author:doe") == Word("authors", "doe")
    assert parse("title:(gaza OR rafah)") == Or((Word("title", "gaza"), Word("title", "rafah")))


def test_date_forms():
    for expr in ["date:2024-02-14", "date:2024-02", "date:2024", "date:[2024-02-01 TO 2024-02-29]",
                 "date:>=2024-02-01", "date:<2024-03-01", "date:>2024-02-14", "date:>=-7d",
                 "date:yesterday", "date:today"]:
        node = parse(expr)
        assert isinstance(node, DateFilter), expr


def test_listing_queries():
    assert parse("*") == All() and parse("") == All()
    assert is_listing(parse("* date:2024-02"))
    assert not is_listing(parse("rafah date:2024-02"))


@pytest.mark.parametrize("bad,message", [
    ('"ground operation', "unbalanced quotes"),
    ("(gaza OR rafah", "unbalanced parenthesis"),
    ("gaza)", "unbalanced parenthesis"),
    ("colour:red", "unknown field 'colour'"),
    ("date:1987-02-30", "invalid date"),
    ("date:2024-02-01x", "cannot read the date"),
    ("date:[2024-02-01 TO 2024-02-29", "unbalanced bracket"),
    ("gaza OR", "OR needs a term"),
    ("NOT", "NOT needs"),
    ("title: rafah", "has no value"),
    ("rafah~5", "edits"),
    ('"a b"~', "proximity needs a number"),
])
def test_strict_errors_say_what_is_wrong(bad, message):
    with pytest.raises(QueryError, match=message):
        parse(bad)


def test_lenient_fallback_keeps_the_words():
    assert lenient('"ground operation (rafah') == "ground operation rafah"
    assert lenient("colour:red gaza") == "red gaza"
