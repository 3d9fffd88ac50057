"""Small inline SVG charts for report.html: grouped bars and a histogram. Pure: data in, markup
out; no script, no external file, so the report opens anywhere without a server."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2")
Series = tuple[str, Sequence[float | None]]


def legend(names: Sequence[str], x: float, y: float) -> str:
    out = []
    for i, name in enumerate(names):
        cx = x + i * 170
        out.append(f'<rect x="{cx}" y="{y - 9}" width="10" height="10" fill="{PALETTE[i % len(PALETTE)]}"/>'
                   f'<text x="{cx + 14}" y="{y}" font-size="11">{escape(name)}</text>')
    return "".join(out)


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[Series], top: float = 1.0,
                 width: int = 720) -> str:
    """One group of bars per label (a category, a language), one bar per series (configuration);
    a missing value is drawn as no bar with a dash."""
    bar_h, gap, label_w, pad = 12, 8, 130, 28
    group_h = bar_h * max(1, len(series)) + gap
    height = pad + len(groups) * group_h + 30
    plot_w = width - label_w - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>',
             f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>']
    for gi, group in enumerate(groups):
        y0 = pad + gi * group_h
        parts.append(f'<text x="{label_w - 6}" y="{y0 + group_h / 2}" font-size="11" text-anchor="end">'
                     f'{escape(group)}</text>')
        for si, (_name, values) in enumerate(series):
            value = values[gi] if gi < len(values) else None
            y = y0 + si * bar_h
            if value is None:
                parts.append(f'<text x="{label_w + 2}" y="{y + bar_h - 2}" font-size="10">–</text>')
                continue
            w = max(0.0, min(1.0, value / top if top else 0.0)) * plot_w
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                         f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(_name)}: {value:.3f}</title>'
                         f'</rect><text x="{label_w + w + 3:.1f}" y="{y + bar_h - 3}" font-size="10">'
                         f'{value:.2f}</text>')
    parts.append(f'<line x1="{label_w}" y1="{pad - 4}" x2="{label_w}" y2="{height - 30}" stroke="#999"/>')
    parts.append(legend([name for name, _ in series], label_w, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def bin_edges(values: Sequence[float], bins: int = 20, log: bool = True) -> list[float]:
    """Edges of `bins` bins over the values (log-spaced by default: latencies span decades)."""
    lo, hi = min(values), max(values)
    if hi <= lo:
        return [lo, lo + 1.0]
    if log and lo > 0:
        a, b = math.log10(lo), math.log10(hi)
        return [10 ** (a + (b - a) * i / bins) for i in range(bins + 1)]
    return [lo + (hi - lo) * i / bins for i in range(bins + 1)]


def counts(values: Sequence[float], edges: Sequence[float]) -> list[int]:
    out = [0] * (len(edges) - 1)
    for v in values:
        i = next((j for j in range(len(out)) if v < edges[j + 1]), len(out) - 1)
        out[max(0, i)] += 1
    return out


def histogram(title: str, series: Sequence[tuple[str, Sequence[float]]], bins: int = 20,
              width: int = 720, height: int = 220, unit: str = "ms") -> str:
    """Overlaid step histograms of each series over shared (log-spaced) bins."""
    everything = [v for _, vals in series for v in vals]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>',
             f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>']
    if not everything:
        parts.append('<text x="0" y="40" font-size="11">no timings</text></svg>')
        return "".join(parts)
    edges = bin_edges(everything, bins)
    left, right, top, bottom = 40, 20, 24, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    all_counts = [counts(vals, edges) for _, vals in series]
    peak = max((max(c) for c in all_counts if c), default=1) or 1
    bw = plot_w / (len(edges) - 1)
    for si, c in enumerate(all_counts):
        colour = PALETTE[si % len(PALETTE)]
        for i, n in enumerate(c):
            if not n:
                continue
            h = plot_h * n / peak
            slot = bw / max(1, len(series))
            tip = f"{escape(series[si][0])}: {n} in [{edges[i]:.1f}, {edges[i + 1]:.1f}) {unit}"
            parts.append(f'<rect x="{left + i * bw + si * slot:.1f}" y="{top + plot_h - h:.1f}" '
                         f'width="{slot:.1f}" height="{h:.1f}" fill="{colour}" opacity="0.8">'
                         f'<title>{tip}</title></rect>')
    axis_y = top + plot_h
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#999"/>')
    for i in range(0, len(edges) - 1, max(1, len(edges) // 5)):
        x = left + i * bw
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" font-size="10" text-anchor="middle">'
                     f'{edges[i]:.0f} {unit}</text>')
    parts.append(f'<text x="4" y="{top + 10}" font-size="10">{peak}</text>')
    parts.append(legend([name for name, _ in series], left, height - 8))
    parts.append("</svg>")
    return "".join(parts)
