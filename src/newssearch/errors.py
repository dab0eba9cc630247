"""Errors a user can act on. The library words them in its own parameters, named in backticks
("`limit` must be at least 1"); the CLI translates those names into its flags ("--limit must be at
least 1") and prints one line, never a traceback."""

from __future__ import annotations

QUOTE_CHARS = 80  # how much of a long query (a pasted article) a message quotes


def quoted(text: str, at: int | None = None, width: int = QUOTE_CHARS) -> str:
    """`text` quoted for a message, on one line (as repr writes it): whole when it is short, else
    about `width` characters around position `at` (from the start when None), with an ellipsis
    where it is cut, so a pasted article is never echoed whole."""
    if len(text) > width:
        start = 0 if at is None else max(0, min(at - width // 2, len(text) - width))
        piece = repr(text[start:start + width])
        text_cut = ("…" if start > 0 else "") + piece[1:-1] + ("…" if start + width < len(text) else "")
        return piece[0] + text_cut + piece[-1]
    return repr(text)


class NewsSearchError(Exception):
    """Base class: the message says what is wrong and what to do. `params` names the parameters
    of the call that are wrong (each written `name` in the message)."""

    exit_code = 1

    def __init__(self, message: str, *, params: tuple[str, ...] = ()):
        super().__init__(message)
        self.params = params


class QueryError(NewsSearchError):
    """The query (or a filter such as `since`) cannot be read as written."""

    exit_code = 2


class InputError(NewsSearchError):
    """An input path or option to indexing cannot be used at all."""

    exit_code = 2


class MissingInputError(InputError):
    """An input path does not exist (nothing was read or written)."""

    exit_code = 1


class IndexMissingError(NewsSearchError):
    """There is no usable index at `path`: `missing` when there is none at all, `outdated` when
    there is one built by an older newssearch (else it cannot be read)."""

    exit_code = 3

    def __init__(self, message: str, *, path: str = "", missing: bool = False, outdated: bool = False):
        super().__init__(message)
        self.path = path
        self.missing = missing
        self.outdated = outdated


class IndexBusyError(NewsSearchError):
    """Another run is writing to the index at `path` and did not finish within the time allowed
    (`wait`); the message names that process. Try again later (exit code 75, EX_TEMPFAIL)."""

    exit_code = 75

    def __init__(self, message: str, *, path: str = ""):
        super().__init__(message, params=("wait",))
        self.path = path


class NotFoundError(NewsSearchError, LookupError):
    """No article with this id in the index."""

    exit_code = 1

    def __init__(self, article_id: str):
        super().__init__(f"no article with id {quoted(article_id)} in the index")
        self.article_id = article_id


class Interrupted(NewsSearchError):
    """An indexing run was interrupted; what it committed is kept."""

    exit_code = 130
