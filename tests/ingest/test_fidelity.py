"""Nothing of the input silently lost or misread: headlines, datelines, dates and mappings, each
case a defect seen on real dumps."""

from __future__ import annotations

import json
import unicodedata

import pytest

from newssearch import NewsIndex
from newssearch.errors import InputError, QueryError
from newssearch.ingest.records import to_article
from newssearch.ingest.sources import read_file
from newssearch.model import RawRecord
from newssearch.text.dates import parse_article_date


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def article(fields):
    return to_article(RawRecord(fields, "t#1", "json"))


def read_articles(path):
    return [to_article(r) for r in read_file(path) if isinstance(r, RawRecord)]


def test_an_untitled_wire_items_heading_line_is_its_title_whole(tmp_path):
    body = ("PRS PARIS COCOA OPG - APR 7\n    Paris cocoa futures opened steady on Tuesday, dealers\n"
            "said, with the May delivery unchanged.\n")
    art = article({"id": "r1", "body": body})
    assert art.title == "PRS PARIS COCOA OPG - APR 7" and art.title_derived  # shown whole, never scored
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "r1", "body": body}])
    assert ix.search("cocoa").total == 1 and ix.search("opg").total == 1 and ix.search('"apr 7 paris"').total == 1
    assert ix.search("title:cocoa").total == 0


def test_a_wrapped_first_line_is_not_taken_for_a_heading(tmp_path):
    wrapped = ("The Federal Reserve said on Tuesday it would raise\ninterest rates next month if inflation "
               "persists, officials said.")
    caps = "BICC SEEKS STAKE IN PLC LONDON, March 25 - BICC\nplc said it was seeking a stake in the company."
    assert article({"body": wrapped}).title.startswith("The Federal Reserve")
    assert article({"body": caps}).title == "BICC SEEKS STAKE IN PLC LONDON, March 25 - BICC"
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "w", "body": wrapped}, {"id": "c", "body": caps}])
    assert [h.id for h in ix.search('"raise interest rates"').hits] == ["w"]
    assert [h.id for h in ix.search('"bicc plc"').hits] == ["c"]


def test_a_leading_dateline_stays_searchable(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([
        {"id": "a", "title": "Aid", "body": "NGO: Convoys reached the north of Gaza on Monday after weeks."},
        {"id": "b", "title": "Talks", "body": "GAZA CITY: Negotiations resumed in Cairo on Tuesday."},
    ])
    assert ix.get("a")["dateline"] == "NGO" and ix.search("ngo").total == 1
    assert [h.id for h in ix.search('"gaza city"').hits] == ["b"] and ix.search("dateline:gaza").total == 1


def test_a_title_made_from_the_body_is_marked_and_not_a_headline(tmp_path):
    body = ("SOUTH VIET NAM THE BUDDHIST CRISIS DEEPENED LAST WEEK AS PROTESTS SPREAD TO SAIGON AND HUE . "
            "THE GOVERNMENT OF NGO DINH DIEM ANSWERED WITH ARRESTS AND A CURFEW THAT FEW OBSERVED .")
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "t1", "body": body, "date": "1963-08-30"}])
    hit = ix.search("buddhist").hits[0]
    assert hit.title_derived and hit.title.startswith("SOUTH VIET NAM THE BUDDHIST") and hit.title.endswith("…")
    assert hit.to_dict()["title_derived"] is True and ix.get("t1")["title_derived"] is True
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["BUDDHIST"]  # what the body matched
    assert ix.search("title:buddhist").total == 0  # not indexed as a headline
    assert ix.search('"south viet nam"').total == 1 and ix.search("saigon").total == 1


def test_headlines_are_not_residue_cleaned():
    assert article({"title": "Watch: Biden speaks on Gaza aid", "body": "Text."}).title == "Watch: Biden speaks on Gaza aid"
    assert article({"title": "Related: the ceasefire talks", "body": "Text."}).title == "Related: the ceasefire talks"


@pytest.mark.parametrize("value,shown", [
    (20180526, "2018-05-26"), ("20180526", "2018-05-26"),
    (20180526103000, "2018-05-26T10:30:00Z"), ("201805261030", "2018-05-26T10:30:00Z"),
    (1527330600, "2018-05-26T10:30:00Z"), (1527330600000, "2018-05-26T10:30:00Z"),
    (1527330600000000, "2018-05-26T10:30:00Z"), ("1527330600", "2018-05-26T10:30:00Z"),
    ("Sat, 26 May 2018 10:30:00 +0000", "2018-05-26T10:30:00Z"), ("2018-05-26T12:30:00+02:00", "2018-05-26T10:30:00Z"),
    ("26/05/2018", "2018-05-26"), ("05/26/2018", "2018-05-26"), ("26.05.2018 10:30", "2018-05-26T10:30:00Z"),
    ("26. Mai 2018", "2018-05-26"), ("26 mai 2018", "2018-05-26"), ("5 juin 2018 à 10h30", "2018-06-05T10:30:00Z"),
    ("2018年5月26日", "2018-05-26"), ("May 26, 2018", "2018-05-26"),
    ("May 26, 2018 3:30 PM", "2018-05-26T15:30:00Z"), ("2018-05-26 10:30 EST", "2018-05-26T15:30:00Z"),
    ("Sat, 26 May 18 10:30:00 GMT", "2018-05-26T10:30:00Z"), ("26 mai 2018 12:30 +02:00", "2018-05-26T10:30:00Z"),
])
def test_dates_in_every_form_a_person_can_read(value, shown):
    assert parse_article_date(value).display() == shown


@pytest.mark.parametrize("value", ["2024-02-30", "soon", "NaN", float("nan"), "N/A", 0, "February 2024", "31/31/2018",
                                   1987, -1, "12", 99999999.5])
def test_dates_that_cannot_be_read_are_not_guessed(value):
    assert parse_article_date(value) is None


def test_unreadable_dates_are_counted_with_examples(tmp_path):
    src = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "1", "title": "A", "body": "x", "date": "2024-02-30"},
        {"id": "2", "title": "B", "body": "x", "date": "soon"},
        {"id": "3", "title": "C", "body": "x", "date": "soon"},
        {"id": "4", "title": "D", "body": "x", "date": 20180526},
    ])
    report = NewsIndex.open(tmp_path / "ix", create=True).index_paths([src])
    unread = report.to_dict()["warnings"]
    [dates] = [w for w in unread if w["kind"] == "unreadable_date"]
    assert dates["count"] == 3 and [e["detail"] for e in dates["examples"]] == ["'2024-02-30'", "'soon'"]
    assert {w["kind"]: w["count"] for w in unread}["no_date"] == 3


def test_a_files_day_first_dates_decide_its_ambiguous_ones(tmp_path):
    src = write_jsonl(tmp_path / "eu.jsonl", [
        {"id": "early", "title": "A", "body": "x", "date": "05/06/2018"},
        {"id": "decides", "title": "B", "body": "x", "date": "26/05/2018"},
        {"id": "late", "title": "C", "body": "x", "date": "07/06/2018"},
    ])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert [ix.get(i)["date"] for i in ("early", "decides", "late")] == ["2018-06-05", "2018-05-26", "2018-06-07"]
    assert "ambiguous_date_order" not in report.warnings
    assert [h.id for h in ix.search("*", sort="oldest", collapse=False).hits] == ["decides", "early", "late"]


def test_a_file_that_never_shows_its_order_is_read_month_first_and_says_so(tmp_path):
    src = write_jsonl(tmp_path / "us.jsonl", [{"id": "a", "title": "A", "body": "x", "date": "05/06/2018"},
                                              {"id": "b", "title": "B", "body": "x", "date": "2018-01-01"}])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert ix.get("a")["date"] == "2018-05-06" and report.warnings["ambiguous_date_order"].count == 1
    again = NewsIndex.open(tmp_path / "ix2", create=True)
    assert again.index_paths([src], date_order="dmy").warnings.get("ambiguous_date_order") is None
    assert again.get("a")["date"] == "2018-06-05"


def test_the_records_held_for_an_undecided_order_are_bounded_and_the_guess_said(tmp_path, monkeypatch):
    """A file undecided for HOLD records is read month first from there on (memory stays bounded),
    and every date so read is reported; a later deciding date no longer reorders what was read."""
    from newssearch.ingest import stream

    monkeypatch.setattr(stream, "HOLD", 3)
    rows = [{"id": f"u{n}", "title": "A", "body": "x", "date": f"0{n}/06/2018"} for n in range(1, 6)]
    src = write_jsonl(tmp_path / "long.jsonl", rows + [{"id": "late", "title": "B", "body": "x", "date": "26/05/2018"}])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert [ix.get(f"u{n}")["date"] for n in range(1, 6)] == [f"2018-0{n}-06" for n in range(1, 6)]
    assert report.warnings["ambiguous_date_order"].count == 5 and ix.get("late")["date"] == "2018-05-26"


def test_an_undecided_date_in_a_query_shows_both_readings(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([{"id": "a", "title": "Oil", "body": "Oil.", "date": "1987-03-04"}])
    with pytest.raises(QueryError, match="04 March 1987 .day first. or 03 April 1987 .month first.") as err:
        ix.search("oil date:4.3.1987")
    assert err.value.params == ("date_order",)
    assert ix.search("oil date:4.3.1987", date_order="dmy").total == 1
    assert ix.search("oil date:4.3.1987", date_order="mdy").total == 0
    assert ix.search("oil date:16.3.1987").total == 0 and ix.search("oil", since="4.3.1987", date_order="dmy").total == 1


def test_a_mapping_to_a_column_no_record_has_is_an_error_before_anything_is_written(tmp_path):
    src = write_jsonl(tmp_path / "m.jsonl", [{"id": str(i), "title": "T", "story_text": "Body."} for i in range(5)])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    with pytest.raises(InputError, match=r"`field_map`: no record has the column of body=stroy_text") as err:
        ix.index_paths([src], field_map={"body": "stroy_text"})
    assert "story_text" in str(err.value) and ix.stats().articles == 0
    assert ix.index_paths([src], field_map={"body": "story_text"}).added == 5


def test_text_in_any_script_is_found_however_it_is_typed(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.add_articles([
        {"id": "ar", "title": "خبر", "body": "قال مُحَمَّد إن المفاوضات ستستأنف في القاهرة."},
        {"id": "fr", "title": "Café", "body": "Le café de l'Élysée a fermé."},
        {"id": "zh", "title": "北京大学", "body": "北京大学的学生今天在天安门广场集会。"},
        {"id": "ja", "title": "東京", "body": "東京都に住む人々は地震に備えている。"},
    ])
    assert [h.id for h in ix.search("محمد").hits] == ["ar"]  # the plain spelling finds the voweled one
    assert [h.id for h in ix.search("Cafe\u0301 Elysee").hits] == ["fr"]  # decomposed query, composed text
    assert [h.id for h in ix.search("学生").hits] == ["zh"] and [h.id for h in ix.search("天安门").hits] == ["zh"]
    assert ix.search("安天").total == 0  # not the same characters in another order
    assert [h.id for h in ix.search("地震").hits] == ["ja"] and [h.id for h in ix.search("東京都").hits] == ["ja"]
    ix.add_articles([{"id": "ko", "title": "서울", "body": "서울에서 회담이 열렸다."},
                     {"id": "kana", "title": "テレビ", "body": "テレビ局が報じた。"}])
    assert [h.id for h in ix.search(unicodedata.normalize("NFD", "회담")).hits] == ["ko"]  # decomposed Hangul
    assert [h.id for h in ix.search("ﾃﾚﾋﾞ局").hits] == ["kana"]  # half-width kana, as some keyboards type it
    assert ix.search("テレヒ").total == 0  # a dropped voicing mark is another word, not the same one
    hit = ix.search("天安门广场").hits[0]
    [snippet] = hit.snippets
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["天安门广场"]


def test_common_dump_field_names_are_read(tmp_path):
    src = write_jsonl(tmp_path / "api.jsonl", [
        {"headline": f"Story {i}", "short_description": f"The strike at the port entered its {i}th day.",
         "publishedAt": "2024-02-14T10:00:00Z", "keywords": "port strike labour unions wages dockers talks"}
        for i in range(3)])
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([src])
    assert ix.search('"entered its 2th day"').total == 1 and ix.search("date:2024-02-14").total == 3
    assert report.warnings["unmapped_columns"].examples[0]["detail"] == "keywords"
    assert "no_body" not in report.warnings and "no_date" not in report.warnings


def test_api_responses_and_search_engine_dumps_are_read_record_by_record(tmp_path):
    articles = [{"title": f"Port strike day {i}", "content": f"Dockers stayed out for day {i}.",
                 "publishedAt": f"2024-02-{i + 1:02d}T08:00:00Z", "source": {"id": None, "name": "Wire"}}
                for i in range(4)]
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "newsapi.json").write_text(json.dumps({"status": "ok", "totalResults": 4, "articles": articles},
                                                   indent=2))
    (dumps / "pages.jsonl").write_text(json.dumps({"status": "ok", "articles": articles[:2]}) + "\n")
    (dumps / "solr.json").write_text(json.dumps({"responseHeader": {"status": 0}, "response": {
        "numFound": 1, "docs": [{"id": "s1", "title": "Solr hit", "body": "Harbour cranes idle."}]}}, indent=1))
    (dumps / "es.json").write_text(json.dumps({"took": 2, "hits": {"total": 1, "hits": [
        {"_id": "e1", "_source": {"title": "Elastic hit", "body": "Ships queue at anchor."}}]}}, indent=1))
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([dumps])
    assert report.skipped == 0 and report.added == 4 + 2 + 1 + 1 and report.duplicates == 2
    assert ix.search("dockers", collapse=False).total == 6 and ix.get("s1")["title"] == "Solr hit"
    assert ix.get("e1")["body"] == "Ships queue at anchor." and ix.search("source:wire", collapse=False).total == 6


def test_csv_dialects_headers_and_broken_rows(tmp_path):
    csvs = tmp_path / "csvs"
    csvs.mkdir()
    (csvs / "semi.csv").write_text("title;body;date\nOil up;Crude rose, sharply;2018-01-05\n"
                                       '"Gold; down";It fell;2018-01-06\n')
    (csvs / "nohead.csv").write_text("1;Tin up;Tin rose in London;2018-01-01\n2;Zinc;Zinc fell;2018-01-02\n")
    (csvs / "shifted.csv").write_text("id,title,body\n1,Copper,Copper rose\n2,Nickel,Nickel fell, then rose\n")
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([csvs])
    assert ix.search('"crude rose sharply"').total == 1 and ix.search('title:"gold down"').total == 1
    reasons = sorted(s.reason for s in report.skips)
    assert reasons[0].startswith("no header row: the first row is data") and "`columns`" in reasons[0]
    assert reasons[1] == "wrong number of fields: 4 where the header has 3 (line 3)"
    assert ix.search("nickel").total == 0 and ix.search("copper").total == 1  # skipped, never shifted
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(b'title,body\r\nTin pact,"Tin rose.\r\nThen fell."\r\nLead,Lead fell\r\n')
    assert [a.title for a in read_articles(crlf)] == ["Tin pact", "Lead"]
    assert "Then fell." in read_articles(crlf)[0].body
    named = NewsIndex.open(tmp_path / "ix2", create=True)
    named.index_paths([csvs / "nohead.csv"], columns=["id", "title", "body", "date"])
    assert named.get("2")["title"] == "Zinc" and named.get("1")["date"] == "2018-01-01"


def test_an_index_with_nothing_in_it_answers_every_command(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    (tmp_path / "empty.txt").write_text("")
    assert ix.index_paths([tmp_path / "empty.txt"]).skipped == 1
    assert ix.search("oil", facets=["source", "month", "author"]).facets == {"source": {}, "month": {}, "author": {}}
    assert ix.export("*")[0] == 0 and ix.timeline("oil").periods == [] and ix.stats().articles == 0
    assert ix.search("*", sample=3).hits == [] and ix.terms("oil").total == 0


def test_csv_with_long_multi_paragraph_rows_line_separators_and_two_headerless_rows(tmp_path, monkeypatch):
    """The delimiter is judged on whole rows (a long quoted body cut by the sample is not a short
    row); cells holding U+2028 or U+0085 are one cell, as csv reads them; named columns win over
    the sniffer's guess on a two-row headerless file."""
    long_body = "\n\n".join(f"Paragraph {p}, with a comma, of the story." * 30 for p in range(20))
    semi = tmp_path / "long.csv"
    with semi.open("w", newline="") as fh:
        import csv
        w = csv.writer(fh, delimiter=";")
        w.writerow(["title", "body", "date"])
        for n in range(5):
            w.writerow([f"Story {n}", long_body, "2018-01-0%d" % (n + 1)])
    assert [a.title for a in read_articles(semi)] == [f"Story {n}" for n in range(5)]
    tsv = tmp_path / "odd.csv"
    tsv.write_text("title\tbody\nA\tx\x85y words\nB\tx\u2028y words\n", newline="")
    assert [a.title for a in read_articles(tsv)] == ["A", "B"]
    two = tmp_path / "two.csv"
    two.write_text("Oil prices rise,Crude up today on supply fears,Reuters\nGold falls,Bullion slips in London,AP\n")
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([two], columns=["title", "body", "source"])
    assert sorted(h.title for h in ix.search("*").hits) == ["Gold falls", "Oil prices rise"]
