"""Investigators' labels: store them on the ad, export them as training data.

A label is written into the ad document itself (``label`` = latest verdict,
``labels`` = full history with user, note and time) so it survives rescoring
and reindexing. Saves use optimistic concurrency: the ad is read with its
``_seq_no``/``_primary_term`` and written only if nobody wrote it since
(``if_seq_no``/``if_primary_term``); on a conflict the save reads again and
retries, so concurrent labellers never overwrite each other's history entries. ``export_rows`` turns labelled ads into the JSONL rows that
``anzuelo train`` reads (same columns as data/labelled/*.jsonl); ``unsure``
is never exported.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

from anzuelo import settings
from anzuelo.errors import AnzueloError, InputError
from index import fields as F
from workbench.auth import now_iso

TRAINING_LABELS = {"deceptive": 1, "legitimate": 0}
CATEGORY = "investigator_label"
MAX_NOTE = 2000


class ConflictError(AnzueloError):
    """The ad kept changing under a label save, retry after retry (HTTP 409, never 503)."""


def apply_label(backend: Any, ad_id: str, label: str, note: str, user: str,
                retries: int = settings.WEB_LABEL_RETRIES) -> dict[str, Any]:
    """Record ``label`` by ``user`` on ad ``ad_id``; returns the partial document written.

    Read-modify-write guarded by the ad's sequence number: a save that lost a
    race re-reads the ad (with the winner's entry) and appends again, up to
    ``retries`` times, with a short random pause so racing savers spread out.
    """
    if label not in F.LABEL_VALUES:
        raise InputError(f"unknown label {label!r}", f"choose one of: {', '.join(F.LABEL_VALUES)}")
    entry = {"label": label, "note": (note or "").strip()[:MAX_NOTE], "user": user, "at": now_iso()}
    for attempt in range(retries + 1):
        ad, version = backend.get_ad_versioned(ad_id)
        if ad is None:
            raise InputError(f"no ad with id {ad_id!r}", "search for the ad again; it may have been removed")
        history = [h for h in ad.get(F.LABELS) or [] if isinstance(h, dict)]
        partial = {F.LABEL: label, F.LABELS: history + [entry]}
        if backend.update_ad_if(ad_id, partial, version):
            return partial
        time.sleep(random.uniform(0, min(0.05 * (attempt + 1), 0.5)))
    raise ConflictError(f"ad {ad_id} changed {retries + 1} times while the label was saved",
                        "save the label again: nothing was written")


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
