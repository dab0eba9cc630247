"""The JSON API through the framework's test client: every endpoint answers what the command
line prints with --format json for the same options, and every error is one JSON line with the
status a program can act on, never a stack trace."""

from __future__ import annotations

import threading

import pytest

from newssearch import NewsIndex


def _same(api: dict, cli: dict) -> None:
    api, cli = dict(api), dict(cli)
    api.pop("took_ms", None), cli.pop("took_ms", None)
    assert api == cli


# (query-string pairs for the API, the same search's command-line options)
SEARCHES = [
    ([("q", "oil")], ["oil"]),
    ([("q", "bank OR rafah"), ("limit", "5"), ("page", "2")], ["bank OR rafah", "--limit", 5, "--page", 2]),
    ([("q", '"central bank"'), ("sort", "newest"), ("since", "2024-02"), ("until", "2024-03-15")],
     ['"central bank"', "--sort", "newest", "--since", "2024-02", "--until", "2024-03-15"]),
    ([("q", "oil"), ("source", "AP"), ("source", "BBC"), ("facet", "month"), ("facet", "source")],
     ["oil", "--source", "AP", "--source", "BBC", "--facet", "month", "--facet", "source"]),
    ([("q", "ground zebra"), ("match", "any"), ("snippets", "0")], ["ground zebra", "--match", "any", "--snippets", 0]),
    ([("q", "*"), ("sample", "7"), ("seed", "3")], ["*", "--sample", 7, "--seed", 3]),
    ([("q", "oil"), ("collapse", "false")], ["oil", "--no-collapse"]),
    ([("q", "rafah ("), ("lenient", "true")], ["rafah (", "--lenient"]),
]


@pytest.mark.parametrize("params,options", SEARCHES, ids=[str(p) for p, _ in SEARCHES])
def test_search_is_the_command_lines_json(client, cli_json, serve_index, params, options):
    r = client.get("/api/search", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    _same(r.json(), cli_json("query", *options, "--index", serve_index, "--format", "json"))


def test_every_other_endpoint_is_the_command_lines_json(client, cli_json, serve_index):
    ix = ["--index", serve_index, "--format", "json"]
    hit = client.get("/api/search", params={"q": "oil"}).json()["hits"][0]["id"]
    assert client.get(f"/api/articles/{hit}").json() == cli_json("show", hit, *ix)
    _same(client.get(f"/api/articles/{hit}/similar", params={"limit": 3}).json(),
          cli_json("similar", hit, "--limit", 3, *ix))
    assert client.get(f"/api/articles/{hit}/copies").json() == cli_json("show", hit, "--copies", *ix)
    assert client.get("/api/stats").json() == cli_json("stats", *ix)
    assert (client.get("/api/timeline", params=[("q", "oil"), ("q", "bank"), ("by", "month")]).json()
            == cli_json("timeline", "oil", "bank", "--by", "month", *ix))
    assert (client.get("/api/terms", params={"q": "bank", "top": 5}).json()
            == cli_json("terms", "bank", "--top", 5, *ix))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_streams_what_query_all_prints(client, cli_json, serve_index, fmt):
    r = client.get("/api/export", params={"q": "oil", "format": fmt, "since": "2024-02"})
    assert r.status_code == 200, r.text
    cli = cli_json("query", "oil", "--since", "2024-02", "--all", "-f", fmt, "--index", serve_index, parse=False)
    assert r.text == cli
    assert int(r.headers["x-total-count"]) == len(cli.splitlines()) - (fmt == "csv") > 1
    assert "attachment" in r.headers["content-disposition"]


def _error(r, status: int, kind: str) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and body["error"]["kind"] == kind
    assert "Traceback" not in r.text and "File \"" not in r.text
    return body["error"]["message"]


@pytest.mark.parametrize("url,kind,said", [
    ("/api/search?q=%22rafah", "bad_query", "unbalanced quotes"),
    ("/api/search?q=colour:red", "bad_query", "colour"),
    ("/api/search?q=oil&since=1987-02-30", "bad_query", "invalid date"),
    ("/api/search?q=oil&sort=loudest", "bad_query", "`sort` must be one of relevance, newest, oldest"),
    ("/api/search?q=oil&facet=colour", "bad_query", "unknown facet 'colour'"),
    ("/api/search?q=oil&match=some", "bad_query", "`match` must be all or any"),
    ("/api/search?q=oil&limit=0", "bad_parameter", "`limit`"),
    ("/api/search?q=oil&limit=ten", "bad_parameter", "`limit`"),
    ("/api/search?q=oil&limit=101", "bad_query", "`limit` must be at most 100"),
    ("/api/search?q=oil&page=2000", "bad_query", "/api/export"),
    ("/api/search?q=oil&seed=3", "bad_query", "`seed` needs `sample`"),
    ("/api/search?q=oil&sample=3&page=2", "bad_query", "`sample` and `page` cannot be used together"),
    ("/api/timeline?q=oil&by=decade", "bad_query", "by"),
    ("/api/terms?q=oil&top=100000", "bad_query", "`top` must be at most"),
    ("/api/terms", "bad_parameter", "`q`"),
    ("/api/export?q=oil&format=xml", "bad_query", "`format` must be jsonl or csv"),
    ("/api/export?q=oil&sort=relevance", "bad_query", "cannot be used together"),
    ("/api/export?q=%22oil", "bad_query", "unbalanced quotes"),
    ("/api/articles/nope/similar?limit=500", "bad_query", "`limit` must be at most"),
])
def test_a_bad_query_or_option_is_400(client, url, kind, said):
    assert said in _error(client.get(url), 400, kind)


def test_a_query_longer_than_the_limit_is_400_without_running(client):
    assert "at most 1,000" in _error(client.get("/api/search", params={"q": "oil " * 400}), 400, "bad_query")


@pytest.mark.parametrize("url", ["/api/articles/nope", "/api/articles/nope/similar", "/api/articles/nope/copies",
                                 "/api/articles/..%2F..%2Fpyproject.toml", "/api/articles/%2Fetc%2Fpasswd",
                                 "/api/no-such-endpoint"])
def test_unknown_ids_and_endpoints_are_404(client, url):
    _error(client.get(url), 404, "not_found")


def test_an_id_that_looks_like_a_path_is_only_an_id(client):
    r = client.get("/api/articles/..%2F..%2Fetc%2Fpasswd")
    assert r.status_code == 200 and r.json()["title"] == "An id that looks like a path: oil"
    assert client.get("/api/articles/..%2F..%2Fetc%2Fpasswd/similar").status_code == 200


def test_the_server_is_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        _error(client.request(method, "/api/search", json={"q": "oil"}), 405, "method_not_allowed")


def test_503_while_no_index_exists_then_a_new_index_is_served(tmp_path):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    where = tmp_path / "later"
    with TestClient(create_app(where)) as c:
        assert "no index" in _error(c.get("/api/search", params={"q": "oil"}), 503, "no_index")
        assert c.get("/").status_code == 503
        assert not where.exists()  # read-only: a request never makes the folder
        ix = NewsIndex.open(where, create=True)
        ix.add_articles([{"id": "a1", "title": "Oil rises", "body": "Oil rose.", "date": "2024-01-02"}])
        assert c.get("/api/search", params={"q": "oil"}).json()["total"] == 1


def test_a_query_past_its_time_budget_is_503_and_the_server_answers_on(serve_index, monkeypatch):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app
    from newssearch.serve.service import Limits

    release = threading.Event()
    slow = NewsIndex.search

    def stuck(self, query, **kw):
        if query == "stuck":
            release.wait(10)
        return slow(self, query, **kw)

    monkeypatch.setattr(NewsIndex, "search", stuck)
    try:
        with TestClient(create_app(serve_index, limits=Limits(time_budget=0.2), threads=2)) as c:
            said = _error(c.get("/api/search", params={"q": "stuck"}), 503, "timeout")
            assert "budget of 0.2 s" in said
            assert c.get("/api/search", params={"q": "oil"}).json()["total"] > 0
    finally:
        release.set()


def test_a_bug_is_500_in_one_json_line_without_a_trace(serve_index, monkeypatch):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    def broken(self):
        raise RuntimeError("secret detail at /home/someone")

    monkeypatch.setattr(NewsIndex, "stats", broken)
    with TestClient(create_app(serve_index), raise_server_exceptions=False) as c:
        said = _error(c.get("/api/stats"), 500, "internal")
    assert "RuntimeError" in said and "secret" not in said


def test_every_answer_has_the_security_headers(client):
    for url in ("/api/search?q=oil", "/api/articles/nope", "/", "/?q=oil", "/static/app.css", "/docs"):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/search", "/api/articles/{article_id}", "/api/articles/{article_id}/similar",
                                  "/api/articles/{article_id}/copies", "/api/stats", "/api/timeline", "/api/terms",
                                  "/api/export"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/timeline" in docs.text and "<script>" not in docs.text


def test_a_commit_by_another_process_is_seen_by_the_next_request(tmp_path):
    import sys

    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    from helpers import run_process

    where = tmp_path / "ix"
    first = tmp_path / "first.jsonl"
    first.write_text('{"id": "a1", "title": "Oil rises", "body": "Oil rose in Vienna.", "date": "2024-01-02"}\n')
    assert run_process("index", str(first), "--index", str(where)).returncode == 0
    with TestClient(create_app(where, threads=2)) as c:
        for _ in range(4):  # every thread of the pool holds a snapshot
            assert c.get("/api/search", params={"q": "zebra"}).json()["total"] == 0
        later = tmp_path / "later.jsonl"
        later.write_text('{"id": "z1", "title": "Zebra escapes", "body": "A zebra ran through Vienna.", '
                         '"date": "2024-01-03"}\n')
        assert run_process("index", str(later), "--index", str(where)).returncode == 0, sys.executable
        for _ in range(4):
            assert c.get("/api/search", params={"q": "zebra"}).json()["total"] == 1
        assert c.get("/api/articles/z1").json()["title"] == "Zebra escapes"
        assert c.get("/api/stats").json()["articles"] == 2


def test_an_export_whose_client_reads_nothing_gives_up_its_slot(monkeypatch):
    """A client that keeps its connection but reads nothing held an export slot for ever (two
    such clients and every export was 503 'busy'): past STALLED seconds the export stops."""
    import time

    from newssearch.serve.service import QueueWriter, _Cancelled

    monkeypatch.setattr(QueueWriter, "STALLED", 1.0)
    out = QueueWriter()
    start = time.monotonic()
    with pytest.raises(_Cancelled):
        for _ in range(1000):  # 64 chunks fill the queue; then no one takes them
            out.write("x" * QueueWriter.CHUNK)
    assert time.monotonic() - start < 10
