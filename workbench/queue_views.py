"""The "To label" queue in the workbench: a page (one click or one key per ad) and its JSON API.

Everyone may see the queue; labellers and admins label from it. Labelling an ad drops it
from the queue (it is no longer unlabelled), so "label and next" is: save, then show the
queue again. "Skip" keeps an ad for later by naming it in ``skip`` (only in the URL: nothing
is written). Ranking and grouping live in ``index.queue``, the model facts in ``nlp.model.active``.
"""

from __future__ import annotations

import math
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from anzuelo import settings
from index import fields as F
from workbench import audit, render
from workbench.auth import User
from workbench.deps import backend, csrf_form, csrf_header, labeller, page, viewer
from workbench.evidence import public_ad
from workbench.labels import apply_label

pages_router = APIRouter(include_in_schema=False)
api_router = APIRouter()

MAX_LIMIT = 100
MAX_SKIP = 200


def queue_params(qp: Any) -> dict[str, Any]:
    """Validated queue parameters (source, lang, skip repeatable; limit; threshold); 400 on bad input."""
    params: dict[str, Any] = {k: [v for v in qp.getlist(k) if v.strip()] for k in ("source", "lang", "skip")}
    if any(len(v) > (MAX_SKIP if k == "skip" else settings.SEARCH_MAX_FILTER_VALUES) for k, v in params.items()):
        raise HTTPException(400, "too many source, lang or skip values")
    try:
        params["limit"] = int(qp.get("limit") or 20)
        params["threshold"] = float(qp["threshold"]) if qp.get("threshold") else None
    except ValueError:
        raise HTTPException(400, "limit must be a whole number and threshold a number between 0 and 1") from None
    if not 1 <= params["limit"] <= MAX_LIMIT:
        raise HTTPException(400, f"limit must be between 1 and {MAX_LIMIT}")
    t = params["threshold"]
    if t is not None and (not math.isfinite(t) or not 0 < t < 1):
        raise HTTPException(400, "threshold must be between 0 and 1 (exclusive)")
    return params


def build(request: Request, be: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The queue report for these parameters over the app's index."""
    from anzuelo.cli.queue import queue_settings
    from index.queue import QueueQuery, queue_report
    from nlp.model.active import model_info

    info = model_info(getattr(request.app.state, "queue_model_dir", None))
    q = QueueQuery(threshold=params["threshold"] or info["threshold"], sources=params["source"],
                   langs=params["lang"], skip=params["skip"], limit=params["limit"], pool=queue_settings()["pool"])
    return queue_report(be.idx, info, q)


def _qs(params: dict[str, Any], **extra: Any) -> str:
    keep = {k: v for k, v in params.items() if v not in (None, [], "") and not (k == "limit" and v == 20)}
    keep.update(extra)
    return urlencode(keep, doseq=True)


@pages_router.get("/queue")
def queue_page(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)):
    params = queue_params(request.query_params)
    report = build(request, be, params)
    audit.record(be, user, "queue", _qs(params), f"{len(report['items'])} ads listed")
    top = report["items"][0]["ad"] if report["items"] else None
    full = be.get_ad(top[F.ID]) if top else None
    body = render.evidence_html(render.scored_text(full), full.get(F.INDICATOR_HITS) or []) if full else ""
    return page(request, "queue.html", report=report, params=params, qs=lambda **kw: _qs(params, **kw),
                top=public_ad(full) if full else None, body=body, can_label=user.can("labeller"))


@pages_router.post("/queue/label", dependencies=[Depends(csrf_form)])
def queue_label(request: Request, ad_id: str = Form(..., max_length=200), label: str = Form(...),
                note: str = Form(""), back: str = Form(""), user: User = Depends(labeller)):
    be = request.app.state.backend
    apply_label(be, ad_id, label, note, user.name, request.app.state.label_retries)
    audit.record(be, user, "label", ad_id, f"{label}: {note} (queue)")
    # back: the queue's own query string, so filters survive "label and next"
    safe = back and "\n" not in back and "\r" not in back and "//" not in back
    return RedirectResponse("/queue" + (f"?{back}" if safe else ""), status_code=303)


class QueueLabelIn(BaseModel):
    label: Literal["deceptive", "legitimate", "unsure"]
    note: str = Field("", max_length=2000)


@api_router.get("/queue", tags=["labels"], summary="Unlabelled ads to label next, most uncertain first")
def api_queue(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    """Query string: source, lang, skip (repeatable), limit (1-100), threshold (default: the model's
    medium threshold). ``model`` says what the model in use was trained on, ``labels`` how many ads
    are labelled and how many were labelled since that model was trained."""
    params = queue_params(request.query_params)
    report = build(request, be, params)
    audit.record(be, user, "queue", _qs(params), f"{len(report['items'])} ads listed, api")
    return report


@api_router.post("/queue/{ad_id}/label", tags=["labels"], dependencies=[Depends(csrf_header)],
                 summary="Label an ad from the queue and get the next one (labeller or admin)")
def api_queue_label(ad_id: str, body: QueueLabelIn, request: Request, user: User = Depends(labeller),
                    be: Any = Depends(backend)) -> dict[str, Any]:
    """Same parameters as GET /api/queue for the next item."""
    apply_label(be, ad_id, body.label, body.note, user.name, request.app.state.label_retries)
    audit.record(be, user, "label", ad_id, f"{body.label}: {body.note} (queue, api)")
    params = queue_params(request.query_params)
    report = build(request, be, {**params, "limit": 1})
    return {"id": ad_id, "label": body.label, "next": report["items"][0] if report["items"] else None,
            "labels": report["labels"]}
