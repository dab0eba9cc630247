"""Top-level JSON arrays read element by element (ingest/jsonarray.py): a bad element is skipped
and reading goes on; an element over the limit is skipped without being held; a cut shows what was lost."""

from __future__ import annotations

import json

from newssearch.ingest.jsonarray import read_array
from newssearch.ingest.jsonfiles import _record
from newssearch.ingest.sources import read_file
from newssearch.model import RawRecord, Skip


def _read(path, limit=1 << 20):
    items = list(read_array(path, _record, limit=limit))
    return [i.fields["title"] for i in items if isinstance(i, RawRecord)], \
        {i.origin.rsplit("#", 1)[1]: i.reason for i in items if isinstance(i, Skip)}


def test_a_bad_object_is_skipped_and_the_later_ones_read(tmp_path):
    # before: the first invalid object ended the array, and every later article was lost unreported
    path = tmp_path / "a.json"
    good = [json.dumps({"title": f"Story {i}", "body": 'text, with [brackets], {braces} and "quotes"'})
            for i in range(3)]
    path.write_text(f'[{good[0]}, {{"title": "x" "body": "y"}}, {good[1]}, NaN-ish, {{"a": [1, 2}}, {good[2]}]')
    titles, skips = _read(path)
    assert titles == ["Story 0", "Story 1"] and skips["2"].startswith("invalid JSON") and skips["4"].startswith("invalid JSON")
    # an unbalanced object swallows what follows until its brackets balance: counted, not silent
    assert "characters skipped" in skips["5"]


def test_an_element_over_the_limit_is_skipped_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.json"
    huge = "word " * 300_000  # 1.5 MB string, read across several refills
    path.write_text(json.dumps([{"title": "First", "body": "a"}, {"title": "Huge", "body": huge},
                                {"title": "Last", "body": 'b " ] }'}]))
    titles, skips = _read(path, limit=100_000)
    assert titles == ["First", "Last"] and skips["2"].startswith("too large")


def test_a_cut_array_keeps_what_came_before_and_says_what_was_lost(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('[{"title": "Kept", "body": "a"}, {"title": "Lost", "body": "the file ends')
    titles, skips = _read(path)
    assert titles == ["Kept"] and skips["2"].startswith("cut off") and "characters" in skips["2"]
    path.write_text('[{"title": "Kept", "body": "a"},\n')
    titles, skips = _read(path)
    assert titles == ["Kept"] and "closing ]" in skips["2"]


def test_an_envelopes_array_reads_on_past_a_bad_record(tmp_path):
    # before: the envelope's first bad record ended its array (and here, the whole file was skipped)
    good = [json.dumps({"title": f"Story {i}", "body": "[x] {y}"}) for i in range(3)]
    path = tmp_path / "api.json"
    path.write_text('{"status": "ok", "meta": {"pages": [1, 2]}, "response": {"docs": ['
                    f'{good[0]}, {{"title": "bad" "body": 1}}, {good[1]}, {good[2]}]}}, "total": 3}}')
    items = list(read_file(path))
    assert [i.fields["title"] for i in items if isinstance(i, RawRecord)] == ["Story 0", "Story 1", "Story 2"]
    assert [(i.origin.rsplit("#")[1], i.reason[:12]) for i in items if isinstance(i, Skip)] == [("2", "invalid JSON")]


def test_records_nested_too_deep_are_skipped_and_the_run_goes_on(tmp_path):
    """A body nested 600 deep (1 KB) stopped the whole run with RecursionError (exit 70, nothing
    committed); JSON deeper than the parser recurses did the same. Each is one skip now."""
    from newssearch import NewsIndex

    deep_body = {"body": "[" * 600 + '"x"' + "]" * 600}
    lines = [json.dumps({"id": "good-1", "title": "Oil up", "body": "Crude oil rose"}),
             '{"id": "deep-1", "title": "Deep", "body": ' + deep_body["body"] + "}",
             '{"id": "deep-2", "body": ' + "[" * 200_000 + "]" * 200_000 + "}",
             json.dumps({"id": "good-2", "title": "Gold down", "body": "Gold fell"})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "arr.json").write_text("[" + ",".join([lines[0].replace("good-1", "good-3"), lines[1].replace("deep-1", "deep-3"),
                                                        lines[2], lines[3].replace("good-2", "good-4")]) + "]",
                                       encoding="utf-8")
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([tmp_path / "in.jsonl", tmp_path / "arr.json"])
    assert report.added == 4
    assert report.skipped == 4 and all("nested too deep" in s.reason for s in report.skips)
    assert sorted(h.id for h in ix.export("*")[1]) == ["good-1", "good-2", "good-3", "good-4"]
