"""Admin pages: users (add, change role, disable) and the audit log (view, CSV export).

Adding (replacing), re-roling and disabling a user each end every session of
that user at once (``workbench.auth``: a new session epoch).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, StreamingResponse

from workbench import audit
from workbench.auth import ROLES, User
from workbench.deps import admin, backend, csrf_form, page

router = APIRouter(include_in_schema=False)


@router.get("/admin/users")
def users_page(request: Request, user: User = Depends(admin), be: Any = Depends(backend)):
    return page(request, "admin_users.html", users=request.app.state.users.list(), roles=ROLES, error="")


@router.post("/admin/users", dependencies=[Depends(csrf_form)])
def users_add(
    request: Request,
    name: str = Form(...),
    role: str = Form(...),
    password: str = Form(...),
    email: str = Form(""),
    user: User = Depends(admin),
):
    be = request.app.state.backend
    request.app.state.users.add(name, role, password, email)
    audit.record(be, user, "user-add", name, role)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/disable", dependencies=[Depends(csrf_form)])
def users_disable(request: Request, name: str, user: User = Depends(admin)):
    be = request.app.state.backend
    request.app.state.users.set_disabled(name, True)
    audit.record(be, user, "user-disable", name)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/role", dependencies=[Depends(csrf_form)])
def users_role(request: Request, name: str, role: str = Form(...), user: User = Depends(admin)):
    """Change a user's role; their sessions end, so the new role applies from their next login."""
    be = request.app.state.backend
    request.app.state.users.set_role(name, role)
    audit.record(be, user, "user-role", name, role)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit")
def audit_page(request: Request, who: str = "", action: str = "", user: User = Depends(admin), be: Any = Depends(backend)):
    entries = audit.query(be, user=who, action=action, size=500)
    return page(request, "admin_audit.html", entries=entries, who=who, action=action)


@router.get("/admin/audit.csv")
def audit_csv(who: str = "", action: str = "", user: User = Depends(admin), be: Any = Depends(backend)):
    entries = audit.query(be, user=who, action=action, size=10_000)
    audit.record(be, user, "export", "audit.csv", f"{len(entries)} rows")
    return StreamingResponse(
        audit.to_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="anzuelo-audit.csv"'},
    )
