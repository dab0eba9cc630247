"""English function words ("the", "of", "which"): left out of characteristic terms and of ranked
any-word queries (never of phrases, nor of all-word matching: "bank of japan" needs its
"of"). The list is data, in stopwords.txt."""

from __future__ import annotations

from functools import lru_cache


def read_words(package: str, name: str) -> frozenset[str]:
    """The words of a word-list file of a package (blank lines and # comments ignored)."""
    from importlib import resources  # (it imports tempfile, shutil, bz2...: only when a list is read)

    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return read_words(__package__, "stopwords.txt")


def is_stopword(word: str) -> bool:
    """Is this (folded) word a function word?"""
    return word in stopwords()
