"""Opening input files: gzip recognised by its magic bytes whatever the name, text decoded without
losing a file to a few bad bytes (they are counted, so the caller can report them)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from ..model import Note
from .textdecode import decode_bytes


def open_bytes(path: Path) -> io.BufferedIOBase:
    fh = open(path, "rb")
    magic = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def open_text(path: Path, newline: str | None = None) -> io.TextIOWrapper:
    # utf-8-sig drops a BOM; undecodable bytes become U+FFFD rather than losing the file.
    return io.TextIOWrapper(open_bytes(path), encoding="utf-8-sig", errors="replace", newline=newline)


def read_bytes(path: Path) -> bytes:
    with open_bytes(path) as fh:
        return fh.read()


def read_text(path: Path) -> tuple[str, list[Note]]:
    """(text, notes) of a whole file: its encoding found as textdecode.py does, bad bytes and
    NUL bytes counted."""
    data = read_bytes(path)
    text, encoding, replaced, _ = decode_bytes(data)
    notes = []
    if replaced:
        notes.append(Note("undecodable_bytes", str(path), f"{replaced} replaced with U+FFFD (read as {encoding})"))
    if b"\x00" in data and encoding in ("utf-8", "utf-8-sig"):
        notes.append(Note("nul_bytes", str(path), f"{data.count(0)} removed"))
    return text, notes


def head(path: Path, size: int = 4096) -> bytes:
    with open_bytes(path) as fh:
        return fh.read(size)
