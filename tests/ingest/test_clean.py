import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newssearch.ingest import clean
from newssearch.ingest.clean import clean_body, is_residue, normalise, paragraphs, residue_alternatives, split_dateline
from newssearch.ingest.records import to_article
from newssearch.ingest.sources import read_file

from helpers import SEED


def seed_article():
    [record] = list(read_file(SEED))
    return to_article(record)


def test_seed_is_cleaned_of_share_buttons_and_keeps_its_text():
    art = seed_article()
    assert art.title == "Hamas Joins Gaza Truce Talks in Cairo as Israel Launches Air Strikes in Lebanon"
    assert art.date.display() == "2024-02-14"
    assert art.dateline == "GAZA CITY"
    assert "icon-" not in art.body and "icon-" not in art.title
    assert art.body.startswith("Negotiations aimed at halting the ongoing conflict")
    assert art.body.rstrip().endswith("if an assault goes ahead.")
    # the subheading survives as its own paragraph
    assert "\n\nIsrael Launches Strikes on Lebanon\n\n" in art.body
    assert "Wed Feb 14 2024" not in art.body


def test_residue_list_recognises_page_furniture():
    for line in ["icon-facebook icon-twitter icon-whatsapp", "Share this article", "Advertisement",
                 "Read more: Why rates matter", "We use cookies to improve your experience.",
                 "Share  Tweet  Email", "Sign up for our newsletter", "Continue reading below",
                 "All rights reserved.", "ADVERTISEMENT", "SHARE ON FACEBOOK", "© 2024 Reuters. All Rights Reserved"]:
        assert is_residue(line), line


def test_residue_patterns_are_written_in_lower_case():
    """Lines are lowercased before matching, so an upper-case letter in a pattern (other than an
    escape such as \\W) could never match."""
    for pattern in residue_alternatives():
        assert not re.search(r"(?<!\\)[A-Z]", pattern), pattern


def test_residue_list_keeps_real_sentences():
    for line in ["Israel Launches Strikes on Lebanon",
                 "Share prices fell sharply on Monday after the announcement.",
                 "Read the full statement, officials said, before judging it.",
                 "Advertisement revenue at the group rose 4 percent in the quarter, it said.",
                 "Watch this space, the minister told reporters."]:
        assert not is_residue(line), line


def test_inline_icon_tokens_are_removed_but_text_kept():
    body = clean_body("Talks resumed icon-facebook on Monday.").text
    assert body == "Talks resumed on Monday."


def test_icon_tokens_in_any_case_in_long_paragraphs_are_removed():
    """Long paragraphs are scanned from their dashes only: every spelling the case-insensitive
    pattern takes is still found (Turkish dotted I and the long s included)."""
    text = "word " * 400 + "Fa-Bars then ICON-home, İcon-x and faſ-y and fab-X-2 end - of it"
    assert clean_body(text).text == "word " * 400 + "then , and and end - of it"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="icoanfbsICONFABSİıſK- x1_é", max_size=40))
def test_icon_dash_prefilter_passes_every_line_the_icon_pattern_matches(line):
    if clean._INLINE_ICON_RE.search(line):
        assert clean._ICON_DASH_RE.search(line)


def test_hard_wrapped_wire_copy_is_rejoined_into_paragraphs():
    text = ("Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought\n"
            "since early January.\n    The dry period means the temporao will\nbe late this year.\n")
    assert paragraphs(text.split("\n")) == [
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January.",
        "The dry period means the temporao will be late this year.",
    ]


def test_datelines_of_common_forms_are_split_off():
    assert split_dateline("GAZA CITY: Negotiations began.") == ("GAZA CITY", "Negotiations began.")
    assert split_dateline("NEW YORK, Feb 26 - Stocks rose.") == ("NEW YORK, Feb 26", "Stocks rose.")
    assert split_dateline("LONDON (Reuters) - Oil rose.") == ("LONDON (Reuters)", "Oil rose.")
    assert split_dateline("DOHA — Negotiators returned.") == ("DOHA", "Negotiators returned.")


def test_ordinary_openings_are_not_datelines():
    for text in ["Meanwhile: the talks went on.", "The US - and its allies - agreed.", "A new deal was signed."]:
        assert split_dateline(text) == ("", text)


def test_unicode_is_normalised_to_nfc_and_whitespace_collapsed():
    body = clean_body("Cafe\u0301\u00a0 society\u200b  rises").text
    assert body == "Café society rises"


def test_whitespace_within_lines_collapses_and_an_indent_is_kept_as_one_space():
    """Every kind of space run becomes one space, line ends lose theirs, blank lines become
    empty, and an indented line keeps one leading space (wire copy marks paragraphs that way)."""
    text = "  LONDON\t March 3\u3000 -\u2002Shares  rose. \r\n \t \n\u00a0  The index\u205fgained \nx\u2028y"
    assert normalise(text) == " LONDON March 3 - Shares rose.\n\n The index gained\nx\ny"


def test_terminal_sequences_are_dropped_whole_and_never_searchable(tmp_path):
    """Dropping only the ESC of a sequence left '[31m' and a link's '8;;http://evil.example' in
    the indexed text, where a search found them; an unterminated one keeps the text after it."""
    from newssearch import NewsIndex
    from newssearch.ingest.clean import normalise

    raw = "Price \x1b[31mup\x1b[0m and \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 here \x1bc done"
    assert normalise(raw) == "Price up and link here done"
    assert normalise("Start \x1b]unterminated, and the text goes on.") == "Start unterminated, and the text goes on."
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "a", "title": "Oil \x1b[1mprices\x1b[0m", "body": raw}])
    assert ix.search("evil").total == 0 and ix.search("31m").total == 0
    assert ix.search('"price up"').total == 1 and ix.get("a")["title"] == "Oil prices"
