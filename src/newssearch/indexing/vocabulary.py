"""The folded, unstemmed vocabulary of titles and bodies, kept beside the index for wildcards,
fuzzy words and did-you-mean (query/words.py matches patterns against it). The file only ever
grows (a superset is harmless: a stem that no live article has matches nothing); see sidefiles.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..text.analysis import fold
from .sidefiles import add_lines, read_lines

VOCAB_FILE = "newssearch-words.txt"


def vocab_path(index_dir: str | os.PathLike) -> Path:
    return Path(index_dir) / VOCAB_FILE


def load(index_dir: str | os.PathLike) -> list[str]:
    """The sorted vocabulary ([] when there is none yet)."""
    return read_lines(vocab_path(index_dir))


def merge_and_save(index_dir: str | os.PathLike, raw_words: set[str]) -> None:
    """Add the folded forms of `raw_words` to the vocabulary file."""
    add_lines(vocab_path(index_dir), {fold(w) for w in raw_words})
