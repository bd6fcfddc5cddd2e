"""Investigators' labels: store them on the ad, export them as training data.

A label is written into the ad document itself (``label`` = latest verdict,
``labels`` = full history with user, note and time) so it survives rescoring
and reindexing. ``export_rows`` turns labelled ads into the JSONL rows that
``anzuelo train`` reads (same columns as data/labelled/*.jsonl); ``unsure``
is never exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from anzuelo.errors import InputError
from index import fields as F
from workbench.auth import now_iso

TRAINING_LABELS = {"deceptive": 1, "legitimate": 0}
CATEGORY = "investigator_label"
MAX_NOTE = 2000


def apply_label(backend: Any, ad_id: str, label: str, note: str, user: str) -> dict[str, Any]:
    """Record ``label`` by ``user`` on ad ``ad_id``; returns the partial document written."""
    if label not in F.LABEL_VALUES:
        raise InputError(f"unknown label {label!r}", f"choose one of: {', '.join(F.LABEL_VALUES)}")
    ad = backend.get_ad(ad_id)
    if ad is None:
        raise InputError(f"no ad with id {ad_id!r}", "search for the ad again; it may have been removed")
    entry = {"label": label, "note": (note or "").strip()[:MAX_NOTE], "user": user, "at": now_iso()}
    history = [h for h in ad.get(F.LABELS) or [] if isinstance(h, dict)]
    partial = {F.LABEL: label, F.LABELS: history + [entry]}
    backend.update_ad(ad_id, partial)
    return partial


def training_row(ad: dict[str, Any]) -> dict[str, Any] | None:
    """The training row of a labelled ad, or None when its latest label is not exportable."""
    label = ad.get(F.LABEL)
    if label not in TRAINING_LABELS:
        return None
    history = [h for h in ad.get(F.LABELS) or [] if isinstance(h, dict)]
    latest = next((h for h in reversed(history) if h.get("label") == label), {})
    return {
        "id": ad.get(F.ID),
        "lang": ad.get(F.LANG) or "",
        "country": ad.get(F.COUNTRY) or "",
        "platform": ad.get(F.SOURCE) or "",
        "title": ad.get(F.TITLE) or "",
        "text": ad.get(F.TEXT) or "",
        "label": TRAINING_LABELS[label],
        "category": CATEGORY,
        "indicators": list(ad.get(F.INDICATORS) or []),
        "note": latest.get("note", ""),
        "labelled_by": latest.get("user", ""),
        "labelled_at": latest.get("at", ""),
    }


def export_rows(backend: Any) -> Iterator[dict[str, Any]]:
    """Training rows of every ad labelled deceptive or legitimate."""
    body = {"query": {"terms": {F.LABEL: sorted(TRAINING_LABELS)}}}
    for ad in backend.scan_body(body, max_rows=None):
        row = training_row(ad)
        if row is not None:
            yield row
