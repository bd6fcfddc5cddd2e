"""Case pages: the cases list, a case, "add to case", the network view and the evidence package.

Everyone logged in reads cases; labellers and admins change them. Every read
and change is audited with the target ``case:<id>`` (recruiter networks with
``field:value``), so the package can show who saw what. The JSON API for the
same actions is ``workbench.case_api``; both share the helpers here.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from anzuelo.errors import InputError
from index import cases as C
from index import fields as F
from workbench import audit, network, network_svg
from workbench import cases as K
from workbench.auth import User, now_iso
from workbench.deps import backend, csrf_form, labeller, page, viewer
from workbench.package import build_zip, timeline

router = APIRouter(include_in_schema=False)
RECRUITER_ADS = 500


def store(request: Request) -> C.CaseStore:
    """The app's case store (created with the app's index on first use)."""
    if getattr(request.app.state, "cases", None) is None:
        request.app.state.cases = C.CaseStore(request.app.state.backend.idx)
    return request.app.state.cases


def is_user(request: Request):
    return lambda name: request.app.state.users.get(name) is not None


def ads_exist(be: Any):
    return lambda ids: [i for i, ad in be.idx.mget(ids).items() if ad is not None]


def case_ads(be: Any, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's ads: those added by hand, then every ad of its recruiters (no duplicates)."""
    found = {i: ad for i, ad in be.idx.mget(case.get(C.ADS) or []).items() if ad is not None}
    for rec in case.get(C.RECRUITERS) or []:
        for ad in be.recruiter(rec["field"], rec["value"], RECRUITER_ADS):
            found.setdefault(ad[F.ID], ad)
    return list(found.values())


def apply(request: Request, user: User, case_id: str, fn: K.Change) -> dict[str, Any]:
    """Run a change on a case and audit it (action ``case-<what>``)."""
    be = request.app.state.backend
    case, detail = K.change(store(request), case_id, user.name, fn, request.app.state.label_retries)
    audit.record(be, user, f"case-{getattr(fn, 'action', 'edit')}", f"case:{case_id}", detail)
    return case


def recruiter_graph(be: Any, field: str, value: str) -> network.Graph:
    if field not in F.LINK_FIELDS:
        raise HTTPException(404, f"unknown contact field {field!r}; use one of {', '.join(F.LINK_FIELDS)}")
    return network.build(be, f"Network of {field} {value}", be.recruiter(field, value, RECRUITER_ADS))


def case_graph(be: Any, case: dict[str, Any]) -> network.Graph:
    return network.build(be, f"Network of case {case[C.NAME]}", case_ads(be, case))


def check_format(fmt: str) -> str:
    if fmt not in ("json", "graphml", "svg"):
        raise InputError(f"unknown network format {fmt!r}", "use format=json, graphml or svg")
    return fmt


def graph_response(graph: network.Graph, fmt: str, name: str) -> Response:
    """The graph as a download: json, graphml or svg (400 for anything else)."""
    if check_format(fmt) == "json":
        body, media = json.dumps(network.to_json(graph), ensure_ascii=False, indent=1).encode(), "application/json"
    elif fmt == "graphml":
        body, media = network.to_graphml(graph), "application/graphml+xml"
    else:  # svg, sent as an attachment: a downloaded SVG is a file to keep, never rendered from this origin
        body, media = network_svg.to_svg(graph, standalone=True).encode(), "image/svg+xml"
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="anzuelo-network-{name}.{fmt}"'})


def package_response(request: Request, be: Any, user: User, case: dict[str, Any]) -> Response:
    ads = case_ads(be, case)
    audit.record(be, user, "export", f"case:{case[C.ID]}", f"case package, {len(ads)} ads")
    data, manifest = build_zip(be, request.app.state.evidence, case, ads, user.name, now_iso())
    return Response(data, media_type="application/zip", headers={
        "content-disposition": f'attachment; filename="anzuelo-case-{case[C.ID]}.zip"',
        "x-package-sha256": hashlib.sha256(data).hexdigest()})


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
    return page(request, "case_add.html", items=items, ad=ad, field=field, value=value, ad_doc=be.get_ad(ad) if ad else None)


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
    graph = case_graph(be, case)
    audit.record(be, user, "network", f"case:{case_id}", f"{len(graph.nodes)} nodes")
    return _network_page(request, graph, f"/api/cases/{case_id}/network", back=(f"/cases/{case_id}", case[C.NAME]))


@router.get("/network/recruiter/{field}/{value:path}")
def recruiter_network_page(request: Request, field: str, value: str, user: User = Depends(viewer),
                           be: Any = Depends(backend)):
    graph = recruiter_graph(be, field, value)
    audit.record(be, user, "network", C.recruiter_key(field, value), f"{len(graph.nodes)} nodes")
    seg = quote(value, safe="")
    return _network_page(request, graph, f"/api/network/recruiter/{field}/{seg}",
                         back=(f"/recruiters/{field}/{seg}", f"{field} {value}"), recruiter=(field, value))


def _network_page(request: Request, graph: network.Graph, api: str, back: tuple[str, str], recruiter=None):
    from markupsafe import Markup

    ads = {n["id"]: n for n in graph.nodes if n["kind"] == "ad"}
    rows = [(ads[e["source"]], e) for e in graph.edges if e["source"] in ads]
    # to_svg escapes every text it writes (html.escape); the page embeds it as markup.
    return page(request, "network.html", graph=graph, svg=Markup(network_svg.to_svg(graph)), rows=rows,
                nodes={n["id"]: n for n in graph.nodes}, api=api, back=back, legend=network_svg.legend(),
                recruiter=recruiter)


@router.get("/cases/{case_id}/package.zip")
def case_package(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)):
    return package_response(request, be, user, K.get_case(store(request), case_id))
