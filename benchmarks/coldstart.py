"""Cold start: the median wall time of N fresh processes, layer by layer, so that the floor each
layer sets can be read off (Python itself, the package, typer, Whoosh, `newssearch --version`, a
one-query process on a real index).

    .venv/bin/python benchmarks/coldstart.py [--index DIR] [--runs 20] [--query "oil prices" ...] [--baseline PYTHON]

The commands take turns run by run (the VM's speed drifts within minutes: alternating keeps the
comparison fair); each process's output goes to a pipe, as when a script calls newssearch. Our
package's bytecode is compiled first, as an installed package has it. Default index: the 100k
synthetic archive of benchmarks/scale.py (benchmarks/.scale/newssearch-100000).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_INDEX = HERE / ".scale" / "newssearch-100000"


QUERY_PATH = ("from newssearch import api; api.fast_start(); import newssearch.cli.quick, newssearch.cli.render, "
              "newssearch.search.core, newssearch.engine.index")


def newssearch_commands(py: str, index: Path, queries: list[str], label: str = "") -> list[tuple[str, list[str]]]:
    exe = str(Path(py).with_name("newssearch"))
    return [(f"{label}newssearch --version", [exe, "--version"])] + [
        (f"{label}newssearch query {q!r} (top 10, snippets, text)", [exe, "query", q, "--index", str(index)])
        for q in queries]


def commands(index: Path, queries: list[str], baseline: str | None) -> list[tuple[str, list[str]]]:
    py = sys.executable
    cmds = [
        ("python -c pass", [py, "-c", "pass"]),
        ("import newssearch", [py, "-c", "import newssearch"]),
        ("import typer", [py, "-c", "import typer"]),
        ("import whoosh (index, searching, query)", [py, "-c", "import whoosh.index, whoosh.searching, whoosh.query"]),
        ("import newssearch.cli.app (the typer app)", [py, "-c", "import newssearch.cli.app"]),
        ("import what a query imports (no index opened)", [py, "-c", QUERY_PATH]),
        *newssearch_commands(py, index, queries),
    ]
    if baseline:
        cmds += newssearch_commands(baseline, index, queries, "baseline: ")
    return cmds


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(cmds: list[tuple[str, list[str]]], runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(wall times, CPU times) of each command's processes. The CPU time (user + system) moves
    less than the wall time when other work shares the machine."""
    times: dict[str, list[float]] = {name: [] for name, _ in cmds}
    cpu: dict[str, list[float]] = {name: [] for name, _ in cmds}
    for name, cmd in cmds:  # once each first: caches warm, and a failing command is said now
        done = subprocess.run(cmd, capture_output=True)
        if done.returncode != 0:
            sys.exit(f"coldstart: {name} failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
    for _ in range(runs):
        for name, cmd in cmds:
            t, c = time.perf_counter(), _cpu()
            subprocess.run(cmd, capture_output=True, check=True)
            times[name].append(time.perf_counter() - t)
            cpu[name].append(_cpu() - c)
    return times, cpu


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, default=DEFAULT_INDEX, help=f"index to query [default: {DEFAULT_INDEX}]")
    ap.add_argument("--runs", type=int, default=20, help="processes per command [default: 20]")
    ap.add_argument("--query", action="append", dest="queries",
                    help="a query to time (repeatable) [default: 'oil prices' (24k matches) and 'zinc' (1.9k)]")
    ap.add_argument("--baseline", metavar="PYTHON",
                    help="the interpreter of another checkout (e.g. ../main/.venv/bin/python): its newssearch "
                         "runs too, taking turns with ours")
    args = ap.parse_args()
    if args.runs < 1:
        sys.exit("coldstart: --runs must be at least 1")
    if not (args.index / "_MAIN_1.toc").exists() and not any(args.index.glob("_MAIN_*.toc")):
        sys.exit(f"coldstart: no index at {args.index} (build one with benchmarks/scale.py, or pass --index)")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")], check=False)
    cmds = commands(args.index, args.queries or ["oil prices", "zinc"], args.baseline)
    times, cpu = measure(cmds, args.runs)
    print(f"cold start, {args.runs} fresh processes each, index {args.index} (load average {_load()})")
    width = max(len(name) for name, _ in cmds)
    print(f"  {'':<{width}}  wall median (p10-p90)   CPU median")
    for name, _ in cmds:
        ts = times[name]
        deciles = statistics.quantiles(ts, n=10) if len(ts) > 1 else ts * 9
        print(f"  {name:<{width}}  {statistics.median(ts) * 1000:6.1f} ms ({deciles[0] * 1000:3.0f}-{deciles[-1] * 1000:3.0f})"
              f"   {statistics.median(cpu[name]) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
