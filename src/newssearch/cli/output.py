"""Output that cannot be turned against its reader: it works on any output encoding, text for a
terminal carries no control or escape sequence from an article, and a CSV cell never starts a
spreadsheet formula. JSON stays exact (a \\u escape where the output cannot show a
character)."""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import sys
from typing import TextIO

ERRORS = "newssearch-replace"  # the codec error handler of our output streams

# what the output's encoding cannot show: our typography as ASCII, anything else as "?"
STAND_INS = {"…": "...", "·": "-", "–": "-", "—": "-", "█": "#", "²": "2", "“": '"', "”": '"', "„": '"',
             "‘": "'", "’": "'", "«": '"', "»": '"', "•": "*", "\u00a0": " ", "\u2009": " ", "\u202f": " "}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(STAND_INS.get(c, "?") for c in text), error.end


def setup_streams() -> None:
    """stdout and stderr replace what their encoding cannot show instead of failing (an ASCII or
    Latin-1 terminal, a pipe under LC_ALL=C). The CLI owns its process: only it calls this."""
    codecs.register_error(ERRORS, _stand_in)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors=ERRORS)


def unicode_out(out: TextIO) -> bool:
    """Whether `out` can show every character (a UTF encoding, or a string buffer)."""
    encoding = getattr(out, "encoding", None)
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def to_json(data, out: TextIO, indent: int | None = None) -> str:
    """JSON text for `out`: as is on a UTF output, else with \\u escapes (exact either way)."""
    return json.dumps(data, ensure_ascii=not unicode_out(out), indent=indent)


_CONTROL = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, erasing the screen
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"  # OSC (links, titles), DCS ...
    r"|\x1b[ -/]*[0-~]"  # the other escape sequences (ESC c resets the terminal)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # any other C0 or C1 control character: not tab, not newline
)
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every sequence starts with one: a fast test


def clean(text: str) -> str:
    """Text without terminal control: escape sequences (with what they carry, such as a link's
    address) and control characters are dropped; tab and newline stay."""
    return _CONTROL.sub("", text) if text and _ANY_CONTROL.search(text) else text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell a spreadsheet shows as text: OWASP's advice for CSV injection, a text that starts
    with = + - @ tab or carriage return gets a leading '. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = clean(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 file', '2 files', '1,234 near copies': a number with its noun in the right form."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def system_error(exc: OSError) -> int:
    """Says in one line that a file or the output cannot be written or read (a full disk, a
    permission; a closed pipe quietly); the exit code is 1."""
    if exc.errno != errno.EPIPE:
        where = f": {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"newssearch: error: {exc.strerror or exc}{where}\n")
    flush_output(quiet=True)
    return 1


def flush_output(quiet: bool = False) -> bool:
    """Flushes stdout; False, said in one line, when the output cannot be written (a full disk;
    a closed pipe quietly). What cannot be written then goes nowhere, not to an error at exit."""
    try:
        sys.stdout.flush()
        return True
    except OSError as exc:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        if exc.errno != errno.EPIPE and not quiet:
            sys.stderr.write(f"newssearch: error: cannot write the output: {exc.strerror or exc}\n")
        return False
