"""Charts of a timeline (matplotlib, an optional extra: pip install 'newssearch[plot]')."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..results import Timeline

WIDTH_IN, HEIGHT_IN, DPI = 10, 4, 100  # 1000 x 400 pixels


def plot_timeline(tl: Timeline, path: Path, share: bool = False) -> Path:
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"`plot` {path}: the chart is written as .png or .svg", params=("plot",))
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
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path
