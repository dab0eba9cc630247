"""Timeline, facets, terms, samples, export, similar stories and did-you-mean on a corpus with
known counts; timeline counts cross-checked against `query`, facets against a brute-force count."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta

import pytest

from newssearch import NewsIndex
from newssearch.errors import QueryError

START = date(2024, 2, 1)


def corpus() -> list[dict]:
    """60 articles over 30 days: every 3rd about a ceasefire, sources and authors in a cycle."""
    arts = []
    for i in range(60):
        day = START + timedelta(days=i // 2)
        topic = ("Mediators pressed for a ceasefire in Gaza as talks resumed in Cairo."
                 if i % 3 == 0 else "Grain exports rose as shipping costs fell at the ports.")
        arts.append({
            "id": f"a{i:02d}", "title": f"Report {i}: " + ("ceasefire talks" if i % 3 == 0 else "grain trade"),
            "body": topic + f" Story number {i} adds local detail about the week.",
            "date": f"{day.isoformat()}T{(i * 5) % 24:02d}:00:00Z",
            "source": ["Reuters", "AP", "Arab News"][i % 3 if i % 2 else (i // 2) % 3],
            "author": ["Jane Doe", "John Roe"][i % 2] if i % 4 else "",
        })
    arts.append({"id": "undated", "title": "Ceasefire explainer", "body": "What a ceasefire means."})
    # an exact copy of a00 under another id: similar() must leave it out
    arts.append(dict(arts[0], id="copy-of-a00", title="Same story, other headline"))
    return arts


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    index = NewsIndex.open(tmp_path_factory.mktemp("analysis") / "ix", create=True)
    index.add_articles(corpus())
    return index


def test_timeline_counts_equal_query_counts_per_period(ix):
    for by in ("day", "week", "month"):
        tl = ix.timeline(["ceasefire", "grain"], by=by)
        assert tl.by == by and tl.undated == 1
        for p in tl.periods:
            last = p.end - timedelta(days=1)
            for q, n in zip(tl.queries, p.counts):
                assert n == ix.search(q, since=str(p.start), until=str(last), limit=1).total, (by, p, q)
            assert p.total == ix.search("*", since=str(p.start), until=str(last), limit=1).total


def test_timeline_known_counts_and_empty_periods_are_zeros(ix):
    tl = ix.timeline(["ceasefire"], by="day", since="2024-01-30", until="2024-03-05")
    assert len(tl.periods) == 36  # every day of the window, data or not
    assert tl.periods[0].total == 0 and tl.periods[0].counts == [0]
    assert sum(p.counts[0] for p in tl.periods) == 21  # 60 / 3 + the copy; the undated one is in no period
    assert sum(p.total for p in tl.periods) == 61  # 60 dated + the dated copy
    feb1 = tl.periods[2]
    assert (feb1.start, feb1.total, feb1.counts) == (date(2024, 2, 1), 3, [2])  # a00, a01, copy-of-a00


def test_timeline_chooses_the_period_from_the_span(ix):
    assert ix.timeline("grain").by == "day"  # a month of data
    assert ix.timeline("grain", since="2023-01-01", until="2024-03-01").by == "week"


def test_timeline_with_source_filter_uses_that_source_as_denominator(ix):
    tl = ix.timeline(["ceasefire"], by="month", sources=["Reuters"])
    reuters = sum(1 for a in corpus() if a.get("source") == "Reuters" and a.get("date"))
    assert sum(p.total for p in tl.periods) == reuters


def test_facets_count_all_matches_not_just_the_page(ix):
    res = ix.search("ceasefire", limit=2, facets=["source", "author", "month", "year"])
    matching = [a for a in corpus() if "ceasefire" in (a["title"] + a["body"]).lower()]
    assert res.total == len(matching) and len(res.hits) == 2
    assert res.facets["source"] == dict(Counter(a.get("source") or "(none)" for a in matching).most_common())
    authors = Counter(a.get("author") or "(none)" for a in matching)
    assert res.facets["author"] == dict(authors.most_common())
    months = Counter(a["date"][:7] if a.get("date") else "(undated)" for a in matching)
    undated = months.pop("(undated)")
    assert res.facets["month"] == dict(sorted(months.items())) | {"(undated)": undated}
    assert undated == 1
    assert res.facets["year"] == {"2024": len(matching) - 1, "(undated)": 1}


def test_unknown_facet_is_an_error(ix):
    with pytest.raises(QueryError, match="unknown facet"):
        ix.search("grain", facets=["colour"])


def test_sample_is_reproducible_and_drawn_from_the_matches(ix):
    a = [h.id for h in ix.search("grain", sample=5, seed=42).hits]
    b = [h.id for h in ix.search("grain", sample=5, seed=42).hits]
    c = [h.id for h in ix.search("grain", sample=5, seed=7).hits]
    assert a == b and len(a) == 5 and set(a) != set(c)
    grain = {h.id for h in ix.search("grain", limit=100).hits}
    assert set(a) <= grain
    assert len(ix.search("grain", sample=500).hits) == len(grain)


def test_export_streams_every_match_newest_first(ix):
    total, hits = ix.export("ceasefire")
    got = list(hits)
    assert total == len(got) == 22
    dated = [h.date.value for h in got if h.date]
    assert dated == sorted(dated, reverse=True) and got[-1].date is None
    assert all(h.snippets == [] for h in got)


def test_terms_finds_what_sets_the_matches_apart(ix):
    found = ix.terms("ceasefire")
    words = [t.term for t in found.terms if t.kind == "word"]
    phrases = [t.term for t in found.terms if t.kind == "phrase"]
    assert found.total == 22 and found.query == "ceasefire"
    assert {"mediators", "gaza", "cairo"} <= set(words[:8])
    assert "talks resumed" in phrases
    assert not {"the", "a", "as", "in"} & set(words)  # stop words left out here
    assert "grain" not in words  # under-represented terms are not characteristic


def test_similar_finds_the_same_topic_and_leaves_out_itself_and_copies(ix):
    res = ix.similar("a00", limit=5)
    ids = [h.id for h in res.hits]
    assert "a00" not in ids and "copy-of-a00" not in ids
    assert all(int(i[1:]) % 3 == 0 for i in ids if i.startswith("a"))  # ceasefire stories


def test_did_you_mean_suggests_but_never_rewrites(ix):
    res = ix.search("cesefire talks")
    assert res.total == 0 and res.did_you_mean == "ceasefire talks"
    assert ix.search("Grian").did_you_mean == "Grain"
    assert ix.search("ceasefire").did_you_mean is None


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_timeline_cli_json_csv_and_plot(ix, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "chart.png"
    cmd = [sys.executable, "-m", "newssearch", "timeline", "ceasefire", "grain", "--index", str(ix.path)]
    out = subprocess.run(cmd + ["-f", "json", "--plot", str(png)], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["queries"] == ["ceasefire", "grain"] and data["by"] == "day"
    assert sum(p["counts"]["ceasefire"] for p in data["periods"]) == 21
    assert _png_size(png) == (1000, 400) and png.stat().st_size > 10_000
    csv_out = subprocess.run(cmd + ["-f", "csv"], capture_output=True, text=True, check=True).stdout
    assert csv_out.splitlines()[0] == "start,end,articles,ceasefire,ceasefire share,grain,grain share"
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    assert "articles per day" in text and "█" in text


def test_query_cli_facets_in_every_format_and_all_export(ix):
    base = [sys.executable, "-m", "newssearch", "query", "ceasefire", "--index", str(ix.path), "--facet", "source"]
    js = json.loads(subprocess.run(base + ["-f", "json"], capture_output=True, text=True, check=True).stdout)
    assert sum(js["facets"]["source"].values()) == 22
    lines = subprocess.run(base + ["-f", "jsonl"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert json.loads(lines[-1])["facets"]["source"] == js["facets"]["source"]
    csv_out = subprocess.run(base + ["-f", "csv"], capture_output=True, text=True, check=True).stdout
    assert "facet,value,count" in csv_out
    text = subprocess.run(base, capture_output=True, text=True, check=True).stdout
    assert "source:" in text
    every = subprocess.run([sys.executable, "-m", "newssearch", "query", "ceasefire", "--all", "-f", "jsonl",
                            "--index", str(ix.path)], capture_output=True, text=True, check=True).stdout
    assert len(every.splitlines()) == 22
    bad = subprocess.run([sys.executable, "-m", "newssearch", "query", "x", "--all", "--index", str(ix.path)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "--all" in bad.stderr and "Traceback" not in bad.stderr
