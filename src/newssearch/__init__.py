"""newssearch: full-text search for news archives.

The pipeline reads in package order: ingest (files -> records -> cleaned Articles) -> text
(analysis) -> indexing (runs, near copies) -> engine (Whoosh) ; query (syntax -> plan) -> search
(ranking, snippets, facets, timelines) -> results (the JSON contract) -> api / cli.

Typical embedding::

    from newssearch import NewsIndex
    ix = NewsIndex.open("index", create=True)
    ix.index_paths(["seeds/"])
    for hit in ix.search('"ground operation" date:2024-02').hits:
        print(hit.title, hit.snippets[0].text)

Importing newssearch changes nothing for anyone else in the process (Whoosh and csv included).
"""

__version__ = "0.2.0"

_ERRORS = ("NewsSearchError", "QueryError", "IndexMissingError", "InputError", "NotFoundError", "Interrupted",
           "IndexBusyError")
__all__ = ["NewsIndex", *_ERRORS]


def __getattr__(name):  # lazy, so `import newssearch` stays cheap
    if name == "NewsIndex":
        from .api import NewsIndex

        return NewsIndex
    if name in _ERRORS:
        from . import errors

        return getattr(errors, name)
    raise AttributeError(name)
