"""``GET /api/status``: what an admin needs to know is healthy, in one JSON answer.

``/healthz`` stays unauthenticated plain "ok" for load balancers; this is its
authenticated, detailed sibling (admin role, audited as ``status``): whether
the engine answers (and its cluster health), which model crawls score with
(``nlp.scorer.resolve_model_dir``: the promoted version, else the shipped
default), what waits in the spool (records, bytes, age of the oldest record:
``index.spool``), and the last crawl of every source (``crawler.runs``).
Each part reports its own error instead of failing the answer: a status page
must work best exactly when something is broken.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request

from workbench import audit
from workbench.auth import User
from workbench.deps import admin, backend

router = APIRouter()

#: crawl-runs read to find each source's latest run (newest first); far more than sources.
RUNS_SCANNED = 1000


@router.get("/api/status")
def status(request: Request, user: User = Depends(admin), be: Any = Depends(backend)) -> dict[str, Any]:
    """Engine, model, spool and last crawl per source; each with ``error`` when it could not be read."""
    out = {"engine": engine_status(be), "model": model_status(), "spool": spool_status(request.app.state.spool_dir),
           "crawls": last_crawls(be)}
    try:  # the audit log lives in the engine: a status read while it is down is still answered
        audit.record(be, user, "status", "/api/status", "engine up" if out["engine"]["reachable"] else "engine down")
    except Exception:  # noqa: BLE001
        out["audit_error"] = "the engine did not take the audit entry"
    return out


def engine_status(be: Any) -> dict[str, Any]:
    """``reachable`` and the cluster health (green/yellow/red) of the backend's engine."""
    try:
        health = be.idx.engine.request("GET", "/_cluster/health") or {}
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        return {"url": _safe_url(getattr(be, "url", "")), "reachable": False, "error": str(exc)[:500]}
    return {"url": _safe_url(getattr(be, "url", "")), "reachable": True, "health": health.get("status"),
            "nodes": health.get("number_of_nodes")}


def model_status() -> dict[str, Any]:
    """The model folder a crawl without ``--model`` scores with, its version, and the promoted version."""
    try:
        from nlp.model.registry import Registry, read_config
        from nlp.scorer import resolve_model_dir

        folder = resolve_model_dir(None)
        version = read_config(folder).get("version") if (folder / "config.json").is_file() else None
        return {"dir": str(folder), "version": version or folder.name, "promoted": Registry().current()}
    except Exception as exc:  # noqa: BLE001 - a broken registry is exactly what this should show
        return {"error": str(getattr(exc, "message", exc))[:500]}


def spool_status(folder: Path | None) -> dict[str, Any]:
    """Records and bytes waiting for a replay and the age of the oldest one (seconds)."""
    if folder is None:
        return {"error": "no spool folder configured"}
    try:
        from index.spool import Spool

        st = Spool(Path(folder)).status()
    except Exception as exc:  # noqa: BLE001
        return {"folder": str(folder), "error": str(exc)[:500]}
    return {"folder": st.folder, "records": st.records, "bytes": st.bytes, "torn": st.torn, "oldest": st.oldest,
            "oldest_age_s": _age(st.oldest), "reasons": st.reasons}


def last_crawls(be: Any) -> dict[str, Any]:
    """Source -> its latest crawl run (started, ended, finish reason, counts)."""
    try:
        from crawler.runs import list_runs

        runs = list_runs(be.idx, limit=RUNS_SCANNED)
    except Exception as exc:  # noqa: BLE001
        return {"error": str(exc)[:500]}
    latest: dict[str, Any] = {}
    for run in runs:  # newest first: the first run of a source is its latest
        if run.get("source") and run["source"] not in latest:
            latest[run["source"]] = {k: run.get(k) for k in (
                "run_id", "started", "ended", "finish_reason", "pages", "new", "changed", "gone",
                "indexed", "failed", "spooled", "duration_s", "drift")}  # drift: sources flagged at its end
    return {"sources": latest}


def _age(at: str | None) -> float | None:
    if not at:
        return None
    try:
        when = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return round((datetime.now(timezone.utc) - when).total_seconds(), 1)


def _safe_url(url: str) -> str:
    """The engine URL without credentials (``https://user:pw@host`` -> ``https://host``)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = [urlsplit(u.strip()) for u in url.split(",") if u.strip()]
    return ",".join(urlunsplit(p._replace(netloc=p.hostname + (f":{p.port}" if p.port else ""))) if p.hostname
                    else urlunsplit(p) for p in parts)
