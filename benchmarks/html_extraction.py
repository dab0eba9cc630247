"""Extraction quality on real news pages: ../shared/corpora/html-news (see its SOURCE.md).

    .venv/bin/python benchmarks/html_extraction.py [HTML_NEWS_DIR]

Prints, per source set: title exact-match rate (where a title is expected), date exact-match rate,
body token precision / recall / F1 (full bodies), goose3 body prefixes found, and the failing pages.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from newssearch.ingest.clean import clean_body, clean_title  # noqa: E402
from newssearch.ingest.webpages import extract_article  # noqa: E402
from newssearch.text.dates import parse_article_date  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "html-news"


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split()).strip()


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = Counter(tokens(got)), Counter(tokens(want))
    overlap = sum((g & w).values())
    p = overlap / max(1, sum(g.values()))
    r = overlap / max(1, sum(w.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not (root / "expected.json").exists():
        sys.exit(f"html_extraction: no expected.json under {root}")
    pages = json.loads((root / "expected.json").read_text())["pages"]
    stats: dict = defaultdict(lambda: defaultdict(list))
    failures: list[str] = []
    for page in pages:
        html = gzip.decompress((root / page["file"]).read_bytes())
        got = extract_article(html, url=page.get("url")) or {}
        title = clean_title(got.get("title", ""))
        body = clean_body(got.get("body", ""), extract_dateline=False).text
        d = parse_article_date(got.get("date")) if got.get("date") else None
        got_date = d.value.date().isoformat() if d else None
        src, fields = page["source"], page["expected_fields"]
        s = stats[src]
        if "title" in fields and page["title"]:
            ok = norm(title) == norm(page["title"])
            s["title"].append(ok)
            if not ok:
                failures.append(f"{page['file']}: title {title!r} != {page['title']!r}")
        if "date" in fields and page["date"]:
            ok = got_date == page["date"][:10]
            s["date"].append(ok)
            if not ok:
                failures.append(f"{page['file']}: date {got_date} != {page['date'][:10]}")
        if "body" in fields and page["body"]:
            if page["body_match"] == "prefix":
                # the expected prefix's first 25 words, as one run in the extracted text
                # (goose3 checks startswith on its own output; whitespace and paragraphing differ)
                want = " ".join(tokens(page["body"])[:25])
                ok = bool(want) and want in " ".join(tokens(body))
                s["prefix"].append(ok)
                if not ok:
                    failures.append(f"{page['file']}: body prefix not found ({norm(page['body'])[:60]!r})")
            else:
                p, r, f = prf(body, page["body"])
                s["p"].append(p)
                s["r"].append(r)
                s["f1"].append(f)
                if f < 0.8:
                    failures.append(f"{page['file']}: body F1 {f:.2f} (P {p:.2f} R {r:.2f})")
    print("| source | pages | title exact | date exact | body P / R / F1 (mean) | body prefix found |")
    print("|---|---|---|---|---|---|")
    for src in sorted(stats):
        s = stats[src]
        n = sum(1 for p in pages if p["source"] == src)

        def rate(key):
            v = s.get(key) or []
            return f"{sum(v) / len(v):.0%} ({sum(v)}/{len(v)})" if v else "-"

        def mean(key):
            v = s.get(key) or []
            return sum(v) / len(v) if v else None

        body = (f"{mean('p'):.3f} / {mean('r'):.3f} / {mean('f1'):.3f}" if s.get("f1") else "-")
        print(f"| {src} | {n} | {rate('title')} | {rate('date')} | {body} | {rate('prefix')} |")
    titles = [ok for src in stats for ok in stats[src].get("title", [])]
    if titles:
        print(f"| all sets, pages with a title | {len(titles)} | {sum(titles) / len(titles):.0%} "
              f"({sum(titles)}/{len(titles)}) | | | |")
    print("\nFailing pages:")
    for line in failures:
        print("  " + line)


if __name__ == "__main__":
    main()
