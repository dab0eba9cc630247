"""The search page and the article view as a browser gets them: highlights from the offsets,
the article's and the user's text escaped, the exact total, paging, facets that filter, the
chart, and the whole search in the URL."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit


class Page(HTMLParser):
    """The links, marks and script elements of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.marks: list[str] = []
        self.scripts: list[dict] = []
        self.tags: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._in_mark = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "a":
            self._href, self._text = a.get("href"), []
        elif tag == "mark":
            self._in_mark = True
            self.marks.append("")
        elif tag == "script":
            self.scripts.append(a)
        for name in a:
            assert not name.startswith("on"), f"an event handler attribute in the page: {tag} {name}"

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None
        elif tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)
        if self._in_mark:
            self.marks[-1] += data

    def link(self, text: str) -> str:
        return next(href for t, href in self.links if t == text)


def test_results_are_highlighted_with_the_exact_total(client):
    api = client.get("/api/search", params={"q": '"central bank"'}).json()
    r = client.get("/", params={"q": '"central bank"'})
    assert r.status_code == 200
    page = Page(r.text)
    assert f"{api['total']:,} articles match" in r.text
    assert page.marks and {m.lower() for m in page.marks} == {"central bank"}  # the phrase, as the offsets say
    assert page.scripts == [{"src": "/static/app.js", "defer": None}]  # no inline script


def test_an_articles_markup_is_shown_as_text(client):
    r = client.get("/", params={"q": "oil talks"})
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in r.text
    assert "<script>alert" not in r.text and "<img" not in r.text and "<b>Evil" not in r.text
    Page(r.text)  # no on...= attribute anywhere
    art = client.get("/article/xss-1")
    assert art.status_code == 200
    assert "<script>alert" not in art.text and "&lt;a href=x&gt;a deal&lt;/a&gt;" in art.text
    assert 'href="javascript:' not in art.text  # the article's own url is shown, not linked


def test_a_typed_query_is_shown_as_text(client):
    hostile = '"><script>alert(1)</script>'
    r = client.get("/", params={"q": hostile})
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = client.get("/", params={"q": "oil", "since": "<svg onload=alert(1)>"})
    assert r.status_code == 400 and "<svg onload" not in r.text and "&lt;svg onload" in r.text


def test_paging_facets_and_the_url_hold_the_search(client):
    r = client.get("/", params={"q": "oil", "since": "2024-01-01", "match": "all"})
    page = Page(r.text)
    total = client.get("/api/search", params={"q": "oil", "since": "2024-01-01"}).json()["total"]
    assert total > 10 and f"page 1 of {-(-total // 10)}" in r.text
    nxt = page.link("next →")
    assert parse_qs(urlsplit(nxt).query) == {"q": ["oil"], "since": ["2024-01-01"], "match": ["all"], "page": ["2"]}
    second = Page(client.get(nxt).text)
    assert "page 2 of" in client.get(nxt).text and second.link("← previous")
    # a month in the sidebar filters on that month
    month = next(href for text, href in page.links if re.fullmatch(r"\d{4}-\d\d", text))
    chosen = parse_qs(urlsplit(month).query)
    assert chosen["since"] == chosen["until"]
    filtered = client.get("/api/search", params={"q": "oil", "since": chosen["since"][0], "until": chosen["until"][0]})
    assert f"{filtered.json()['total']:,} articles match" in client.get(month).text
    # a source too
    source = next(href for text, href in page.links if text == "AP")
    assert parse_qs(urlsplit(source).query)["source"] == ["AP"]
    only_ap = client.get("/api/search", params={"q": "oil", "since": "2024-01-01", "source": "AP"}).json()["total"]
    assert f"{only_ap:,} articles match" in client.get(source).text


def test_the_chart_is_inline_svg_drawn_on_the_server(client):
    r = client.get("/", params={"q": "oil"})
    chart = re.search(r"<svg class=\"chart\".*?</svg>", r.text, re.S).group(0)
    tl = client.get("/api/timeline", params={"q": "oil"}).json()
    assert chart.count("<rect") == len(tl["periods"])
    assert "<script" not in chart and "style=" not in chart


def test_the_article_view_has_every_field_and_similar_stories(client):
    hit = client.get("/api/search", params={"q": "bank"}).json()["hits"][0]
    r = client.get("/article/" + hit["id"])
    assert r.status_code == 200 and hit["title"] in r.text
    similar = client.get(f"/api/articles/{hit['id']}/similar", params={"limit": 5}).json()["hits"]
    assert similar and all(s["title"] in r.text for s in similar)
    assert client.get("/article/..%2F..%2Fetc%2Fpasswd").status_code == 200  # an id, not a path
    missing = client.get("/article/nope")
    assert missing.status_code == 404 and "no article with id" in missing.text


def test_the_landing_page_help_and_a_bad_page_number(client):
    r = client.get("/")
    assert r.status_code == 200 and "articles," in r.text and '<label for="q">' in r.text
    assert "title:rafah" in client.get("/help").text
    assert client.get("/", params={"q": "oil", "page": "x"}).status_code == 400
    assert client.get("/static/..%2F..%2Fpyproject.toml").status_code == 404


def test_a_query_too_long_is_refused_as_the_api_refuses_it_never_cut_short(client):
    """The page cut a long query at 1,000 characters and ran what was left (half a phrase, say)
    without a word, while /api/search answered 400."""
    q = "oil " * 300  # 1,200 characters
    assert client.get("/api/search", params={"q": q}).status_code == 400
    page = client.get("/", params={"q": q})
    assert page.status_code == 400
    assert "at most" in page.text and "characters" in page.text
    assert client.get("/", params={"q": "oil", "source": "x" * 300}).status_code == 400
