"""`newssearch serve --index A --index B`: the server answers from several indexes searched as
one, read-only, with the JSON of the command line given the same indexes."""

from __future__ import annotations

import pytest


@pytest.fixture
def several_client(split_indexes):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    with TestClient(create_app(split_indexes[1])) as c:
        yield c


def test_the_server_answers_from_several_indexes_as_the_command_line_does(several_client, cli_json, split_indexes):
    whole, parts = split_indexes
    several = [x for p in parts for x in ("--index", p)]
    r = several_client.get("/api/search", params={"q": "oil", "facet": "source"})
    assert r.status_code == 200, r.text
    got, expected = r.json(), cli_json("query", "oil", "--facet", "source", "-f", "json", "--index", whole)
    got.pop("took_ms")
    expected.pop("took_ms")
    assert got == expected
    assert several_client.get("/api/articles/syn-399").json() == cli_json("show", "syn-399", "-f", "json", *several)
    assert several_client.get("/api/stats").json() == cli_json("stats", "-f", "json", *several)


def test_serve_takes_several_indexes_read_only(monkeypatch, split_indexes, tmp_path, capsys):
    import newssearch.serve as served
    from newssearch.cli.app import run

    seen = {}
    monkeypatch.setattr(served, "serve", lambda where, **kw: seen.update(where=where))
    _, parts = split_indexes
    assert run(["serve", "-i", str(parts[0]), "-i", str(parts[1])]) == 0
    assert seen["where"] == parts[:2]
    monkeypatch.setenv("NEWSSEARCH_TOKEN", "x" * 40)
    assert run(["serve", "-i", str(parts[0]), "-i", str(parts[1]), "--allow-indexing"]) == 1
    assert capsys.readouterr().err == ("newssearch: error: --allow-indexing needs one --index: articles are "
                                       "written to one index (given 2)\n")
    assert run(["serve", "-i", str(parts[0]), "-i", str(tmp_path / "nope")]) == 3
    assert f"no index at {tmp_path / 'nope'}" in capsys.readouterr().err


def test_worker_processes_are_told_every_index(monkeypatch, split_indexes):
    """`serve --workers 2`: each worker process builds its app from the environment."""
    import uvicorn

    import newssearch.serve as served
    from newssearch.serve.app import from_environment

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    monkeypatch.setenv(served.CONFIG, "")  # serve() sets it: put back as it was after the test
    _, parts = split_indexes
    served.serve(parts[:2], workers=2)
    assert from_environment().state.service.path == parts[:2]
