"""The ``crawl-runs`` record: one small engine document per crawl (``anzuelo runs``).

Written at the start of a crawl (no end yet) and again at its end with the
counts of ``crawler.run.CrawlSummary`` and a ``drift`` field: the sources whose score
distribution or indicator rates shifted between the last two DRIFT_WINDOW windows
(``index.drift``). A run that cannot be recorded is
logged, never fatal: the crawl itself already succeeded or failed on its own.
"""

from __future__ import annotations

import logging
from typing import Any

from anzuelo import settings as defaults

logger = logging.getLogger(__name__)

KIND = defaults.CRAWL_RUNS_KIND


def _client(options: Any) -> Any:
    from crawler.pipelines.engine import connect

    return connect(options.engine_url, options.index_prefix)


def start_record(options: Any, job: Any, started: str, resumed: bool) -> None:
    """Record that a crawl of ``job.source`` started (finish_reason ``running``)."""
    doc = {"run_id": f"{job.source}-{started}", "source": job.source, "spider": job.spider,
           "started": started, "finish_reason": "running", "resumed": resumed}
    _put(options, doc)


def record_run(options: Any, summary: Any) -> None:
    """Record a finished crawl's summary, with the drift check of every source (``drift``)."""
    doc = summary.to_dict()
    doc["drift"] = drift_check(options, doc.get("source"))
    _put(options, doc)


def drift_check(options: Any, source: str | None) -> dict[str, Any]:
    """``anzuelo drift`` in short, at the end of a crawl: flagged sources with PSI and reasons.

    Logged as a warning when a source drifted, so the crawl's log says so too. A failed check
    is recorded as ``{"error": ...}``: it must never fail the crawl.
    """
    try:
        from anzuelo.cli.drift import drift_settings
        from index.drift import drift_report

        o = drift_settings()
        client = _client(options)
        client.refresh()  # the ads this crawl just wrote count
        report = drift_report(client, window=o["window"], windows=2, psi_threshold=o["psi_threshold"],
                              rate_change=o["rate_change"], min_ads=o["min_ads"])
    except Exception as exc:  # noqa: BLE001 - bookkeeping must not fail a crawl
        logger.warning("drift check failed: %s", exc, exc_info=True)
        return {"error": str(exc)[:500]}
    flagged = [{"source": s["source"], "psi": s["psi"], "reasons": s["reasons"]}
               for s in report["sources"] if s["flagged"]]
    if flagged:
        logger.warning("drift: %s", "; ".join(f"{f['source']}: {', '.join(f['reasons'])}" for f in flagged))
    return {"checked_at": report["now"], "window_seconds": report["window_seconds"], "sources": len(report["sources"]),
            "flagged": flagged, "this_source_flagged": any(f["source"] == source for f in flagged)}


def _put(options: Any, doc: dict[str, Any]) -> None:
    try:
        client = _client(options)
        client.put_doc(KIND, doc["run_id"], doc)
    except Exception:  # noqa: BLE001 - bookkeeping must not fail a crawl
        logger.warning("could not record crawl run %s", doc["run_id"], exc_info=True)


def list_runs(client: Any, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Latest crawl runs, newest first, optionally of one source."""
    query: dict[str, Any] = {"term": {"source": source}} if source else {"match_all": {}}
    body = {"query": query, "sort": [{"started": {"order": "desc", "unmapped_type": "keyword"}}], "size": limit}
    hits = client.search_docs(KIND, body)
    out = []
    for hit in hits.get("hits", {}).get("hits", []) if isinstance(hits, dict) else hits:
        out.append(hit.get("_source", hit) if isinstance(hit, dict) else hit)
    return out
