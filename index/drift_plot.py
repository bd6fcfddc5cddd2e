"""The drift plot (``anzuelo drift --plot FILE``): each source's PSI, and the flagged sources' histograms.

People would rather look than read: the left panel draws each source's latest PSI against the
threshold line (red: drift, green: stable, grey: too few ads to judge), the right one the
reference and latest score histograms of up to three flagged sources, so the shift shows.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any


def _colour(source: dict[str, Any]) -> str:
    if source["flagged"]:
        return "#c0392b"
    return "#2e8b57" if source["status"] == "ok" else "#b0b7c0"


def plot_drift(report: dict[str, Any], path: Path) -> Path:
    """Write the PNG for a ``drift_report`` to ``path`` (headless Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sources = report["sources"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [1, 1.2]})
    # Left: the latest PSI of every source, on a symlog axis (0.01 and 16 both readable).
    names = [s["source"] for s in sources][::-1]
    values = [0.0 if s["psi"] != s["psi"] else s["psi"] for s in sources][::-1]
    colors = [_colour(s) for s in sources][::-1]
    left.barh(names, values, color=colors)
    left.set_xscale("symlog", linthresh=0.1)
    left.set_xlim(0, max([1.0, *values]) * 8)  # room for the notes right of the bars
    left.axvline(report["psi_threshold"], color="#c0392b", linestyle="--", linewidth=1)
    for y, s in enumerate(sources[::-1]):
        note = ("drift" if values[y] > report["psi_threshold"] else "drift: indicator rates") if s["flagged"] else (
            "ok" if s["status"] == "ok" else "too few ads")
        left.text(values[y], y, f" {values[y]:.2f} {note}", va="center", fontsize=8)
    left.set_title(f"Score PSI, latest window vs the one before (threshold {report['psi_threshold']:g})")
    left.set_xlabel("PSI (symlog)")
    # Right: reference (light) and latest (dark) histograms of the flagged sources, else the first ones.
    by_psi = sorted((s for s in sources if s["flagged"]), key=lambda s: -(s["psi"] if s["psi"] == s["psi"] else 0))
    shown = by_psi[:3] or [s for s in sources if s["status"] == "ok"][:2]
    labels = [f"<{b:g}" for b in report["edges"][1:-1]] + [f">={report['edges'][-2]:g}"]
    x = range(len(labels))
    width = 0.8 / max(1, 2 * len(shown))
    palette = plt.get_cmap("tab10")
    for n, s in enumerate(shown):
        for k, w in enumerate(s["windows"][-2:]):
            total = max(1, w["ads"])
            right.bar([i + (2 * n + k) * width - 0.4 for i in x], [c / total for c in w["histogram"]], width,
                      color=palette(n), alpha=0.9 if k else 0.35,
                      label=f"{s['source']} {'latest' if k else 'reference'} ({w['ads']} ads)")
    right.set_xticks(list(x))
    right.set_xticklabels(labels, rotation=60, fontsize=7)
    right.set_title("Score distribution: reference vs latest window")
    right.set_ylabel("share of ads")
    if shown:
        right.legend(fontsize=7)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
