"""The raw-input oracle: judged against what the user gave us, not against our own cleaned text.

For every record of Reuters-21578, the TIME collection and the format fixtures: every word of its
raw title, dateline and body is found by a default search for that article (the residue lines the
cleaner is documented to drop are listed and left out: there are none in these corpora), and its
raw date is the date stored. Totals of word queries are compared with a scan of the raw records.
"""

from __future__ import annotations

import gzip
import json
import random
from datetime import datetime, timezone

import pytest

from newssearch import NewsIndex
from newssearch.ingest.clean import is_residue, normalise
from newssearch.text.analysis import terms, words

from helpers import REUTERS, TIME, requires_reuters


def raw_records(path):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def raw_terms(*texts: str) -> tuple[set[str], list[str]]:
    """(terms of the raw texts, the residue lines left out of them)."""
    kept, residue = [], []
    for text in texts:
        for line in normalise(text or "").split("\n"):
            (residue if is_residue(line) else kept).append(line)
    return set(terms("\n".join(kept))), residue


def indexed_terms(stored: dict) -> set[str]:
    """What a default search for the article looks in: its title (unless made from the body),
    dateline and body."""
    title = "" if stored.get("title_derived") else stored.get("title", "")
    return set(terms(" ".join((title, stored.get("dateline", ""), stored.get("body", "")))))


def check_words_and_dates(ix, records, title="title", body="body", dateline="dateline"):
    lost, residue, misdated = {}, [], []
    for rec in records:
        have, dropped = raw_terms(rec.get(title) or "", rec.get(dateline) or "", rec.get(body) or "")
        residue += dropped
        if not have:
            continue  # nothing to search for: the record is skipped, and the run says so
        stored = ix.get(str(rec["id"]))
        missing = have - indexed_terms(stored)
        if missing:
            lost[rec["id"]] = sorted(missing)[:8]
        raw_date = rec.get("date")
        if raw_date:
            expected = datetime.fromisoformat(raw_date.replace("Z", "+00:00"))
            expected = expected if expected.tzinfo else expected.replace(tzinfo=timezone.utc)
            shown = stored["date"]
            got = datetime.fromisoformat(shown.replace("Z", "+00:00") if "T" in shown else shown + "T00:00:00+00:00")
            if got != expected:
                misdated.append((rec["id"], raw_date, shown))
    assert not lost, f"{len(lost)} articles lost words, e.g. {list(lost.items())[:5]}"
    assert not misdated, f"{len(misdated)} dates misread, e.g. {misdated[:5]}"
    assert residue == [], f"residue lines dropped: {residue[:10]}"


def check_word_totals(ix, records, rnd, n, fields=("title", "dateline", "body")):
    """Random words as a user would type them (not stems): each query finds exactly the raw
    records holding the word's term (the same ids, not only as many), and says so in its total."""
    docs = [(str(r["id"]), raw_terms(*(r.get(f) or "" for f in fields))[0]) for r in records]
    typed = sorted({w for r in rnd.sample(records, 200) for f in fields
                    for w in words(r.get(f) or "") if w.isalpha() and len(w) > 2})
    for word in rnd.sample(typed, n):
        term = terms(word)[0]
        expected = {i for i, t in docs if term in t}
        total, hits = ix.export(word)
        got = {h.id for h in hits}
        assert total == len(got) and got == expected, (word, total, sorted(got ^ expected)[:5])


@requires_reuters()
def test_every_raw_word_and_date_of_reuters_is_found(reuters_index):
    check_words_and_dates(reuters_index, raw_records(REUTERS))


@requires_reuters()
def test_reuters_word_totals_match_a_scan_of_the_raw_records(reuters_index):
    records = raw_records(REUTERS)
    check_word_totals(reuters_index, records, random.Random(13), 60)
    for word in ("cocoa", "gold", "federal"):  # heading words of untitled items among them
        check_word_totals_of(reuters_index, records, word)
    assert reuters_index.search('"luxembourg gold fixing"').total > 0


def check_word_totals_of(ix, records, word):
    expected = sum(1 for r in records if terms(word)[0] in raw_terms(r.get("title") or "", r.get("dateline") or "",
                                                                    r.get("body") or "")[0])
    assert ix.search(word, limit=1, snippets=0, collapse=False).total == expected, word


@pytest.mark.slow
def test_every_raw_word_and_date_of_the_time_collection_is_found(time_index):
    records = raw_records(TIME)
    check_words_and_dates(time_index, records)
    check_word_totals(time_index, records, random.Random(5), 60)
    hit = time_index.search('"south viet nam"').hits[0]
    assert hit.title_derived  # TIME gives no headline: one made from the body is marked as such


def test_every_raw_word_of_the_format_fixtures_is_found(tmp_path, corpus_dir):
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths([corpus_dir])
    wire = [json.loads(line) for line in (corpus_dir / "nested" / "wire.jsonl").read_text().splitlines()
            if line.startswith("{")]
    array = json.loads((corpus_dir / "array.json").read_text())
    import csv

    with open(corpus_dir / "exports.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for recs, mapping in ((wire, {"title": "headline", "body": "text"}), (array, {"body": "content"}),
                          (rows, {"id": "article_id", "body": "story_text"})):
        for rec in recs:
            fields = {"id": rec[mapping.get("id", "id")], "title": rec.get(mapping.get("title", "title"), ""),
                      "body": rec.get(mapping["body"], "")}
            have, residue = raw_terms(fields["title"], fields["body"])
            if not have:
                continue
            assert not residue and have <= indexed_terms(ix.get(fields["id"])), fields["id"]


def test_every_raw_word_of_text_articles_is_found(tmp_path, corpus_dir):
    """Scraped text files (the seed, with its share-bar residue, and the fixtures): every word
    but those of the residue lines and of the date line (which is the date) is searchable."""
    from newssearch.text.dates import parse_date_line

    from helpers import SEED

    files = [SEED, *sorted(corpus_dir.glob("*.txt"))]
    ix = NewsIndex.open(tmp_path / "ix", create=True)
    ix.index_paths(files)
    residue_seen = []
    for path in files:
        lines = [ln for ln in normalise(path.read_text(encoding="utf-8")).split("\n") if ln.strip()]
        dated = [ln for ln in lines[1:3] if parse_date_line(ln)]
        text_lines = [ln for ln in lines if ln not in dated]
        have, residue = raw_terms("\n".join(text_lines))
        residue_seen += residue
        [hit] = [h for h in ix.search("*", limit=100).hits if ix.get(h.id)["origin"] == str(path)]
        assert have <= indexed_terms(ix.get(hit.id)), (path.name, sorted(have - indexed_terms(ix.get(hit.id))))
    assert sorted(residue_seen) == sorted([  # the page furniture the cleaner is documented to drop
        "icon-facebook icon-twitter icon-whatsapp", "icon-facebook icon-twitter icon-whatsapp", "Advertisement",
        "Share this article", "icon-facebook icon-twitter icon-whatsapp", "Read more: Why rates matter",
        "We use cookies to improve your experience. By continuing you accept our cookie policy."])
