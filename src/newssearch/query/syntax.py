"""Parse a query: our own small grammar, strict by default, into a syntax tree of immutable
nodes (plan.py turns the tree into what the engine runs).

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
from typing import Union

from ..errors import QueryError
from ..model import QUERY_FIELDS
from ..text.analysis import terms
from .dates import parse_date_expr
from .nodes import Node

MAX_FUZZY_EDITS = 2


# ---- the syntax tree -------------------------------------------------------------------------

class Word(Node):
    """field: str | None, text: str"""
    __slots__ = _fields = ("field", "text")


class Phrase(Node):
    """field: str | None, text: str, slop: words allowed between consecutive phrase words"""
    __slots__ = _fields = ("field", "text", "slop")
    _defaults = {"slop": 0}


class Wildcard(Node):
    """field: str | None, pattern: str"""
    __slots__ = _fields = ("field", "pattern")


class Fuzzy(Node):
    """field: str | None, text: str, edits: int"""
    __slots__ = _fields = ("field", "text", "edits")
    _defaults = {"edits": 1}


class DateFilter(Node):
    """period: query.dates.Period, text: str"""
    __slots__ = _fields = ("period", "text")


class And(Node):
    """items: tuple of nodes"""
    __slots__ = _fields = ("items",)


class Or(Node):
    """items: tuple of nodes"""
    __slots__ = _fields = ("items",)


class Not(Node):
    """item: a node"""
    __slots__ = _fields = ("item",)


class All(Node):
    """every article"""
    __slots__ = ()


Tree = Union[Word, Phrase, Wildcard, Fuzzy, DateFilter, And, Or, Not, All]

_FIELD_RE = re.compile(r"([A-Za-z_][A-Za-z_]*):")
_KEYWORDS = ("OR", "AND", "NOT")
_STOP_CHARS = set(' \t\r\n()"')
_FUZZY_RE = re.compile(r"^(.+?)~(\d*)$")
_SLOP_RE = re.compile(r"~(\d+)")


class _Parser:
    def __init__(self, text: str, now: datetime | None, order: str | None):
        self.s = text
        self.i = 0
        self.now = now
        self.order = order

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
    def parse(self) -> Tree:
        if self.at_end():
            return All()
        node = self.or_expr()
        if not self.at_end():
            if self.s[self.i] == ")":
                raise self.error(f"unbalanced parenthesis: the ')' at position {self.i + 1} has no '('")
            raise self.error(f"unexpected {self.s[self.i]!r} at position {self.i + 1}")
        return node

    def or_expr(self, field: str | None = None) -> Tree:
        items = [self.and_expr(field)]
        while self.peek_keyword("OR"):
            self.i += 2
            if self.at_end() or self.s[self.i] == ")":
                raise self.error("OR needs a term after it")
            items.append(self.and_expr(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, field: str | None) -> Tree:
        items: list[Tree] = []
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

    def unary(self, field: str | None) -> Tree:
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

    def primary(self, field: str | None) -> Tree:
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

    def fielded(self, m: re.Match) -> Tree:
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

    def date_value(self) -> Tree:
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
        return DateFilter(parse_date_expr(text, self.now, self.order), text)

    def phrase(self, field: str | None) -> Tree:
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

    def word(self, field: str | None) -> Tree:
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


def parse(text: str, now: datetime | None = None, date_order: str | None = None) -> Tree:
    """Parse a query string into a syntax tree, or raise QueryError saying what is wrong.
    `now` anchors relative dates; `date_order` ("dmy" or "mdy") reads a numeric date whose
    numbers do not show which is the day ("4.3.1987": without it, an error)."""
    return _Parser(text or "", now, date_order).parse()


def lenient(text: str) -> str:
    """A search-box fallback: keep the words, drop the syntax that could not be parsed."""
    text = re.sub(r'[()"\[\]{}]', " ", text or "")
    text = _FIELD_RE.sub(" ", text)
    words = [w.strip("-+~*?") for w in text.split()]
    return " ".join(w for w in words if w and w not in _KEYWORDS)


def is_listing(node: Tree) -> bool:
    """True when the query has no words, only `*` and/or date filters: list, newest first."""
    if isinstance(node, (All, DateFilter)):
        return True
    if isinstance(node, And):
        return all(is_listing(item) for item in node.items)
    return False
