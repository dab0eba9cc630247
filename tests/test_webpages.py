"""Saved web pages: our fixture page always, the real pages of ../shared/corpora/html-news when present."""

import gzip
import json

import pytest

from newssearch import NewsIndex
from newssearch.records import to_article
from newssearch.sources import RawRecord, Skip, read_file
from newssearch.webpages import extract_article, strip_site_name

from conftest import FIXTURES, SHARED

HTML_NEWS = SHARED / "corpora" / "html-news"


def test_article_page_becomes_a_clean_article():
    [rec] = list(read_file(FIXTURES / "pages" / "article.html"))
    art = to_article(rec)
    assert art.title == "Aid convoy reaches northern Gaza after weeks of delays"
    assert art.date.display() == "2024-02-20"
    assert art.body.startswith("A convoy of thirty trucks")
    assert "Share on" not in art.body and "Related stories" not in art.body and "cookies" not in art.body
    assert art.url == "https://news.example.org/world/aid-convoy-gaza"
    assert art.source == "Example News" and art.authors == ["Maria Lopez"]


def test_page_without_an_article_is_skipped_with_reason():
    [item] = list(read_file(FIXTURES / "pages" / "index_page.html"))
    assert isinstance(item, Skip) and "no article text" in item.reason


def test_site_names_are_taken_off_titles():
    assert strip_site_name("Storm hits coast | CNN Politics") == "Storm hits coast"
    assert strip_site_name("Five Social Media Lessons for Business - BusinessWeek") == "Five Social Media Lessons for Business"
    assert strip_site_name("Brexit - what happens next for trade with the EU") == "Brexit - what happens next for trade with the EU"


def test_declared_charset_is_honoured(tmp_path):
    page = (FIXTURES / "pages" / "article.html").read_text().replace('charset="utf-8"', 'charset="iso-8859-1"')
    page = page.replace("A convoy of thirty trucks", "A convoy of thirty trucks (camiones de ayuda, Zürich-based)")
    path = tmp_path / "latin.html"
    path.write_bytes(page.encode("latin-1"))
    [rec] = list(read_file(path))
    assert "Zürich-based" in rec.fields["body"]


def test_html_pages_are_searchable(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.index_paths([FIXTURES / "pages"])
    assert report.added == 1 and report.skip_reasons == {"no article text (an index, error or video page?)": 1}
    assert [h.title for h in ix.search('"famine conditions"').hits] == ["Aid convoy reaches northern Gaza after weeks of delays"]
    assert ix.search("date:2024-02-20 convoy").total == 1


@pytest.mark.skipif(not (HTML_NEWS / "expected.json").exists(), reason=f"{HTML_NEWS} not present")
def test_real_pages_dates_and_bodies():
    pages = json.loads((HTML_NEWS / "expected.json").read_text())["pages"]
    dated = [p for p in pages if p["source"] == "htmldate"]
    right = 0
    for p in dated:
        got = extract_article(gzip.decompress((HTML_NEWS / p["file"]).read_bytes()), url=p["url"]) or {}
        right += (got.get("date") or "")[:10] == p["date"][:10]
    assert right / len(dated) >= 0.9
    cnn = next(p for p in pages if p["file"].endswith("cnn_002.html.gz"))
    got = extract_article(gzip.decompress((HTML_NEWS / cnn["file"]).read_bytes()), url=cnn["url"])
    assert got["title"] == cnn["title"]
    assert cnn["body"][:80] in " ".join(got["body"].split())
