"""Opening files without trusting them (ingest/files.py, textdecode.py, sources.py): the gzip bomb
guard, lines read to a limit, binary data and UTF-16 told from text, files that are not files."""

from __future__ import annotations

import gzip
import io
import os

import pytest

from newssearch.ingest import files
from newssearch.ingest.files import TooLarge, lines, open_bytes
from newssearch.ingest.sources import read_file
from newssearch.ingest.textdecode import decode_bytes, looks_binary
from newssearch.model import RawRecord, Skip


def test_a_gzip_bomb_stops_early_and_an_honest_gzip_reads_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "GZIP_CHECK_AFTER", 1 << 20)
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b" " * (64 << 20)))  # 64 MiB from 64 KB
    with open_bytes(bomb) as fh, pytest.raises(TooLarge, match="inflates over 100 times"):
        while fh.read(1 << 16):
            pass
    honest = tmp_path / "news.jsonl.gz"
    text = "".join(f'{{"title": "Story {i}", "body": "{os.urandom(40).hex()}"}}\n' for i in range(40_000))
    honest.write_bytes(gzip.compress(text.encode()))
    with open_bytes(honest) as fh:
        assert fh.read() == text.encode()


def test_a_line_over_the_limit_is_given_as_its_length():
    fh = io.StringIO("short\n" + "x" * 50 + "\nlast")
    assert list(lines(fh, limit=10)) == ["short\n", 51, "last"]


def test_binary_data_is_told_from_text_with_stray_nul_bytes():
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    assert not looks_binary(b"Port strike ends\n\nDock workers went back\x00 to work on Friday." * 10)
    assert not looks_binary("Zürich harbour plan".encode("utf-16-le") * 20)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(encoding):
    text = "Zürich harbour plan approved, officials said."
    found = decode_bytes(text.encode(encoding))
    assert (found.text, found.encoding, found.replaced) == (text, encoding, 0)


def test_a_named_pipe_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert list(read_file(tmp_path / "pipe.txt")) == [Skip(str(tmp_path / "pipe.txt"),
                                                           "not a regular file (a named pipe)")]


def test_a_text_file_over_the_limit_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_RECORD_BYTES", 1000)
    monkeypatch.setattr(files.read_bytes, "__defaults__", (1000, "one article"))
    path = tmp_path / "long.txt"
    path.write_text("Title\n\n" + "word " * 1000)
    [skip] = read_file(path)
    assert isinstance(skip, Skip) and skip.reason.startswith("too large") and skip.failed
    path.write_text("Title\n\nword word")
    assert isinstance(next(read_file(path)), RawRecord)


@pytest.mark.parametrize("name", ["wire.csv.gz", "wire.jsonl.gz", "wire.json.gz"])
def test_gzipped_csv_and_json_files_are_read(tmp_path, name):
    """The bomb guard's stream must seek back as a GzipFile does: the CSV reader reads a sample
    of the file, then starts again (every .csv.gz was skipped as 'not seekable')."""
    if name.endswith(".csv.gz"):
        text = "title,body,date\nOil up,Crude oil rose,2024-01-02\nGold down,Gold fell,2024-01-03\n"
    elif name.endswith(".jsonl.gz"):
        text = '{"title": "Oil up", "body": "Crude oil rose"}\n{"title": "Gold down", "body": "Gold fell"}\n'
    else:
        text = '[{"title": "Oil up", "body": "Crude oil rose"}, {"title": "Gold down", "body": "Gold fell"}]'
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode()))
    items = list(read_file(path))
    assert [type(i) for i in items] == [RawRecord, RawRecord], items
    assert sorted(i.fields["title"] for i in items) == ["Gold down", "Oil up"]
