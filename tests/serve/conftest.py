"""An index for the server's tests: the seed, the synthetic corpus and articles whose text tries
to inject markup into the page; a test client on it (the framework's, no network)."""

from __future__ import annotations

import pytest

from newssearch import NewsIndex

from helpers import SEED, synthetic_articles

pytest.importorskip("fastapi", reason="the serve extra (fastapi) is not installed")

INJECTIONS = [
    {"id": "xss-1", "title": "<script>alert('title')</script> oil talks", "date": "2024-02-20",
     "source": "<b>Evil</b> Wire", "dateline": "<img src=x onerror=alert(1)>",
     "url": "javascript:alert(1)",
     "body": "Oil ministers met. <script>alert('body')</script> The oil talks ended with <a href=x>a deal</a>."},
    {"id": "../../etc/passwd", "title": "An id that looks like a path: oil", "date": "2024-02-21",
     "source": "AP", "body": "Oil prices rose after the talks in Vienna."},
]


@pytest.fixture(scope="session")
def serve_index(tmp_path_factory):
    """The folder of an index the tests only read."""
    path = tmp_path_factory.mktemp("serve") / "ix"
    ix = NewsIndex.open(path, create=True)
    ix.index_paths([SEED])
    ix.add_articles(synthetic_articles(200) + INJECTIONS)
    ix.close()
    return path


@pytest.fixture
def client(serve_index):
    from fastapi.testclient import TestClient

    from newssearch.serve import create_app

    with TestClient(create_app(serve_index)) as c:
        yield c


@pytest.fixture
def cli_json(capsys, monkeypatch):
    """What the command line prints for `args` (parsed JSON, or the text)."""
    import json

    from newssearch.cli.app import run

    monkeypatch.delenv("NEWSSEARCH_INDEX", raising=False)

    def go(*args, parse=True, code=0):
        said = run([str(a) for a in args])
        out, err = capsys.readouterr()
        assert said == code, err
        return json.loads(out) if parse else out

    return go

