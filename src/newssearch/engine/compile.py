"""A query plan (query/plan.py) as Whoosh query objects: one node for one node. Term lookups,
phrases and date ranges are what evaluate.py runs set-at-a-time; patterns and fuzzy terms on
unstemmed fields go through Whoosh's own matchers."""

from __future__ import annotations

from functools import singledispatch

from whoosh import query as wq

from ..query import plan as qp
from .datefilter import DateIn
from .phrasequery import PhraseQuery


@singledispatch
def to_whoosh(node) -> wq.Query:
    raise TypeError(f"not a query plan node: {node!r}")


@to_whoosh.register
def _(node: qp.Term) -> wq.Query:
    return wq.Term(node.field, node.text, boost=node.boost)


@to_whoosh.register
def _(node: qp.Phrase) -> wq.Query:
    return PhraseQuery(node.field, list(node.words), node.slop)


@to_whoosh.register
def _(node: qp.Pattern) -> wq.Query:
    return wq.Wildcard(node.field, node.pattern)


@to_whoosh.register
def _(node: qp.FuzzyTerm) -> wq.Query:
    return wq.FuzzyTerm(node.field, node.text, maxdist=node.edits, prefixlength=1)


@to_whoosh.register
def _(node: qp.DateRange) -> wq.Query:
    return DateIn(node.start, node.end)


@to_whoosh.register
def _(node: qp.AllOf) -> wq.Query:
    return wq.And([to_whoosh(item) for item in node.items])


@to_whoosh.register
def _(node: qp.AnyOf) -> wq.Query:
    return wq.Or([to_whoosh(item) for item in node.items])


@to_whoosh.register
def _(node: qp.Exclude) -> wq.Query:
    return wq.Not(to_whoosh(node.item))


@to_whoosh.register
def _(node: qp.Everything) -> wq.Query:
    return wq.Every()


@to_whoosh.register
def _(node: qp.Nothing) -> wq.Query:
    return wq.NullQuery
