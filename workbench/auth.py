"""Users, roles and passwords: who may see, label and administer.

Users live in the ``users`` store of the index layer, keyed by name. Passwords
are hashed with argon2 (argon2-cffi defaults); the hash never leaves this
module's records except to the store. Roles are ordered: a ``labeller`` can do
everything a ``viewer`` can, an ``admin`` everything a ``labeller`` can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from anzuelo.errors import InputError

ROLES = ("viewer", "labeller", "admin")
USERS = "users"
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_hasher = PasswordHasher()
# Verified against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class User:
    """A logged-in user as the app sees it (no password hash)."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """True when this user's role is ``role`` or above."""
        return ROLES.index(self.role) >= ROLES.index(role)


def now_iso() -> str:
    """Current UTC time, ISO 8601 with seconds, as stored everywhere in the workbench."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class UserStore:
    """CRUD over the ``users`` store of a workbench backend."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def add(self, name: str, role: str, password: str, email: str = "") -> dict[str, Any]:
        """Create or replace user ``name`` with ``role``; raises InputError on bad input."""
        if not _NAME.match(name):
            raise InputError(f"invalid user name {name!r}", "use 1-64 letters, digits or . _ @ -")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}", f"choose one of: {', '.join(ROLES)}")
        if len(password) < 8:
            raise InputError("password too short", "use at least 8 characters")
        doc = {
            "name": name,
            "role": role,
            "email": email,
            "password_hash": _hasher.hash(password),
            "disabled": False,
            "created_at": now_iso(),
        }
        self.backend.put_doc(USERS, name, doc)
        return doc

    def get(self, name: str) -> dict[str, Any] | None:
        """The stored record of ``name`` or None."""
        return self.backend.get_doc(USERS, name)

    def list(self) -> list[dict[str, Any]]:
        """Every user without password hashes, sorted by name."""
        docs = self.backend.search_docs(USERS, {"query": {"match_all": {}}, "size": 1000})
        return sorted(({k: v for k, v in d.items() if k != "password_hash"} for d in docs), key=lambda d: d["name"])

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable (or re-enable) ``name``; raises InputError when unknown."""
        doc = self.get(name)
        if doc is None:
            raise InputError(f"no user named {name!r}", "see `anzuelo users list`")
        doc["disabled"] = disabled
        self.backend.put_doc(USERS, name, doc)

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` matches and the account is enabled, else None."""
        doc = self.get(name) if _NAME.match(name or "") else None
        try:
            _hasher.verify(doc["password_hash"] if doc else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if doc is None or doc.get("disabled"):
            return None
        return User(doc["name"], doc["role"])

    def active(self, name: str) -> User | None:
        """The user ``name`` if it still exists and is enabled (checked on every request)."""
        doc = self.get(name) if name else None
        if not doc or doc.get("disabled") or doc.get("role") not in ROLES:
            return None
        return User(doc["name"], doc["role"])
