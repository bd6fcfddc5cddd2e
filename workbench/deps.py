"""Request-time helpers shared by every route: backend, user, roles, CSRF, templates.

Routes declare what they need (``Depends(viewer)``, ``Depends(labeller)``,
``Depends(admin)``); anything unauthenticated raises ``LoginRequired``, which
the app turns into a redirect to /login for pages and a 401 for /api.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from workbench import render
from workbench.auth import User
from workbench.login import SESSION_EPOCH, SESSION_USER
from workbench.security import CSRF_FIELD, CSRF_HEADER, csrf_ok, csrf_token

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# Autoescape is on for .html by default in Jinja2Templates; make it explicit and total.
TEMPLATES.env.autoescape = True
TEMPLATES.env.filters["highlight"] = render.highlight_fragment
TEMPLATES.env.globals["urlencode"] = urlencode
# Jinja's urlencode keeps "/": a contact like "../../admin/users" must stay one path segment.
TEMPLATES.env.filters["pathseg"] = lambda value: quote(str(value), safe="")


class LoginRequired(Exception):
    """No valid session: pages redirect to /login, the API answers 401."""


def backend(request: Request) -> Any:
    """The workbench backend (index access) of this app."""
    return request.app.state.backend


def session_user(request: Request) -> User | None:
    """The user of this session when it is still valid: enabled, and issued under their current epoch.

    A logout, password or role change, or disable draws a new epoch
    (``workbench.auth``), so every cookie issued before it is void here.
    """
    name = request.session.get(SESSION_USER)
    user = request.app.state.users.active(name) if name else None
    if user is None or not hmac.compare_digest(str(request.session.get(SESSION_EPOCH, "")), user.epoch):
        return None
    return user


def current_user(request: Request) -> User:
    """The logged-in, still-enabled user of this request, or LoginRequired."""
    user = session_user(request)
    if user is None:
        request.session.pop(SESSION_USER, None)
        request.session.pop(SESSION_EPOCH, None)
        raise LoginRequired()
    request.state.user = user
    return user


def _role(role: str):
    def check(user: User = Depends(current_user)) -> User:
        if not user.can(role):
            raise HTTPException(403, f"your role ({user.role}) cannot do this; ask an admin for the {role} role")
        return user

    check.__name__ = f"require_{role}"
    return check


viewer = _role("viewer")
labeller = _role("labeller")
admin = _role("admin")


async def csrf_form(request: Request) -> None:
    """Reject a form POST whose ``csrf`` field does not match the session token."""
    form = await request.form()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise HTTPException(403, "invalid or missing CSRF token: reload the page and try again")


def csrf_header(request: Request) -> None:
    """Reject a JSON write whose ``X-CSRF-Token`` header does not match the session token."""
    if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "invalid or missing X-CSRF-Token header: GET /api/me for the token")


def page(request: Request, template: str, status_code: int = 200, **context: Any):
    """Render ``template`` with the user, CSRF token and ``context``."""
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf"] = csrf_token(request)
    context["request"] = request
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
