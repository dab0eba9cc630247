"""--index repeated on the reading commands: several indexes searched as one print what one index
holding all their articles prints; `index` writes to one index and says so when given several."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_process

READING = [
    ["query", "oil", "-f", "json"],
    ["query", '"ground operation"', "--since", "2024-02", "-f", "json", "-n", "5", "-p", "2"],
    ["query", "title:gaza", "--sort", "newest", "--facet", "source", "--facet", "month", "-f", "json"],
    ["query", "rafah", "-lebanon", "--match", "any", "-f", "json"],
    ["query", "oil", "--all", "-f", "jsonl"],
    ["query", "*", "--until", "2024-01-20", "--all", "-f", "csv"],
    ["timeline", "oil", "gold", "--by", "week", "-f", "json"],
    ["terms", "ceasefire", "-f", "json"],
    ["show", "syn-200", "-f", "json"],
    ["show", "syn-3", "--copies", "-f", "json"],
    ["similar", "syn-399", "-f", "json"],
]


def _parsed(out: str, args: list[str]):
    if "json" not in args:
        return out
    if "jsonl" in args:
        return [json.loads(line) for line in out.splitlines()]
    data = json.loads(out)
    if isinstance(data, dict):
        data.pop("took_ms", None)
    return data


@pytest.mark.parametrize("args", READING, ids=lambda a: " ".join(a[:2]))
def test_repeated_index_prints_what_one_index_of_everything_prints(call, split_indexes, args):
    whole, parts = split_indexes
    code, expected, err = call(*args, "--index", str(whole))
    assert code == 0, err
    code, out, err = call(*args, *(x for p in parts for x in ("--index", str(p))))
    assert code == 0, err
    assert _parsed(out, args) == _parsed(expected, args)
    assert out.strip()


def test_stats_of_several_indexes_lists_each(call, split_indexes):
    whole, parts = split_indexes
    _, one, _ = call("stats", "-f", "json", "-i", str(whole))
    code, several, err = call("stats", "-f", "json", "-i", str(parts[0]), "-i", str(parts[1]), "-i", str(parts[2]))
    assert code == 0, err
    one, several = json.loads(one), json.loads(several)
    assert {k: several[k] for k in ("articles", "date_range", "undated", "sources")} == \
           {k: one[k] for k in ("articles", "date_range", "undated", "sources")}
    assert several["index"] == [str(p) for p in parts]
    assert [p["index"] for p in several["indexes"]] == several["index"]
    code, text, _ = call("stats", "-i", str(parts[0]), "-i", str(parts[1]))
    assert text.startswith("indexes:  2, searched as one\n") and f"       140  {parts[0]} (" in text


def test_the_same_index_twice_is_read_once(call, split_indexes):
    _, parts = split_indexes
    _, once, _ = call("query", "oil", "-f", "json", "-i", str(parts[1]))
    code, twice, err = call("query", "oil", "-f", "json", "-i", str(parts[1]), "-i", str(parts[1]) + "/")
    assert code == 0, err
    assert _parsed(twice, ["json"]) == _parsed(once, ["json"])


def test_one_missing_or_outdated_index_among_several_is_named(call, split_indexes, tmp_path):
    _, parts = split_indexes
    code, out, err = call("query", "oil", "-i", str(parts[0]), "-i", str(tmp_path / "nope"))
    assert code == 3 and out == ""
    assert err == (f"newssearch: error: no index at {tmp_path / 'nope'}: build one with "
                   f"`newssearch index [PATH ...] --index {tmp_path / 'nope'}`\n")


def test_index_writes_to_one_index_and_says_so_when_given_several(call, tmp_path, corpus_dir):
    """Before, the last --index was taken silently and the articles went there alone."""
    code, out, err = call("index", str(corpus_dir), "-i", str(tmp_path / "a"), "-i", str(tmp_path / "b"))
    assert code == 2 and out == ""
    assert err == (f"newssearch: error: --index names 2 indexes ({tmp_path / 'a'}, {tmp_path / 'b'}): several "
                   "indexes are searched as one, but articles are written to one index at a time\n")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_real_process_searches_several_indexes(split_indexes):
    """The console entry point with several indexes (a plain query is read without typer:
    cli/quick.py takes --index repeated)."""
    from newssearch.cli import quick

    assert quick.parse_query(["query", "oil", "-i", "a", "--index", "b"])["index"] == [Path("a"), Path("b")]
    whole, parts = split_indexes
    one = run_process("query", "oil", "-f", "json", "-i", str(whole))
    several = run_process("query", "oil", "-f", "json", *(x for p in parts for x in ("-i", str(p))))
    assert several.returncode == 0 and several.stderr == b""
    assert _parsed(several.stdout.decode(), ["json"]) == _parsed(one.stdout.decode(), ["json"])
