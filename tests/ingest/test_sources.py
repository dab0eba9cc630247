import gzip
import json

from newssearch.ingest.records import parse_field_map, to_article
from newssearch.ingest.sources import discover, read_file
from newssearch.ingest.textfiles import parse_text_article
from newssearch.model import RawRecord, Skip

from helpers import FIXTURES


def records(path):
    return [r for r in read_file(path) if isinstance(r, RawRecord)]


def skips(path):
    return [r for r in read_file(path) if isinstance(r, Skip)]


def test_discover_walks_folders_recursively_in_stable_order(corpus_dir):
    found = [p.name for p in discover([corpus_dir]) if not isinstance(p, Skip)]
    assert found == sorted(found[:-1]) + ["wire.jsonl"]  # nested folder after the files
    assert "wire.jsonl" in found and "exports.csv" in found


def test_missing_path_is_a_skip_not_a_crash(tmp_path):
    [item] = list(discover([tmp_path / "nope"]))
    assert isinstance(item, Skip) and "no such file" in item.reason


def test_text_article_without_date_line_keeps_its_first_body_line(corpus_dir):
    [rec] = records(corpus_dir / "no_date_line.txt")
    assert rec.fields["title"] == "Central Bank of Japan Holds Rates Steady"
    assert "date" not in rec.fields
    assert rec.fields["body"].strip().startswith("The Bank of Japan kept its benchmark rate")


def test_text_article_date_line_after_residue(corpus_dir):
    [rec] = records(corpus_dir / "time_date.txt")
    assert rec.fields["date"] == "Feb 15, 2024 10:32 AM"
    art = to_article(rec)
    assert art.dateline == "NEW YORK, Feb 15"
    assert "cookie" not in art.body and "Read more" not in art.body
    assert art.body.startswith("Stocks rallied on Thursday")


def test_a_first_body_line_that_mentions_a_date_is_body():
    fields = parse_text_article("Title here\nOn 14 February 2024 the talks began in Cairo.\nMore text.")
    assert "date" not in fields
    assert fields["body"].startswith("On 14 February 2024 the talks began")


def test_gzip_is_detected_by_content():
    [rec] = records(FIXTURES / "gz_article.txt.gz")
    assert rec.fields["title"] == "Ceasefire Talks Resume in Doha"


def test_jsonl_bad_lines_are_skipped_and_the_rest_kept(corpus_dir):
    path = corpus_dir / "nested" / "wire.jsonl"
    assert [r.fields["id"] for r in records(path)] == ["wire-1", "wire-2", "wire-3", "wire-4"]
    [bad] = skips(path)
    assert bad.origin.endswith("wire.jsonl#3") and "invalid JSON" in bad.reason


def test_json_array_and_single_object(tmp_path, corpus_dir):
    assert [r.fields["id"] for r in records(corpus_dir / "array.json")] == ["arr-1", "arr-2"]
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "A", "body": "B"}, indent=2))
    assert [r.fields["title"] for r in records(one)] == ["A"]


def test_large_json_array_streams_across_chunks(tmp_path):
    arts = [{"id": f"x{i}", "title": f"Story {i}", "body": "word " * (i % 50), "n": i * 1.5} for i in range(3000)]
    path = tmp_path / "big.json.gz"
    with gzip.open(path, "wt") as fh:
        json.dump(arts, fh)
    got = records(path)
    assert len(got) == 3000 and got[-1].fields["n"] == 2999 * 1.5


def test_truncated_json_array_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[{"title": "one", "body": "x"}, {"title": "two", "body": "y"}, {"title": "thr')
    assert [r.fields["title"] for r in records(path)] == ["one", "two"]
    assert len(skips(path)) == 1


def test_csv_with_header_and_field_override(corpus_dir):
    recs = records(corpus_dir / "exports.csv")
    assert len(recs) == 2
    art = to_article(recs[0], parse_field_map(["body=story_text"]))
    assert art.id == "csv-1"
    assert art.body == "The Élysée Palace announced a pension reform on Monday.\n\nUnions called for strikes."
    assert art.source == "lemonde.fr" and art.date.display() == "2024-01-29"


def test_unsupported_and_binary_files_are_reported(corpus_dir):
    [skip] = skips(corpus_dir / "picture.png")
    assert "unsupported file type .png" in skip.reason


def test_empty_and_corrupt_gzip_files_are_reported(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert "empty" in skips(tmp_path / "empty.txt")[0].reason
    assert "cannot read" in skips(tmp_path / "bad.jsonl.gz")[0].reason


def test_a_short_latin1_text_is_read_as_western_not_as_broken_utf8(tmp_path):
    # was "Caf\ufffd" (a few bad bytes taken for damaged UTF-8), then "Cafť" (mac_latin2's guess)
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 owners protest\n\nOwners of caf\u00e9s marched.".encode("latin-1"))
    [rec] = records(path)
    assert rec.fields["title"] == "Caf\u00e9 owners protest"


def test_undecodable_bytes_in_utf8_text_become_replacement_characters(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes("Z\u00fcrich owners protest\n\nOwners of caf\u00e9s marched.".encode() + b" \xff end")
    [rec] = records(path)
    assert rec.fields["title"] == "Z\u00fcrich owners protest" and rec.fields["body"].endswith("\ufffd end")


def _titles(path):
    return [r.fields["title"] for r in records(path)]


def test_envelopes_named_items_and_minified_envelopes_are_streamed(tmp_path, monkeypatch):
    """{"items": [...]} is an envelope like {"articles": [...]}; a minified envelope (one long line)
    is streamed, not read whole as a first line; an article with a list of objects is one article."""
    from newssearch.ingest import jsonfiles

    monkeypatch.setattr(jsonfiles, "FIRST_LINE_LIMIT", 64)
    stories = [{"title": f"Story {n}", "body": "Text of the story. " * 5} for n in range(3)]
    pretty = tmp_path / "items.json"
    pretty.write_text(json.dumps({"kind": "list", "items": stories}, indent=2))
    minified = tmp_path / "min.json"
    minified.write_text(json.dumps({"status": "ok", "articles": stories}))
    article = tmp_path / "one.json"
    article.write_text(json.dumps({"data": [{"name": "A. Writer"}], "title": "One", "body": "Text."}, indent=1))
    assert _titles(pretty) == _titles(minified) == ["Story 0", "Story 1", "Story 2"]
    assert _titles(article) == ["One"]  # a list under an envelope's name, before the article's own keys


def test_json_lines_in_a_json_file_with_a_long_first_line(tmp_path, monkeypatch):
    from newssearch.ingest import jsonfiles

    monkeypatch.setattr(jsonfiles, "FIRST_LINE_LIMIT", 64)
    path = tmp_path / "dump.json"
    path.write_text("".join(json.dumps({"id": n, "data": [{"k": 1}], "title": f"T{n}", "body": "long body " * 20}) + "\n"
                            for n in range(3)))
    assert _titles(path) == ["T0", "T1", "T2"]
    assert skips(path) == []


def test_links_to_folders_are_followed_once_and_a_loop_is_reported(tmp_path):
    # before: a linked folder was passed over in silence
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Title\n\nBody")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.txt").write_text("Other\n\nBody")
    (tmp_path / "a" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "a" / "up").symlink_to(tmp_path / "a")
    found = list(discover([tmp_path / "a"]))
    names = [p.name for p in found if not isinstance(p, Skip)]
    loops = [s for s in found if isinstance(s, Skip)]
    assert names == ["story.txt", "other.txt"]
    assert [(s.origin, s.failed) for s in loops] == [(str(tmp_path / "a" / "up"), False)]
    assert "symbolic link loop" in loops[0].reason
