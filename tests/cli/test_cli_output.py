"""Output that cannot be turned against its reader: any output encoding, no terminal control
sequences from article text, no spreadsheet formulas in CSV cells, and counts in good English."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter

import pytest

from newssearch.cli.render import index_summary, index_warnings, render_copies, render_terms, render_timeline
from newssearch.results import Copies, IndexReport, KeyTerm, KeyTerms, Timeline, TimelinePeriod

from helpers import run_process

ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
                 "PYTHONIOENCODING": ""},
}
CONTROL = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7f, 0xa0))]  # C0 and C1, not \t \n


def _decoded(proc, encoding: str) -> str:
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    return proc.stdout.decode(encoding)  # every byte is in the stream's encoding


@pytest.mark.parametrize("name", ENCODINGS)
def test_queries_and_timelines_work_on_any_output_encoding(hostile_index, name):
    env = ENCODINGS[name]
    encoding = "ascii" if name == "C locale" else name
    text = _decoded(run_process("query", "oil", "--index", str(hostile_index), env=env), encoding)
    assert "3 articles match 'oil'" in text and "Caf" in text and "Cairo" in text
    timeline = _decoded(run_process("timeline", "oil", "gaza", "--by", "month", "--index", str(hostile_index),
                                    env=env), encoding)
    assert "articles per month" in timeline and "2024-02-01" in timeline


def test_an_ascii_terminal_gets_readable_stand_ins_and_exact_json(hostile_index):
    env = ENCODINGS["ascii"]
    ix = str(hostile_index)
    text = _decoded(run_process("query", "oil", "--index", ix, env=env), "ascii")
    assert "... Oil \"na?ve\" traders ... in Z?rich" in text  # typography as ASCII, the rest replaced
    assert "2024-02-01 - Le Monde" in text
    timeline = _decoded(run_process("timeline", "oil", "--index", ix, "--by", "month", env=env), "ascii")
    assert "2024-01-10 - 2024-01-31" in timeline and "#" * 24 in timeline
    shown = _decoded(run_process("show", "intl01", "--index", ix, env=env), "ascii")
    assert shown.startswith("Caf? talks in Cairo - ")
    as_json = json.loads(_decoded(run_process("query", "oil", "-f", "json", "--index", ix, env=env), "ascii"))
    utf8 = json.loads(run_process("query", "oil", "-f", "json", "--index", ix).stdout.decode())
    assert as_json["hits"] == utf8["hits"]  # \u escapes: the JSON stays exact
    assert any(h["title"] == "Café talks in Cairo — القاهرة 北京 oil" for h in as_json["hits"])
    lines = _decoded(run_process("query", "oil", "--all", "-f", "jsonl", "--index", ix, env=env), "ascii")
    assert {json.loads(line)["id"] for line in lines.splitlines()} == {"ansi01", "csv01", "intl01"}
    rows = list(csv.reader(io.StringIO(_decoded(run_process("query", "oil", "-f", "csv", "--index", ix, env=env),
                                                "ascii"))))
    assert ["Caf? talks in Cairo - ??????? ?? oil"] == [r[2] for r in rows if r[1] == "intl01"]


def test_latin1_output_keeps_what_latin1_can_show(hostile_index):
    text = _decoded(run_process("show", "intl01", "--index", str(hostile_index),
                                env=ENCODINGS["latin-1"]), "latin-1")
    assert "Café talks in Cairo - ??????? ?? oil" in text and "Zürich" in text


def test_text_output_carries_no_control_or_escape_sequences(call, hostile_index):
    ix = str(hostile_index)
    for args in (["query", "oil"], ["query", "oil", "--facet", "source"], ["show", "ansi01"], ["stats"],
                 ["similar", "csv01"], ["query", "oil", "-f", "csv"], ["query", "oil", "--all", "-f", "csv"],
                 ["show", "ansi01", "--copies"]):
        code, out, _ = call(*args, "--index", ix)
        assert code == 0
        out = out.replace("\r\n", "\n") if "csv" in args else out  # CSV's own line ends
        assert not set(out) & set(CONTROL), (args, [c for c in out if c in CONTROL])
    code, out, _ = call("query", "oil", "--index", ix)
    assert "1. Oil RED alert" in out and "   2024-01-10 · Wire · CAIRO  id ansi01" in out
    assert "… Oil prices click here rose. Traders cheered the oil rally. …" in out
    code, out, _ = call("show", "ansi01", "--index", ix)
    assert out.startswith("Oil RED alert\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("raw,shown", [
    ("a\x1b[1;31mred\x1b[0m b", "ared b"),  # SGR colours
    ("a\x1b[2J\x1b[Hb", "ab"),  # clear the screen, cursor home
    ("a\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink, ST ending
    ("a\x1b]0;window title\x07b", "ab"),  # OSC window title, BEL ending
    ("a\x1bP1$r0m\x1b\\b", "ab"),  # DCS
    ("a\x9b31mb\x9d0;t\x9cc", "abc"),  # 8-bit CSI and OSC
    ("a\x1bcb\x1b7c\x1b(Bd", "abcd"),  # reset, save cursor, charset
    ("a\x1b]unterminated b", "aunterminated b"),  # no terminator: only the ESC ] goes
    ("a\rb\x08c\x00d\x7fe\x85f", "abcdef"),  # C0, DEL, C1
    ("tab\tand\nnewline stay; ünïcödé, العربية, 北京 too", "tab\tand\nnewline stay; ünïcödé, العربية, 北京 too"),
])
def test_the_cleaner_drops_terminal_control(raw, shown):
    from newssearch.cli.output import clean

    assert clean(raw) == shown


def test_coloured_output_keeps_only_its_own_colours(hostile_index, monkeypatch):
    """On a terminal the highlights are colour codes of ours; the article's own are gone."""
    from newssearch import NewsIndex
    from newssearch.cli.render import render

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = NewsIndex.open(hostile_index).search("oil")
    out = Terminal()
    render(result, "text", out, colour=True)
    shown = out.getvalue()
    assert "\x1b[" in shown  # ours: the highlights
    for sequence in ("\x1b[2J", "\x1b[31m", "\x1b[5m", "\x1b]8", "\x1bc", "\x07", "\x9b", "\r"):
        assert sequence not in shown, repr(sequence)


def test_a_query_is_shown_as_typed_never_as_markup(call, hostile_index):
    code, out, err = call("timeline", "[/oil]", "[bold]gaza", "--by", "month", "--index", str(hostile_index))
    assert code == 0, err
    assert "[/oil]" in out.splitlines()[1] and "[bold]gaza" in out.splitlines()[1]


def test_json_output_stays_exact(call, hostile_index):
    code, out, _ = call("query", "oil", "-f", "json", "--index", str(hostile_index))
    hits = {h["id"]: h for h in json.loads(out)["hits"]}
    assert hits["ansi01"]["title"] == "Oil \x1b[2J\x1b[31mRED\x1b[0m alert"
    assert hits["csv01"]["title"] == '=HYPERLINK("http://evil.example","click")'
    assert hits["csv01"]["source"] == "+cmd"


def _csv_rows(text: str) -> dict[str, list[str]]:
    return {row[1]: row for row in csv.reader(io.StringIO(text)) if len(row) > 2}


@pytest.mark.parametrize("extra", [[], ["--all"]])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(call, hostile_index, extra):
    code, out, _ = call("query", "oil", "-f", "csv", "--index", str(hostile_index), *extra)
    assert code == 0
    row = _csv_rows(out)["csv01"]
    assert row[2] == '\'=HYPERLINK("http://evil.example","click")'  # title
    assert (row[4], row[5], row[6]) == ("'+cmd", "'-2+3", "'@SUM(1+1)")  # source, url, dateline
    assert _csv_rows(out)["intl01"][4] == "Le Monde"  # ordinary cells as they are


def test_csv_facets_timelines_and_terms_are_neutralised_too(call, hostile_index):
    ix = str(hostile_index)
    code, out, _ = call("query", "oil", "-f", "csv", "--facet", "source", "--index", ix)
    assert "source,'+cmd,1" in out.splitlines()
    code, out, _ = call("timeline", "oil", "-f", "csv", "--index", ix, "--", "-gaza")
    assert out.splitlines()[0] == "start,end,articles,oil,oil share,'-gaza,'-gaza share"
    terms = KeyTerms("x", 1, [KeyTerm("=cmd", "word", 1, 1, 2.0), KeyTerm("-1", "word", 1, 1, -3.5)])
    buf = io.StringIO()
    render_terms(terms, "csv", buf)
    assert buf.getvalue().splitlines()[1:] == ["'=cmd,word,1,1,2.0", "'-1,word,1,1,-3.5"]


# --- counts in good English ---------------------------------------------------------------------

def test_the_indexing_summary_counts_in_the_singular_and_the_plural():
    one = IndexReport(added=1, updated=1, unchanged=1, duplicates=1, near_copies=1, skipped=1,
                      skip_reasons=Counter({"invalid JSON": 1}), files=1, elapsed=1.0)
    assert index_summary(one).startswith("indexed 1 file: 1 added, 1 updated, 1 unchanged, 1 duplicate, "
                                         "1 near copy, 1 skipped (1 invalid JSON) in 1.0s")
    two = IndexReport(added=2, duplicates=2, near_copies=2, skipped=0, files=2, elapsed=1.0)
    assert ", 2 duplicates, 2 near copies, 0 skipped in" in index_summary(two)
    zero = IndexReport(files=0, elapsed=1.0)
    assert index_summary(zero).startswith("indexed 0 files: 0 added")
    assert "1,234 duplicates" in index_summary(IndexReport(duplicates=1234, elapsed=1.0))


@pytest.mark.parametrize("kind", ["no_body", "no_title", "no_date", "unreadable_date", "residue_lines",
                                  "undecodable_bytes", "nul_bytes", "charset_fallback", "ambiguous_date_order",
                                  "unmapped_columns", "some_new_kind"])
def test_every_warning_counts_in_the_singular_and_the_plural(kind):
    from newssearch.model import Note

    def said(n: int) -> str:
        report = IndexReport()
        for i in range(n):
            report.warn(Note(kind, f"f.txt#{i}", "detail"))
        (line,) = index_warnings(report)
        return line

    one, many = said(1), said(2)
    assert one.startswith("warning: 1 ") and many.startswith("warning: 2 ")
    for plural_only in (" have ", " were ", "articles", "files", "lines", "dates", "records", "pages"):
        assert plural_only not in one.split("[")[0], one
    assert one != many.replace("warning: 2 ", "warning: 1 ")


def test_other_counts_in_text_output():
    from datetime import date

    tl = Timeline(["oil"], "month", [TimelinePeriod(date(2024, 1, 1), date(2024, 2, 1), 2, [1])], undated=1)
    out = io.StringIO()
    render_timeline(tl, "text", out)
    assert "(1 undated article is not shown)" in out.getvalue()
    out = io.StringIO()
    render_copies(Copies("a", "A title", "a", [{"id": "b", "title": "B"}]), "text", out)
    assert out.getvalue().startswith("1 near copy of a: A title")
    out = io.StringIO()
    render_terms(KeyTerms("oil", 1, [KeyTerm("crude", "word", 1, 3, 4.0)]), "text", out)
    assert out.getvalue().startswith("1 article matches 'oil'")


def test_relaxed_hint_and_sample_counts(call, hostile_index):
    code, out, _ = call("query", "oil zeppelin", "--index", str(hostile_index))
    assert "No article has every word; 3 have some of them" in out
    code, out, _ = call("query", "gaza zeppelin", "--index", str(hostile_index))
    assert "No article has every word; 1 has some of them" in out


# --- --plot: checked before the work, and a write error is one line -----------------------------

@pytest.mark.parametrize("name,said", [
    ("chart.pdf", "--plot chart.pdf: the chart is written as .png or .svg"),
    ("nowhere/chart.png", "--plot nowhere/chart.png: no such folder nowhere"),
    ("/dev/full", "--plot /dev/full: the chart is written as .png or .svg"),
    (".", "--plot . is a folder: name the chart's file (.png or .svg)"),
])
def test_a_bad_plot_path_is_refused_before_any_output(call, hostile_index, tmp_path, name, said, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = call("timeline", "oil", "--plot", name, "--index", str(hostile_index))
    assert (code, out) == (2, "")
    assert err == f"newssearch: error: {said}\n"


def test_a_plot_folder_that_is_a_file_or_not_writable_is_refused(call, hostile_index, tmp_path):
    (tmp_path / "file").write_text("x")
    code, out, err = call("timeline", "oil", "--plot", str(tmp_path / "file" / "c.png"), "--index", str(hostile_index))
    assert (code, out) == (2, "") and "no such folder" in err
    if os.geteuid() == 0:
        pytest.skip("root may write in any folder")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    code, out, err = call("timeline", "oil", "--plot", str(locked / "c.png"), "--index", str(hostile_index))
    assert (code, out) == (2, "") and "cannot write in" in err


def test_a_chart_that_cannot_be_written_is_one_line_and_exit_1(hostile_index, tmp_path):
    pytest.importorskip("matplotlib")
    (tmp_path / "full.png").symlink_to("/dev/full")
    proc = run_process("timeline", "oil", "--plot", str(tmp_path / "full.png"), "--index", str(hostile_index))
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == [
        f"newssearch: error: cannot write the chart to {tmp_path / 'full.png'}: No space left on device"]


def test_output_that_cannot_be_written_is_one_line_and_exit_1(hostile_index):
    with open("/dev/full", "w") as full:
        proc = run_process("query", "oil", "--index", str(hostile_index), stdout=full)
    assert proc.returncode == 1
    (line,) = proc.stderr.decode().splitlines()
    assert line.startswith("newssearch: error: ") and line.endswith("No space left on device")


def test_the_indexing_progress_shows_file_names_as_they_are(monkeypatch):
    """A folder named like rich markup ("[/x]") or holding escape sequences, on a terminal."""
    from newssearch.cli.app import _progress_reporter

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    progress, on_file, stop = _progress_reporter()
    on_file("seeds/[/x]/\x1b]0;owned\x07a1.txt")
    for _ in range(200):
        progress(IndexReport(added=200, elapsed=1.0))
    stop()
    assert "[/x]/a1.txt" in screen.getvalue() and "owned" not in screen.getvalue()
