"""Scale benchmark: newssearch beside tantivy (when installed) on synthetic archives of 100k and 1M
articles made by ../shared/tools/synth_news.py from real Reuters sentences (seed fixed, cached).

    .venv/bin/python benchmarks/scale.py [--sizes 100000,1000000] [--queries 50] [--workdir DIR]

Per size: indexing wall time, articles/s, index size and peak memory (each build its own process);
then >= `--queries` distinct queries per class, warm, top 10 with snippets, the engines taking turns
query by query: bag of words, phrases (half of them common-word phrases such as "the company
said"), a title word with a date range, a word sorted by newest. Prints p50/p95 per class, whether
the two engines' totals agree, the cold start of a one-query process, the ratios to tantivy and
each class's p95 growth from one size to the next. Corpora and indexes stay in --workdir
(default benchmarks/.scale/, not committed) so a second run does not rebuild them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import bench  # noqa: E402  (benchmarks/bench.py: engines, build and timing helpers)

HERE = Path(__file__).resolve().parent
SYNTH = HERE.parent.parent / "shared" / "tools" / "synth_news.py"
CLASSES = ("bag-of-words", "phrase", "common phrase", "title+date", "newest")
COMMON = {"the", "of", "to", "and", "a", "in", "said", "for", "on", "it", "is", "by", "with", "at",
          "its", "from", "that", "be", "was", "will", "has", "an", "as", "company", "would"}
WORD = re.compile(r"^[a-z]{4,12}$")


def corpus(size: int, work: Path) -> Path:
    out = work / f"synth-{size}.jsonl.gz"
    if not out.exists():
        print(f"making {out.name} ...", flush=True)
        subprocess.run([sys.executable, str(SYNTH), str(size), str(out) + ".part", "--seed", "1"], check=True)
        Path(str(out) + ".part").rename(out)
    return out


def plain(src: Path, work: Path) -> Path:
    """The corpus as plain JSONL, which every engine's builder here reads."""
    out = src.with_suffix("")
    if not out.exists():
        with gzip.open(src, "rt", encoding="utf-8") as fh, open(str(out) + ".part", "w", encoding="utf-8") as w:
            for line in fh:
                w.write(line)
        Path(str(out) + ".part").rename(out)
    return out


def make_queries(path: Path, n: int, seed: int = 5) -> dict[str, list[dict]]:
    """n distinct queries per class, drawn from the first 30,000 articles of the corpus."""
    rnd = random.Random(seed)
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("body") and r.get("date"):
                docs.append(r)
            if len(docs) >= 30000:
                break
    out: dict[str, list[dict]] = {c: [] for c in CLASSES}
    seen: set = set()

    def add(cls: str, key, q: dict) -> None:
        if len(out[cls]) < n and (cls, key) not in seen:
            seen.add((cls, key))
            out[cls].append(q)

    while any(len(v) < n for v in out.values()):
        d = rnd.choice(docs)
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", d["body"])]
        good = [w for w in words if WORD.match(w) and w not in COMMON]
        if len(good) < 6:
            continue
        pair = tuple(sorted(rnd.sample(good, 2)))
        add("bag-of-words", pair, {"words": list(pair)})
        i = rnd.randrange(len(words) - 2)
        two = words[i:i + 2]
        if all(WORD.match(w) and w not in COMMON for w in two):
            add("phrase", tuple(two), {"phrase": two})
        three = words[i:i + 3]
        if sum(w in COMMON for w in three) >= 2 and all(w.isalpha() for w in three):
            add("common phrase", tuple(three), {"phrase": three})
        title = [w.lower() for w in re.findall(r"[A-Za-z]+", d.get("title") or "") if WORD.match(w.lower())]
        if title:
            day = datetime.fromisoformat(d["date"].replace("Z", "+00:00")).date()
            start = day - timedelta(days=rnd.randint(0, 200))
            end = start + timedelta(days=rnd.randint(30, 720))
            add("title+date", (title[0], start), {"title": title[0], "start": start.isoformat(), "end": end.isoformat()})
        add("newest", good[0], {"word": good[0]})
    return out


class Newssearch(bench.Newssearch):
    def query(self, cls: str, q: dict) -> int:
        sort = None
        if cls == "bag-of-words":
            text = " ".join(q["words"])
        elif cls in ("phrase", "common phrase"):
            text = '"' + " ".join(q["phrase"]) + '"'
        elif cls == "title+date":
            text = f"title:{q['title']} date:[{q['start']} TO {q['end']}]"
        else:
            text, sort = q["word"], "newest"
        return self.ix.search(text, limit=10, snippets=2, sort=sort).total


class Tantivy(bench.Tantivy):
    def query(self, cls: str, q: dict) -> int:
        if cls == "title+date":
            return super().query("field+date", q)
        if cls in ("phrase", "common phrase"):
            return super().query("phrase", q)
        if cls == "bag-of-words":
            return super().query(cls, q)
        parsed = self.ix.parse_query(q["word"], ["title", "body"])
        res = self.searcher.search(parsed, 10, order_by_field="date")
        gen = self.tantivy.SnippetGenerator.create(self.searcher, parsed, self.schema, "body")
        for _score, addr in res.hits:
            gen.snippet_from_doc(self.searcher.doc(addr)).to_html()
        return res.count if res.count is not None else len(res.hits)


ENGINES = {"newssearch": Newssearch, "tantivy": Tantivy}
bench.CLASSES = ENGINES  # bench's build child and cold start find our engines by name


def measure(engines: list[str], outs: dict, queries: dict) -> tuple[dict, dict]:
    """Times per engine and class (engines alternating query by query) and the queries whose
    totals differ between the engines."""
    objs = {e: ENGINES[e](outs[e]) for e in engines}
    for obj in objs.values():  # warm-up: one untimed query per class, unlike any timed one
        for cls in CLASSES:
            obj.query(cls, {"words": ["oil", "bank"], "phrase": ["oil", "prices"], "title": "oil",
                            "start": "2001-01-01", "end": "2001-12-31", "word": "oil"})
    times: dict = {e: {c: [] for c in CLASSES} for e in engines}
    differ: dict = {c: [] for c in CLASSES}
    turn = 0
    for cls, qs in queries.items():
        for q in qs:
            turn += 1
            k = turn % len(engines)
            totals = {}
            for e in engines[k:] + engines[:k]:
                t = time.perf_counter()
                totals[e] = objs[e].query(cls, q)
                times[e][cls].append((time.perf_counter() - t) * 1000)
            if len(set(totals.values())) > 1:
                differ[cls].append((q, totals))
    return {e: {c: bench._summary(ts) for c, ts in times[e].items()} for e in engines}, differ


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        bench._child_build(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--engines", default="newssearch,tantivy")
    ap.add_argument("--workdir", default=str(HERE / ".scale"))
    ap.add_argument("--rebuild", action="store_true", help="build the indexes again even if present")
    args = ap.parse_args()
    if not SYNTH.exists():
        sys.exit(f"scale: {SYNTH} not found (../shared is absent)")
    engines = [e for e in args.engines.split(",") if e and (bench.available(e) or print(f"(skipping {e})"))]
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    bench.__file__ = __file__  # the build child runs this script
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict = {}
    for size in sizes:
        cpath = plain(corpus(size, work), work)
        outs = {e: work / f"{e}-{size}" for e in engines}
        builds = {}
        for e in engines:
            stamp = outs[e] / ".built.json"
            if stamp.exists() and not args.rebuild:
                builds[e] = json.loads(stamp.read_text())
            else:
                builds[e] = bench.measure_build(e, cpath, outs[e])
                stamp.write_text(json.dumps(builds[e]))
            b = builds[e]
            cpu = f", CPU {b['cpu']:.0f}s" if "cpu" in b else ""  # (stamps written before it have none)
            print(f"{e:10} {size:>9,}: indexed in {b['wall']:.1f}s ({b['rate']:,.0f}/s), {b['size_mb']:.0f} MB, "
                  f"peak {b['peak_mb']:.0f} MB{cpu}", flush=True)
        queries = make_queries(cpath, args.queries)
        qstats, differ = measure(engines, outs, queries)
        colds = bench.measure_cold(engines, outs)
        results[size] = (builds, qstats, colds, differ)
        for e in engines:
            print(f"{e:10} {size:>9,}: " + "; ".join(
                f"{c} p50 {v['p50']:.1f} p95 {v['p95']:.1f}" for c, v in qstats[e].items()) + f"; cold {colds[e]:.2f}s")
        for c, d in differ.items():
            if d:
                print(f"  totals differ on {len(d)} {c} queries, e.g. {d[0]}")
    print_table(results, engines, sizes)


def print_table(results: dict, engines: list[str], sizes: list[int]) -> None:
    print("\n| size | engine | index s | articles/s | MB | peak MB | " + " | ".join(f"{c} p50/p95 ms" for c in CLASSES)
          + " | cold s |")
    print("|---" * (7 + len(CLASSES)) + "|")
    for size in sizes:
        builds, q, colds, _ = results[size]
        for e in engines:
            b = builds[e]
            print(f"| {size:,} | {e} | {b['wall']:.0f} | {b['rate']:,.0f} | {b['size_mb']:.0f} | {b['peak_mb']:.0f} | "
                  + " | ".join(f"{q[e][c]['p50']:.1f} / {q[e][c]['p95']:.1f}" for c in CLASSES) + f" | {colds[e]:.2f} |")
    if "tantivy" in engines and "newssearch" in engines:
        print()
        for size in sizes:
            builds, q, colds, differ = results[size]
            parts = [f"indexing time {builds['newssearch']['wall'] / builds['tantivy']['wall']:.1f}x"]
            parts += [f"{c} p95 {q['newssearch'][c]['p95'] / q['tantivy'][c]['p95']:.1f}x" for c in CLASSES]
            agree = sum(len(v) for v in differ.values())
            print(f"- newssearch / tantivy at {size:,}: " + ", ".join(parts) + f"; totals differ on {agree} queries")
    for a, b in zip(sizes, sizes[1:]):
        for e in engines:
            qa, qb = results[a][1][e], results[b][1][e]
            print(f"- {e} p95 growth {a:,} -> {b:,}: "
                  + ", ".join(f"{c} {qb[c]['p95'] / qa[c]['p95']:.1f}x" for c in CLASSES))


if __name__ == "__main__":
    main()
