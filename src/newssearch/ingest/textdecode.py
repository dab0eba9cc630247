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


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text written without a BOM (as some Windows tools do),
    told by its zero bytes: text in a Latin, Greek or Cyrillic script has one in every other byte,
    all on the same side. None otherwise (UTF-16 in other scripts is left to detection)."""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd > 0.4 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.4 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
BINARY_SHARE = 0.03  # text (even with stray NUL bytes) has almost no control bytes; binary data 10%


def looks_binary(start: bytes) -> bool:
    """Binary data (an image, an archive, random bytes) rather than text in some encoding: more
    than BINARY_SHARE of its first bytes are control bytes (UTF-16 and BOMs excepted)."""
    if not start or any(start.startswith(bom) for bom, _ in _BOMS) or utf16_without_bom(start):
        return False
    controls = len(start) - len(start.translate(None, _CONTROL))
    return controls > BINARY_SHARE * len(start)


_SOME_UTF8_RE = re.compile("[^\x00-\x7f\ufffd]")


def _undeclared(data: bytes) -> Decoded:
    utf16 = utf16_without_bom(data)
    if utf16:
        text = data.decode(utf16, errors="replace")
        return Decoded(text, utf16, text.count("\ufffd"))
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0)
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes: keep UTF-8 and replace them (detectors guess wildly here).
    # UTF-8 it is only when some non-ASCII text decodes: else it is a short 8-bit text ("Café").
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(data) // 1000) and _SOME_UTF8_RE.search(text):
        return Decoded(text, "utf-8", bad)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding != "cp1252":
        # On a short text charset-normalizer's language evidence is noise and its first 8-bit guess
        # often wrong (cp1250: "trčs" for "très", mac_latin2: "cafťs"). Windows-1252, the web's
        # default for undeclared Western text, is taken when it reads the bytes with no more mess
        # (Polish in cp1250 or Russian in cp1251 read as cp1252 are a mess: they keep their charset).
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos:
            best = western
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        return Decoded(text, best.encoding, text.count("\ufffd"))
    return Decoded(text, "utf-8", bad)
