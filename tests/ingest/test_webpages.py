"""Saved web pages: our fixture page always, the real pages of ../shared/corpora/html-news when present."""

import gzip
import json
import re

import pytest

from newssearch import NewsIndex
from newssearch.ingest.records import to_article
from newssearch.ingest.sources import read_file
from newssearch.ingest.webpages import extract_article, headline, rescue_loose_text, strip_site_name
from newssearch.model import Skip

from helpers import FIXTURES, SHARED

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


def _page(head: str, body: str = ""):
    import lxml.html

    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_headline_is_the_title_tag_unless_h1_and_og_title_agree():
    # CNN: the <h1> drops the <title>'s lead-in and og:title is a desk variant: the <title> part holding the <h1>
    tree = _page("<title>Alito and Prelogar: The nonstop sparring match | CNN Politics</title>"
                 "<meta property='og:title' content='Analysis: The nonstop sparring match | CNN Politics'>",
                 "<h1>The nonstop sparring match</h1>")
    assert strip_site_name(headline(tree, "")) == "Alito and Prelogar: The nonstop sparring match"
    # TIME: three different headlines, none agreeing: the <title>, without the site name
    tree = _page("<title>James Hansen Calls for Geoengineering | TIME</title>"
                 "<meta property='og:title' content='We Need Geoengineering Says James Hansen'>",
                 "<h1>We Need Geoengineering, Warns Climate Scientist James Hansen</h1>")
    assert strip_site_name(headline(tree, ""), "TIME") == "James Hansen Calls for Geoengineering"
    # the <h1> and og:title agree but for quote marks: the <h1>, in the page's own typography
    tree = _page("<title>T1 become champions | ONE Esports</title>"
                 "<meta property='og:title' content=\"Faker wins as T1 embody Heartsteel's song\">",
                 "<h1>Faker wins as T1 embody Heartsteel’s song</h1>")
    assert headline(tree, "") == "Faker wins as T1 embody Heartsteel’s song"
    # og:title is the <title> minus a site name that has no separator
    tree = _page("<title>動画：自爆攻撃で31人死亡 写真1枚 国際ニュース：AFPBB News</title>"
                 "<meta property='og:title' content='動画：自爆攻撃で31人死亡'>",
                 "<h1>国際ニュース：AFPBB News</h1>")
    assert headline(tree, "") == "動画：自爆攻撃で31人死亡"


def test_text_split_off_by_a_nested_box_is_kept():
    # old Yahoo template: a related-links box inside the first <p>; the parser ends the <p> at the box
    html = ("<html><head><title>Apple says Steve Jobs resigning as CEO</title></head><body><div class='content'>"
            "<p><div class='related'><ul><li><a href='/x'>Biographical information on new Apple CEO Cook</a></li>"
            "</ul></div>SAN FRANCISCO (AP) — Steve Jobs, the mind behind the iPhone, resigned as CEO on "
            "<b>Wednesday</b>, saying he can no longer handle the job.</p>"
            + "<p>The move appears to be the result of an unspecified medical condition. " * 3 + "</p>"
            "</div></body></html>")
    import lxml.html

    tree = lxml.html.fromstring(html)
    rescue_loose_text(tree)
    [para] = [p for p in tree.iter("p") if "SAN FRANCISCO" in p.text_content()]
    assert para.text_content().endswith("resigned as CEO on Wednesday, saying he can no longer handle the job.")
    got = extract_article(html)
    assert got["body"].startswith("SAN FRANCISCO (AP) — Steve Jobs, the mind behind the iPhone")


def test_photo_credits_between_paragraphs_are_dropped():
    from newssearch.ingest.clean import clean_body

    body = "Munn arrived in Hollywood.\n\nCourtesy G4\n\nShe found a niche.\n\n(AP Photo/Jae C. Hong)\n\nCourtesy of the company, the plant will close."
    assert clean_body(body, extract_dateline=False)[0] == (
        "Munn arrived in Hollywood.\n\nShe found a niche.\n\nCourtesy of the company, the plant will close.")


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
    titled = [p for p in pages if "title" in p["expected_fields"] and p["title"]]
    right = sum(extract_article(gzip.decompress((HTML_NEWS / p["file"]).read_bytes()), url=p["url"])["title"]
                == p["title"] for p in titled)
    assert right / len(titled) >= 0.9, f"{right}/{len(titled)} titles"
    prefixed = [p for p in pages if p["body_match"] == "prefix"]
    right = 0
    for p in prefixed:
        got = extract_article(gzip.decompress((HTML_NEWS / p["file"]).read_bytes()), url=p["url"]) or {}
        want = " ".join(re.findall(r"\w+", p["body"].lower())[:25])
        right += want in " ".join(re.findall(r"\w+", got.get("body", "").lower()))
    assert right / len(prefixed) >= 0.9, f"{right}/{len(prefixed)} goose3 prefixes"
    cnn = next(p for p in pages if p["file"].endswith("cnn_002.html.gz"))
    got = extract_article(gzip.decompress((HTML_NEWS / cnn["file"]).read_bytes()), url=cnn["url"])
    assert got["title"] == cnn["title"]
    assert cnn["body"][:80] in " ".join(got["body"].split())
