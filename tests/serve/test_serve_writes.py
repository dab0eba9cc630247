"""`--allow-indexing`: POST /api/articles adds articles for a client with the token, answers what
`index --format json` reports, and refuses everything else in one JSON line. Without a token the
route does not exist: the server is read-only."""

from __future__ import annotations

import json

import pytest

TOKEN = "s3cret-token-for-tests-0123456789"
ARTICLE = {"id": "w1", "title": "Zebra crossing opens in Vienna", "body": "A zebra crossing opened.",
           "date": "2024-05-01", "source": "AP"}


@pytest.fixture
def writable(tmp_path):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    with TestClient(create_app(tmp_path / "ix", token=TOKEN)) as c:
        yield c


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _error(r, status: int, kind: str) -> str:
    assert r.status_code == status, r.text
    assert r.json()["error"]["kind"] == kind
    return r.json()["error"]["message"]


def test_articles_are_added_and_found_by_the_next_search(writable, tmp_path, cli_json):
    assert _error(writable.get("/api/search", params={"q": "zebra"}), 503, "no_index")
    r = writable.post("/api/articles", json=ARTICLE, headers=auth())
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["added"] == 1 and report["failed"] == 0
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n")
    cli = cli_json("index", source, "--index", tmp_path / "other", "--format", "json")
    assert set(report) == set(cli) and report["added"] == cli["added"]
    assert writable.get("/api/search", params={"q": "zebra"}).json()["total"] == 1
    again = writable.post("/api/articles", json=[ARTICLE, {**ARTICLE, "id": "w2", "title": "Zebra two"}],
                          headers=auth()).json()
    assert (again["added"], again["unchanged"]) == (1, 1)
    assert writable.get("/api/search", params={"q": "zebra"}).json()["total"] == 2


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong-token-0123456789"},
                                     {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}])
def test_without_the_token_nothing_is_written(writable, headers, tmp_path):
    _error(writable.post("/api/articles", json=ARTICLE, headers=headers), 401, "unauthorized")
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize("body,status,kind", [
    (b"{not json", 400, "bad_input"),
    (b"[1, 2]", 400, "bad_input"),
    (b"[]", 400, "bad_input"),
    (json.dumps({"title": "x" * (17 * 2**20)}).encode(), 413, "too_large"),
])
def test_bad_bodies_are_refused(writable, body, status, kind):
    _error(writable.post("/api/articles", content=body, headers={**auth(), "Content-Type": "application/json"}),
           status, kind)


def test_a_read_only_server_has_no_write_route(client):
    said = _error(client.post("/api/articles", json=ARTICLE, headers=auth()), 405, "method_not_allowed")
    assert "--allow-indexing" in said


def test_the_command_wants_a_long_token(capsys, monkeypatch, tmp_path):
    from newssearch.cli.app import run

    monkeypatch.setenv("NEWSSEARCH_TOKEN", "short")
    assert run(["serve", "--index", str(tmp_path), "--allow-indexing"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newssearch: error: --allow-indexing needs a token of at least 16 characters")
    assert len(err.splitlines()) == 1


def test_the_library_refuses_a_short_token_as_the_command_does(tmp_path):
    """create_app(token="x") accepted a one-character token (the 16-character rule was the CLI's
    alone); a configured token is taken without surrounding spaces, as the header is."""
    from newssearch import InputError
    from newssearch.serve.app import create_app

    with pytest.raises(InputError, match="`token`"):
        create_app(tmp_path / "ix", token="x")
    with pytest.raises(InputError):
        create_app(tmp_path / "ix", token=" " * 20 + "short")
    app = create_app(tmp_path / "ix", token="  a-long-enough-token-1234  ")
    assert app.state.token == "a-long-enough-token-1234"
