"""The Whoosh schema: which article fields are searchable, how, and what is stored for display
(the field names a query may use are model.QUERY_FIELDS)."""

from __future__ import annotations

from whoosh import columns, fields, formats

from ..model import TITLE_BOOST
from ..text.commongrams import common_terms
from .analyzer import PairAnalyzer, folding_analyzer, stemming_analyzer

# Text fields with a pair field (text/commongrams.py): phrases of common words are read from it.
# Its own field, so the text field's statistics (BM25, vocabulary, key terms) stay its words'.
PAIR_FIELDS = {"title": "title_pairs", "body": "body_pairs"}


def not_indexed(field: fields.FieldType) -> fields.FieldType:
    """A field kept as stored value and column only: no terms. Dates are filtered and sorted from
    the column (datefilter.py), never from the eight numeric terms per value Whoosh would index,
    and content and body hashes are only read back from the column (exact copies share a near-copy
    cluster, which is what searches exclude or fold); terms would only cost indexing time."""
    field.indexed = False
    return field


def pair_field(common: frozenset[str]) -> fields.FieldType:
    """The common-word pairs of a text field with their positions: not stored, not scored (a
    phrase's score is its words'), never named by a query (model.QUERY_FIELDS)."""
    return fields.FieldType(formats.Positions(), PairAnalyzer(common), scorable=False, stored=False)


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
        **{name: pair_field(common_terms()) for name in PAIR_FIELDS.values()},
    )
