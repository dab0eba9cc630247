"""Indexing runs: Articles -> the engine's writer, with versions, duplicates, near copies and side files."""
