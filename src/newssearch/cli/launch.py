"""The command line's entry point, and what every command shares when it fails.

`newssearch query ...` is the command scripts run one process at a time, and the one a person
waits for: it starts without typer and click (quick.py reads its options). Every other command
line, and any query command line that quick.py is not certain to read exactly as typer would
(help, a bad or unusual value, a word that starts with -), goes to the typer app (app.py), which
says what is wrong the one way it always has. `--version` is answered here too.

Every failure a user can cause ends in one line on stderr and a non-zero exit, never a traceback
(set NEWSSEARCH_DEBUG=1 to see one): 2 for a bad query or option (click's usage errors included,
with a usage hint on a second line), 3 for a missing or outdated index, 130 when interrupted, 70
only for a bug of ours, 1 for anything else. The library names its own parameters in its errors
(`limit`); FLAGS says which option of ours each one is.
"""

from __future__ import annotations

import os
import sys
from typing import Callable

from ..errors import IndexMissingError, Interrupted, NewsSearchError
from .output import clean, flush_output, system_error

# the library's parameter names -> our options (errors name the former, in backticks)
FLAGS = {"limit": "--limit", "page": "--page", "sort": "--sort", "snippets": "--snippets",
         "sample": "--sample", "since": "--since", "until": "--until", "by": "--by",
         "facets": "--facet", "field_map": "--map", "path": "--index", "plot": "--plot",
         "date_order": "--date-order", "columns": "--columns", "match": "--match",
         "wait": "--wait", "commit_every": "--commit-every", "top": "--top", "seed": "--seed"}


COMMANDS = ("index", "query", "timeline", "terms", "similar", "show", "stats", "serve")


def err(message: str) -> None:
    sys.stderr.write(f"newssearch: {clean(message)}\n")


def flags(text: str, names=FLAGS) -> str:
    """The library's `parameter` names (of `names`) in a text, as our options."""
    for name in names:
        if name in FLAGS:
            text = text.replace(f"`{name}`", FLAGS[name])
    return text


def message(exc: NewsSearchError) -> str:
    """The error as the command line says it: the library's `parameter` names become our
    options, and a missing or outdated index comes with the command that makes one."""
    text = flags(str(exc), exc.params)
    if isinstance(exc, IndexMissingError):
        command = f"newssearch index [PATH ...] --index {exc.path}"
        if exc.outdated:
            text += f": rebuild it with `{command} --rebuild`"
        elif exc.missing:
            text += f": build one with `{command}`"
    return text


def outcome(work: Callable[[], object], passthrough: tuple[type[BaseException], ...] = (),
            interrupts: tuple[type[BaseException], ...] = ()) -> int:
    """Runs a command and returns its exit code, saying any failure in one line. Exceptions of
    `passthrough` (the parser's own) are the caller's to say; `interrupts` count as Ctrl-C."""
    try:
        code = work()
    except passthrough:
        raise
    except NewsSearchError as exc:
        err(message(exc) if isinstance(exc, Interrupted) else f"error: {message(exc)}")
        return exc.exit_code
    except (KeyboardInterrupt, *interrupts):
        code = 130
    except OSError as exc:
        return system_error(exc)
    except Exception as exc:  # a bug of ours: still no traceback unless asked for
        if os.environ.get("NEWSSEARCH_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (set NEWSSEARCH_DEBUG=1 for details)")
        return 70
    if code == 130:  # typer turns Ctrl-C into this exit code
        err("interrupted")
    if not flush_output():  # a write error is said here, not at exit
        return 1
    return code if isinstance(code, int) else 0


def _show_version() -> int:
    from .. import __version__  # the distribution's version (tests/cli pin that they agree)

    sys.stdout.write(f"newssearch {__version__}\n")
    return 0


def run(argv: list[str] | None = None) -> int:
    """Runs one command line and returns its exit code; every error is said on stderr in one
    line (a usage error with a usage hint on a second), never as a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        return outcome(_show_version)
    from .quick import parse_query

    options = parse_query(args)
    if options is not None:
        from .quick import query

        return outcome(lambda: query(**options))
    from .app import run_app

    return run_app(args)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: the command line in a process of its own (which may import Whoosh
    its lighter way: api.fast_start)."""
    from .output import setup_streams

    setup_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS and not {"-h", "--help"} & set(args):  # (they open an index)
        from .. import api

        api.fast_start()
    sys.exit(run(args))
