"""Shared fixtures: the seed, a small mixed-format corpus, a synthetic corpus for exactness checks,
and the shared Reuters corpus when it is present beside the repo (tests skip with a reason if not).
Paths and helpers live in helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newssearch import NewsIndex

from helpers import FIXTURES, REUTERS, SEED, synthetic_articles


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
