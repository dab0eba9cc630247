"""`newssearch serve` on the command line: its options checked in one line, a core install
without the server's packages told what to install, and the command line no slower to start."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture
def run(capsys, monkeypatch):
    from newssearch.cli.app import run as run_cli

    def go(*args):
        code = run_cli(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return go


def test_without_the_server_packages_one_line_says_what_to_install(run, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    code, _, err = run("serve", "--index", str(tmp_path))
    assert code == 1
    assert err == "newssearch: error: newssearch serve needs uvicorn: pip install 'newssearch[serve]'\n"


@pytest.mark.parametrize("args,said", [(["--port", "0"], "--port"), (["--port", "70000"], "--port"),
                                       (["--threads", "0"], "--threads"), (["--time-budget", "0"], "--time-budget")])
def test_bad_options_are_one_line(run, args, said):
    code, _, err = run("serve", *args)
    assert code == 2 and err.splitlines()[0].startswith(f"newssearch: error: {said}")


def test_the_command_line_does_not_import_the_server():
    probe = "import sys, newssearch.cli; print(sorted(m for m in ('fastapi', 'uvicorn', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serving_a_folder_with_no_index_warns_and_serves(run, monkeypatch, tmp_path):
    import newssearch.serve as served

    seen = {}
    monkeypatch.setattr(served, "serve", lambda where, **kw: seen.update(where=where, **kw))
    code, _, err = run("serve", "--index", str(tmp_path / "none"), "--port", "8123")
    assert code == 0 and "no index at" in err and "503" in err
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123  # loopback unless told otherwise


def test_worker_processes_answer_together(serve_index):
    import json
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from serving import running_server

    with running_server(serve_index, "--workers", "2", "--threads", "2") as (base, log):
        def total(_):
            with urllib.request.urlopen(base + "/api/search?q=oil", timeout=10) as r:
                return json.load(r)["total"]

        with ThreadPoolExecutor(8) as pool:
            totals = set(pool.map(total, range(40)))
    assert len(totals) == 1 and totals.pop() > 0
    assert log[0].count("Started server process") == 2
