"""Drift: score distributions and indicator rates per source over time windows, and which sources moved.

One engine request: ads first seen in the last ``windows`` windows, per source (terms), per
window (date_range ending now), with the score histogram (range buckets) and indicator counts
(terms). A source is flagged when, between the reference window (the one before the latest) and
the latest window, both holding at least ``min_ads`` ads:

* the population stability index of its score histogram exceeds ``psi_threshold``:
  ``PSI = sum_i (a_i - e_i) * ln(a_i / e_i)`` over the bins' shares (e: reference, a: latest),
  empty bins counted as a share of ``PSI_FLOOR`` so PSI stays finite; or
* the rate of one indicator (share of the window's ads showing it) changes by at least
  ``rate_change`` in absolute terms (0.10 -> 0.30 with 0.15: flagged).

Bins are even in log-odds, not in score: calibrated scores crowd near 0 at a low prevalence,
and ten even bins over [0, 1] would put nearly every ad in the first and see no drift at all.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from anzuelo.errors import InputError
from index import fields as F

#: Score bin edges (even steps in log-odds, from 0.001 to 0.999); the last bin ends above 1.
EDGES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999, 1.0001)
PSI_FLOOR = 1e-4
_UNITS = {"h": 3600, "d": 86400, "w": 7 * 86400}


def parse_window(text: str) -> timedelta:
    """``7d``, ``24h``, ``2w`` -> timedelta; anything else is an InputError."""
    m = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", str(text).lower())
    if not m or int(m.group(1)) == 0:
        raise InputError(f"window {text!r} is not a duration",
                         "write it as a whole number and h, d or w, e.g. 7d or 24h")
    return timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2)])


def psi(expected: list[int], actual: list[int]) -> float:
    """Population stability index of two histograms with the same bins (counts)."""
    ne, na = sum(expected), sum(actual)
    if not ne or not na:
        return float("nan")
    out = 0.0
    for e, a in zip(expected, actual):
        pe, pa = max(e / ne, PSI_FLOOR), max(a / na, PSI_FLOOR)
        out += (pa - pe) * math.log(pa / pe)
    return out


def _iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def drift_body(now: datetime, window: timedelta, windows: int, sources: list[str] | None = None) -> dict[str, Any]:
    """The aggregation request: per source, per window, score bins and indicator counts."""
    start = now - windows * window
    ranges = [{"key": str(k), "from": _iso(start + k * window), "to": _iso(start + (k + 1) * window)}
              for k in range(windows)]
    filters: list[dict[str, Any]] = [{"range": {F.FIRST_SEEN: {"gte": _iso(start), "lt": _iso(now)}}},
                                     {"exists": {"field": F.SCORE}}]
    if sources:
        filters.append({"terms": {F.SOURCE: sources}})
    per_window = {
        "scores": {"range": {"field": F.SCORE, "ranges": [{"from": a, "to": b} for a, b in zip(EDGES, EDGES[1:])]}},
        "indicators": {"terms": {"field": F.INDICATORS, "size": 200}},
        "mean": {"avg": {"field": F.SCORE}},
    }
    return {"size": 0, "query": {"bool": {"filter": filters}},
            "aggs": {"sources": {"terms": {"field": F.SOURCE, "size": 1000},
                                 "aggs": {"windows": {"date_range": {"field": F.FIRST_SEEN, "keyed": False,
                                                                     "ranges": ranges}, "aggs": per_window}}}}}


def _window(bucket: dict[str, Any]) -> dict[str, Any]:
    n = int(bucket["doc_count"])
    return {"start": bucket.get("from_as_string"), "end": bucket.get("to_as_string"), "ads": n,
            "mean_score": bucket["mean"]["value"],
            "histogram": [int(b["doc_count"]) for b in bucket["scores"]["buckets"]],
            "indicator_rates": {b["key"]: b["doc_count"] / n for b in bucket["indicators"]["buckets"]} if n else {}}


def judge(wins: list[dict[str, Any]], psi_threshold: float, rate_change: float, min_ads: int) -> dict[str, Any]:
    """PSI between consecutive windows, and whether the latest change flags the source (see the module doc)."""
    series = [psi(a["histogram"], b["histogram"]) for a, b in zip(wins, wins[1:])]
    ref, last = wins[-2], wins[-1]
    out: dict[str, Any] = {"psi": series[-1], "psi_series": series, "flagged": False, "reasons": [], "rate_changes": {}}
    if ref["ads"] < min_ads or last["ads"] < min_ads:
        out["status"] = f"too few ads to judge ({ref['ads']} and {last['ads']}; at least {min_ads} each)"
        return out
    out["status"] = "ok"
    if series[-1] > psi_threshold:
        out["reasons"].append(f"score PSI {series[-1]:.3f} > {psi_threshold:g}")
    for name in sorted(set(ref["indicator_rates"]) | set(last["indicator_rates"])):
        change = last["indicator_rates"].get(name, 0.0) - ref["indicator_rates"].get(name, 0.0)
        out["rate_changes"][name] = change
        if abs(change) >= rate_change:
            out["reasons"].append(f"{name} rate {ref['indicator_rates'].get(name, 0.0):.0%} -> "
                                  f"{last['indicator_rates'].get(name, 0.0):.0%}")
    out["flagged"] = bool(out["reasons"])
    if out["flagged"]:
        out["status"] = "drift"
    return out


def drift_report(idx: Any, *, window: timedelta, windows: int = 4, psi_threshold: float = 0.2,
                 rate_change: float = 0.15, min_ads: int = 20, sources: list[str] | None = None,
                 now: datetime | None = None) -> dict[str, Any]:
    """Per source: its windows (ads, mean score, histogram, indicator rates), PSI series and verdict."""
    if windows < 2:
        raise InputError("drift needs at least 2 windows", "pass --windows 2 or more")
    now = now or datetime.now(timezone.utc)
    res = idx.search_ads(drift_body(now, window, windows, sources))
    out = []
    for b in res.get("aggregations", {}).get("sources", {}).get("buckets", []):
        wins = [_window(w) for w in b["windows"]["buckets"]]
        out.append({"source": b["key"], "windows": wins, **judge(wins, psi_threshold, rate_change, min_ads)})
    out.sort(key=lambda s: (not s["flagged"], s["source"]))
    return {"now": _iso(now), "window_seconds": int(window.total_seconds()), "windows": windows,
            "edges": list(EDGES), "psi_threshold": psi_threshold, "rate_change": rate_change, "min_ads": min_ads,
            "sources": out, "flagged": [s["source"] for s in out if s["flagged"]]}
