"""WARC archives (Common Crawl's CC-NEWS and any crawler's output), read as a stream with warcio:
each HTTP response holding an HTML page becomes an article through the web-page path. The URL is
the record's target URI (the page's own canonical URL, when it differs, is kept as
`canonical_url`); the date is the page's own, else the crawl date (`date_from` says which).
Revisit and non-HTML records are skipped with their reason. A damaged record is skipped with its
byte offset, and reading resumes at the next record; a truncated archive keeps every record before
the cut."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip

SILENT = {"request", "warcinfo", "metadata"}  # not pages: every response has its request
_GZIP_MEMBER = b"\x1f\x8b\x08"  # each record of a .warc.gz is a gzip member of its own
_RECORD_START = b"WARC/1."


def read_warc(path: Path) -> Iterator[RawRecord | Skip]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    start = 0
    while start is not None:
        with open(path, "rb") as fh:
            fh.seek(start)
            records = ArchiveIterator(fh)
            try:
                for record in records:
                    n += 1
                    yield from _record(record, f"{path}#{n}")
                return
            except Exception as exc:  # warcio: ArchiveLoadFailed, zlib and EOF errors
                at = max(start, getattr(records, "offset", start))  # where the broken record began
                n += 1
                reason = f"damaged WARC record at byte {at}: {type(exc).__name__}: {exc}"
                yield Skip(f"{path}#{n}", " ".join(reason.split())[:300])
                start = _next_record(path, at + 1)


def _next_record(path: Path, after: int, chunk: int = 1 << 20) -> int | None:
    """Where the next record may start after a damaged one (None: nowhere)."""
    with path.open("rb") as fh:
        mark = _GZIP_MEMBER if fh.read(2) == _GZIP_MEMBER[:2] else _RECORD_START
        fh.seek(after)
        tail = b""
        while block := fh.read(chunk):  # read in chunks: a crawl file can be gigabytes
            found = (tail + block).find(mark)
            if found >= 0:
                return after - len(tail) + found
            after += len(block)
            tail = (tail + block)[-(len(mark) - 1):]
    return None


def _record(record, origin: str) -> Iterator[RawRecord | Skip]:
    from .files import TooLarge, mib
    from .webpages import PAGE_BYTES, decode_page, extract_article, no_article

    kind = record.rec_type
    if kind in SILENT:
        return
    if kind is None:  # warcio reads on through a header it cannot make sense of
        yield Skip(origin, "damaged WARC record (no WARC-Type header)")
        return
    if kind == "revisit":
        yield Skip(origin, "revisit record (a duplicate of an earlier capture, no payload)", failed=False)
        return
    if kind != "response":
        yield Skip(origin, f"not a page ({kind} record)", failed=False)
        return
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        yield Skip(origin, f"not an HTML page ({ctype.split(';')[0] or 'no content type'})", failed=False)
        return
    status = record.http_headers.get_statuscode() if record.http_headers else "200"
    if status and not status.startswith("2"):
        yield Skip(origin, f"HTTP status {status}", failed=False)
        return
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    crawl_date = record.rec_headers.get_header("WARC-Date") or None
    payload = record.content_stream().read(PAGE_BYTES + 1)
    if len(payload) > PAGE_BYTES:
        yield Skip(origin, f"too large: a payload over {mib(PAGE_BYTES)}, the limit of a saved page")
        return
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:  # warcio hands out a cut-off payload without complaint
        yield Skip(origin, f"truncated or damaged WARC: the record ends {missing} bytes early")
        return
    html, notes = decode_page(payload, origin)
    try:
        fields = extract_article(html, url=url or None, fallback_date=crawl_date)
    except TooLarge as exc:
        yield Skip(origin, str(exc))
        return
    if fields is None:
        yield no_article(origin, html)
        return
    fields["id"] = record.rec_headers.get_header("WARC-Record-ID") or ""
    page_url = fields.get("url") or ""
    fields["url"] = url or page_url
    if page_url and page_url != fields["url"]:
        fields["canonical_url"] = page_url
    fields["crawl_date"] = crawl_date
    yield RawRecord(fields, origin, "warc", tuple(notes))

