"""The report of ``search_latency --sizes``: a printout per size, one Markdown table, JSON and a plot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.search_latency import QUERIES


def print_row(r: dict[str, Any], requests: int) -> None:
    """The old single-size printout, per size."""
    print(f"{requests} requests over {len(QUERIES)} queries (highlighting + filters), "
          f"{r['hits_mean']:.0f} hits on average, {r['docs']:,} ads indexed")
    print(f"{'':18}{'p50 ms':>9}{'p95 ms':>9}")
    print(f"{'workbench API':18}{r['api_p50_ms']:9.1f}{r['api_p95_ms']:9.1f}")
    print(f"{'engine took':18}{r['took_p50_ms']:9.1f}{r['took_p95_ms']:9.1f}")
    print(f"ratio workbench/engine: p50 {r['ratio_p50']:.2f}x, p95 {r['ratio_p95']:.2f}x")


def print_report(rep: dict[str, Any]) -> None:
    """One Markdown table, a row per size (ready for BENCHMARKS.md)."""
    print(f"\n{rep['date']}, node heap {rep['heap']:.0f} MB, {rep['requests']} requests per size, "
          f"{rep['workers']} bulk workers, {rep['cores']} cores")
    print("| ads | on disk (pri) | index time | ads/s | API p50 / p95 ms | `took` p50 / p95 ms | ratio p50 / p95 "
          "| hits avg | heap peak / low MB (search) | GC s index / search | load 1-min before / after |")
    print("|" + "---:|" * 11)
    for r in rep["rows"]:
        added = r["indexed"] + r["failed"]
        h, s = r["index_heap"], r["search_heap"]
        print(f"| {r['docs']:,} | {r['pri_store_mb']:,.0f} MB | {r['index_s']:.0f} s | {added / max(r['index_s'], 1e-9):,.0f} "
              f"| {r['api_p50_ms']:.1f} / {r['api_p95_ms']:.1f} | {r['took_p50_ms']:.1f} / {r['took_p95_ms']:.1f} "
              f"| {r['ratio_p50']:.2f}x / {r['ratio_p95']:.2f}x | {r['hits_mean']:,.0f} "
              f"| {s['heap_peak_mb']:.0f} / {s['heap_low_mb']:.0f} | {h['gc_s']:.1f} / {s['gc_s']:.1f} "
              f"| {r['load_before']:.1f} / {r['load_after']:.1f} |")
    print("\n| query | " + " | ".join(f"{r['docs']:,}: hits, API / `took` p50 ms" for r in rep["rows"]) + " |")
    print("|---|" + "---:|" * len(rep["rows"]))
    for q in QUERIES:
        cells = [r["per_query"].get(q) for r in rep["rows"]]
        print(f"| `{q}` | " + " | ".join(f"{c['hits']:,.0f}, {c['api_p50_ms']:.0f} / {c['took_p50_ms']:.0f}" if c else "-"
                                         for c in cells) + " |")


def write(rep: dict[str, Any], out: Path, plot: Path) -> None:
    """``rep`` as JSON at ``out`` and p50/p95 vs size as a PNG at ``plot``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rep, indent=1) + "\n", encoding="utf-8")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [r["docs"] for r in rep["rows"]]
    fig, ax = plt.subplots(figsize=(5, 3.4))
    for key, label, style in (("api_p95_ms", "workbench API p95", "o-"), ("took_p95_ms", "engine took p95", "s-"),
                              ("api_p50_ms", "workbench API p50", "o--"), ("took_p50_ms", "engine took p50", "s--")):
        ax.plot(xs, [r[key] for r in rep["rows"]], style, label=label)
    ax.set(xscale="log", xlabel="ads in the index", ylabel="ms", title=f"/api/search latency ({rep['date'][:10]})")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(plot, dpi=110)
    plt.close(fig)
    print(f"wrote {out} and {plot}")
