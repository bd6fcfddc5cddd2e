"""Users, roles and passwords: who may see, label and administer.

Users live in the ``users`` store of the index layer, keyed by name. Passwords
are hashed with argon2 (argon2-cffi defaults; only tests pass a cheaper
``PasswordHasher``); the hash never leaves this module's records except to the
store. ``active`` (run on every request) may cache a user for ``cache_ttl``
seconds: changes made through the same store are seen at once, changes made
elsewhere (``anzuelo users disable`` in another process) within the TTL. Roles are ordered: a ``labeller`` can do
everything a ``viewer`` can, an ``admin`` everything a ``labeller`` can.

Sessions are revocable: each user record holds a random ``session_epoch``, copied
into the session cookie at login and compared on every request. Every change
that must end sessions (logout, password change, disable, role change, re-creating
the user) draws a new epoch, so every cookie issued before it stops working at once.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from anzuelo.errors import InputError

ROLES = ("viewer", "labeller", "admin")
USERS = "users"
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_DEFAULT_HASHER = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal names.
_DEFAULT_DUMMY = _DEFAULT_HASHER.hash("not-a-real-password")


@dataclass(frozen=True)
class User:
    """A logged-in user as the app sees it (no password hash)."""

    name: str
    role: str
    #: The user's session epoch when read; sessions carrying another one are void.
    epoch: str = field(default="", compare=False, repr=False)

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or above."""
        return ROLES.index(self.role) >= ROLES.index(role)


def new_epoch() -> str:
    """A fresh session epoch: unguessable, so an old cookie can never match it again."""
    return secrets.token_urlsafe(16)


def now_iso() -> str:
    """Current UTC time, ISO 8601 with seconds, as stored everywhere in the workbench."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class UserStore:
    """CRUD over the ``users`` store of a workbench backend."""

    def __init__(self, backend: Any, *, hasher: PasswordHasher | None = None, cache_ttl: float = 0.0) -> None:
        self.backend = backend
        self.hasher = hasher or _DEFAULT_HASHER
        self.cache_ttl = cache_ttl
        self._cache: dict[str, tuple[float, User | None]] = {}
        self._lock = threading.Lock()  # routes run in a thread pool
        self._dummy_hash = _DEFAULT_DUMMY if hasher is None else hasher.hash("not-a-real-password")

    def _forget(self, name: str) -> None:
        with self._lock:
            self._cache.pop(name, None)

    def add(self, name: str, role: str, password: str, email: str = "") -> dict[str, Any]:
        """Create or replace user ``name`` with ``role``; raises InputError on bad input."""
        if not _NAME.match(name):
            raise InputError(f"invalid user name {name!r}", "use 1-64 letters, digits or . _ @ -")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}", f"choose one of: {', '.join(ROLES)}")
        _check_password(password)
        doc = {
            "name": name,
            "role": role,
            "email": email,
            "password_hash": self.hasher.hash(password),
            "disabled": False,
            "created_at": now_iso(),
            # Re-creating a user (a new password, a disabled account made again) voids old cookies.
            "session_epoch": new_epoch(),
        }
        self.backend.put_doc(USERS, name, doc)
        self._forget(name)
        return doc

    def get(self, name: str) -> dict[str, Any] | None:
        """The stored record of ``name`` or None."""
        return self.backend.get_doc(USERS, name)

    def list(self) -> list[dict[str, Any]]:
        """Every user without password hashes, sorted by name."""
        docs = self.backend.search_docs(USERS, {"query": {"match_all": {}}, "size": 1000})
        return sorted(({k: v for k, v in d.items() if k != "password_hash"} for d in docs), key=lambda d: d["name"])

    def _change(self, name: str, **changes: Any) -> dict[str, Any]:
        """Apply ``changes`` to user ``name`` with a new session epoch (ends every session)."""
        doc = self.get(name)
        if doc is None:
            raise InputError(f"no user named {name!r}", "see `anzuelo users list`")
        doc.update(changes, session_epoch=new_epoch())
        self.backend.put_doc(USERS, name, doc)
        self._forget(name)
        return doc

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable (or re-enable) ``name``, ending their sessions; raises InputError when unknown."""
        self._change(name, disabled=disabled)

    def set_role(self, name: str, role: str) -> None:
        """Give ``name`` another role, ending their sessions (they log in again with the new one)."""
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}", f"choose one of: {', '.join(ROLES)}")
        self._change(name, role=role)

    def set_password(self, name: str, password: str) -> None:
        """Change ``name``'s password, ending every session made with the old one."""
        _check_password(password)
        self._change(name, password_hash=self.hasher.hash(password))

    def revoke_sessions(self, name: str) -> None:
        """End every session of ``name`` (logout does this: one logout ends all devices)."""
        self._change(name)

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` matches and the account is enabled, else None."""
        doc = self.get(name) if _NAME.match(name or "") else None
        try:
            self.hasher.verify(doc["password_hash"] if doc else self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if doc is None or doc.get("disabled"):
            return None
        return User(doc["name"], doc["role"], str(doc.get("session_epoch") or ""))

    def active(self, name: str) -> User | None:
        """The user ``name`` if it still exists and is enabled (checked on every request).

        Answers (found or not) are cached for ``cache_ttl`` seconds to save an
        engine round trip per request.
        """
        if not name:
            return None
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(name)
        if hit and hit[0] > now:
            return hit[1]
        doc = self.get(name)
        user = (None if not doc or doc.get("disabled") or doc.get("role") not in ROLES
                else User(doc["name"], doc["role"], str(doc.get("session_epoch") or "")))
        if self.cache_ttl > 0:
            with self._lock:
                self._cache[name] = (now + self.cache_ttl, user)
        return user


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise InputError("password too short", "use at least 8 characters")
    if len(password) > 1024:  # argon2 hashes any length; a megabyte password is only a cost
        raise InputError("password too long", "use at most 1024 characters")
