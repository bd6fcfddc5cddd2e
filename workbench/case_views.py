"""Case pages: the cases list, a case, "add to case", the network view and the evidence package.

Everyone logged in reads cases; labellers and admins change them. The shared
helpers (store, audited changes, downloads) are in ``workbench.case_common``;
the JSON API for the same actions is ``workbench.case_api``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from index import cases as C
from workbench import audit, network, network_svg
from workbench import cases as K
from workbench.auth import User
from workbench.case_common import (ads_exist, apply, case_ads, case_graph, is_user, package_response,
                                   recruiter_graph, store)
from workbench.deps import backend, csrf_form, labeller, page, viewer
from workbench.package import timeline

router = APIRouter(include_in_schema=False)


# --- pages -----------------------------------------------------------------
@router.get("/cases")
def cases_page(request: Request, status: str = "", user: User = Depends(viewer), be: Any = Depends(backend)):
    if status:
        K.check_status(status)
    items = store(request).search(status=status)
    audit.record(be, user, "cases", status or "all", f"{len(items)} cases")
    return page(request, "cases.html", items=items, status=status, statuses=C.STATUS_VALUES,
                users=sorted(u["name"] for u in request.app.state.users.list()))


@router.post("/cases", dependencies=[Depends(csrf_form)])
def cases_create(request: Request, name: str = Form(""), description: str = Form(""), assignees: str = Form(""),
                 ad: str = Form(""), field: str = Form(""), value: str = Form(""), user: User = Depends(labeller)):
    be = request.app.state.backend
    case = K.new_case(store(request), user.name, name, description, "open", assignees.split(","), is_user(request))
    audit.record(be, user, "case-create", f"case:{case[C.ID]}", case[C.NAME])
    return _add_then_show(request, user, case[C.ID], ad, field, value)


@router.get("/cases/add")
def add_to_case_page(request: Request, ad: str = "", field: str = "", value: str = "",
                     user: User = Depends(labeller), be: Any = Depends(backend)):
    """Choose the case an ad or a recruiter goes into (or start a new one)."""
    if ad and be.get_ad(ad) is None:
        raise HTTPException(404, f"no ad with id {ad}")
    if not ad:
        K.check_recruiter(field, value)
    items = [c for c in store(request).search() if c[C.STATUS] not in ("closed", "referred")]
    return page(request, "case_add.html", items=items, ad=ad, field=field, value=value,
                ad_doc=be.get_ad(ad) if ad else None)


@router.post("/cases/{case_id}/add", dependencies=[Depends(csrf_form)])
def add_to_case(request: Request, case_id: str, ad: str = Form(""), field: str = Form(""), value: str = Form(""),
                user: User = Depends(labeller)):
    return _add_then_show(request, user, case_id, ad, field, value)


def _add_then_show(request: Request, user: User, case_id: str, ad: str, field: str, value: str):
    be = request.app.state.backend
    if ad:
        apply(request, user, case_id, K.add_ads([ad], ads_exist(be)))
    elif field or value:
        apply(request, user, case_id, K.add_recruiter(field, value))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    case = K.get_case(store(request), case_id)
    ads = case_ads(be, case)
    audit.record(be, user, "case-view", f"case:{case_id}", f"{len(ads)} ads")
    return page(request, "case.html", case=case, ads=ads, events=timeline(case, ads), statuses=C.STATUS_VALUES,
                explicit=set(case.get(C.ADS) or []), notes=list(reversed(case.get(C.NOTES) or [])),
                history=list(reversed(case.get(C.HISTORY) or [])),
                users=sorted(u["name"] for u in request.app.state.users.list()))


@router.post("/cases/{case_id}/update", dependencies=[Depends(csrf_form)])
def case_update(request: Request, case_id: str, name: str = Form(...), status: str = Form(...),
                description: str = Form(""), assignees: list[str] = Form([]), user: User = Depends(labeller)):
    apply(request, user, case_id, K.set_fields(name, status, description, assignees, is_user(request)))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/notes", dependencies=[Depends(csrf_form)])
def case_note(request: Request, case_id: str, text: str = Form(""), note: str = Form(""),
              user: User = Depends(labeller)):
    fn = K.edit_note(note, text, user.name) if note else K.add_note(text, user.name)
    apply(request, user, case_id, fn)
    return RedirectResponse(f"/cases/{case_id}#notes", status_code=303)


@router.post("/cases/{case_id}/remove", dependencies=[Depends(csrf_form)])
def case_remove(request: Request, case_id: str, ad: str = Form(""), field: str = Form(""), value: str = Form(""),
                user: User = Depends(labeller)):
    apply(request, user, case_id, K.remove_ad(ad) if ad else K.remove_recruiter(field, value))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}/network")
def case_network_page(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    case = K.get_case(store(request), case_id)
    graph = case_graph(request, be, case)
    audit.record(be, user, "network", f"case:{case_id}", f"{len(graph.nodes)} nodes")
    return _network_page(request, graph, f"/api/cases/{case_id}/network", back=(f"/cases/{case_id}", case[C.NAME]))


@router.get("/network/recruiter/{field}/{value:path}")
def recruiter_network_page(request: Request, field: str, value: str, user: User = Depends(viewer),
                           be: Any = Depends(backend)):
    graph = recruiter_graph(request, be, field, value)
    audit.record(be, user, "network", C.recruiter_key(field, value), f"{len(graph.nodes)} nodes")
    seg = quote(value, safe="")
    return _network_page(request, graph, f"/api/network/recruiter/{field}/{seg}",
                         back=(f"/recruiters/{field}/{seg}", f"{field} {value}"), recruiter=(field, value))


def _network_page(request: Request, graph: network.Graph, api: str, back: tuple[str, str], recruiter=None):
    ads = {n["id"]: n for n in graph.nodes if n["kind"] == "ad"}
    rows = [(ads[e["source"]], e) for e in graph.edges if e["source"] in ads]
    # to_svg escapes every text it writes (html.escape); the page embeds it as markup.
    return page(request, "network.html", graph=graph, svg=Markup(network_svg.to_svg(graph)), rows=rows,
                nodes={n["id"]: n for n in graph.nodes}, api=api, back=back, legend=network_svg.legend(),
                recruiter=recruiter)


@router.get("/cases/{case_id}/package.zip")
def case_package(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    return package_response(request, be, user, K.get_case(store(request), case_id))
