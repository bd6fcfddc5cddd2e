"""Server-rendered pages: login, search, ad, recruiters, saved searches.

Every page reads through the backend and renders Jinja2 templates with
autoescape; only ``render`` produces markup from ad content.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from index import fields as F
from workbench import audit, render, saved
from workbench.agreement import disagreement
from workbench.auth import User
from workbench.deps import backend, csrf_form, labeller, page, session_user, viewer
from workbench.evidence import public_ad
from workbench.labels import apply_label
from workbench.login import LoginRefused, log_in, log_out
from workbench.queries import FACET_PARAMS, parse, params_without, search_params
from workbench.security import CSRF_FIELD, csrf_ok

router = APIRouter(include_in_schema=False)

# The "To label" queue (/queue) has its own module; mounted here so the app wiring stays as it is.
from workbench.queue_views import pages_router as _queue_pages  # noqa: E402

router.include_router(_queue_pages)


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return page(request, "login.html", next=_safe_next(next), error="")


@router.post("/login")
async def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")):
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        return page(request, "login.html", 403, next=_safe_next(next), error="Session expired: please try again.")
    try:
        user = await log_in(request, name, password, "web")
    except LoginRefused as refused:
        res = page(request, "login.html", 429, next=_safe_next(next), error=refused.message)
        res.headers["retry-after"] = str(refused.retry_after)
        return res
    if user is None:
        return page(request, "login.html", 401, next=_safe_next(next), error="Wrong name or password, or the account is disabled.")
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(csrf_form)])
async def logout(request: Request):
    user = await run_in_threadpool(session_user, request)
    await log_out(request, user, "web")
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def search_page(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)):
    params = search_params(request.query_params)
    query = parse(params, request.app.state.page_size)
    result = be.search(query)
    audit.record(be, user, "search", urlencode(params, doseq=True), f"{result.total} hits")
    return page(
        request,
        "search.html",
        params=params,
        query=query,
        result=result,
        evidence=[render.indicator_evidence(h.source) for h in result.hits],
        facet_params=FACET_PARAMS,
        qs=lambda **kw: params_without(params, **kw),
        pages=_pages(query, result.total),
    )


@router.get("/ads/{ad_id}")
def ad_page(request: Request, ad_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    ad = be.get_ad(ad_id)
    if ad is None:
        raise HTTPException(404, f"no ad with id {ad_id}")
    linked = be.linked(ad, request.app.state.linked_max)
    # The page shows every linked ad in full (contacts, notes): the audit says how many.
    audit.record(be, user, "view", ad_id, f"{len(linked)} linked ads")
    text = render.scored_text(ad)
    return page(
        request,
        "ad.html",
        ad=public_ad(ad),
        body=render.evidence_html(text, ad.get(F.INDICATOR_HITS) or []),
        evidence=render.indicator_evidence(ad),
        linked=linked,
        contacts=[(f, v) for f in F.LINK_FIELDS for v in ad.get(f) or []],
        labels=list(reversed(ad.get(F.LABELS) or [])),
        disagreement=disagreement(ad),  # labellers' latest votes when they differ
        label_values=F.LABEL_VALUES,
    )


@router.post("/ads/{ad_id}/label", dependencies=[Depends(csrf_form)])
def label_ad(request: Request, ad_id: str, label: str = Form(...), note: str = Form(""), user: User = Depends(labeller)):
    be = request.app.state.backend
    apply_label(be, ad_id, label, note, user.name, request.app.state.label_retries)
    audit.record(be, user, "label", ad_id, f"{label}: {note}")
    return RedirectResponse(f"/ads/{ad_id}#label", status_code=303)


@router.get("/recruiters")
def recruiters_index(request: Request, field: str = "", user: User = Depends(viewer), be: Any = Depends(backend)):
    fields = [f for f in F.LINK_FIELDS if not field or f == field]
    if not fields:
        raise HTTPException(404, f"unknown contact field {field!r}")
    top = {f: be.top_contacts(f, request.app.state.top_contacts) for f in fields}
    audit.record(be, user, "recruiters", field or "all", f"{sum(len(v) for v in top.values())} contacts")
    return page(request, "recruiters.html", top=top, field=field, link_fields=F.LINK_FIELDS)


@router.get("/recruiters/{field}/{value:path}")
def recruiter_page(request: Request, field: str, value: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    if field not in F.LINK_FIELDS:
        raise HTTPException(404, f"unknown contact field {field!r}; use one of {', '.join(F.LINK_FIELDS)}")
    ads = be.recruiter(field, value, 500)
    audit.record(be, user, "recruiter", f"{field}:{value}", f"{len(ads)} ads")
    return page(request, "recruiter.html", field=field, value=value, ads=ads, summary=saved.summarise(ads))


@router.get("/saved")
def saved_list(request: Request, user: User = Depends(viewer), be: Any = Depends(backend)):
    items = saved.list_with_counts(be, user.name, request.app.state.page_size)
    return page(request, "saved.html", items=items)


@router.post("/saved", dependencies=[Depends(csrf_form)])
def saved_create(request: Request, name: str = Form(...), params: str = Form(""), user: User = Depends(viewer)):
    saved.create(request.app.state.backend, user.name, name, params)
    return RedirectResponse("/saved", status_code=303)


@router.get("/saved/{saved_id}")
def saved_show(request: Request, saved_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    """A bookmarkable link to a saved search: only redirects (a GET never changes state)."""
    item = saved.get_owned(be, saved_id, user.name)
    return RedirectResponse("/?" + item["params"], status_code=303)


@router.post("/saved/{saved_id}/open", dependencies=[Depends(csrf_form)])
def saved_open(request: Request, saved_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    """Open a saved search from the list: moves its "new since last visit" clock, then shows it."""
    item = saved.get_owned(be, saved_id, user.name)
    saved.mark_visited(be, item)
    return RedirectResponse("/?" + item["params"], status_code=303)


@router.post("/saved/{saved_id}/delete", dependencies=[Depends(csrf_form)])
def saved_delete(request: Request, saved_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    saved.delete(be, saved.get_owned(be, saved_id, user.name))
    return RedirectResponse("/saved", status_code=303)


def _safe_next(target: str) -> str:
    """Only same-site relative paths: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _pages(query: Any, total: int) -> dict[str, int]:
    size = max(1, int(getattr(query, "size", 20) or 20))
    current = max(1, int(getattr(query, "page", 1) or 1))
    last = max(1, min((total + size - 1) // size, 10_000 // size))
    return {"current": current, "last": last, "size": size}
