"""The JSON API: everything the pages do, for scripts and other tools.

Sessions are shared with the pages. ``POST /api/login`` (JSON body) starts
one and returns the CSRF token; every write (POST/DELETE) must send it as
``X-CSRF-Token``. The schema is at /openapi.json (logged-in users only).
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from index import fields as F
from workbench import audit, render, saved
from workbench.auth import User
from workbench.deps import backend, csrf_header, labeller, session_user, viewer
from workbench.evidence import public_ad
from workbench.labels import apply_label
from workbench.login import LoginRefused, log_in, log_out
from workbench.queries import parse, search_params
from workbench.security import csrf_token

router = APIRouter(prefix="/api")

# GET /api/queue and POST /api/queue/{id}/label live with the queue page (workbench.queue_views).
from workbench.queue_views import api_router as _queue_api  # noqa: E402

router.include_router(_queue_api)


class Login(BaseModel):
    name: str = Field(..., max_length=200)
    password: str = Field(..., max_length=1024)


class LabelIn(BaseModel):
    label: Literal["deceptive", "legitimate", "unsure"]
    note: str = Field("", max_length=2000)


class SavedIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    params: str = Field("", description="query string of a search, e.g. q=modelos&risk=high")


@router.post("/login", tags=["session"], summary="Log in; returns the CSRF token for writes",
             responses={429: {"description": "locked out or too many logins at once; see Retry-After"}})
async def api_login(body: Login, request: Request) -> Any:
    # A JSON body cannot be sent cross-site without a CORS preflight, so no CSRF token is needed here.
    try:
        user = await log_in(request, body.name, body.password, "api")
    except LoginRefused as refused:
        return JSONResponse({"detail": refused.message, "hint": "wait, then try again"}, status_code=429,
                            headers={"retry-after": str(refused.retry_after)})
    if user is None:
        raise HTTPException(401, "wrong name or password, or the account is disabled")
    return {"user": user.name, "role": user.role, "csrf_token": csrf_token(request)}


@router.post("/logout", tags=["session"], dependencies=[Depends(csrf_header)],
             summary="Log out: ends every session of this user")
async def api_logout(request: Request) -> dict[str, bool]:
    await log_out(request, await run_in_threadpool(session_user, request), "api")
    return {"ok": True}


@router.get("/me", tags=["session"], summary="Who am I, and my CSRF token")
def me(request: Request, user: User = Depends(viewer)) -> dict[str, Any]:
    return {"user": user.name, "role": user.role, "csrf_token": csrf_token(request)}


def _hit(hit: Any) -> dict[str, Any]:
    src = {k: v for k, v in public_ad(hit.source).items() if k != F.ENTITIES}
    # matched: the query words this ad has (relaxed searches name each word's clause)
    return {"id": hit.id, "score": hit.score, "highlights": hit.highlights, "matched": getattr(hit, "matched", []), "ad": src}


@router.get("/search", tags=["search"], summary="Search ads (same parameters as the search page)")
def api_search(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)) -> JSONResponse:
    """Query string: q, risk, min_score, max_score, source, country, lang, indicator, has_phone,
    has_whatsapp, has_telegram, status, posted_from/to, seen_from/to, label, sort, page, size, relax.
    Highlights are HTML-encoded fragments with <em> around matches. When all words find fewer than
    SEARCH_RELAX_BELOW ads (and relax is not false), the hits are the best any-words matches:
    ``relaxed`` is true, ``strict_total`` counts the ads with all words, each hit's ``matched``
    names the words it has."""
    params = search_params(request.query_params)
    result = be.search(parse(params, request.app.state.page_size))
    audit.record(be, user, "search", urlencode(params, doseq=True), f"{result.total} hits, api")
    # Everything here is already plain JSON from the engine: a JSONResponse skips FastAPI's
    # jsonable_encoder, which took ~12 ms per page of 20 ads (a third of the overhead over `took`).
    return JSONResponse({"total": result.total, "took_ms": result.took_ms, "relaxed": getattr(result, "relaxed", False),
                         "strict_total": getattr(result, "strict_total", None), "facets": result.facets,
                         "hits": [_hit(h) for h in result.hits]})


def _ad(be: Any, ad_id: str) -> dict[str, Any]:
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    return ad


@router.get("/ads/{ad_id}", tags=["ads"], summary="One ad with indicator evidence segments")
def api_ad(ad_id: str, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    ad = _ad(be, ad_id)
    audit.record(be, user, "view", ad_id, "api")
    return {"ad": public_ad(ad), "segments": render.evidence_spans(render.scored_text(ad), ad.get(F.INDICATOR_HITS) or [])}


@router.get("/ads/{ad_id}/linked", tags=["ads"], summary="Ads sharing a contact or near-identical text, with reasons")
def api_linked(ad_id: str, request: Request, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    links = be.linked(_ad(be, ad_id), request.app.state.linked_max)
    # Up to WEB_LINKED_MAX full ads with contacts and notes: audited like a view.
    audit.record(be, user, "linked", ad_id, f"{len(links)} linked ads, api")
    return {"linked": [{"id": x["ad"].get(F.ID), "reasons": x["reasons"], "ad": public_ad(x["ad"])} for x in links]}


@router.post("/ads/{ad_id}/label", tags=["labels"], dependencies=[Depends(csrf_header)], summary="Label an ad (labeller or admin)")
def api_label(ad_id: str, body: LabelIn, request: Request, user: User = Depends(labeller),
              be: Any = Depends(backend)) -> dict[str, Any]:
    partial = apply_label(be, ad_id, body.label, body.note, user.name, request.app.state.label_retries)
    audit.record(be, user, "label", ad_id, f"{body.label}: {body.note}")
    return {"id": ad_id, **partial}


@router.get("/recruiters", tags=["recruiters"], summary="Top contacts (phone, WhatsApp, Telegram, e-mail, handle)")
def api_recruiters(request: Request, field: str = "", user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    fields = [f for f in F.LINK_FIELDS if not field or f == field]
    if not fields:
        raise HTTPException(404, f"unknown contact field {field!r}")
    top = {f: be.top_contacts(f, request.app.state.top_contacts) for f in fields}
    audit.record(be, user, "recruiters", field or "all", f"{sum(len(v) for v in top.values())} contacts, api")
    return top


@router.get("/recruiters/{field}/{value:path}", tags=["recruiters"], summary="All ads of one contact")
def api_recruiter(field: str, value: str, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    if field not in F.LINK_FIELDS:
        raise HTTPException(404, f"unknown contact field {field!r}")
    ads = be.recruiter(field, value, 500)
    audit.record(be, user, "recruiter", f"{field}:{value}", f"{len(ads)} ads, api")
    return {"field": field, "value": value, "summary": saved.summarise(ads), "ads": [public_ad(a) for a in ads]}


@router.get("/saved-searches", tags=["saved searches"], summary="My saved searches with new-hit counts")
def api_saved(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)) -> list[dict[str, Any]]:
    return saved.list_with_counts(be, user.name)


@router.post("/saved-searches", tags=["saved searches"], dependencies=[Depends(csrf_header)], status_code=201)
def api_saved_create(body: SavedIn, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, Any]:
    return saved.create(be, user.name, body.name, body.params)


@router.delete("/saved-searches/{saved_id}", tags=["saved searches"], dependencies=[Depends(csrf_header)])
def api_saved_delete(saved_id: str, user: User = Depends(viewer), be: Any = Depends(backend)) -> dict[str, bool]:
    saved.delete(be, saved.get_owned(be, saved_id, user.name))
    return {"ok": True}
