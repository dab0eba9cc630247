"""Shared fixtures: the seed, a small mixed-format corpus, a synthetic corpus for exactness checks,
and the shared Reuters corpus when it is present beside the repo (tests skip with a reason if not).
Paths and helpers live in helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newssearch import NewsIndex

from helpers import FIXTURES, REUTERS, SEED, TIME, split_corpus, synthetic_articles


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


def _shared_index(tmp_path_factory, corpus: Path, name: str, articles: int) -> NewsIndex:
    if not corpus.exists():
        pytest.skip(f"{name} corpus not found at {corpus} (../shared is absent)")
    ix = NewsIndex.open(tmp_path_factory.mktemp(name) / "ix", create=True)
    assert ix.index_paths([corpus]).added == articles
    return ix


@pytest.fixture(scope="session")
def reuters_index(tmp_path_factory):
    return _shared_index(tmp_path_factory, REUTERS, "reuters", 21577)


@pytest.fixture(scope="session")
def time_index(tmp_path_factory):
    return _shared_index(tmp_path_factory, TIME, "time", 423)


@pytest.fixture(scope="session")
def split_indexes(tmp_path_factory) -> tuple[Path, list[Path]]:
    """helpers.split_corpus() as three JSON Lines files: an index of each, and one index of all
    three built from the same files in the same order: (that index's folder, the three folders)."""
    import json

    root = tmp_path_factory.mktemp("split")
    files = []
    for n, part in enumerate(split_corpus()):
        files.append(root / f"part{n}.jsonl")
        files[-1].write_text("".join(json.dumps(a) + "\n" for a in part), encoding="utf-8")
    NewsIndex.open(root / "whole", create=True).index_paths(files)
    for n, f in enumerate(files):
        NewsIndex.open(root / f"ix{n}", create=True).index_paths([f])
    return root / "whole", [root / f"ix{n}" for n in range(len(files))]
