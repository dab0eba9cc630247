"""WARC archives (Common Crawl's CC-NEWS and any crawler's output), read as a stream with warcio:
each HTTP response holding an HTML page becomes an article through the web-page path. The page's
own publication date is used, else the crawl date (`date_from` says which). Revisit and non-HTML
records are skipped with their reason; a truncated or damaged archive keeps every record before
the damage and reports the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..model import RawRecord, Skip

SILENT = {"request", "warcinfo", "metadata"}  # not pages: every response has its request


def read_warc(path: Path) -> Iterator[RawRecord | Skip]:
    from warcio.archiveiterator import ArchiveIterator

    from .webpages import extract_article

    n = 0
    with open(path, "rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                n += 1
                origin = f"{path}#{n}"
                kind = record.rec_type
                if kind in SILENT:
                    continue
                if kind == "revisit":
                    yield Skip(origin, "revisit record (a duplicate of an earlier capture, no payload)")
                    continue
                if kind != "response":
                    yield Skip(origin, f"not a page ({kind} record)")
                    continue
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in ctype.lower():
                    yield Skip(origin, f"not an HTML page ({ctype.split(';')[0] or 'no content type'})")
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if status and not status.startswith("2"):
                    yield Skip(origin, f"HTTP status {status}")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                crawl_date = record.rec_headers.get_header("WARC-Date") or None
                payload = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0) or 0
                if missing > 0:  # warcio hands out a cut-off payload without complaint
                    yield Skip(origin, f"truncated or damaged WARC: the record ends {missing} bytes early")
                    continue
                fields = extract_article(payload, url=url or None, fallback_date=crawl_date)
                if fields is None:
                    yield Skip(origin, "no article text (an index, error or video page?)")
                    continue
                fields["id"] = record.rec_headers.get_header("WARC-Record-ID") or ""
                fields["url"] = fields.get("url") or url
                fields["crawl_date"] = crawl_date
                yield RawRecord(fields, origin, "warc")
        except Exception as exc:  # warcio: ArchiveLoadFailed, zlib/EOF errors on a cut-off file
            yield Skip(f"{path}#{n + 1}", f"truncated or damaged WARC: {type(exc).__name__}: {exc}"[:300])
