"""One-run benchmark: newssearch vs stock Whoosh (documented usage), and tantivy / SQLite FTS5 when
installed (`pip install -e '.[bench]'`), on the same corpus and machine.

    .venv/bin/python benchmarks/bench.py [CORPUS.jsonl.gz] [--scales 1,2,4] [--queries 50]

Prints, per engine and scale: indexing wall time, articles/s, MB/s, index size, peak memory (each
indexing run is its own process, so peak RSS is its own; at the first scale each engine builds
twice, in turns, and the faster build counts); warm query latency with top-10 and
snippets over ~50 distinct queries in three classes (p50 / p95 / max; no query is repeated in the
timed runs, so no cache can serve it; the engines take turns query by query, so a drift in the
machine's speed hits them alike; each engine first answers one untimed query of each class, unlike
any timed one); cold start of a one-query process; and the ratios.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
ENGINES = ("newssearch", "whoosh", "tantivy", "fts5")


# ---------------------------------------------------------------------------- corpus and queries

def scaled_corpus(src: Path, scale: int, workdir: Path) -> Path:
    """The corpus repeated `scale` times, copies with new ids, as plain JSONL."""
    out = workdir / f"corpus-x{scale}.jsonl"
    if out.exists():
        return out
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    with open(out, "w", encoding="utf-8") as w:
        for copy in range(scale):
            for line in lines:
                rec = json.loads(line)
                if copy:
                    rec["id"] = f"{rec.get('id')}-copy{copy}"
                w.write(json.dumps(rec) + "\n")
    return out


def read_records(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def make_queries(path: Path, n: int, seed: int = 11) -> dict[str, list[dict]]:
    """~n distinct queries in three classes, drawn from the corpus itself."""
    rnd = random.Random(seed)
    docs = [r for r in read_records(path) if r.get("body") and r.get("date")]
    docs = docs[: min(len(docs), 25000)]
    word_re = re.compile(r"^[a-z]{4,12}$")
    per = max(1, n // 3)
    bags, phrases, fielded = [], [], []
    seen = set()
    while len(bags) < per or len(phrases) < per or len(fielded) < per:
        d = rnd.choice(docs)
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", d["body"])]
        good = [w for w in words if word_re.match(w)]
        if len(good) < 6:
            continue
        if len(bags) < per:
            q = tuple(sorted(rnd.sample(good, 2)))
            if ("b", q) not in seen:
                seen.add(("b", q))
                bags.append({"words": list(q)})
        if len(phrases) < per:
            i = rnd.randrange(len(words) - 1)
            pair = words[i:i + 2]
            if all(word_re.match(w) for w in pair) and ("p", tuple(pair)) not in seen:
                seen.add(("p", tuple(pair)))
                phrases.append({"phrase": pair})
        if len(fielded) < per:
            tw = [w.lower() for w in re.findall(r"[A-Za-z]+", d.get("title") or "") if word_re.match(w.lower())]
            if tw:
                day = datetime.fromisoformat(d["date"].replace("Z", "+00:00")).date()
                start = day - timedelta(days=rnd.randint(0, 20))
                end = start + timedelta(days=rnd.randint(7, 45))
                key = ("f", tw[0], start)
                if key not in seen:
                    seen.add(key)
                    fielded.append({"title": tw[0], "start": start.isoformat(), "end": end.isoformat()})
    return {"bag-of-words": bags, "phrase": phrases, "field+date": fielded}


# ---------------------------------------------------------------------------- engines

class Newssearch:
    name = "newssearch"

    @staticmethod
    def build(corpus: Path, out: Path) -> int:
        from newssearch import NewsIndex

        report = NewsIndex.open(out, create=True).index_paths([corpus])
        return report.added

    def __init__(self, out: Path):
        from newssearch import NewsIndex

        self.ix = NewsIndex.open(out)

    def query(self, cls: str, q: dict) -> int:
        if cls == "bag-of-words":
            text = " ".join(q["words"])
        elif cls == "phrase":
            text = '"' + " ".join(q["phrase"]) + '"'
        else:
            text = f"title:{q['title']} date:[{q['start']} TO {q['end']}]"
        res = self.ix.search(text, limit=10, snippets=2)
        return res.total

    @staticmethod
    def cold_cmd(out: Path) -> list[str]:
        exe = Path(sys.executable).with_name("newssearch")
        return [str(exe), "query", "oil prices", "--index", str(out)]


class StockWhoosh:
    """Whoosh as its documentation shows it: StemmingAnalyzer TEXT fields, QueryParser, highlights."""

    name = "whoosh"

    @staticmethod
    def schema():
        from whoosh import fields
        from whoosh.analysis import StemmingAnalyzer

        return fields.Schema(id=fields.ID(stored=True, unique=True),
                             title=fields.TEXT(stored=True, analyzer=StemmingAnalyzer()),
                             body=fields.TEXT(stored=True, analyzer=StemmingAnalyzer()),
                             date=fields.DATETIME(stored=True), source=fields.ID(stored=True))

    @classmethod
    def build(cls, corpus: Path, out: Path) -> int:
        from whoosh import index

        out.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(out), cls.schema())
        writer = ix.writer()
        n = 0
        for r in read_records(corpus):
            doc = {"id": str(r["id"]), "title": r.get("title") or "", "body": r.get("body") or "",
                   "source": r.get("source") or ""}
            if r.get("date"):
                doc["date"] = datetime.fromisoformat(r["date"].replace("Z", "+00:00")).replace(tzinfo=None)
            writer.add_document(**doc)
            n += 1
        writer.commit()
        return n

    def __init__(self, out: Path):
        from whoosh import index
        from whoosh.qparser import MultifieldParser

        self.ix = index.open_dir(str(out))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)

    def query(self, cls: str, q: dict) -> int:
        from whoosh import query as wq

        if cls == "bag-of-words":
            parsed = self.parser.parse(" ".join(q["words"]))
        elif cls == "phrase":
            parsed = self.parser.parse('"' + " ".join(q["phrase"]) + '"')
        else:
            start = datetime.fromisoformat(q["start"])
            end = datetime.fromisoformat(q["end"]) + timedelta(days=1)
            parsed = wq.And([self.parser.parse(f"title:{q['title']}"),
                             wq.DateRange("date", start, end, endexcl=True)])
        results = self.searcher.search(parsed, limit=10)
        for hit in results:
            hit.highlights("body")
        return len(results)

    @staticmethod
    def cold_cmd(out: Path) -> list[str]:
        script = ("import sys\nfrom whoosh import index\nfrom whoosh.qparser import MultifieldParser\n"
                  "ix = index.open_dir(sys.argv[1])\n"
                  "with ix.searcher() as s:\n"
                  "    q = MultifieldParser(['title', 'body'], ix.schema).parse('oil prices')\n"
                  "    r = s.search(q, limit=10)\n"
                  "    for h in r: print(h['title'], h.highlights('body'))\n")
        return [sys.executable, "-c", script, str(out)]


class Tantivy:
    name = "tantivy"

    @staticmethod
    def schema():
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
        sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
        sb.add_date_field("date", stored=True, indexed=True, fast=True)
        sb.add_text_field("source", stored=True, tokenizer_name="raw")
        return sb.build()

    @classmethod
    def build(cls, corpus: Path, out: Path) -> int:
        import tantivy

        out.mkdir(parents=True, exist_ok=True)
        ix = tantivy.Index(cls.schema(), path=str(out))
        writer = ix.writer(heap_size=200_000_000, num_threads=2)
        n = 0
        for r in read_records(corpus):
            doc = tantivy.Document(id=str(r["id"]), title=r.get("title") or "", body=r.get("body") or "",
                                   source=r.get("source") or "")
            if r.get("date"):
                doc.add_date("date", datetime.fromisoformat(r["date"].replace("Z", "+00:00")))
            writer.add_document(doc)
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        return n

    def __init__(self, out: Path):
        import tantivy

        self.tantivy = tantivy
        self.ix = tantivy.Index.open(str(out))
        self.ix.reload()
        self.searcher = self.ix.searcher()
        self.schema = self.ix.schema

    def query(self, cls: str, q: dict) -> int:
        if cls == "bag-of-words":
            text = " ".join("+" + w for w in q["words"])
        elif cls == "phrase":
            text = '"' + " ".join(q["phrase"]) + '"'
        else:
            end = (datetime.fromisoformat(q["end"]) + timedelta(days=1)).date().isoformat()
            text = f"+title:{q['title']} +date:[{q['start']}T00:00:00Z TO {end}T00:00:00Z}}"
        parsed = self.ix.parse_query(text, ["title", "body"])
        res = self.searcher.search(parsed, 10)
        gen = self.tantivy.SnippetGenerator.create(self.searcher, parsed, self.schema, "body")
        for _score, addr in res.hits:
            gen.snippet_from_doc(self.searcher.doc(addr)).to_html()
        return res.count if res.count is not None else len(res.hits)

    @staticmethod
    def cold_cmd(out: Path) -> list[str]:
        script = ("import sys, tantivy\nix = tantivy.Index.open(sys.argv[1]); s = ix.searcher()\n"
                  "q = ix.parse_query('oil prices', ['title', 'body'])\n"
                  "g = tantivy.SnippetGenerator.create(s, q, ix.schema, 'body')\n"
                  "for _, a in s.search(q, 10).hits: print(g.snippet_from_doc(s.doc(a)).to_html())\n")
        return [sys.executable, "-c", script, str(out)]


class Fts5:
    name = "fts5"

    @staticmethod
    def build(corpus: Path, out: Path) -> int:
        import sqlite3

        out.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(out / "fts.db")
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, date INTEGER, source TEXT);"
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');")
        n = 0
        for r in read_records(corpus):
            n += 1
            date = None
            if r.get("date"):
                date = int(datetime.fromisoformat(r["date"].replace("Z", "+00:00")).timestamp())
            db.execute("INSERT INTO meta VALUES (?,?,?,?)", (n, str(r["id"]), date, r.get("source")))
            db.execute("INSERT INTO docs(rowid, title, body) VALUES (?,?,?)", (n, r.get("title") or "", r.get("body") or ""))
        db.execute("CREATE INDEX meta_date ON meta(date)")
        db.commit()
        db.close()
        return n

    def __init__(self, out: Path):
        import sqlite3

        self.db = sqlite3.connect(out / "fts.db")

    def query(self, cls: str, q: dict) -> int:
        sql = ("SELECT meta.id, snippet(docs, 1, '[', ']', '…', 24) FROM docs JOIN meta ON meta.rowid = docs.rowid "
               "WHERE docs MATCH ? {extra} ORDER BY bm25(docs, 2.0, 1.0) LIMIT 10")
        if cls == "bag-of-words":
            rows = self.db.execute(sql.format(extra=""), (" ".join(q["words"]),)).fetchall()
        elif cls == "phrase":
            rows = self.db.execute(sql.format(extra=""), ('"' + " ".join(q["phrase"]) + '"',)).fetchall()
        else:
            start = int(datetime.fromisoformat(q["start"]).replace(tzinfo=timezone.utc).timestamp())
            end = int((datetime.fromisoformat(q["end"]) + timedelta(days=1)).replace(tzinfo=timezone.utc).timestamp())
            rows = self.db.execute(sql.format(extra="AND meta.date >= ? AND meta.date < ?"),
                                   (f"title : {q['title']}", start, end)).fetchall()
        return len(rows)

    @staticmethod
    def cold_cmd(out: Path) -> list[str]:
        script = ("import sys, sqlite3\ndb = sqlite3.connect(sys.argv[1] + '/fts.db')\n"
                  "for r in db.execute(\"SELECT snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH 'oil prices' "
                  "ORDER BY bm25(docs) LIMIT 10\"): print(r)\n")
        return [sys.executable, "-c", script, str(out)]


CLASSES = {"newssearch": Newssearch, "whoosh": StockWhoosh, "tantivy": Tantivy, "fts5": Fts5}


def available(name: str) -> bool:
    try:
        if name == "tantivy":
            import tantivy  # noqa: F401
        if name == "fts5":
            import sqlite3

            sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        return True
    except Exception:
        return False


# ---------------------------------------------------------------------------- measurements

def _child_build(engine: str, corpus: str, out: str) -> None:
    """Runs in its own process: build, then print wall time and this process's peak RSS."""
    start = time.perf_counter()
    n = CLASSES[engine].build(Path(corpus), Path(out))
    wall = time.perf_counter() - start
    # VmHWM is this process image's own peak (ru_maxrss would carry the parent's over exec);
    # worker processes it started count through RUSAGE_CHILDREN.
    hwm = next((int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")), 0)
    peak_kb = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    # CPU seconds of this process and its workers: on a machine shared with other work, wall
    # time follows the load, CPU time much less
    cpu = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                resource.getrusage(resource.RUSAGE_CHILDREN)))
    print(json.dumps({"n": n, "wall": wall, "peak_mb": peak_kb / 1024, "cpu": cpu}))


def measure_build(engine: str, corpus: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run([sys.executable, __file__, "--child-build", engine, str(corpus), str(out)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} build failed: {proc.stderr.strip().splitlines()[-1:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    mb_in = corpus.stat().st_size / 1e6
    return {"n": data["n"], "wall": data["wall"], "rate": data["n"] / data["wall"],
            "mbps": mb_in / data["wall"], "size_mb": size / 1e6, "peak_mb": data["peak_mb"], "cpu": data["cpu"]}


# One untimed query per class for every engine before the timed ones: opens files, fills OS
# caches and whatever an engine builds on its first query of a kind (a date column read, say).
# Each holds a three-letter word, which make_queries never draws, so no timed query repeats one.
WARM_UP = {"bag-of-words": {"words": ["oil", "company"]}, "phrase": {"phrase": ["oil", "prices"]},
           "field+date": {"title": "oil", "start": "1987-03-01", "end": "1987-03-31"}}


def _summary(times: list[float]) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"p50": statistics.median(times), "p95": p95, "max": times[-1]}


def measure_queries(engines: list[str], outs: dict, queries: dict) -> dict:
    """Every engine answers each query in turn (the first engine rotating), so all of them see the
    same moments of a machine whose speed drifts; each query is timed once per engine."""
    objs = {e: CLASSES[e](outs[e]) for e in engines}
    for obj in objs.values():
        for cls, q in WARM_UP.items():
            obj.query(cls, q)
    times: dict = {e: {c: [] for c in queries} for e in engines}
    turn = 0
    for cls, qs in queries.items():
        for q in qs:
            turn += 1
            k = turn % len(engines)
            for e in engines[k:] + engines[:k]:
                t = time.perf_counter()
                objs[e].query(cls, q)
                times[e][cls].append((time.perf_counter() - t) * 1000)
    return {e: {c: _summary(ts) for c, ts in times[e].items()} for e in engines}


def measure_cold(engines: list[str], outs: dict, runs: int = 5) -> dict:
    """Median wall time of a new process answering one query, engines alternating run by run.
    Our package's bytecode is compiled first, as any installed package has it (pip compiles on
    install; an editable checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile
    every module at every start, about 40 ms, which Whoosh's installed modules never pay)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=False)
    times: dict = {e: [] for e in engines}
    for _ in range(runs):
        for e in engines:
            cmd = CLASSES[e].cold_cmd(outs[e])
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times[e].append(time.perf_counter() - t)
    return {e: statistics.median(ts) for e, ts in times.items()}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        _child_build(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--scales", default="1,2,4")
    ap.add_argument("--queries", type=int, default=51)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--workdir", default=None, help="keep corpora and indexes here (default: a temp dir)")
    ap.add_argument("--build-runs", type=int, default=2, help="builds per engine at the first scale (best counts)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"bench: corpus not found: {corpus}")
    engines = [e for e in args.engines.split(",") if e]
    missing = [e for e in engines if not available(e)]
    for e in missing:
        print(f"(skipping {e}: not installed; pip install -e '.[bench]')")
    engines = [e for e in engines if e not in missing]
    scales = [int(s) for s in args.scales.split(",")]
    work = Path(args.workdir or tempfile.mkdtemp(prefix="nsbench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    for scale in scales:
        cpath = scaled_corpus(corpus, scale, work)
        queries = make_queries(cpath, args.queries)
        outs = {eng: work / f"{eng}-x{scale}" for eng in engines}
        builds: dict = {}
        # At the first scale every engine builds twice, the engines taking turns, and the faster
        # build counts: this VM's speed drifts by up to 50% over minutes.
        for _ in range(args.build_runs if scale == scales[0] else 1):
            for eng in engines:
                b = measure_build(eng, cpath, outs[eng])
                print(f"{eng:10} x{scale}: {b['n']:,} articles in {b['wall']:.1f}s ({b['rate']:,.0f}/s, "
                      f"{b['mbps']:.2f} MB/s), {b['size_mb']:.0f} MB, peak {b['peak_mb']:.0f} MB", flush=True)
                if eng not in builds or b["wall"] < builds[eng]["wall"]:
                    builds[eng] = b
        qstats = measure_queries(engines, outs, queries)
        colds = measure_cold(engines, outs) if scale == scales[0] else {}
        for eng in engines:
            q = qstats[eng]
            results[(eng, scale)] = {"build": builds[eng], "query": q, "cold": colds.get(eng)}
            print(f"{eng:10} x{scale}: "
                  + "; ".join(f"{c} p50 {v['p50']:.1f} p95 {v['p95']:.1f} max {v['max']:.1f} ms" for c, v in q.items())
                  + (f"; cold {colds[eng]:.2f}s" if eng in colds else ""), flush=True)
    print_table(results, engines, scales)


def print_table(results: dict, engines: list[str], scales: list[int]) -> None:
    print("\n| engine | scale | articles/s | MB/s | index MB | peak MB | bow p50/p95 ms | phrase p50/p95 ms | field+date p50/p95 ms | cold s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for scale in scales:
        for eng in engines:
            r = results[(eng, scale)]
            b, q = r["build"], r["query"]
            cells = [f"{q[c]['p50']:.1f} / {q[c]['p95']:.1f}" for c in ("bag-of-words", "phrase", "field+date")]
            cold = f"{r['cold']:.2f}" if r["cold"] else ""
            print(f"| {eng} | {scale}x | {b['rate']:,.0f} | {b['mbps']:.2f} | {b['size_mb']:.0f} | "
                  f"{b['peak_mb']:.0f} | " + " | ".join(cells) + f" | {cold} |")

    def ratio(a: str, b: str, scale: int) -> None:
        if (a, scale) not in results or (b, scale) not in results:
            return
        ra, rb = results[(a, scale)], results[(b, scale)]
        parts = [f"indexing speed {ra['build']['rate'] / rb['build']['rate']:.2f}x"]
        for c in ("bag-of-words", "phrase", "field+date"):
            parts.append(f"{c} p95 {ra['query'][c]['p95'] / rb['query'][c]['p95']:.2f}")
        if ra["cold"] and rb["cold"]:
            parts.append(f"cold {ra['cold'] / rb['cold']:.2f}")
        print(f"- {a} / {b} at {scale}x: " + ", ".join(parts))

    print("\nRatios (speed: higher is better; latency: lower is better):")
    for scale in scales:
        ratio("newssearch", "whoosh", scale)
        ratio("newssearch", "tantivy", scale)
    growth = [s for s in scales if s * 2 in scales]
    for s in growth:
        for eng in engines:
            a, b = results[(eng, s)], results[(eng, s * 2)]
            print(f"- {eng} field+date p95 growth {s}x -> {2 * s}x: "
                  f"{b['query']['field+date']['p95'] / a['query']['field+date']['p95']:.2f}x")


if __name__ == "__main__":
    main()
