"""Cleaning: turn scraped or wire text into the article text people want to search and read,
without losing a word of the article.

Steps, each a small function: normalise Unicode (NFKC) and whitespace -> drop page residue (share
bars, adverts, cookie notices: whole lines only, the list is data in residue.txt, and every dropped
line is returned so the run can count it) -> rebuild paragraphs (joining hard-wrapped wire
lines) -> take a leading dateline ("GAZA CITY:", "NEW YORK, Feb 26 -") into its own field
(which default search covers, like title and body). An untitled
item's heading line is found for display (heading_line), never taken out of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

_SPACES_RE = re.compile(r"[^\S\n]+")  # any whitespace but newline
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200c\u200d\u2060\ufeff]")
# Terminal escape sequences whole, with what they carry: dropping only the ESC left "[31m" and a
# link's "8;;http://..." in the text, searchable. CSI (colours, cursor), OSC/DCS/APC/PM/SOS up to
# their terminator (links, window titles), and the two-character escapes.
# An unterminated string (or one over 2,000 characters) keeps its text: never an article lost.
_ESCAPE_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P^_X][^\x07\x1b]{0,2000}(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]")
MAX_RESIDUE_CHARS = 400  # a longer line is text, whatever it starts with
_INLINE_ICON_RE = re.compile(r"(?<![\w-])(?:icon|fa|fab|fas)-[a-z][\w-]*", re.IGNORECASE)
# Where _INLINE_ICON_RE could match, found from each "-" (a fast literal search) looking back: a
# line without it is passed at once. Searching a long paragraph with the pattern itself tried it at
# every character: most of what cleaning cost.
_ICON_DASH_RE = re.compile(r"-(?:(?<=icon-)|(?<=fa-)|(?<=fab-)|(?<=fas-))", re.IGNORECASE)

# A dateline: an all-capitals place (with optional ", Feb 26" and "(Reuters)"), then ":" or a dash.
_DATELINE_RE = re.compile(
    r"""^(?P<dateline>
        (?P<place>[A-Z][A-Z'’.\-]*(?:[ /][A-Z][A-Z'’.\-]*){0,4})          # GAZA CITY, NEW YORK
        (?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?))?  # , Feb 26
        (?:,\s*[A-Z][a-zA-Z]+)?                                            # , Israel
        (?:\s*\((?:[A-Za-z][\w .&-]{1,30})\))?                             # (Reuters)
        \s*(?::|\s-|\s?[—–]|--)                                            # : or - or —
    )\s+(?=\S)""",
    re.VERBOSE,
)


@lru_cache(maxsize=1)
def residue_patterns() -> re.Pattern:
    """The residue list (residue.txt) compiled into one whole-line pattern, for lowercased lines:
    matching a lowercased line is much faster than re.IGNORECASE (every alternative is
    entered under IGNORECASE; without it a literal first character rules most of them out)."""
    return re.compile("(?:" + "|".join(f"(?:{a})" for a in residue_alternatives()) + r")\s*")


def residue_alternatives() -> list[str]:
    """The patterns of residue.txt (written in lower case)."""
    text = resources.files(__package__).joinpath("residue.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def normalise(text: str) -> str:
    """NFKC (one form for what Unicode writes two ways: composed or not, full- or half-width,
    ligatures), unified newlines, no control or zero-width characters, single spaces within lines."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if "\x1b" in text:
        text = _ESCAPE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = text.replace("\u00a0", " ")
    # single spaces within lines and none at their ends; a line's leading indent becomes one
    # space (paragraphs() reads it). str.split() finds the same whitespace as the regex \s, and
    # a line at a time is faster than a substitution per space run (docs/ingestion.md).
    return "\n".join(map(_single_spaced, text.split("\n")))


def _single_spaced(line: str) -> str:
    words = line.split()
    if not words:
        return ""
    return (" " if line[0].isspace() else "") + " ".join(words)


def is_residue(line: str) -> bool:
    """Whether a whole line is page furniture (see residue.txt)."""
    stripped = line.strip()
    return (bool(stripped) and len(stripped) <= MAX_RESIDUE_CHARS
            and residue_patterns().fullmatch(stripped.lower()) is not None)


def drop_residue(lines: list[str], dropped: list[str] | None = None) -> list[str]:
    """The lines that are not page furniture; what was taken out (whole lines, and icon-font
    class names inside a line) is appended to `dropped`."""
    out = []
    for line in lines:
        if is_residue(line):
            if dropped is not None:
                dropped.append(line.strip())
            continue
        if _ICON_DASH_RE.search(line) and _INLINE_ICON_RE.search(line):
            if dropped is not None:
                dropped.extend(_INLINE_ICON_RE.findall(line))
            line = _SPACES_RE.sub(" ", _INLINE_ICON_RE.sub("", line)).rstrip()
            if not line.strip():
                continue
        out.append(line)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    """Wire copy (Reuters, AP) is wrapped at ~65-80 columns; scraped pages put a paragraph per line."""
    lengths = [len(ln.strip()) for ln in lines if ln.strip()]
    if len(lengths) < 3 or max(lengths) > 100:
        return False
    wrapped_width = sum(1 for n in lengths if 30 <= n <= 90)
    indented = any(ln[:1].isspace() and ln.strip() for ln in lines[1:])
    return wrapped_width >= 0.6 * len(lengths) or (indented and wrapped_width >= 0.3 * len(lengths))


def paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs: blank lines always separate; in hard-wrapped text an indented
    line starts a new paragraph and other lines continue the current one."""
    wrapped = _hard_wrapped(lines)
    paras: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            if current:
                paras.append(current)
                current = []
            continue
        starts_new = not wrapped or line[:1].isspace()
        if starts_new and current:
            paras.append(current)
            current = []
        current.append(line.strip())
    if current:
        paras.append(current)
    return [" ".join(p) for p in paras]


def split_dateline(body: str) -> tuple[str, str]:
    """("GAZA CITY: Negotiations ...") -> ("GAZA CITY", "Negotiations ...")."""
    m = _DATELINE_RE.match(body)
    if not m:
        return "", body
    place = m.group("place")
    if len(place.replace(" ", "")) < 2 or not any(c.isalpha() for c in place):
        return "", body
    dateline = m.group("dateline").strip()
    dateline = re.sub(r"\s*(?::|-|—|–|--)$", "", dateline).strip()
    return dateline, body[m.end():]


def clean_title(title: str) -> str:
    """A title as the source gave it, on one line. No residue is dropped from a title: a headline
    such as "Watch: ..." is the story's, not the page's."""
    return " ".join(normalise(title or "").split())


HEADING_MAX_CHARS = 120


def heading_line(body: str) -> str:
    """The heading line of an untitled item ("FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"): its
    first line when that is short, not a sentence's end and written mostly in capitals, with more
    text after it; else "". It is the title shown, and stays in the text (a wrapped first line
    may run into the story: "BICC SEEKS ... LONDON, March 25 - BICC")."""
    lines = [ln.strip() for ln in normalise(body or "").split("\n") if ln.strip()]
    if len(lines) < 2 or is_residue(lines[0]) or len(lines[0]) > HEADING_MAX_CHARS:
        return ""
    first = lines[0]
    letters = [c for c in first if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if first[-1] in ".!?;,\"'”’" or not letters or capitals < 0.8 * len(letters):
        return ""
    return first


class Cleaned(NamedTuple):
    text: str  # paragraphs separated by a blank line
    dateline: str  # a leading dateline taken out of the text ("" if none)
    dropped: list[str]  # the page residue taken out, for the run's report


def clean_body(body: str, *, extract_dateline: bool = True) -> Cleaned:
    lines = normalise(body or "").split("\n")
    dropped: list[str] = []
    text = "\n\n".join(paragraphs(drop_residue(lines, dropped)))
    dateline = ""
    if extract_dateline and text:
        dateline, text = split_dateline(text)
    return Cleaned(text.strip(), dateline, dropped)


def clean_inline(value: str) -> str:
    """Single-line metadata (source, author, url): normalised, one line."""
    return " ".join(normalise(value or "").split())
