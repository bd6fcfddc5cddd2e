"""``anzuelo drift``: score distributions and indicator rates per source over time, drifting sources flagged.

Logic in ``index.drift`` (aggregations, PSI, the flag rule) and ``index.drift_plot`` (the PNG).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from anzuelo import settings


def drift_settings() -> dict:
    """DRIFT_* as ``anzuelo drift`` and the crawl-run record read them."""
    from index.drift import parse_window

    return {"window": parse_window(str(settings.get("DRIFT_WINDOW"))),
            "psi_threshold": float(settings.get("DRIFT_PSI_THRESHOLD")),
            "rate_change": float(settings.get("DRIFT_RATE_CHANGE")), "min_ads": int(settings.get("DRIFT_MIN_ADS"))}


def _clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    return [_clean(v) for v in x] if isinstance(x, list) else x


@click.command("drift")
@click.option("--window", default=None, help="Window width, e.g. 7d, 24h, 2w [default: DRIFT_WINDOW, 7d].")
@click.option("--windows", type=click.IntRange(2, 52), default=4, show_default=True,
              help="Windows to report, the latest ending now; the latest is compared with the one before.")
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable).")
@click.option("--threshold", type=click.FloatRange(0.0, min_open=True), default=None,
              help="PSI above which a source is flagged [default: DRIFT_PSI_THRESHOLD, 0.2].")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a PNG: each source's PSI against the threshold, and the flagged sources' histograms.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def drift(window: str | None, windows: int, sources: tuple[str, ...], threshold: float | None,
          plot: Path | None, as_json: bool) -> None:
    """Score distribution and indicator rates of each source per time window (by first seen),
    and the sources that drifted between the last two windows: score PSI above the threshold, or
    one indicator's rate changed by DRIFT_RATE_CHANGE (0.15) or more; each window needs
    DRIFT_MIN_ADS (20) ads. Exit 0 when nothing drifted, 1 when a source is flagged."""
    from index import Index
    from index.drift import drift_report, parse_window

    opts = drift_settings()
    idx = Index.connect(settings.engine_url(), prefix=str(settings.get("INDEX_PREFIX")))
    try:
        report = drift_report(idx, window=parse_window(window) if window else opts["window"], windows=windows,
                              psi_threshold=threshold or opts["psi_threshold"], rate_change=opts["rate_change"],
                              min_ads=opts["min_ads"], sources=list(sources) or None)
    finally:
        idx.close()
    if plot:
        from index.drift_plot import plot_drift

        report["plot"] = str(plot_drift(report, plot))
    if as_json:
        click.echo(json.dumps(_clean(report), ensure_ascii=False, indent=2))
    else:
        click.echo(_text(report))
    if report["flagged"]:
        click.get_current_context().exit(1)


def _text(report: dict) -> str:
    days = report["window_seconds"] / 86400
    lines = [f"{len(report['sources'])} sources, {report['windows']} windows of {days:g} days ending {report['now']}; "
             f"PSI threshold {report['psi_threshold']:g}, indicator rate change {report['rate_change']:g}"]
    for s in report["sources"]:
        ads = " ".join(f"{w['ads']:>5}" for w in s["windows"])
        means = " ".join("    -" if w["mean_score"] is None else f"{w['mean_score']:>5.2f}" for w in s["windows"])
        psi = "-" if s["psi"] != s["psi"] else f"{s['psi']:.3f}"
        lines += [f"{'DRIFT' if s['flagged'] else 'ok   '} {s['source']}: PSI {psi} ({s['status']})",
                  f"      ads per window:  {ads}", f"      mean score:      {means}"]
        lines += [f"      {r}" for r in s["reasons"]]
    if not report["sources"]:
        lines.append("no scored ads first seen in these windows")
    lines.append("flagged: " + (", ".join(report["flagged"]) or "none"))
    if report.get("plot"):
        lines.append(f"plot: {report['plot']}")
    return "\n".join(lines)


commands = [drift]
