"""The query plan: what the engine runs, in its own small vocabulary of nodes, with the words
already analysed (folded, stemmed) and wildcards and fuzzy words on stemmed fields already
expanded into the stems of real words. The syntax tree says what the user typed; the plan says
which terms to look up. Any engine that can look up terms, phrases and a date range can run it
(engine/compile.py turns it into Whoosh's queries); search/snippets.py reads it to know what
may be highlighted.

    Term(field, text, boost)     documents with this term in this field
    Phrase(field, words, slop)   these terms in order, at most `slop` words apart
    Pattern(field, pattern)      any term of an unstemmed field matching a wildcard pattern
    FuzzyTerm(field, text, edits)  any term of an unstemmed field within `edits` typos (first letter fixed)
    DateRange(start, end)        dated in [start, end) (naive UTC; None: open); undated never
    AllOf, AnyOf, Exclude        and, or, not
    Everything, Nothing
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterable, Union

from ..errors import QueryError, quoted
from ..model import DEFAULT_FIELDS, STEMMED_FIELDS
from ..text.analysis import fold, stem_term, terms, words
from ..text.stopwords import is_stopword
from . import syntax
from .nodes import Node
from .words import expand, fuzzy

MAX_WILDCARD_WORDS = 2048  # terms a query's wildcards and fuzzy words may stand for, together


class Term(Node):
    """field: str, text: str (an analysed term), boost: float"""
    __slots__ = _fields = ("field", "text", "boost")
    _defaults = {"boost": 1.0}


class Phrase(Node):
    """field: str, words: tuple of analysed terms, slop: int"""
    __slots__ = _fields = ("field", "words", "slop")
    _defaults = {"slop": 0}


class Pattern(Node):
    """field: str, pattern: str (folded, with * and ?)"""
    __slots__ = _fields = ("field", "pattern")


class FuzzyTerm(Node):
    """field: str, text: str, edits: int"""
    __slots__ = _fields = ("field", "text", "edits")


class DateRange(Node):
    """start, end: naive UTC datetimes or None (an open end)"""
    __slots__ = _fields = ("start", "end")


class AllOf(Node):
    """items: tuple of plans"""
    __slots__ = _fields = ("items",)


class AnyOf(Node):
    """items: tuple of plans"""
    __slots__ = _fields = ("items",)


class Exclude(Node):
    """item: a plan"""
    __slots__ = _fields = ("item",)


class Everything(Node):
    __slots__ = ()


class Nothing(Node):
    __slots__ = ()


Plan = Union[Term, Phrase, Pattern, FuzzyTerm, DateRange, AllOf, AnyOf, Exclude, Everything, Nothing]


def both(plan: Plan, other: Plan | None) -> Plan:
    """`plan` restricted by a filter (`other`), if there is one."""
    if other is None:
        return plan
    return other if isinstance(plan, Everything) else AllOf((plan, other))


def _only_filters(node: syntax.Tree) -> bool:
    """Exclusions and date filters, alone or grouped: what limits, not what is looked for."""
    if isinstance(node, (syntax.Not, syntax.DateFilter)):
        return True
    if isinstance(node, (syntax.And, syntax.Or)):
        return bool(node.items) and all(_only_filters(i) for i in node.items)
    return False


def _has_filters(node: syntax.Tree) -> bool:
    if isinstance(node, (syntax.Not, syntax.DateFilter)):
        return True
    return isinstance(node, (syntax.And, syntax.Or)) and any(_has_filters(i) for i in node.items)


def _loose_words(word: syntax.Word) -> list[syntax.Word]:
    """An unquoted word, as the words it is to the index: a possessive's "s" dropped; an
    abbreviation (a part of one letter: "U.S.", "AT&T") kept whole, which makes it a phrase."""
    text = unicodedata.normalize("NFKC", word.text)
    parts = words(text)
    if len(parts) > 1 and parts[-1].lower() == "s" and re.search(r"['’]s$", text, re.IGNORECASE):
        parts = parts[:-1]
        text = re.sub(r"['’]s$", "", text, flags=re.IGNORECASE)
    if len(parts) > 1 and any(len(p) == 1 for p in parts):
        return [syntax.Word(None, text)]
    return [syntax.Word(None, p) for p in parts]


def _function_word(node: syntax.Tree) -> bool:
    """A word of the default fields that only binds a sentence together ("the", "of")."""
    return (isinstance(node, syntax.Word) and node.field is None
            and all(is_stopword(w) for w in terms(node.text, stem=False)))


def _target_fields(field: str | None) -> tuple[str, ...]:
    return DEFAULT_FIELDS if field is None else (field,)


def _analyse(field: str, text: str) -> list[str]:
    return terms(text, stem=field in STEMMED_FIELDS)


def _each_field(fields: tuple[str, ...], make: Callable[[str], Plan | None]) -> Plan:
    parts = [q for q in (make(f) for f in fields) if q is not None]
    if not parts:
        return Nothing()
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def _term_or_phrase(field: str, words: list[str], slop: int = 0) -> Plan | None:
    if not words:
        return None
    if len(words) == 1:
        return Term(field, words[0])
    return Phrase(field, tuple(words), slop)


def _any_term(field: str, stems: set[str]) -> Plan | None:
    if not stems:
        return None
    ordered = sorted(stems)
    return AnyOf(tuple(Term(field, t) for t in ordered)) if len(ordered) > 1 else Term(field, ordered[0])


def _distinct(parts: Iterable[Plan]) -> list[Plan]:
    """The parts, each once, in their first order: a word typed twice ("oil oil", a pasted
    paragraph's "the" a hundred times) is looked up once and counts once, as in Whoosh (whose
    And / Or drop repeated subqueries), so a query costs what its distinct terms cost."""
    return list(dict.fromkeys(parts))


MATCHES = ("all", "any")


class Planner:
    """Turns a syntax tree into a plan. `vocabulary` is loaded only for wildcards and fuzzy words.

    `match`: "all" requires every word of the query; "any" ranks every article that has at least
    one of the top level's words, phrases or fielded terms (a search box's query, typed as a
    sentence), leaving out its function words ("the", "of"); exclusions and date filters are
    still required, and parentheses keep their meaning."""

    def __init__(self, vocabulary: Callable[[], list[str]], match: str = "all"):
        self._vocabulary = vocabulary
        self._match = match
        self._expanded: dict[tuple, set[str]] = {}

    def plan(self, node: syntax.Tree) -> Plan:
        if self._match == "any":
            return self._any_of(node)
        return self._plan(node)

    def _any_of(self, node: syntax.Tree) -> Plan:
        """Any-word mode: the query's words, phrases and fielded terms as optional clauses, however
        AND / OR joined them (a typed statement's "AND", "OR" are words, not logic). Filters stay
        required: an exclusion or date filter of the top level, or a group of nothing but filters
        ("(date:1987-03 OR date:1987-04)"); a group that mixes terms with filters ("(oil -gas)") is
        one optional clause that keeps its logic. An unquoted word that is several to the index is
        its words ("half-brother", "Feisal's": feisal), unless it is an abbreviation ("U.S.",
        "AT&T": a phrase). Function words are left out, unless that leaves nothing."""
        required: list[Plan] = []
        optional: list[syntax.Tree] = []

        def gather(item: syntax.Tree, top: bool) -> None:
            if _only_filters(item):
                if top:
                    required.append(self._plan(item))
                else:
                    optional.append(item)
            elif isinstance(item, (syntax.And, syntax.Or)):
                if _has_filters(item) and item is not node:  # a group with filters: one clause, its logic kept
                    optional.append(item)
                else:
                    for sub in item.items:  # only the query's own top level is "top": not a group in it
                        gather(sub, item is node and isinstance(item, syntax.And))
            elif isinstance(item, syntax.Word) and item.field is None:
                optional.extend(_loose_words(item))
            elif not isinstance(item, syntax.All):
                optional.append(item)

        gather(node, True)
        content = [i for i in optional if not _function_word(i)] or optional
        if content:
            parts = _distinct(self._plan(i) for i in dict.fromkeys(content))
            required.append(parts[0] if len(parts) == 1 else AnyOf(tuple(parts)))
        return self._all_of(required)

    def _plan(self, node: syntax.Tree) -> Plan:
        if isinstance(node, syntax.All):
            return Everything()
        if isinstance(node, syntax.Word):
            return _each_field(_target_fields(node.field),
                               lambda f: _term_or_phrase(f, _analyse(f, node.text)))
        if isinstance(node, syntax.Phrase):
            return _each_field(_target_fields(node.field),
                               lambda f: _term_or_phrase(f, _analyse(f, node.text), node.slop))
        if isinstance(node, syntax.Wildcard):
            return self._wildcard(node)
        if isinstance(node, syntax.Fuzzy):
            return self._fuzzy(node)
        if isinstance(node, syntax.DateFilter):
            return DateRange(node.period.start, node.period.end)
        if isinstance(node, syntax.Not):
            return Exclude(self._plan(node.item))
        if isinstance(node, syntax.And):
            return self._all_of([self._plan(item) for item in dict.fromkeys(node.items)])
        if isinstance(node, syntax.Or):
            parts = _distinct(self._plan(item) for item in dict.fromkeys(node.items))
            return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))
        raise TypeError(f"unknown query node {node!r}")

    @staticmethod
    def _all_of(parts: list[Plan]) -> Plan:
        parts = _distinct(parts)
        words = [p for p in parts if not isinstance(p, Everything)]
        parts = words if any(not isinstance(p, Exclude) for p in words) else parts
        if not parts:
            return Everything()
        if all(isinstance(p, Exclude) for p in parts):
            parts = [Everything()] + parts  # "-lebanon" alone: everything but
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def _stems(self, node: syntax.Wildcard | syntax.Fuzzy) -> set[str]:
        """The stems of the archive's words a wildcard or fuzzy word stands for, found once per
        query however many fields search them. The whole query may stand for at most
        MAX_WILDCARD_WORDS of them: each is a term to look up."""
        key = (node.pattern,) if isinstance(node, syntax.Wildcard) else (node.text, node.edits)
        found = self._expanded.get(key)
        if found is None:
            if isinstance(node, syntax.Wildcard):
                found = {stem_term(w) for w in expand(self._vocabulary(), fold(node.pattern))}
                what = f"the wildcard {quoted(node.pattern, width=40)}"
            else:
                found = {stem_term(w) for w in fuzzy(self._vocabulary(), node.text, node.edits)}
                what = f"the fuzzy word {quoted(node.text, width=40)}"
            self._expanded[key] = found
            total = sum(len(stems) for stems in self._expanded.values())
            if len(found) > MAX_WILDCARD_WORDS:
                raise QueryError(f"{what} matches {len(found):,} words; make it more specific")
            if total > MAX_WILDCARD_WORDS:
                raise QueryError(f"the wildcards and fuzzy words of the query match {total:,} words together, "
                                 f"at most {MAX_WILDCARD_WORDS:,}; make them more specific")
        return found

    def _wildcard(self, node: syntax.Wildcard) -> Plan:
        def make(field: str) -> Plan | None:
            if field not in STEMMED_FIELDS:
                return Pattern(field, fold(node.pattern))
            return _any_term(field, self._stems(node))

        return _each_field(_target_fields(node.field), make)

    def _fuzzy(self, node: syntax.Fuzzy) -> Plan:
        def make(field: str) -> Plan | None:
            words = _analyse(field, node.text)
            if not words:
                return None
            if field not in STEMMED_FIELDS:
                return FuzzyTerm(field, words[0], node.edits)
            # Typos are in words, not stems: "portgal" is one edit from "portugal", but its stem
            # "portgal" is two from "portug". Match real words, then search their stems.
            return _any_term(field, self._stems(node))

        return _each_field(_target_fields(node.field), make)
