"""newssearch: full-text search for news archives.

The pipeline reads in file order: sources (read files) -> records (map fields) -> clean ->
analysis -> indexer -> queryparser -> search -> snippets -> present (cli / api).

Typical embedding::

    from newssearch import NewsIndex
    ix = NewsIndex.open("index", create=True)
    ix.index_paths(["seeds/"])
    for hit in ix.search('"ground operation" date:2024-02').hits:
        print(hit.title, hit.snippets[0].text)
"""

from .engine import codec as whooshfixes  # noqa: F401,E402  (before anything imports Whoosh)

__version__ = "0.1.0"

__all__ = ["NewsIndex", "NewsSearchError", "QueryError", "IndexMissingError", "InputError"]


def __getattr__(name):  # lazy, so `import newssearch` stays cheap for the CLI
    if name == "NewsIndex":
        from .api import NewsIndex

        return NewsIndex
    if name in ("NewsSearchError", "QueryError", "IndexMissingError", "InputError"):
        from . import errors

        return getattr(errors, name)
    raise AttributeError(name)
