"""The common terms of src/newssearch/text/common_terms.txt: the terms (after our analysis:
folded and stemmed) in the most Reuters bodies, which phrase pairs are indexed for (CommonGrams).

    .venv/bin/python benchmarks/common_terms.py [--top 50] [--corpus ../shared/corpora/reuters21578.jsonl.gz]

Prints the file's text: a header saying how it was made, then one term a line, most frequent first.
With --coverage it prints instead, for a few list sizes, the share of the words that start or end
a pair with a common word (what pairs cost in postings).
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from newssearch.text.analysis import terms

HERE = Path(__file__).resolve().parent
REUTERS = HERE.parent.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"


def bodies(path: Path) -> list[list[str]]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            body = json.loads(line).get("body") or ""
            if body:
                out.append(terms(body))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--corpus", default=str(REUTERS))
    ap.add_argument("--coverage", action="store_true")
    args = ap.parse_args()
    docs = bodies(Path(args.corpus))
    df = Counter(t for doc in docs for t in set(doc))
    ranked = [t for t, _ in sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))]
    if args.coverage:
        n = sum(len(d) for d in docs)
        for top in (20, 30, 50, 75, 100):
            common = set(ranked[:top])
            pairs = sum(1 for d in docs for a, b in zip(d, d[1:]) if a in common or b in common)
            print(f"top {top:3}: {pairs / n:.1%} of words start a pair; last term {ranked[top - 1]!r} "
                  f"in {df[ranked[top - 1]] / len(docs):.0%} of bodies")
        return
    print(f"# The {args.top} terms in the most Reuters-21578 bodies ({len(docs):,} with a body), after")
    print("# newssearch's analysis (folded, stemmed), most frequent first. Made by")
    print(f"#   benchmarks/common_terms.py --top {args.top} > src/newssearch/text/common_terms.txt")
    print("# An index keeps the list it was built with (in its schema): editing this file changes")
    print("# only indexes built afterwards.")
    for t in ranked[:args.top]:
        print(t)


if __name__ == "__main__":
    main()
