"""Ranking quality on the TIME test collection (423 Time-magazine articles of 1963, 83 queries
with relevance judgments): newssearch against the BM25 engines people reach for, on the same
documents and the same queries, typed as statements.

    .venv/bin/python benchmarks/ranking.py [--time-dir ../shared/corpora/time/derived]

Prints nDCG@10, MAP, P@10 and recall@100 per engine (trec_eval's definitions, through
pytrec-eval-terrier), and how many queries each engine wins against newssearch any-word mode.
tantivy, bm25s and SQLite FTS5 run when installed (`pip install -e '.[bench]'`; FTS5 is in
Python's sqlite3). Each engine gets the documents as they are (no title: TIME has none) and the
query text as typed; where an engine's query syntax would choke on punctuation, its words are
passed as an OR of terms, which is what its users do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "corpora" / "time" / "derived"
DEPTH = 1000  # documents ranked per query (TIME has 423: all of them)
MEASURES = {"ndcg_cut_10": "nDCG@10", "map": "MAP", "P_10": "P@10", "recall_100": "R@100"}


def load(folder: Path):
    with gzip.open(folder / "time.docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    queries = {}
    for line in (folder / "time.queries.tsv").read_text(encoding="utf-8").splitlines():
        qid, text = line.split("\t", 1)
        queries[qid] = text
    qrels: dict[str, dict[str, int]] = {}
    for line in (folder / "time.qrels").read_text(encoding="utf-8").splitlines():
        qid, _, doc, rel = line.split()
        qrels.setdefault(qid, {})[doc] = int(rel)
    return docs, queries, qrels


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text)


# ---------------------------------------------------------------------------------- engines

def run_newssearch(docs, queries, match: str) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from newssearch import NewsIndex

    with tempfile.TemporaryDirectory() as tmp:
        ix = NewsIndex.open(Path(tmp) / "ix", create=True)
        ix.add_articles(docs)
        run = {}
        for qid, text in queries.items():
            res = ix.search(text, match=match, limit=DEPTH, snippets=0, collapse=False, strict=False)
            run[qid] = {h.id: float(DEPTH - rank) for rank, h in enumerate(res.hits)}
        ix.close()
    return run


def run_tantivy(docs, queries):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    schema = builder.build()
    with tempfile.TemporaryDirectory() as tmp:
        index = tantivy.Index(schema, path=tmp)
        writer = index.writer()
        for d in docs:
            writer.add_document(tantivy.Document(id=d["id"], body=d["body"]))
        writer.commit()
        index.reload()
        searcher = index.searcher()
        run = {}
        for qid, text in queries.items():
            q = index.parse_query(" ".join(words(text)).lower(), ["body"])  # (upper case: operators)
            hits = searcher.search(q, DEPTH).hits
            run[qid] = {searcher.doc(addr)["id"][0]: float(score) for score, addr in hits}
    return run


def run_bm25s(docs, queries):
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([d["body"] for d in docs], stopwords="en", stemmer=stemmer, show_progress=False),
                    show_progress=False)
    run = {}
    for qid, text in queries.items():
        tokens = bm25s.tokenize([text], stopwords="en", stemmer=stemmer, show_progress=False)
        found, scores = retriever.retrieve(tokens, k=min(DEPTH, len(docs)), show_progress=False)
        run[qid] = {docs[i]["id"]: float(s) for i, s in zip(found[0], scores[0])}
    return run


def run_fts5(docs, queries):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize='porter')")
    db.executemany("INSERT INTO docs VALUES (?, ?)", [(d["id"], d["body"]) for d in docs])
    run = {}
    for qid, text in queries.items():
        match = " OR ".join(f'"{w}"' for w in words(text))
        rows = db.execute("SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                          (match, DEPTH)).fetchall()
        run[qid] = {i: -float(s) for i, s in rows}
    return run


# ---------------------------------------------------------------------------------- evaluation

def evaluate(run, qrels) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(mean of each measure, per-query values) by trec_eval's definitions."""
    import pytrec_eval

    per_query = pytrec_eval.RelevanceEvaluator(qrels, set(MEASURES)).evaluate(
        {qid: run.get(qid, {}) for qid in qrels})
    means = {m: sum(q[m] for q in per_query.values()) / len(qrels) for m in MEASURES}
    return means, per_query


def engines(docs, queries):
    yield "newssearch, match any", lambda: run_newssearch(docs, queries, "any")
    yield "newssearch, match all (default)", lambda: run_newssearch(docs, queries, "all")
    for name, runner, module in (("tantivy (en_stem)", run_tantivy, "tantivy"),
                                 ("bm25s + PyStemmer", run_bm25s, "bm25s"),
                                 ("SQLite FTS5 (porter, OR, bm25)", run_fts5, None)):
        if module is not None:
            try:
                __import__(module)
            except ImportError:
                print(f"({name}: not installed, skipped)")
                continue
        yield name, (lambda runner=runner: runner(docs, queries))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--time-dir", default=str(DEFAULT_DIR))
    args = ap.parse_args()
    folder = Path(args.time_dir)
    if not (folder / "time.docs.jsonl.gz").exists():
        sys.exit(f"ranking: TIME collection not found in {folder}")
    docs, queries, qrels = load(folder)
    results = {}
    for name, make in engines(docs, queries):
        results[name] = evaluate(make(), qrels)
    print(f"\nTIME collection: {len(docs)} articles, {len(qrels)} judged queries\n")
    print("| engine | " + " | ".join(MEASURES.values()) + " | queries won / lost vs newssearch any |")
    print("|---|" + "---|" * (len(MEASURES) + 1))
    ours = results["newssearch, match any"][1]
    for name, (means, per_query) in results.items():
        won = sum(1 for q in per_query if per_query[q]["ndcg_cut_10"] > ours[q]["ndcg_cut_10"] + 1e-9)
        lost = sum(1 for q in per_query if per_query[q]["ndcg_cut_10"] < ours[q]["ndcg_cut_10"] - 1e-9)
        vs = "" if name == "newssearch, match any" else f"{won} / {lost}"
        print(f"| {name} | " + " | ".join(f"{means[m]:.3f}" for m in MEASURES) + f" | {vs} |")


if __name__ == "__main__":
    main()
