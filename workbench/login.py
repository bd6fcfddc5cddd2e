"""Logging in and out, shared by the login page and ``POST /api/login``.

``log_in`` runs the guards of ``workbench.throttle`` before the password check:
a locked account or address, or a full check gate, is refused with
``LoginRefused`` (429 + Retry-After) and no argon2 work at all. Every failure
and refusal is audited as ``login-failed``; every logout as ``logout``.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from workbench import audit
from workbench.auth import User

#: Session keys: the user's name and the session epoch it was issued under (see workbench.auth).
SESSION_USER, SESSION_EPOCH = "user", "epoch"


class LoginRefused(Exception):
    """A login that is not even checked: locked out, or too many checks at once."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, int(retry_after))


def client_address(request: Request) -> str:
    """The peer address (anzuelo serve ignores X-Forwarded-For: it cannot be trusted by default)."""
    return request.client.host if request.client else "unknown"


async def log_in(request: Request, name: str, password: str, via: str) -> User | None:
    """The user when ``name``/``password`` are right and nothing is locked, else None.

    Raises ``LoginRefused`` without checking the password when the account or
    the address is locked out, or when every password-check slot is busy.
    On success the session is replaced (no fixation) and carries the epoch.
    """
    state = request.app.state
    be = state.backend
    keys = (f"user:{name[:64].lower()}", f"addr:{client_address(request)}")
    wait = state.login_throttle.retry_after(*keys)
    if wait:
        await _audit_failure(be, name, via, f"locked for {wait} s")
        raise LoginRefused(f"Too many failed logins: try again in {wait} seconds.", wait)
    if not state.login_gate.try_enter():
        await _audit_failure(be, name, via, "busy: too many logins at once")
        raise LoginRefused("Too many logins at once: try again in a second.", 1)
    try:
        # argon2 takes tens of ms of CPU and 64 MiB: off the event loop, at most gate.limit at once.
        user = await run_in_threadpool(state.users.authenticate, name, password)
    finally:
        state.login_gate.leave()
    if user is None:
        locked = state.login_throttle.failed(*keys)
        await _audit_failure(be, name, via, "wrong name or password, or disabled" + (f"; locked {locked} s" if locked else ""))
        return None
    state.login_throttle.succeeded(keys[0])
    request.session.clear()  # new session on login: no fixation
    request.session[SESSION_USER] = user.name
    request.session[SESSION_EPOCH] = user.epoch
    await run_in_threadpool(audit.record, be, user, "login", "", via)
    return user


async def log_out(request: Request, user: User | None, via: str) -> None:
    """End this session and, for a known user, every other session of theirs (new epoch)."""
    request.session.clear()
    if user is not None:
        await run_in_threadpool(request.app.state.users.revoke_sessions, user.name)
        await run_in_threadpool(audit.record, request.app.state.backend, user, "logout", "", via)


async def _audit_failure(be: Any, name: str, via: str, why: str) -> None:
    # The user is not known: the entry names what was typed, with no role.
    await run_in_threadpool(audit.record, be, name[:64] or "-", "login-failed", name[:64], f"{via}: {why}")
