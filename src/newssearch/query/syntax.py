"""Parse a query: our own small grammar, strict by default, compiled to Whoosh query objects.

    words          all required:            rafah ceasefire
    OR, NOT, -w    boolean, with (parentheses)  (gaza OR rafah) -lebanon
    "a b c"        exact phrase              "ground operation"
    "a b"~N        at most N words between   "israel strikes"~3
    w*  w?         wildcard (on real words, then their stems)   negotiat*
    w~  w~2        fuzzy, 1 or 2 edits        rafha~
    field:w        title/headline, body/text, source, author, dateline, url
    date:...       2024, 2024-02, 2024-02-14, [A TO B], >=A, >A, <A, <=A, -7d, today, yesterday
    *              everything (with filters: list them)

Why our own parser: Whoosh's stock QueryParser silently reinterprets what it cannot read (an
unbalanced quote, an unknown field, `date:2024-02-01` read as the whole of 2024); here every such
case is an error that says what is wrong.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Callable, Union

from whoosh import query as wq

from ..text.analysis import fold, stem_term, terms
from ..engine.datefilter import DateIn
from ..text.phrase import PhraseQuery
from ..errors import QueryError
from ..query.dates import Period, parse_date_expr
from ..engine.schema import DEFAULT_FIELDS, QUERY_FIELDS, STEMMED_FIELDS
from ..indexing.vocabulary import expand, fuzzy

MAX_WILDCARD_WORDS = 2048
MAX_FUZZY_EDITS = 2


# ---- the syntax tree -------------------------------------------------------------------------

class _Node:
    """A parsed query node: immutable, equal when of the same type with the same values (what
    @dataclass(frozen=True) gave, without generating code per class: 6 ms of every start-up)."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _defaults: dict = {}

    def __init__(self, *args, **kwargs):
        values = dict(self._defaults)
        values.update(zip(self._fields, args))
        values.update(kwargs)
        for name in self._fields:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple:
        return tuple(getattr(self, f) for f in self._fields)

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self),) + self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"


class Word(_Node):
    """field: str | None, text: str"""
    __slots__ = _fields = ("field", "text")


class Phrase(_Node):
    """field: str | None, text: str, slop: words allowed between consecutive phrase words"""
    __slots__ = _fields = ("field", "text", "slop")
    _defaults = {"slop": 0}


class Wildcard(_Node):
    """field: str | None, pattern: str"""
    __slots__ = _fields = ("field", "pattern")


class Fuzzy(_Node):
    """field: str | None, text: str, edits: int"""
    __slots__ = _fields = ("field", "text", "edits")
    _defaults = {"edits": 1}


class DateFilter(_Node):
    """period: Period, text: str"""
    __slots__ = _fields = ("period", "text")


class And(_Node):
    """items: tuple of nodes"""
    __slots__ = _fields = ("items",)


class Or(_Node):
    """items: tuple of nodes"""
    __slots__ = _fields = ("items",)


class Not(_Node):
    """item: a node"""
    __slots__ = _fields = ("item",)


class All(_Node):
    """every article"""
    __slots__ = ()


Node = Union[Word, Phrase, Wildcard, Fuzzy, DateFilter, And, Or, Not, All]

_FIELD_RE = re.compile(r"([A-Za-z_][A-Za-z_]*):")
_KEYWORDS = ("OR", "AND", "NOT")
_STOP_CHARS = set(' \t\r\n()"')
_FUZZY_RE = re.compile(r"^(.+?)~(\d*)$")
_SLOP_RE = re.compile(r"~(\d+)")


class _Parser:
    def __init__(self, text: str, now: datetime | None):
        self.s = text
        self.i = 0
        self.now = now

    # -- helpers
    def error(self, message: str) -> QueryError:
        return QueryError(f"{message} (in query {self.s!r})")

    def skip_ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def at_end(self) -> bool:
        self.skip_ws()
        return self.i >= len(self.s)

    def peek_keyword(self, kw: str) -> bool:
        self.skip_ws()
        end = self.i + len(kw)
        if self.s[self.i:end] != kw:
            return False
        return end == len(self.s) or self.s[end].isspace() or self.s[end] in '("-'

    # -- grammar
    def parse(self) -> Node:
        if self.at_end():
            return All()
        node = self.or_expr()
        if not self.at_end():
            if self.s[self.i] == ")":
                raise self.error(f"unbalanced parenthesis: the ')' at position {self.i + 1} has no '('")
            raise self.error(f"unexpected {self.s[self.i]!r} at position {self.i + 1}")
        return node

    def or_expr(self, field: str | None = None) -> Node:
        items = [self.and_expr(field)]
        while self.peek_keyword("OR"):
            self.i += 2
            if self.at_end() or self.s[self.i] == ")":
                raise self.error("OR needs a term after it")
            items.append(self.and_expr(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, field: str | None) -> Node:
        items: list[Node] = []
        while True:
            if self.at_end() or self.s[self.i] == ")" or self.peek_keyword("OR"):
                break
            if self.peek_keyword("AND"):
                self.i += 3
                if not items:
                    raise self.error("AND needs a term before it")
                if self.at_end() or self.s[self.i] == ")" or self.peek_keyword("OR"):
                    raise self.error("AND needs a term after it")
                continue
            items.append(self.unary(field))
        if not items:
            if self.i < len(self.s) and self.s[self.i] == ")":
                raise self.error("empty parentheses or a missing term before ')'")
            raise self.error("OR needs a term before it")
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self, field: str | None) -> Node:
        if self.peek_keyword("NOT"):
            self.i += 3
            if self.at_end() or self.s[self.i] == ")":
                raise self.error("NOT needs a term after it")
            return Not(self.unary(field))
        c = self.s[self.i]
        if c in "-+" and self.i + 1 < len(self.s) and not self.s[self.i + 1].isspace():
            self.i += 1
            item = self.primary(field)
            return Not(item) if c == "-" else item
        return self.primary(field)

    def primary(self, field: str | None) -> Node:
        self.skip_ws()
        c = self.s[self.i]
        if c == "(":
            open_at = self.i
            self.i += 1
            if self.at_end():
                raise self.error(f"unbalanced parenthesis: the '(' at position {open_at + 1} is never closed")
            node = self.or_expr(field)
            if self.at_end() or self.s[self.i] != ")":
                raise self.error(f"unbalanced parenthesis: the '(' at position {open_at + 1} is never closed")
            self.i += 1
            return node
        if c == ")":
            raise self.error(f"unbalanced parenthesis: the ')' at position {self.i + 1} has no '('")
        if c == '"':
            return self.phrase(field)
        m = _FIELD_RE.match(self.s, self.i)
        if m and field is None:
            return self.fielded(m)
        return self.word(field)

    def fielded(self, m: re.Match) -> Node:
        name = m.group(1)
        self.i = m.end()
        if self.i >= len(self.s) or self.s[self.i].isspace():
            raise self.error(f"{name}: has no value (write {name}:word or {name}:\"a phrase\")")
        if name.lower() == "date":
            return self.date_value()
        field = QUERY_FIELDS.get(name.lower())
        if field is None:
            known = ", ".join(sorted(set(QUERY_FIELDS) | {"date"}))
            raise self.error(
                f"unknown field {name!r}: fields are {known} (to search for the text, put it in quotes)"
            )
        if self.s[self.i] == "(":
            return self.primary(field)
        if self.s[self.i] == '"':
            return self.phrase(field)
        return self.word(field)

    def date_value(self) -> Node:
        start = self.i
        if self.s[self.i] in "[{":
            close = self.s.find("]" if self.s[self.i] == "[" else "}", self.i)
            other = self.s.find("}" if self.s[self.i] == "[" else "]", self.i)
            close = max(close, other) if close < 0 or other < 0 else min(close, other)
            if close < 0:
                raise self.error(f"unbalanced bracket: the date range at position {start + 1} is never closed")
            self.i = close + 1
        else:
            while self.i < len(self.s) and not self.s[self.i].isspace() and self.s[self.i] != ")":
                self.i += 1
        text = self.s[start:self.i]
        return DateFilter(parse_date_expr(text, self.now), text)

    def phrase(self, field: str | None) -> Node:
        open_at = self.i
        close = self.s.find('"', self.i + 1)
        if close < 0:
            raise self.error(f"unbalanced quotes: the '\"' at position {open_at + 1} is never closed")
        text = self.s[self.i + 1:close]
        self.i = close + 1
        slop = 0
        m = _SLOP_RE.match(self.s, self.i)
        if m:
            slop = int(m.group(1))
            self.i = m.end()
        elif self.i < len(self.s) and self.s[self.i] == "~":
            raise self.error('proximity needs a number: "words here"~3')
        if not terms(text):
            raise self.error(f'the phrase "{text}" has no words to search for')
        return Phrase(field, text, slop)

    def word(self, field: str | None) -> Node:
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in _STOP_CHARS:
            self.i += 1
        text = self.s[start:self.i]
        if text == "*":
            return All()
        m = _FUZZY_RE.match(text)
        if m:
            edits = int(m.group(2)) if m.group(2) else 1
            if not 1 <= edits <= MAX_FUZZY_EDITS:
                raise self.error(f"fuzzy {text!r}: the number of edits must be 1 or 2")
            return Fuzzy(field, m.group(1), edits)
        if "*" in text or "?" in text:
            if not re.search(r"\w", text):
                raise self.error(f"wildcard {text!r} needs at least one letter or digit")
            return Wildcard(field, text)
        if not terms(text):
            # Punctuation alone ("—", "&") carries nothing to search for.
            return And(())
        return Word(field, text)


def parse(text: str, now: datetime | None = None) -> Node:
    """Parse a query string into a syntax tree, or raise QueryError saying what is wrong."""
    return _Parser(text or "", now).parse()


def lenient(text: str) -> str:
    """A search-box fallback: keep the words, drop the syntax that could not be parsed."""
    text = re.sub(r'[()"\[\]{}]', " ", text or "")
    text = _FIELD_RE.sub(" ", text)
    words = [w.strip("-+~*?") for w in text.split()]
    return " ".join(w for w in words if w and w not in _KEYWORDS)


# ---- compile to Whoosh -----------------------------------------------------------------------

def _fields(field: str | None) -> tuple[str, ...]:
    return DEFAULT_FIELDS if field is None else (field,)


def _analyse(field: str, text: str) -> list[str]:
    return terms(text, stem=field in STEMMED_FIELDS)


def _one_field(fields: tuple[str, ...], make: Callable[[str], wq.Query | None]) -> wq.Query:
    parts = [q for q in (make(f) for f in fields) if q is not None]
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _term_or_phrase(field: str, words: list[str], slop: int = 0) -> wq.Query | None:
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(field, words[0])
    return PhraseQuery(field, words, slop)


def _any_term(field: str, stems: set[str]) -> wq.Query | None:
    if not stems:
        return None
    ordered = sorted(stems)
    return wq.Or([wq.Term(field, t) for t in ordered]) if len(ordered) > 1 else wq.Term(field, ordered[0])


class Compiler:
    """Turns the syntax tree into a Whoosh query. `vocabulary` is loaded only for wildcards."""

    def __init__(self, vocabulary: Callable[[], list[str]]):
        self._vocabulary = vocabulary

    def compile(self, node: Node) -> wq.Query:
        return self._compile(node)

    def _compile(self, node: Node) -> wq.Query:
        if isinstance(node, All):
            return wq.Every()
        if isinstance(node, Word):
            return _one_field(_fields(node.field),
                              lambda f: _term_or_phrase(f, _analyse(f, node.text)))
        if isinstance(node, Phrase):
            return _one_field(_fields(node.field),
                              lambda f: _term_or_phrase(f, _analyse(f, node.text), node.slop))
        if isinstance(node, Wildcard):
            return self._wildcard(node)
        if isinstance(node, Fuzzy):
            return self._fuzzy(node)
        if isinstance(node, DateFilter):
            p = node.period
            return DateIn(p.start, p.end)
        if isinstance(node, Not):
            return wq.Not(self._compile(node.item))
        if isinstance(node, (And, Or)):
            parts = [self._compile(item) for item in node.items]
            if isinstance(node, And):
                words = [p for p in parts if not isinstance(p, wq.Every)]
                parts = words if any(not isinstance(p, wq.Not) for p in words) else parts
                if not parts:
                    return wq.Every()
                positives = [p for p in parts if not isinstance(p, wq.Not)]
                if not positives:
                    parts = [wq.Every()] + parts  # "-lebanon" alone: everything but
                return parts[0] if len(parts) == 1 else wq.And(parts)
            return wq.Or(parts)
        raise TypeError(f"unknown query node {node!r}")

    def _wildcard(self, node: Wildcard) -> wq.Query:
        pattern = fold(node.pattern)

        def make(field: str) -> wq.Query | None:
            if field not in STEMMED_FIELDS:
                return wq.Wildcard(field, pattern)
            words = expand(self._vocabulary(), pattern)
            stems = {stem_term(w) for w in words}
            if len(stems) > MAX_WILDCARD_WORDS:
                raise QueryError(
                    f"the wildcard {node.pattern!r} matches {len(stems):,} words; make it more specific"
                )
            return _any_term(field, stems)

        return _one_field(_fields(node.field), make)

    def _fuzzy(self, node: Fuzzy) -> wq.Query:
        def make(field: str) -> wq.Query | None:
            words = _analyse(field, node.text)
            if not words:
                return None
            if field not in STEMMED_FIELDS:
                return wq.FuzzyTerm(field, words[0], maxdist=node.edits, prefixlength=1)
            # Typos are in words, not stems: "portgal" is one edit from "portugal", but its stem
            # "portgal" is two from "portug". Match real words, then search their stems.
            return _any_term(field, {stem_term(w) for w in fuzzy(self._vocabulary(), node.text, node.edits)})

        return _one_field(_fields(node.field), make)


def is_listing(node: Node) -> bool:
    """True when the query has no words, only `*` and/or date filters: list, newest first."""
    if isinstance(node, (All, DateFilter)):
        return True
    if isinstance(node, And):
        return all(is_listing(item) for item in node.items)
    return False
