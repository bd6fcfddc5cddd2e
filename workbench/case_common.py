"""What the case pages and the case API share: the store, the case's ads, audited changes, downloads.

Every read and change is audited with the target ``case:<id>`` (recruiter
networks with ``field:value``), so the case package can show who saw what.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import Response

from anzuelo.errors import InputError
from index import cases as C
from index import fields as F
from workbench import audit, network, network_svg
from workbench import cases as K
from workbench.auth import User, now_iso
from workbench.package import build_zip

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


def _max_nodes(request: Request) -> int:
    return int(getattr(request.app.state, "network_max_nodes", network.MAX_NODES))


def recruiter_graph(request: Request, be: Any, field: str, value: str) -> network.Graph:
    if field not in F.LINK_FIELDS:
        raise HTTPException(404, f"unknown contact field {field!r}; use one of {', '.join(F.LINK_FIELDS)}")
    return network.build(be, f"Network of {field} {value}", be.recruiter(field, value, RECRUITER_ADS),
                         _max_nodes(request))


def case_graph(request: Request, be: Any, case: dict[str, Any]) -> network.Graph:
    return network.build(be, f"Network of case {case[C.NAME]}", case_ads(be, case), _max_nodes(request))


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
