"""Saved web pages: the article in an HTML page (text, title, date, authors, site, URL, language).

The field's reference tools do the work: trafilatura finds the main text and metadata (boilerplate,
navigation, comments and share bars removed), htmldate the publication date (the original one, not
the last update). Both are imported only when a page is met, so start-up stays fast.
"""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path
from typing import Iterator

from ..model import Note, RawRecord, Skip
from .files import TooLarge, read_bytes
from .textdecode import decode_bytes

PAGE_BYTES = 64 << 20  # a saved page, inline images and all
MARKUP_CHARS = 2 << 20  # its markup: extraction time and memory grow with it (docs/ingestion.md)
MIN_TEXT_CHARS = 150  # less than this is a headline with links: an index or error page, not an article
_SEPARATORS = (" | ", " -- ", " — ", " – ", " - ", " » ", " :: ", " · ")
_MAX_SITE_WORDS = 4


def decode_page(data: bytes, origin: str) -> tuple[str, list[Note]]:
    """A page's text (BOM, declared charset, else detection) and what is worth telling about it:
    a declared charset the bytes contradict, bytes no charset could read."""
    found = decode_bytes(data, html=True)
    notes = []
    if found.declared:
        notes.append(Note("charset_fallback", origin, f"declared {found.declared}, read as {found.encoding}"))
    if found.replaced:
        notes.append(Note("undecodable_bytes", origin,
                          f"{found.replaced} replaced with U+FFFD (read as {found.encoding})"))
    return found.text, notes


def read_html(path: Path) -> Iterator[RawRecord | Skip]:
    """A saved page: its article, or a Skip saying why it has none."""
    data = read_bytes(path, PAGE_BYTES, "a saved page")
    if not data.strip():
        yield Skip(str(path), "empty file", failed=False)
        return
    html, notes = decode_page(data, str(path))
    fields = extract_article(html)
    if fields is None:
        yield no_article(str(path), html)
        return
    yield RawRecord(fields, str(path), "html", tuple(notes))


# Scripts (but JSON-LD, which carries metadata), styles and inline data (a single-file save's
# images) are not the article: taken out before the page is parsed and measured.
_INLINE_DATA_RE = re.compile(r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>"
                             r"|(?<=data:)[^\"'\s)>]{256,}", re.IGNORECASE | re.DOTALL)
_DEEP = 255  # libxml2's HTML parser drops what is nested deeper (lxml's huge_tree does not lift it)


def slim(html: str) -> str:
    return _INLINE_DATA_RE.sub("", html)


def no_article(origin: str, html: str) -> Skip:
    """The skip of a page without article text; a page nested past the parser's depth is named as
    such (its text there was never read), not as an empty page."""
    from trafilatura.utils import load_html

    tree = load_html(slim(html))
    if tree is not None and _depth(tree) >= _DEEP:
        return Skip(origin, f"nested too deep: markup over {_DEEP} levels deep, where the HTML parser stops "
                            "reading, and no article text above it")
    return Skip(origin, "no article text (an index, error or video page?)", failed=False)


def _depth(tree) -> int:
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


_BOXES = ("div", "ul", "ol", "table", "figure", "aside", "section", "form", "dl")
_INLINE = {"a", "b", "i", "em", "strong", "span", "abbr", "cite", "q", "small", "sub", "sup", "u", "font", "br"}


def rescue_loose_text(tree) -> None:
    """Old templates nest a box (related links, a photo) inside a <p>; the HTML parser then closes
    the <p> at the box and the rest of the paragraph (on an AP story at Yahoo: its dateline and
    first sentence) becomes loose text after the box, which extractors drop with the box. Give
    such text back a <p> of its own, with the inline markup that follows it."""
    from lxml.html import Element

    for box in list(tree.iter(*_BOXES)):
        if not box.tail or len(box.tail.strip()) < 40 or box.getparent() is None:
            continue
        para = Element("p")
        para.text, box.tail = box.tail.lstrip(), None
        while (nxt := box.getnext()) is not None and isinstance(nxt.tag, str) and nxt.tag in _INLINE:
            para.append(nxt)  # moves it, its tail with it
        box.addnext(para)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _with_lede(text: str, description: str) -> str:
    """trafilatura sometimes drops a page's standfirst or lede (seen on AP/Yahoo, BusinessWeek,
    WirtschaftsWoche pages) while the page's own description carries it. Put the description
    first when it is about the same story (most of its words are in the text) yet not already in it."""
    desc = " ".join(description.split())
    words = _words(desc)
    if len(desc) < 60 or len(words) < 8:
        return text
    body_words = _words(text)
    body = " ".join(body_words)
    if any(" ".join(words[i:i + 8]) in body for i in range(0, max(1, len(words) - 7))):
        return text  # the description quotes the text ("Read '...' on Yahoo! News. Steve Jobs, ...")
    vocab = set(body_words)
    if sum(w in vocab for w in words) < 0.5 * len(words):
        return text  # a generic site description, not this story's
    return desc + "\n" + text


def strip_site_name(title: str, sitename: str = "", hostname: str = "") -> str:
    """'Storm hits coast | CNN Politics' -> 'Storm hits coast'. <title> tags carry the site's name;
    the headline is the longest part, and a part is dropped only when it is short (a name, not a
    clause) or is the site's name."""
    title = " ".join(title.split())
    names = {n.casefold() for n in (sitename, hostname, hostname.removeprefix("www.").split(".")[0]) if n}
    for name in sorted(names, key=len, reverse=True):  # "短缺药品...需求-新华网", "…：日本経済新聞"
        for sep in ("-", "：", ":", "|", "–", "—"):
            if title.casefold().endswith(sep + name) and len(title) > len(name) + 8:
                title = title[: -(len(name) + len(sep))].rstrip()
    title = _CJK_SITE_SUFFIX_RE.sub("", title) if len(title) > 12 else title
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        parts = [p.strip() for p in title.split(sep)]
        i = max(range(len(parts)), key=lambda k: len(parts[k]))
        before, after = parts[:i], parts[i + 1:]
        # a site name may lead ("TechCrunch | ..."), but a short lead is usually the story's
        # own ("Brexit - what happens next"); trailing short parts are names and sections
        if all(p.casefold() in names for p in before) and \
                all(len(p.split()) <= _MAX_SITE_WORDS or p.casefold() in names for p in after):
            title = parts[i]
    return title


_CJK_SITE_SUFFIX_RE = re.compile(r"(?<=[^\x00-\x7f])\s*[-|：:]\s*[^\s\x00-\x7f]{2,8}$")


def _key(text: str) -> str:
    """A title with case, punctuation and quote styles taken out, for comparing variants."""
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())


def headline(tree, title: str) -> str:
    """The story's headline from the page's <title>, <h1> and og:title, which often differ: the
    <title> carries the site's name, the <h1> may be a desk's shorter variant, og:title a social
    one. Agreement decides (as newspaper4k does): an <h1> that og:title repeats is the headline,
    in the page's own typography; an og:title that the <title> starts with is the <title> minus
    its site name; else the <title>, or the part of it that holds the <h1>."""
    tags = tree.xpath("/html/head/title") or tree.xpath("//title[not(ancestor::svg)]")
    page_title = " ".join(tags[0].text_content().split()) if tags else ""
    h1s = [" ".join(" ".join(h.itertext()).split()) for h in tree.iter("h1")]
    h1 = max((h for h in h1s if len(h) >= 15), key=len, default="")
    og = " ".join((tree.xpath("//meta[@property='og:title']/@content") or [""])[0].split())
    if h1 and og and _key(h1) == _key(og):
        return h1
    if og and page_title and _key(og) != _key(page_title) and _key(page_title).startswith(_key(og)):
        return og
    if page_title:
        for sep in _SEPARATORS:
            parts = [p.strip() for p in page_title.split(sep)]
            if len(parts) > 1 and h1 and _key(h1):
                holding = [p for p in parts if _key(h1) in _key(p)]
                if holding:
                    return holding[0]
        return page_title
    return og or h1 or title


def _without_headline(text: str, title: str) -> str:
    """trafilatura keeps the <h1> as the first line of the text; the headline is the title already."""
    first, _, rest = text.partition("\n")
    if rest and _words(first) == _words(title):
        return rest.lstrip()
    return text


def _without_byline(text: str, authors: str) -> str:
    """A first line "By Maria Lopez" is the byline, already in `authors`."""
    first, _, rest = text.partition("\n")
    names = [a.strip().casefold() for a in authors.split(";") if a.strip()]
    if rest and first.casefold().startswith("by ") and any(n in first.casefold() for n in names):
        return rest.lstrip()
    return text


def extract_article(data: bytes | str, url: str | None = None, fallback_date: str | None = None) -> dict | None:
    """The article fields of one page, or None when the page has no article text."""
    import trafilatura
    from htmldate import find_date
    from trafilatura.utils import load_html

    html = slim(decode_bytes(data, html=True).text if isinstance(data, bytes) else data)
    if len(html) > MARKUP_CHARS:
        raise TooLarge(f"too large: {len(html):,} characters of markup (inline images, scripts and styles "
                       f"aside), over {MARKUP_CHARS:,}, the limit of one page")
    tree = load_html(html)
    if tree is None:
        return None
    rescue_loose_text(tree)
    doc = trafilatura.bare_extraction(deepcopy(tree), url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, deduplicate=False)
    if doc is None:
        return None
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        return None
    date = None
    date_from = None
    try:
        date = find_date(tree, url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises on pathological markup; the page still has its text
        date = None
    if date:
        date_from = "page"
    elif fallback_date:
        date, date_from = fallback_date, "crawl"
    text = _with_lede(text, meta.get("description") or "")
    authors = meta.get("author") or ""
    title = strip_site_name(headline(tree, meta.get("title") or ""), meta.get("sitename") or "",
                            meta.get("hostname") or "")
    text = _without_headline(text, title)
    text = _without_byline(text, authors)
    return {
        "title": title,
        "body": text,
        "date": date,
        "date_from": date_from,
        "authors": [a.strip() for a in authors.split(";") if a.strip()],
        "source": meta.get("sitename") or meta.get("hostname") or "",
        "url": meta.get("url") or url or "",
        "language": meta.get("language") or "",
    }
