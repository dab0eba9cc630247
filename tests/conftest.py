"""Shared fixtures: the seed, a small mixed-format corpus, a synthetic corpus for exactness checks,
and the shared Reuters corpus when it is present beside the repo (tests skip with a reason if not)."""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newssearch import NewsIndex

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5f4929a9ddff8f3a.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl.gz"


def requires_reuters():
    return pytest.mark.skipif(
        not REUTERS.exists(), reason=f"Reuters corpus not found at {REUTERS} (../shared is absent)"
    )


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A private copy of the mixed-format fixture corpus (tests may change it)."""
    dest = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", dest)
    return dest


@pytest.fixture
def seed_index(tmp_path) -> NewsIndex:
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([SEED])
    return ix


# --- a synthetic corpus with known phrases and dates, for brute-force comparisons -------------

VOCAB = (
    "bank of japan in the central rate ground operation operations rafah gaza ceasefire talks "
    "israel strikes lebanon oil prices rise fall market said on a for new york officials "
    "minister government deal trade exports crude gold dollar week year after before aid"
).split()


def synthetic_articles(n: int = 400, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    arts = []
    for i in range(n):
        title = " ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(3, 8)))
        paras = []
        for _ in range(rnd.randint(1, 4)):
            paras.append(" ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(5, 40))) + ".")
        rec = {"id": f"syn-{i}", "title": title.capitalize(), "body": "\n\n".join(paras),
               "source": rnd.choice(["Reuters", "AP", "Arab News", "BBC"])}
        kind = rnd.random()
        if kind < 0.1:
            pass  # undated
        elif kind < 0.4:
            rec["date"] = (base + timedelta(days=rnd.randint(0, 90))).date().isoformat()
        else:
            # times near midnight test the day boundaries
            minutes = rnd.choice([0, 1, 30, 60 * 23 + 59, rnd.randint(0, 1439)])
            rec["date"] = (base + timedelta(days=rnd.randint(0, 90), minutes=minutes)).isoformat()
        arts.append(rec)
    return arts


@pytest.fixture(scope="session")
def synthetic_index(tmp_path_factory):
    arts = synthetic_articles()
    ix = NewsIndex.open(tmp_path_factory.mktemp("synthetic") / "ix", create=True)
    ix.add_articles(arts)
    return ix, arts


@pytest.fixture(scope="session")
def reuters_index(tmp_path_factory):
    if not REUTERS.exists():
        pytest.skip(f"Reuters corpus not found at {REUTERS} (../shared is absent)")
    ix = NewsIndex.open(tmp_path_factory.mktemp("reuters") / "ix", create=True)
    report = ix.index_paths([REUTERS])
    assert report.added > 21000
    return ix
