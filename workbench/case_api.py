"""The JSON API of cases, networks and case packages (``/api/cases...``, ``/api/network...``).

Bodies are plain JSON objects validated here, so bad input is a 400 with a
sentence saying what to fix (not a schema dump). Writes need the session's
``X-CSRF-Token`` and the labeller or admin role; reads any logged-in user.
Every call is audited like its page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request

from anzuelo.errors import InputError
from index import cases as C
from workbench import audit
from workbench import cases as K
from workbench.auth import User
from workbench.case_common import (ads_exist, apply, case_ads, case_graph, check_format, graph_response,
                                   is_user, package_response, recruiter_graph, store)
from workbench.deps import backend, csrf_header, labeller, viewer
from workbench.package import timeline

router = APIRouter(prefix="/api", tags=["cases"])


def _body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object", 'send e.g. {"name": "Case name"}')
    return body


def _str(body: dict[str, Any], key: str, default: str | None = "") -> str | None:
    value = body.get(key, default)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{key} must be a string", f'send "{key}" as text')
    return value


def _list(body: dict[str, Any], key: str) -> list[str] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{key} must be a list of strings", f'send e.g. "{key}": ["..."]')
    return value


@router.get("/cases", summary="List cases (newest change first), optionally by status, ad or assignee")
def list_cases(request: Request, status: str = "", ad: str = "", assignee: str = "",
               user: User = Depends(viewer), be: Any = Depends(backend)) -> Any:
    if status:
        K.check_status(status)
    items = store(request).search(status=status, ad_id=ad, assignee=assignee)
    audit.record(be, user, "cases", status or ad or assignee or "all", f"{len(items)} cases")
    return {"cases": items, "statuses": list(C.STATUS_VALUES)}


@router.post("/cases", status_code=201, dependencies=[Depends(csrf_header)],
             summary="Create a case: {name, description?, status?, assignees?}")
def create_case(request: Request, body: Any = Body(...), user: User = Depends(labeller),
                be: Any = Depends(backend)) -> Any:
    body = _body(body)
    case = K.new_case(store(request), user.name, _str(body, "name") or "", _str(body, "description") or "",
                      _str(body, "status", "open") or "open", _list(body, "assignees") or [], is_user(request))
    audit.record(be, user, "case-create", f"case:{case[C.ID]}", case[C.NAME])
    return case


@router.get("/cases/{case_id}", summary="A case with its ads and timeline")
def get_case(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)) -> Any:
    case = K.get_case(store(request), case_id)
    ads = case_ads(be, case)
    audit.record(be, user, "case-view", f"case:{case_id}", f"{len(ads)} ads")
    return {"case": case, "ads": [a["id"] for a in ads], "timeline": timeline(case, ads)}


@router.post("/cases/{case_id}", dependencies=[Depends(csrf_header)],
             summary="Change name, status, description or assignees (only the keys given)")
def update_case(request: Request, case_id: str, body: Any = Body(...), user: User = Depends(labeller)) -> Any:
    body = _body(body)
    unknown = sorted(set(body) - {"name", "status", "description", "assignees"})
    if unknown:
        raise InputError(f"unknown key {', '.join(unknown)}", "send name, status, description or assignees")
    return apply(request, user, case_id, K.set_fields(_str(body, "name", None), _str(body, "status", None),
                                                      _str(body, "description", None), _list(body, "assignees"),
                                                      is_user(request)))


@router.post("/cases/{case_id}/notes", dependencies=[Depends(csrf_header)], summary="Add a note: {text}")
def add_note(request: Request, case_id: str, body: Any = Body(...), user: User = Depends(labeller)) -> Any:
    return apply(request, user, case_id, K.add_note(_str(_body(body), "text") or "", user.name))


@router.post("/cases/{case_id}/notes/{note_id}", dependencies=[Depends(csrf_header)],
             summary="Edit a note: {text}; the earlier text is kept in the note's history")
def edit_note(request: Request, case_id: str, note_id: str, body: Any = Body(...),
              user: User = Depends(labeller)) -> Any:
    return apply(request, user, case_id, K.edit_note(note_id, _str(_body(body), "text") or "", user.name))


@router.post("/cases/{case_id}/ads", dependencies=[Depends(csrf_header)], summary="Add ads: {ads: [id, ...]}")
def add_ads(request: Request, case_id: str, body: Any = Body(...), user: User = Depends(labeller),
            be: Any = Depends(backend)) -> Any:
    ids = _list(_body(body), "ads")
    if ids is None:
        raise InputError("ads is missing", 'send {"ads": ["<ad id>"]}')
    return apply(request, user, case_id, K.add_ads(ids, ads_exist(be)))


@router.delete("/cases/{case_id}/ads/{ad_id}", dependencies=[Depends(csrf_header)], summary="Remove an ad")
def remove_ad(request: Request, case_id: str, ad_id: str, user: User = Depends(labeller)) -> Any:
    return apply(request, user, case_id, K.remove_ad(ad_id))


@router.post("/cases/{case_id}/recruiters", dependencies=[Depends(csrf_header)],
             summary="Add a recruiter: {field, value} (field: phones, whatsapp, telegram, emails, handles)")
def add_recruiter(request: Request, case_id: str, body: Any = Body(...), user: User = Depends(labeller)) -> Any:
    body = _body(body)
    return apply(request, user, case_id, K.add_recruiter(_str(body, "field") or "", _str(body, "value") or ""))


@router.post("/cases/{case_id}/recruiters/remove", dependencies=[Depends(csrf_header)],
             summary="Remove a recruiter: {field, value}")
def remove_recruiter(request: Request, case_id: str, body: Any = Body(...), user: User = Depends(labeller)) -> Any:
    body = _body(body)
    return apply(request, user, case_id, K.remove_recruiter(_str(body, "field") or "", _str(body, "value") or ""))


@router.get("/cases/{case_id}/network", summary="The case's network as json, graphml or svg (download)")
def case_network(request: Request, case_id: str, format: str = "json", user: User = Depends(viewer),
                 be: Any = Depends(backend)) -> Any:
    check_format(format)
    case = K.get_case(store(request), case_id)
    graph = case_graph(request, be, case)
    audit.record(be, user, "export", f"case:{case_id}", f"network {format}, {len(graph.nodes)} nodes")
    return graph_response(graph, format, f"case-{case_id}")


@router.get("/network/recruiter/{field}/{value:path}", summary="A recruiter's network as json, graphml or svg")
def recruiter_network(request: Request, field: str, value: str, format: str = "json",
                      user: User = Depends(viewer), be: Any = Depends(backend)) -> Any:
    check_format(format)
    graph = recruiter_graph(request, be, field, value)
    audit.record(be, user, "export", C.recruiter_key(field, value), f"network {format}, {len(graph.nodes)} nodes")
    return graph_response(graph, format, field)


@router.get("/cases/{case_id}/package.zip", summary="The case's evidence package (zip with manifest)")
def case_package(request: Request, case_id: str, user: User = Depends(viewer), be: Any = Depends(backend)) -> Any:
    return package_response(request, be, user, K.get_case(store(request), case_id))
