"""WARC archives built by the tests with warcio's own writer, from our fixture page."""

import io
from datetime import datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newssearch import NewsIndex
from newssearch.ingest.sources import read_file
from newssearch.model import RawRecord, Skip

from helpers import FIXTURES

PAGE = (FIXTURES / "pages" / "article.html").read_bytes()
UNDATED = PAGE.replace(b'<meta property="article:published_time" content="2024-02-20T09:15:00Z">', b"")


def build_warc(path, gz=True, truncate=False, damage=False):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)

    def response(url, body, ctype, date="2024-03-01T12:00:00Z"):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": date})
        writer.write_record(rec)

    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    response("https://news.example.org/a", PAGE, "text/html; charset=utf-8")
    response("https://news.example.org/logo.png", b"\x89PNG....", "image/png")
    revisit = writer.create_revisit_record("https://news.example.org/a", digest="sha1:AAAA",
                                           refers_to_uri="https://news.example.org/a",
                                           refers_to_date="2024-03-01T12:00:00Z")
    writer.write_record(revisit)
    middle = len(buf.getvalue())
    response("https://news.example.org/b", UNDATED.replace(b"thirty trucks", b"forty trucks"), "text/html")
    data = buf.getvalue()
    if damage:  # a record broken in the middle of the archive, and one after it
        response("https://news.example.org/d", PAGE.replace(b"thirty trucks", b"sixty trucks"), "text/html")
        data = bytearray(buf.getvalue())
        data[middle + 40:middle + 60] = b"\x00" * 20
        data = bytes(data)
    if truncate:
        response("https://news.example.org/c", PAGE.replace(b"thirty", b"fifty"), "text/html")
        data = buf.getvalue()
        data = data[: len(data) - 300]
    path.write_bytes(data)
    return path


def test_every_record_is_accounted_for(tmp_path):
    items = list(read_file(build_warc(tmp_path / "crawl.warc.gz")))
    recs = [i for i in items if isinstance(i, RawRecord)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [r.fields["url"] for r in recs] == ["https://news.example.org/a", "https://news.example.org/b"]
    assert [r.fields["canonical_url"] for r in recs] == ["https://news.example.org/world/aid-convoy-gaza"] * 2
    assert recs[0].fields["date_from"] == "page" and recs[0].fields["date"].startswith("2024-02-20")
    assert recs[1].fields["date_from"] == "crawl" and recs[1].fields["date"].startswith("2024-03-01")
    assert sorted(s.reason.split(" (")[0] for s in skips) == ["not an HTML page", "revisit record"]
    assert all(r.fields["id"].startswith("<urn:uuid:") for r in recs)


def test_uncompressed_warc_too(tmp_path):
    items = list(read_file(build_warc(tmp_path / "crawl.warc", gz=False)))
    assert sum(isinstance(i, RawRecord) for i in items) == 2


def test_truncated_final_record_is_reported_and_earlier_records_kept(tmp_path):
    items = list(read_file(build_warc(tmp_path / "cut.warc.gz", truncate=True)))
    recs = [i for i in items if isinstance(i, RawRecord)]
    assert len(recs) == 2
    assert "truncated or damaged WARC" in items[-1].reason


def test_warc_articles_are_indexed_with_their_date_source(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([build_warc(tmp_path / "crawl.warc.gz")])
    assert report.added == 2 and report.skipped == 2
    [crawl_dated] = ix.search("forty trucks").hits
    assert ix.get(crawl_dated.id)["extra"]["date_from"] == "crawl"
    assert datetime.fromisoformat(ix.get(crawl_dated.id)["date"].replace("Z", "+00:00")).day == 1


def test_a_damaged_record_is_skipped_with_its_offset_and_reading_goes_on(tmp_path):
    for gz in (True, False):
        items = list(read_file(build_warc(tmp_path / f"bad{gz}.warc{'.gz' if gz else ''}", gz=gz, damage=True)))
        recs = [i for i in items if isinstance(i, RawRecord)]
        assert [r.fields["url"] for r in recs] == ["https://news.example.org/a", "https://news.example.org/d"], gz
        damaged = [i for i in items if isinstance(i, Skip) and "damaged" in i.reason]
        assert len(damaged) == 1 and damaged[0].reason.startswith("damaged WARC record")


def test_the_next_record_is_found_across_read_chunks(tmp_path):
    """Resuming after a damaged record scans the file in chunks, never loading it whole; a record
    mark split between two chunks is still found, at its true offset."""
    from newssearch.ingest.warcfiles import _next_record

    data = b"WARC/1.1\r\n" + b"x" * 95 + b"WARC/1.1\r\n" + b"y" * 40
    path = tmp_path / "plain.warc"
    path.write_bytes(data)
    for chunk in (3, 7, 16, 64, 1 << 20):
        assert _next_record(path, 1, chunk=chunk) == 105
        assert _next_record(path, 106, chunk=chunk) is None


def test_a_payload_over_the_page_limit_is_skipped_unread(tmp_path, monkeypatch):
    from newssearch.ingest import webpages

    monkeypatch.setattr(webpages, "PAGE_BYTES", 1000)
    items = list(read_file(build_warc(tmp_path / "big.warc.gz")))
    large = [i for i in items if isinstance(i, Skip) and i.reason.startswith("too large")]
    assert len(large) == 2 and all(s.failed for s in large)  # both HTML pages; the image is not a page
    assert not [i for i in items if isinstance(i, RawRecord)]
