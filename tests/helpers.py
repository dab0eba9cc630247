"""Paths, corpora and small helpers the tests share (importable as `helpers`: tests/ is on the
test path). The shared corpora under ../shared are optional: tests that need them skip with a
reason when they are absent."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5f4929a9ddff8f3a.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl.gz"
TIME = SHARED / "corpora" / "time" / "derived" / "time.docs.jsonl.gz"


def requires_reuters():
    """For tests on the whole Reuters corpus: slow (they build its index), and skipped with the
    reason when ../shared is absent."""
    def mark(test):
        test = pytest.mark.slow(test)
        return pytest.mark.skipif(
            not REUTERS.exists(), reason=f"Reuters corpus not found at {REUTERS} (../shared is absent)"
        )(test)
    return mark


def whoosh_searcher(ix):
    """The Whoosh searcher behind a NewsIndex (engine tests look inside it)."""
    return ix._snapshot()._searcher


def whoosh_index(ix):
    """The Whoosh index behind a NewsIndex."""
    return ix._index._ix


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


def run_process(*args, cwd=None, env=None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """The real command line in a process of its own (python -m newssearch), without the
    caller's NEWSSEARCH_INDEX or NEWSSEARCH_DEBUG; stdout and stderr as bytes, never a traceback."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NEWSSEARCH_INDEX", "NEWSSEARCH_DEBUG")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "newssearch", *args], cwd=cwd, env=full_env, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    return proc


def split_corpus() -> list[list[dict]]:
    """The synthetic corpus in three parts (as a newsroom keeps an index per period), with near
    copies of three stories beside their originals, so that folding has something to fold."""
    arts = synthetic_articles()
    long_ones = [a for a in arts if len(a["body"].split()) >= 60][:3]
    for n, original in enumerate(long_ones):
        copy = dict(original, id=f"copy-{n}", title=original["title"] + " (updated)",
                    body=original["body"] + " An earlier version misspelt a name.")
        arts.insert(arts.index(original) + 1, copy)
    return [arts[:140], arts[140:290], arts[290:]]
