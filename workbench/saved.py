"""Saved searches and "new since last visit" counts (shared by the pages and ``anzuelo alerts``).

A saved search stores the cleaned query string of a search page, its owner and
two clocks: ``last_visit_at`` (moved when the owner opens it) and
``last_alert_at`` (moved when ``anzuelo alerts`` reports it). New hits are ads
whose ``first_seen`` is after the clock.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException

from anzuelo.errors import InputError
from index import fields as F
from workbench.auth import now_iso
from workbench.queries import parse, search_params

SAVED = "saved-searches"


def create(backend: Any, user: str, name: str, params: str) -> dict[str, Any]:
    """Save query string ``params`` as ``name`` for ``user``; pagination and sort-free."""
    name = (name or "").strip()[:200]
    if not name:
        raise InputError("a saved search needs a name", "type a short name, e.g. 'modelos Medellín'")
    cleaned = search_params(params)
    cleaned.pop("page", None)
    parse(cleaned)  # reject what the shared parser rejects, before storing it
    now = now_iso()
    doc = {
        "id": uuid.uuid4().hex,
        "user": user,
        "name": name,
        "params": urlencode([(k, v) for k, vs in cleaned.items() for v in vs]),
        "created_at": now,
        "last_visit_at": now,
        "last_alert_at": now,
    }
    backend.put_doc(SAVED, doc["id"], doc)
    return doc


def list_for(backend: Any, user: str | None = None) -> list[dict[str, Any]]:
    """Saved searches of ``user`` (all users when None), oldest first."""
    query = {"term": {"user": user}} if user else {"match_all": {}}
    docs = backend.search_docs(SAVED, {"query": query, "size": 1000})
    return sorted(docs, key=lambda d: (d.get("user", ""), d.get("created_at", "")))


def new_hits(backend: Any, item: dict[str, Any], since: str, size: int = 20) -> tuple[int, list[dict[str, Any]]]:
    """Count and first ``size`` ads of ``item``'s search first seen after ``since``."""
    query = parse(search_params(item.get("params", "")), size)
    return backend.new_since(query, since, size)


def list_with_counts(backend: Any, user: str, size: int = 0) -> list[dict[str, Any]]:
    """``user``'s saved searches with ``new`` = hits first seen since the last visit."""
    out = []
    for item in list_for(backend, user):
        total, _ = new_hits(backend, item, item.get("last_visit_at", ""), 0)
        out.append({**item, "new": total})
    return out


def get_owned(backend: Any, saved_id: str, user: str) -> dict[str, Any]:
    """Saved search ``saved_id`` if ``user`` owns it; 404 otherwise (no probing of others' ids)."""
    item = backend.get_doc(SAVED, saved_id)
    if not item or item.get("user") != user:
        raise HTTPException(404, "no such saved search")
    return item


def mark_visited(backend: Any, item: dict[str, Any]) -> None:
    """Move ``last_visit_at`` to now."""
    backend.put_doc(SAVED, item["id"], {**item, "last_visit_at": now_iso()})


def mark_alerted(backend: Any, item: dict[str, Any], at: str) -> None:
    """Move ``last_alert_at`` to ``at`` (the time the alert run started)."""
    backend.put_doc(SAVED, item["id"], {**item, "last_alert_at": at})


def delete(backend: Any, item: dict[str, Any]) -> None:
    """Remove a saved search."""
    backend.delete_doc(SAVED, item["id"])


def summarise(ads: list[dict[str, Any]]) -> dict[str, Any]:
    """Dates, places and sources across one recruiter's ads."""
    dates = sorted(d for a in ads for d in (a.get(F.POSTED_AT) or a.get(F.FIRST_SEEN),) if d)
    seen = sorted(d for a in ads for d in (a.get(F.LAST_SEEN),) if d)
    return {
        "count": len(ads),
        "first": dates[0] if dates else "",
        "last": seen[-1] if seen else (dates[-1] if dates else ""),
        "places": Counter(a.get(F.LOCATION) or a.get(F.COUNTRY) or "?" for a in ads).most_common(),
        "sources": Counter(a.get(F.SOURCE) or "?" for a in ads).most_common(),
        "online": sum(1 for a in ads if a.get(F.STATUS) == F.STATUS_ONLINE),
    }
