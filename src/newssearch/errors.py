"""Errors a user can act on: the CLI prints them as one line, never a traceback."""


class NewsSearchError(Exception):
    """Base class: the message says what is wrong and what to do."""

    exit_code = 1


class QueryError(NewsSearchError):
    """The query (or a filter such as --since) cannot be read as written."""

    exit_code = 2


class IndexMissingError(NewsSearchError):
    """There is no index where one was expected."""

    exit_code = 3


class InputError(NewsSearchError):
    """An input path or option to `index` cannot be used at all."""

    exit_code = 2
