"""A hostile input folder, generated at run time (never committed): every kind of file a real
archive folder may hold that a reader can choke on, beside good files that must be indexed all the
same. `build(root)` writes it and says what a run must do with each item.

Sizes are honest (a 50 MB line is 50 MB) and quick to make; NEWSSEARCH_HOSTILE_MB raises the big
ones (default 50: the single-line text and the CSV field; the HTML pages are 20 MB at the default).
"""

from __future__ import annotations

import base64
import codecs
import gzip
import json
import os
import random
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

BIG_MB = int(os.environ.get("NEWSSEARCH_HOSTILE_MB", "50"))
PAGE_MB = max(20, BIG_MB * 2 // 5)
MB = 1_000_000


@dataclass
class Expected:
    good: dict[str, str] = field(default_factory=dict)  # a word only this article has -> what it is
    bad: dict[str, str] = field(default_factory=dict)  # an origin (path[#n]) -> a word of its reason
    benign: set[str] = field(default_factory=set)  # bad items that are not failures (nothing to read)
    notes: list[str] = field(default_factory=list)  # what could not be built here, and why


def _story(word: str, title: str = "Harbour plan approved") -> str:
    return (f"{title} {word}\n2024-02-14\n\nThe council approved the harbour plan on Tuesday after a long "
            f"debate, officials said. The marker {word} is in this story only.\n")


def _page(word: str, extra: str = "") -> str:
    paras = "".join(f"<p>The council approved the harbour plan on Tuesday after a long debate about cost, "
                    f"officials said, and the marker {word} is in paragraph {i} of this story.</p>"
                    for i in range(4))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Harbour plan approved {word}</title>"
            f"</head><body><article><h1>Harbour plan approved {word}</h1>{paras}</article>{extra}</body></html>")


def _gzip_bomb(path: Path, size: int) -> None:
    """A small gzip that inflates to `size` spaces (text: not refused as binary): one deflate block of 1 MiB,
    repeated (a full flush makes every copy the same bytes), then the trailer."""
    chunk = 1 << 20
    zeros = b" " * chunk
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    with path.open("wb") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        for _ in range(size // chunk):
            fh.write(block)
        fh.write(comp.flush(zlib.Z_FINISH))
        fh.write(struct.pack("<II", crc, size & 0xFFFFFFFF))


def build(root: Path) -> Expected:
    root.mkdir(parents=True, exist_ok=True)
    exp = Expected()
    rnd = random.Random(15)

    def good(name: str, text: str | bytes, word: str, what: str) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        exp.good[word] = what
        return path

    def bad(name: str, data: bytes, reason: str, benign: bool = False) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        exp.bad[name] = reason
        if benign:
            exp.benign.add(name)
        return path

    # --- text, in every encoding a scraper writes -------------------------------------------
    good("plain.txt", _story("quokkaplain"), "quokkaplain", "a plain UTF-8 article")
    good("invalid-utf8.txt", _story("quokkainvalid").encode() + b" caf\xe9 \xff\xfe end\n", "quokkainvalid",
         "UTF-8 with a few invalid bytes")
    good("utf16-bom.txt", codecs.BOM_UTF16_LE + _story("quokkabom", "Zürich harbour plan").encode("utf-16-le"),
         "quokkabom", "UTF-16 with a BOM")
    good("utf16le-nobom.txt", _story("quokkalittle", "Zürich harbour plan").encode("utf-16-le"),
         "quokkalittle", "UTF-16LE without a BOM")
    good("utf16be-nobom.txt", _story("quokkabig", "Zürich harbour plan").encode("utf-16-be"),
         "quokkabig", "UTF-16BE without a BOM")
    good("nul-bytes.txt", _story("quokkanul").replace("council", "coun\x00cil\x00").encode(), "quokkanul",
         "NUL bytes inside the text")
    good("latin1.txt", _story("quokkalatin", "Café harbour plan").encode("latin-1"), "quokkalatin",
         "Latin-1 text")
    good("dossier é/article ü 1.txt", _story("quokkaspace"), "quokkaspace", "non-ASCII and spaces in the path")
    raw_name = os.fsencode(root) + b"/caf\xe9 latin-1 name.txt"  # a name that is not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(_story("quokkarawname").encode())
    exp.good["quokkarawname"] = "a file name in Latin-1 bytes"
    bad("empty.txt", b"", "empty", benign=True)
    bad("binary.txt", bytes(rnd.randrange(256) for _ in range(64 * 1024)), "binary")
    bad("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(rnd.randrange(256) for _ in range(8 * 1024)), "binary")
    big = root / "one-line.txt"  # a 50 MB single line of words
    with big.open("w") as fh:
        fh.write("Endless line ")
        unit = "harbour council plan debate officials said " * 1000
        for _ in range(BIG_MB * MB // len(unit)):
            fh.write(unit)
    exp.bad["one-line.txt"] = "too large"

    # --- JSON: lines, arrays cut short, bad objects --------------------------------------------
    rec = lambda w: {"title": f"Harbour plan approved {w}", "body": f"The council approved the plan; marker {w}.",  # noqa: E731
                     "date": "2024-02-14"}
    lines = [json.dumps(rec("quokkaline1")), "{not json", json.dumps(rec("quokkaline2")), "[1, 2]",
             json.dumps({"title": "", "body": ""}), json.dumps(rec("quokkaline3"))]
    good("bad lines.jsonl", "\n".join(lines) + "\n", "quokkaline1", "JSON Lines around bad lines")
    exp.good["quokkaline2"] = exp.good["quokkaline3"] = "JSON Lines around bad lines"
    exp.bad["bad lines.jsonl#2"] = "invalid JSON"
    exp.bad["bad lines.jsonl#4"] = "not a JSON object"
    exp.bad["bad lines.jsonl#5"] = "no text"
    exp.benign.add("bad lines.jsonl#5")
    good("cut-array.json", "[" + json.dumps(rec("quokkacut1")) + ",\n" + json.dumps(rec("quokkacut2"))
         + ',\n{"title": "Harbour plan cut off", "body": "The council approved', "quokkacut1", "an array cut off")
    exp.good["quokkacut2"] = "an array cut off"
    exp.bad["cut-array.json#3"] = "cut off"
    bad_obj = '{"title": "Broken object" "body": "a comma is missing"}'
    good("bad-object.json", "[\n" + ",\n".join([json.dumps(rec("quokkaarr1")), bad_obj, json.dumps(rec("quokkaarr2")),
                                               "NaN-ish", json.dumps(rec("quokkaarr3"))]) + "\n]\n",
         "quokkaarr1", "an array with bad objects")
    exp.good["quokkaarr2"] = exp.good["quokkaarr3"] = "an array with bad objects"
    exp.bad["bad-object.json#2"] = "invalid JSON"
    exp.bad["bad-object.json#4"] = "invalid JSON"
    envelope = {"status": "ok", "articles": ["@1", "@bad", "@2"]}
    good("bad-envelope.json", json.dumps(envelope).replace('"@1"', json.dumps(rec("quokkaenv1")))
         .replace('"@bad"', bad_obj).replace('"@2"', json.dumps(rec("quokkaenv2"))), "quokkaenv1",
         "an API envelope with a bad record")
    exp.good["quokkaenv2"] = "an API envelope with a bad record"
    exp.bad["bad-envelope.json#2"] = "invalid JSON"
    bad("empty.json", b"", "empty", benign=True)
    bad("empty.jsonl", b"\n\n", "empty", benign=True)
    many = "".join(json.dumps(rec(f"quokkagz{i}" if i == 1 else f"filler {i}")) + "\n" for i in range(1, 3001))
    packed = gzip.compress(many.encode(), mtime=0)
    bad("truncated.jsonl.gz", packed[: len(packed) * 2 // 3], "cannot read")
    exp.good["quokkagz1"] = "the start of a truncated gzip"
    bomb = root / "bomb.jsonl.gz"
    _gzip_bomb(bomb, 1 << 30)
    exp.bad["bomb.jsonl.gz"] = "inflates"

    # --- CSV with a 50 MB field --------------------------------------------------------------------
    with (root / "big-field.csv").open("w", newline="") as fh:
        fh.write("title,body,date\n")
        fh.write("Harbour plan approved quokkacsv1,The council approved the plan.,2024-02-14\n")
        fh.write('Huge field,"' + "harbour council " * (BIG_MB * MB // 16) + '",2024-02-14\n')
        fh.write("Harbour plan approved quokkacsv2,The council approved the plan.,2024-02-14\n")
    exp.good["quokkacsv1"] = exp.good["quokkacsv2"] = "CSV rows around a 50 MB field"
    exp.bad["big-field.csv#2"] = "too large"
    bad("empty.csv", b"", "empty", benign=True)

    # --- web pages -------------------------------------------------------------------------------
    good("page.html", _page("quokkapage"), "quokkapage", "a web page")
    image = base64.b64encode(bytes(rnd.randrange(256) for _ in range(PAGE_MB * MB * 3 // 4))).decode()
    good("saved-with-images.html", _page("quokkasaved", f"<img src='data:image/png;base64,{image}'>"),
         "quokkasaved", f"a {PAGE_MB} MB page (inline images, as a single-file save writes)")
    unit = "<div class='nav'><a href='/x'>Related link</a></div>\n"
    bad("markup.html", _page("quokkamarkup", unit * (PAGE_MB * MB // len(unit))).encode(), "too large")
    deep = 10_000
    bad("deep.html", _page("quokkadeep").replace("<article>", "<div>" * deep + "<article>")
        .replace("</article>", "</article>" + "</div>" * deep).encode(), "nested")
    bad("empty.html", b"  \n", "empty", benign=True)

    # --- things that are not files to read ----------------------------------------------------
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    exp.bad["loop-a.txt"] = exp.bad["loop-b.txt"] = "symbolic links"
    (root / "sub").mkdir()
    good("sub/inner.txt", _story("quokkainner"), "quokkainner", "a file beside a folder loop")
    os.symlink("..", root / "sub" / "up")
    exp.bad["sub/up"] = "loop"
    exp.benign.add("sub/up")  # everything in it was read
    os.mkfifo(root / "pipe.txt")
    exp.bad["pipe.txt"] = "not a regular file"
    locked = root / "unreadable.txt"
    locked.write_text(_story("quokkalocked"))
    locked.chmod(0)
    if _readable(locked):  # root reads whatever the mode says: a file no one can read instead
        locked.unlink()
        if Path("/proc/self/mem").exists():
            os.symlink("/proc/self/mem", locked)  # reading its first page fails for everyone (EIO)
            exp.notes.append("running as root, chmod 000 does not stop reading: unreadable.txt is a link "
                             "to /proc/self/mem, which no one can read from its start")
            exp.bad["unreadable.txt"] = "cannot read"
        else:
            exp.notes.append("running as root without /proc: no unreadable file could be made")
    else:
        exp.bad["unreadable.txt"] = "cannot read"
    return exp


def _readable(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            fh.read(1)
        return True
    except OSError:
        return False
