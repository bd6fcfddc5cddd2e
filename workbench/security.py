"""Browser-facing protections: security headers, the session secret and CSRF tokens.

Every response carries a strict Content-Security-Policy (no inline script, no
plugins, no framing), ``nosniff`` and ``no-referrer``, so even a rendering bug
cannot turn ad content into live script. A Permissions-Policy switches off
every powerful browser feature, Strict-Transport-Security is added on https (or
with WEB_HSTS), and no ``Server`` header names the software. Forms carry a
per-session CSRF token; JSON writes carry it in the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PERMISSIONS = ("accelerometer=(), autoplay=(), camera=(), clipboard-read=(), display-capture=(), fullscreen=(), "
               "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
               "interest-cohort=()")
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": PERMISSIONS,
}
HSTS = "max-age=31536000; includeSubDomains"
#: Headers never sent: they only tell an attacker which server and version to aim at.
DROPPED = {"server", "x-powered-by"}
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class SecurityHeaders:
    """ASGI middleware adding ``HEADERS`` to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode().lower() not in HEADERS and k.decode().lower() not in DROPPED]
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                if self.hsts or scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", HSTS.encode()))
                # Pages show investigation data: keep them out of shared caches.
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, wrapped)


def load_secret(home: Path, name: str) -> str:
    """Read the cookie-signing secret from ``home/name``, creating it (mode 0600) on first use."""
    path = home / name
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def csrf_ok(request: Request, supplied: str | None) -> bool:
    """True when ``supplied`` matches the session's token (constant-time compare)."""
    expected = request.session.get(CSRF_FIELD)
    return bool(expected and supplied and hmac.compare_digest(str(expected), str(supplied)))
