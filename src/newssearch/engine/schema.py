"""The Whoosh schema: which article fields are searchable, how, and what is stored for display
(the field names a query may use are model.QUERY_FIELDS)."""

from __future__ import annotations

from whoosh import columns, fields

from ..model import TITLE_BOOST
from .analyzer import folding_analyzer, stemming_analyzer


def not_indexed(field: fields.FieldType) -> fields.FieldType:
    """A field kept as stored value and column only: no terms. Dates are filtered and sorted from
    the column (datefilter.py), never from the eight numeric terms per value Whoosh would index,
    and content and body hashes are only read back from the column (exact copies share a near-copy
    cluster, which is what searches exclude or fold); terms would only cost indexing time."""
    field.indexed = False
    return field


def build_schema() -> fields.Schema:
    stem = stemming_analyzer()
    folded = folding_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=fields.TEXT(analyzer=stem, stored=True, phrase=True, field_boost=TITLE_BOOST),
        title_derived=fields.STORED(),  # True: the title was made from the body, and is not indexed
        body=fields.TEXT(analyzer=stem, stored=True, phrase=True),
        date=not_indexed(fields.DATETIME(stored=True, sortable=True)),
        date_only=fields.STORED(),
        source=fields.TEXT(analyzer=folded, stored=True, phrase=True),
        source_key=fields.ID(sortable=True),
        authors=fields.TEXT(analyzer=folded, stored=True, phrase=True),
        dateline=fields.TEXT(analyzer=stem, stored=True, phrase=True),  # the start of the text
        url=fields.TEXT(analyzer=folded, stored=True, phrase=True),
        language=fields.ID(stored=True),
        origin=fields.STORED(),
        extra=fields.STORED(),
        content_hash=not_indexed(fields.ID(stored=True, sortable=True)),
        body_hash=not_indexed(fields.ID(stored=True, sortable=True)),
        duplicate_of=fields.STORED(),
        # Column-only copies for facets over thousands of hits without loading stored documents.
        facet_source=fields.COLUMN(columns.VarBytesColumn()),
        facet_authors=fields.COLUMN(columns.VarBytesColumn()),
        # Near-copy clusters (indexing/nearcopies.py): the cluster id, and the MinHash signature kept so a
        # later incremental run can match new articles against old ones.
        cluster=fields.ID(stored=True, sortable=True),
        minhash=fields.COLUMN(columns.VarBytesColumn()),
    )
