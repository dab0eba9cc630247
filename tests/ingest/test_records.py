import pytest

from newssearch.errors import InputError
from newssearch.ingest.records import parse_field_map, stable_id, to_article
from newssearch.model import RawRecord, Skip


def rec(fields, origin="/data/x.jsonl#1", kind="json"):
    return RawRecord(fields, origin, kind)


def test_common_field_spellings_are_mapped():
    art = to_article(rec({"headline": "H", "maintext": "Body text.", "date_publish": "2024-02-14 10:00:00",
                          "source_domain": "example.com", "authors": ["A One", "B Two"], "link": "https://x.y/z",
                          "lang": "EN"}))
    assert (art.title, art.body, art.source, art.url, art.language) == ("H", "Body text.", "example.com", "https://x.y/z", "en")
    assert art.authors == ["A One", "B Two"]
    assert art.date.display() == "2024-02-14T10:00:00Z"


def test_bylines_are_split_into_authors():
    art = to_article(rec({"title": "T", "body": "B", "byline": "By Jane Doe and John Roe"}))
    assert art.authors == ["Jane Doe", "John Roe"]


def test_unmapped_fields_are_kept_as_extra():
    art = to_article(rec({"title": "T", "body": "B", "topics": ["cocoa"], "places": ["usa"]}))
    assert art.extra == {"topics": ["cocoa"], "places": ["usa"]}


def test_unreadable_date_is_kept_in_extra_not_guessed():
    art = to_article(rec({"title": "T", "body": "B", "date": "sometime last week"}))
    assert art.date is None and art.extra["unreadable_date"] == "sometime last week"


def test_record_with_no_text_is_skipped_with_reason():
    out = to_article(rec({"id": "1", "title": "  ", "body": "icon-facebook icon-twitter"}))
    assert isinstance(out, Skip) and "no text" in out.reason


def test_headline_only_records_are_kept():
    art = to_article(rec({"title": "U.S. RATES STEADY", "body": ""}))
    assert art.title == "U.S. RATES STEADY" and art.body == ""


def test_source_falls_back_to_url_host():
    assert to_article(rec({"title": "T", "url": "https://www.arabnews.com/node/1"})).source == "arabnews.com"


def test_ids_are_own_or_derived_from_origin():
    assert stable_id(rec({}), "reuters-1") == "reuters-1"
    a = stable_id(rec({}, "/data/a.txt", "text"), None)
    assert a == stable_id(rec({}, "/data/a.txt", "text"), None)
    assert a != stable_id(rec({}, "/data/b.txt", "text"), None)
    assert stable_id(rec({}, "/d/x.jsonl#1"), None) != stable_id(rec({}, "/d/x.jsonl#2"), None)


def test_field_map_errors_are_clear():
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_field_map(["body"])
    with pytest.raises(InputError, match="unknown field 'bdy'"):
        parse_field_map(["bdy=text"])


def test_content_hash_changes_with_content_not_origin():
    a = to_article(rec({"id": "1", "title": "T", "body": "B"}, "/x#1"))
    b = to_article(rec({"id": "1", "title": "T", "body": "B"}, "/y#9"))
    c = to_article(rec({"id": "1", "title": "T", "body": "B changed"}, "/x#1"))
    assert a.content_hash() == b.content_hash() != c.content_hash()
