"""Bytes to text: declared charset or BOM, then UTF-8, then detection; never lose a file to a few bad
bytes (they become U+FFFD and are counted, so the caller can report them)."""

from __future__ import annotations

import codecs
import re

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, html: bool = False) -> tuple[str, str, int]:
    """(text, encoding used, number of undecodable bytes replaced)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            return text, enc, text.count("\ufffd")
    if html:
        m = _META_CHARSET_RE.search(data[:4096])
        enc = _known(m.group(1).decode("ascii", "ignore")) if m else None
        if enc:
            text = data.decode(enc, errors="replace")
            return text, enc, text.count("\ufffd")
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes: keep UTF-8 and replace them (detectors guess wildly here).
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(data) // 1000):
        return text, "utf-8", bad
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        return text, best.encoding, text.count("\ufffd")
    return text, "utf-8", bad
