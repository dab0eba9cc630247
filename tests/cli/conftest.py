"""An index of articles that try to turn the output against its reader (terminal escapes,
spreadsheet formulas, text an ASCII terminal cannot show), and two ways to run the command line:
in this process (fast: option handling, layout) or as a real process (encodings, exit codes)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newssearch import NewsIndex
from newssearch.model import Article, ArticleDate

from helpers import SEED


def _day(y: int, m: int, d: int) -> ArticleDate:
    return ArticleDate(datetime(y, m, d, tzinfo=timezone.utc), True)


# Articles handed to add_articles as Articles are indexed as given (no cleaning): what an API
# user or an older index can hold.
HOSTILE = [
    Article(id="ansi01", title="Oil \x1b[2J\x1b[31mRED\x1b[0m alert",
            body="Oil prices \x1b]8;;http://evil.example\x07click here\x1b]8;;\x07 rose.\r\x07 "
                 "Traders \x9b1mcheered\x1bc the oil rally.",
            source="Wire\x1b[5m", dateline="CAIRO\x07", date=_day(2024, 1, 10)),
    Article(id="csv01", title='=HYPERLINK("http://evil.example","click")', body="Oil is cheap in the spring.",
            source="+cmd", dateline="@SUM(1+1)", url="-2+3", date=_day(2024, 1, 20)),
    Article(id="intl01", title="Café talks in Cairo — القاهرة 北京 oil",
            body="Oil “naïve” traders … in Zürich said the oil price fell by 5 €.", source="Le Monde",
            date=_day(2024, 2, 1)),
]


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory):
    """The seed article and HOSTILE, in a folder the tests only read."""
    path = tmp_path_factory.mktemp("hostile") / "ix"
    ix = NewsIndex.open(path, create=True)
    ix.index_paths([SEED])
    ix.add_articles(HOSTILE)
    return path


@pytest.fixture
def call(capsys, monkeypatch):
    """Run a command line in this process: (exit code, stdout, stderr)."""
    from newssearch.cli.app import run

    monkeypatch.delenv("NEWSSEARCH_INDEX", raising=False)

    def go(*args):
        code = run(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return code, out, err

    return go
