"""Charts of a timeline (matplotlib, an optional extra: pip install 'newssearch[plot]')."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from ..errors import InputError, NewsSearchError
from ..results import Timeline

WIDTH_IN, HEIGHT_IN, DPI = 10, 4, 100  # 1000 x 400 pixels


def check_chart_path(path: Path) -> None:
    """Whether a chart can be written to `path`, said before any work is done: a .png or .svg
    name, in a folder that exists and can be written, and matplotlib installed."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"`plot` {path} is a folder: name the chart's file (.png or .svg)", params=("plot",))
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"`plot` {path}: the chart is written as .png or .svg", params=("plot",))
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"`plot` {path}: no such folder {folder}", params=("plot",))
    if not os.access(folder, os.W_OK | os.X_OK) or path.exists() and not os.access(path, os.W_OK):
        raise InputError(f"`plot` {path}: cannot write in {folder}", params=("plot",))
    if importlib.util.find_spec("matplotlib") is None:
        raise InputError("`plot` needs matplotlib: pip install 'newssearch[plot]'", params=("plot",))


def plot_timeline(tl: Timeline, path: Path, share: bool = False) -> Path:
    path = Path(path)
    check_chart_path(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("`plot` needs matplotlib: pip install 'newssearch[plot]'", params=("plot",)) from None
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    xs = [p.start for p in tl.periods]
    for i, q in enumerate(tl.queries):
        ys = [p.shares()[i] * 100 if share else p.counts[i] for p in tl.periods]
        ax.plot(xs, ys, marker="o", markersize=3, linewidth=1.6, label=q)
    ax.set_ylabel("% of all articles" if share else f"articles per {tl.by}")
    ax.set_title("Coverage over time")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=DPI)
    except OSError as exc:
        raise NewsSearchError(f"cannot write the chart to {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
    return path
