"""What the page draws from results: text with its highlights marked (from the result's
offsets, every piece of the article's text escaped, so an article can never inject markup), the
attention-over-time chart as inline SVG, and the links that keep the whole search in the URL."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from ..results import Timeline


def marked(text: str, spans) -> Markup:
    """`text` escaped, with each [start, end) of `spans` in <mark>."""
    out, last = [], 0
    for start, end in sorted(tuple(s) for s in spans):
        if start < last or end > len(text):  # overlapping or out of range: never trust offsets blindly
            continue
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def search_url(params: dict, **changes) -> str:
    """The page's URL for `params` with `changes` (None removes one); lists repeat the key."""
    merged = {**params, **changes}
    pairs = []
    for key, value in merged.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(key, v) for v in values if v not in (None, "", False)]
    return "/?" + urlencode(pairs) if pairs else "/"


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def safe_link(url: str) -> str | None:
    """An article's own URL as a link only when it is http(s): never javascript: or data:."""
    return url if url.lower().startswith(("http://", "https://")) else None


WIDTH, HEIGHT, PAD = 640, 160, 24


def timeline_svg(tl: Timeline) -> Markup:
    """Bars of matching articles per period, drawn on the server (no script, no inline style);
    each bar has a <title> a screen reader and a hover can read."""
    periods = tl.periods
    if not periods:
        return Markup("")
    peak = max((p.counts[0] for p in periods), default=0) or 1
    step = (WIDTH - 2 * PAD) / len(periods)
    bar = max(step * 0.8, 1.0)
    parts = [Markup('<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-title" '
                    'xmlns="http://www.w3.org/2000/svg">') % (WIDTH, HEIGHT),
             Markup('<title id="chart-title">matching articles per %s, %s to %s (peak %s)</title>')
             % (tl.by, periods[0].start.isoformat(), periods[-1].start.isoformat(), f"{peak:,}")]
    bottom = HEIGHT - PAD
    for i, p in enumerate(periods):
        n = p.counts[0]
        h = (bottom - PAD) * n / peak
        x = PAD + i * step
        parts.append(Markup('<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f">'
                            '<title>%s: %s of %s articles</title></rect>')
                     % (x, bottom - h, bar, h, p.start.isoformat(), f"{n:,}", f"{p.total:,}"))
    parts.append(Markup('<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>') % (PAD, bottom, WIDTH - PAD, bottom))
    parts.append(Markup('<text x="%d" y="%d">%s</text>') % (PAD, HEIGHT - 6, periods[0].start.isoformat()))
    parts.append(Markup('<text x="%d" y="%d" text-anchor="end">%s</text>')
                 % (WIDTH - PAD, HEIGHT - 6, periods[-1].start.isoformat()))
    parts.append(Markup('<text x="%d" y="%d">%s</text>') % (PAD, PAD - 8, f"{peak:,} per {tl.by}"))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
