"""Bytes to text: BOM, then a page's declared charset (unless the bytes say otherwise), then UTF-8,
then detection; never lose a file to a few bad bytes (they become U+FFFD and are counted, so the
caller can report them)."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


class Decoded(NamedTuple):
    text: str
    encoding: str  # the one used
    replaced: int  # undecodable bytes replaced with U+FFFD
    declared: str | None = None  # a page's declared charset, when it was not the one used


def decode_bytes(data: bytes, html: bool = False) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return Decoded(text, enc, text.count("\ufffd"))
    declared = None
    if html:
        m = _META_CHARSET_RE.search(data[:4096])
        declared = _known(m.group(1).decode("ascii", "ignore")) if m else None
        if declared:
            text = data.decode(declared, errors="replace")
            bad = text.count("\ufffd")
            if not bad and (declared == "utf-8" or not _clean_utf8(data)):
                return Decoded(text, declared, bad)
            # The declaration is wrong: bytes that are valid UTF-8 (non-ASCII) are UTF-8, and a
            # charset that cannot decode them is not theirs. Read as below, and say so.
            found = _undeclared(data)
            if bad and found.replaced >= bad:  # no better reading: the declared one, bad bytes and all
                return Decoded(text, declared, bad)
            return found._replace(declared=declared) if declared != found.encoding else found
    return _undeclared(data)


def _clean_utf8(data: bytes) -> bool:
    """Valid UTF-8 with some non-ASCII in it (text in another charset almost never is)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def _undeclared(data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes: keep UTF-8 and replace them (detectors guess wildly here).
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(data) // 1000):
        return Decoded(text, "utf-8", bad)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        return Decoded(text, best.encoding, text.count("\ufffd"))
    return Decoded(text, "utf-8", bad)
