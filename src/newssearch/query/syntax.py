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

from ..errors import QueryError, quoted
from ..model import QUERY_FIELDS
from ..text.analysis import terms
from .dates import parse_date_expr
from .nodes import Node

MAX_FUZZY_EDITS = 2
MAX_SLOP = 100_000  # "a b"~N: more than any story's length
# Bounds that no real query reaches and that keep any query cheap: parentheses and NOTs nest at
# most this deep (the parser, the planner and the engine recurse once per level), a query is at
# most this long (a long news story pasted whole fits), and it has at most this many different
# words (a word repeated costs nothing more: the plan looks it up once).
MAX_NESTING = 32
MAX_QUERY_CHARS = 20_000
MAX_QUERY_TERMS = 1_000


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
_ANY_FIELD_RE = re.compile(r"(?<![A-Za-z_])[A-Za-z_]+:")  # from a word's start only: linear in a long word
_KEYWORDS = ("OR", "AND", "NOT")
_STOP_CHARS = set(' \t\r\n()"')
_FUZZY_RE = re.compile(r"^(.+?)~(\d*)$")
_SLOP_RE = re.compile(r"~(\d+)")


class _Parser:
    def __init__(self, text: str, now: datetime | None, order: str | None):
        self.s = text
        self.i = 0
        self.depth = 0
        self.now = now
        self.order = order

    # -- helpers
    def error(self, message: str, at: int | None = None) -> QueryError:
        """The message, and the query (a pasted article: the part around position `at`, by
        default where the parser stands)."""
        return QueryError(f"{message} (in query {quoted(self.s, self.i if at is None else at)})")

    def deeper(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"parentheses or NOTs nested more than {MAX_NESTING} deep", at)

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
        at = self.i
        if self.peek_keyword("NOT"):
            self.i += 3
            if self.at_end() or self.s[self.i] == ")":
                raise self.error("NOT needs a term after it")
            self.deeper(at)
            item = self.unary(field)
            self.depth -= 1
            return Not(self.operand(item, "NOT", at))
        c = self.s[self.i]
        if c in "-+":
            self.i += 1
            if self.i == len(self.s) or self.s[self.i].isspace() or self.s[self.i] == ")":
                item: Tree = And(())
            else:
                item = self.primary(field)
            item = self.operand(item, c, at)
            return Not(item) if c == "-" else item
        return self.primary(field)

    def operand(self, item: Tree, op: str, at: int) -> Tree:
        """What `-`, `+` or NOT acts on: never nothing ("oil --" would exclude every article,
        "oil -" ignore the dash)."""
        if item == And(()):
            what = "require" if op == "+" else "exclude"
            raise self.error(f"{op!r} has nothing to {what}: write it right before a word ({op}lebanon), "
                             "or quote the text to search for it", at)
        return item

    def primary(self, field: str | None) -> Tree:
        self.skip_ws()
        c = self.s[self.i]
        if c == "(":
            open_at = self.i
            self.deeper(open_at)
            self.i += 1
            if self.at_end():
                raise self.error(f"unbalanced parenthesis: the '(' at position {open_at + 1} is never closed",
                                 open_at)
            node = self.or_expr(field)
            if self.at_end() or self.s[self.i] != ")":
                raise self.error(f"unbalanced parenthesis: the '(' at position {open_at + 1} is never closed",
                                 open_at)
            self.i += 1
            self.depth -= 1
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
        if len(name) > 20:
            name = name[:20] + "…"
        if self.i >= len(self.s) or self.s[self.i].isspace():
            raise self.error(f"{name}: has no value (write {name}:word or {name}:\"a phrase\")", m.start())
        if name.lower() == "date":
            return self.date_value()
        field = QUERY_FIELDS.get(name.lower())
        if field is None:
            known = ", ".join(sorted(set(QUERY_FIELDS) | {"date"}))
            raise self.error(
                f"unknown field {name!r}: fields are {known} (to search for the text, put it in quotes)", m.start()
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
                raise self.error(f"unbalanced bracket: the date range at position {start + 1} is never closed",
                                 start)
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
            raise self.error(f"unbalanced quotes: the '\"' at position {open_at + 1} is never closed", open_at)
        text = self.s[self.i + 1:close]
        self.i = close + 1
        slop = 0
        m = _SLOP_RE.match(self.s, self.i)
        if m:
            if len(m.group(1)) > len(str(MAX_SLOP)) or int(m.group(1)) > MAX_SLOP:
                raise self.error(f"proximity ~{m.group(1)[:12]}: at most {MAX_SLOP:,} words between", self.i)
            slop = int(m.group(1))
            self.i = m.end()
        elif self.i < len(self.s) and self.s[self.i] == "~":
            raise self.error('proximity needs a number: "words here"~3')
        if not terms(text):
            raise self.error(f"the phrase {quoted(text, width=40)} has no words to search for", open_at)
        return Phrase(field, text, slop)

    def word(self, field: str | None) -> Tree:
        start = self.i
        while self.i < len(self.s) and self.s[self.i] not in _STOP_CHARS:
            self.i += 1
        text = self.s[start:self.i]
        if text == "*":
            return All()
        if text.startswith(":"):
            raise self.error(f"{quoted(text, width=40)} needs a field name before ':' (title{text[:20]}), "
                             "or quotes to search for the text", start)
        m = _FUZZY_RE.match(text)
        if m:
            edits = int(m.group(2)[:3]) if m.group(2) else 1  # (a thousand digits are no int to read)
            if not 1 <= edits <= MAX_FUZZY_EDITS:
                raise self.error(f"fuzzy {quoted(text, width=40)}: the number of edits must be 1 or 2", start)
            return Fuzzy(field, m.group(1), edits)
        if "*" in text or "?" in text:
            if not re.search(r"\w", text):
                raise self.error(f"wildcard {quoted(text, width=40)} needs at least one letter or digit", start)
            return Wildcard(field, text)
        if not terms(text):
            # Punctuation alone ("—", "&") carries nothing to search for.
            return And(())
        return Word(field, text)


def parse(text: str, now: datetime | None = None, date_order: str | None = None) -> Tree:
    """Parse a query string into a syntax tree, or raise QueryError saying what is wrong.
    `now` anchors relative dates; `date_order` ("dmy" or "mdy") reads a numeric date whose
    numbers do not show which is the day ("4.3.1987": without it, an error)."""
    text = text or ""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; at most {MAX_QUERY_CHARS:,} are read "
                         f"(in query {quoted(text)})")
    tree = _Parser(text, now, date_order).parse()
    different = len(_terms_of(tree, set()))
    if different > MAX_QUERY_TERMS:
        raise QueryError(f"the query has {different:,} different words; at most {MAX_QUERY_TERMS:,} are searched "
                         f"at once (in query {quoted(text)})")
    return tree


def _terms_of(node: Tree, found: set) -> set:
    """The different (field, term) pairs a tree looks up, a wildcard or fuzzy word as one."""
    if isinstance(node, (Word, Phrase)):
        found.update((node.field, t) for t in terms(node.text, stem=False))
    elif isinstance(node, Wildcard):
        found.add((node.field, node.pattern))
    elif isinstance(node, Fuzzy):
        found.add((node.field, node.text, node.edits))
    elif isinstance(node, (And, Or)):
        for item in node.items:
            _terms_of(item, found)
    elif isinstance(node, Not):
        _terms_of(node.item, found)
    return found


def lenient(text: str) -> str:
    """A search-box fallback: keep the words, drop the syntax that could not be parsed (brackets,
    quotes, fields, operators, wildcards and typo marks)."""
    text = re.sub(r'[()"\[\]{}*?]', " ", text or "")
    text = _ANY_FIELD_RE.sub(" ", text)
    words = [re.sub(r"~\d*$", "", w.strip("-+~:")).strip("-+~:") for w in text.split()]
    return " ".join(w for w in words if w and w not in _KEYWORDS)


def is_listing(node: Tree) -> bool:
    """True when the query has no words, only `*` and/or date filters: list, newest first."""
    if isinstance(node, (All, DateFilter)):
        return True
    if isinstance(node, And):
        return all(is_listing(item) for item in node.items)
    return False
