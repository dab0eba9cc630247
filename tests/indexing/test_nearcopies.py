"""Wire copies and near-duplicates: clustered at index time, collapsed at search time."""

import json
import subprocess
import sys

from newssearch import NewsIndex
from newssearch.indexing.nearcopies import CopyFinder

from helpers import whoosh_searcher

WIRE = ("The Bank of Japan intervened in the currency market on Monday, buying dollars after the yen rose "
        "to a record high, dealers said. The central bank bought a moderate amount of dollars around 137.80 "
        "yen, they said, adding that the intervention came shortly after the Tokyo market opened. Finance "
        "Ministry officials declined to comment on the operation, which dealers said had little lasting "
        "effect on the dollar's slide against the Japanese currency during the morning session.")
OTHER = ("Grain exports from Black Sea ports rose sharply in March as shipping costs fell and insurers "
         "returned to the region, traders said on Friday, adding that wheat and maize shipments were both "
         "above last year's levels. Port operators reported queues of vessels waiting to load, while "
         "analysts warned that the gains could be short-lived if freight rates climbed again in the spring.")


def copies_of(body):
    return [
        {"id": "wire", "title": "BANK OF JAPAN INTERVENES", "body": body, "source": "Reuters", "date": "1987-04-27"},
        {"id": "paper", "title": "Japan's central bank steps in to buy dollars", "source": "Daily Paper",
         "body": "TOKYO - " + body + " Editor's note: this story has been updated.", "date": "1987-04-27"},
        {"id": "site", "title": "BoJ intervenes", "source": "Money Site", "date": "1987-04-28",
         "body": body + " Reporting by a staff writer; editing by the desk."},
        {"id": "other", "title": "Black Sea grain exports rise", "body": OTHER, "date": "1987-04-27"},
    ]


def test_near_copies_share_a_cluster_and_other_stories_do_not():
    finder = CopyFinder()
    clusters = {a["id"]: finder.add(a["id"], a["body"])[0] for a in copies_of(WIRE)}
    assert clusters == {"wire": "wire", "paper": "wire", "site": "wire", "other": "other"}


def test_search_collapses_copies_and_says_how_many(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    report = ix.add_articles(copies_of(WIRE))
    assert report.near_copies == 2
    res = ix.search("intervened dollars")
    assert res.total == 3 and len(res.hits) == 1 and res.hits[0].copies == 2
    every = ix.search("intervened dollars", collapse=False)
    assert every.total == 3 and {h.id for h in every.hits} == {"wire", "paper", "site"}
    assert [c["id"] for c in ix.copies("paper").copies] == ["wire", "site"]
    assert ix.copies("other").copies == []


def test_clusters_persist_across_incremental_runs(tmp_path):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    first, *rest = copies_of(WIRE)
    ix.add_articles([first])
    report = NewsIndex.open(tmp_path / "ix").add_articles(rest)
    assert report.near_copies == 2
    assert NewsIndex.open(tmp_path / "ix").search("intervened").hits[0].copies == 2


def test_cluster_members_follow_the_clusters_with_copies(tmp_path):
    """A refreshed searcher keeps the readers of unchanged segments (and what they cached) while
    new copies, in another segment, may give one of their stories copies: the members of a
    segment's clusters are made again when the set of clusters with copies changes."""
    from newssearch.engine import SegmentView
    from newssearch.search.ranking import cluster_members

    ix = NewsIndex.open(tmp_path / "ix", create=True)
    wire, paper, site, other = copies_of(WIRE)
    ix.add_articles([wire, other, dict(other, id="other-again", title="Grain exports up")])
    reader = next(iter(whoosh_searcher(ix).leaf_searchers()))[0].reader()
    ids = [reader.stored_fields(d)["id"] for d in range(reader.doc_count_all())]
    segment = SegmentView(reader)
    before = cluster_members(segment, frozenset({b"other"}))
    assert {c: [ids[d] for d in ds] for c, ds in before.items()} == {b"other": ["other", "other-again"]}
    after = cluster_members(segment, frozenset({b"other", b"wire"}))
    assert {c: [ids[d] for d in ds] for c, ds in after.items()} == {
        b"other": ["other", "other-again"], b"wire": ["wire"]}
    assert cluster_members(SegmentView(reader), frozenset({b"other", b"wire"})) is after  # equal: kept


def test_cli_no_collapse_and_show_copies(tmp_path):
    src = tmp_path / "copies.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in copies_of(WIRE)))
    ix = str(tmp_path / "ix")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "newssearch", *args, "--index", ix],
                              capture_output=True, text=True, check=True).stdout

    assert "near copies" in run("index", str(src))
    assert "+2 similar" in run("query", "intervened")
    assert len(json.loads(run("query", "intervened", "--no-collapse", "-f", "json"))["hits"]) == 3
    listing = json.loads(run("show", "wire", "--copies", "-f", "json"))
    assert [c["id"] for c in listing["copies"]] == ["paper", "site"]


def test_signatures_are_datasketch_minhash_values_and_banding_is_its_choice():
    """Signatures stored by earlier runs (made with datasketch) must stay comparable."""
    import zlib

    from datasketch import MinHash, MinHashLSH

    from newssearch.indexing import nearcopies

    finder = CopyFinder()
    for body in (WIRE, OTHER, "Überraschung: Köln und Straße " * 12, WIRE.upper(), " ".join([WIRE] * 3)):
        m = MinHash(num_perm=nearcopies.NUM_PERM, seed=nearcopies.SEED, hashfunc=zlib.crc32, scheme="affine32")
        # datasketch gets each shingle once; ours also hashes repeats, which cannot change a minimum
        m.update_batch(sorted(set(nearcopies.shingles(body))))
        assert finder.signature(body).tolist() == m.hashvalues.tolist()
    lsh = MinHashLSH(threshold=nearcopies.THRESHOLD, num_perm=nearcopies.NUM_PERM)
    assert (lsh.b, lsh.r) == (nearcopies.BANDS, nearcopies.ROWS)


def test_shingles_fold_case_and_accents_the_same_way_for_ascii_and_other_text():
    from newssearch.indexing.nearcopies import shingles

    body = " ".join(f"Word{i} Zürich" for i in range(30))
    assert set(shingles(body)) == set(shingles(body.replace("Zürich", "ZURICH").replace("Word", "word")))
    assert set(shingles(WIRE)) == set(shingles(WIRE.upper()))


def test_a_re_added_article_replaces_its_own_signature():
    finder = CopyFinder()
    finder.add("a", WIRE)
    finder.add("a", OTHER)  # the same id with another body: no longer a copy of the wire story
    assert finder.add("b", WIRE)[0] == "b"
    assert finder.add("c", OTHER)[0] == "a"
