"""Load on `newssearch serve` over loopback: a fixed number of mixed requests (searches with
filters, facets and pages, timelines, articles, similar stories) from 1, 8 and 32 concurrent
clients, each on a kept-alive connection. Prints requests/s and p50 / p95 / max latency per level
and every status that was not 200; exits 1 on any 5xx. Stops by itself.

    .venv/bin/python benchmarks/serve.py [CORPUS.jsonl.gz] [--requests 600] [--clients 1,8,32] [--threads N] [--workers N]

The index is built once into benchmarks/.serve/ (kept between runs); the server is the real
command (`python -m newssearch serve`) in a process of its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
WORDS = ("oil", "gold", "bank", "dollar", "coffee", "cocoa", "wheat", "crude", "opec", "tariff", "japan",
         "yen", "profit", "merger", "shares", "rates", "trade", "deficit", "grain", "sugar")
PHRASES = ('"interest rates"', '"trade deficit"', '"crude oil"', '"central bank"', '"stock split"')


def requests_mix(n: int, ids: list[str], seed: int = 1) -> list[str]:
    """`n` request paths: 70% searches (words, phrases, OR, filters, facets, pages, any-match),
    10% timelines, 10% articles, 10% similar stories."""
    rnd = random.Random(seed)
    paths = []
    for _ in range(n):
        kind = rnd.random()
        if kind < 0.7:
            q = rnd.choice([rnd.choice(WORDS), rnd.choice(PHRASES), f"{rnd.choice(WORDS)} {rnd.choice(WORDS)}",
                            f"{rnd.choice(WORDS)} OR {rnd.choice(WORDS)}", f"title:{rnd.choice(WORDS)}"])
            params = [("q", q)]
            if rnd.random() < 0.3:
                params += [("since", "1987-03-01"), ("until", "1987-03-31")]
            if rnd.random() < 0.3:
                params += [("facet", "month"), ("facet", "source")]
            if rnd.random() < 0.2:
                params.append(("page", str(rnd.randint(2, 5))))
            if rnd.random() < 0.1:
                params.append(("match", "any"))
            paths.append("/api/search?" + urllib.parse.urlencode(params))
        elif kind < 0.8:
            paths.append("/api/timeline?" + urllib.parse.urlencode({"q": rnd.choice(WORDS), "by": "week"}))
        elif kind < 0.9:
            paths.append("/api/articles/" + urllib.parse.quote(rnd.choice(ids), safe=""))
        else:
            paths.append("/api/articles/" + urllib.parse.quote(rnd.choice(ids), safe="") + "/similar?limit=5")
    return paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def run_level(port: int, paths: list[str], clients: int) -> dict:
    """Every path once, shared among `clients` threads (each with its own connection)."""
    todo = iter(enumerate(paths))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                item = next(todo, None)
            if item is None:
                break
            t0 = time.perf_counter()
            status, _ = get(conn, item[1])
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "wall_s": wall, "rps": len(latencies) / wall,
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))], "max_ms": 1000 * latencies[-1],
            "statuses": statuses}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--requests", type=int, default=600, help="requests at each level")
    ap.add_argument("--clients", default="1,8,32")
    ap.add_argument("--threads", type=int, default=None, help="the server's --threads")
    ap.add_argument("--workers", type=int, default=1, help="the server's --workers (processes)")
    args = ap.parse_args()
    index = HERE / ".serve" / args.corpus.name.split(".")[0]
    py = [sys.executable, "-m", "newssearch"]
    built = index.with_suffix(".built")
    if not built.exists():
        print(f"indexing {args.corpus} into {index} ...", flush=True)
        subprocess.run(py + ["index", str(args.corpus), "--index", str(index), "--rebuild"], check=True,
                       stdout=subprocess.DEVNULL)
        built.touch()
    port = free_port()
    cmd = py + ["serve", "--index", str(index), "--port", str(port)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    if args.workers > 1:
        cmd += ["--workers", str(args.workers)]
    started = time.perf_counter()
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                status, body = get(conn, "/api/search?" + urllib.parse.urlencode({"q": "*", "limit": 100}))
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 30:
                    raise SystemExit("the server did not start")
                time.sleep(0.05)
        first = time.perf_counter() - started
        ids = [h["id"] for h in json.loads(body)["hits"]]
        stats = json.loads(get(conn, "/api/stats")[1])
        for path in requests_mix(50, ids, seed=0):  # warm every thread's snapshot, untimed
            get(conn, path)
        conn.close()
        print(f"index: {stats['articles']:,} articles; {args.workers} server process(es); the server answered its first request "
              f"{first:.2f} s after it was started; {args.requests} mixed requests per level\n")
        print(f"{'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  statuses")
        failed = 0
        for level in [int(c) for c in args.clients.split(",")]:
            r = run_level(port, requests_mix(args.requests, ids, seed=level), level)
            failed += sum(n for s, n in r["statuses"].items() if s >= 500)
            print(f"{level:>7} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f}  "
                  f"{r['statuses']}", flush=True)
    finally:
        server.terminate()
        server.wait(10)
    print(f"\n{failed} responses were 5xx")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
