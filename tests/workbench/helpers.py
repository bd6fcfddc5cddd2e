"""Helpers for workbench unit tests: an app over FakeBackend and logged-in TestClients."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tests.workbench.fake_backend import FakeBackend
from tests.workbench.seed_ads import seed_ads
from workbench import create_app
from workbench.auth import UserStore

PASSWORD = "correct-horse-1"
#: Cheapest argon2 parameters, for tests only: the production default (create_app without
#: ``password_hasher``) costs ~50-700 ms per hash on the shared 2-core machine, and every
#: test used to hash three users and log in at least once.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def make_app(tmp_path: Path, *, export_max_rows: int = 5, ads: list[dict[str, Any]] | None = None, **options: Any):
    """(app, backend) with the seeded ads and users admin, labeller, viewer (cheap hashes)."""
    backend = FakeBackend(seed_ads(tmp_path / "evidence") if ads is None else ads)
    options.setdefault("password_hasher", FAST_HASHER)
    options.setdefault("evidence_dir", tmp_path / "evidence")  # where seed_ads wrote the captures
    app = create_app(backend, secret="unit-test-secret", export_max_rows=export_max_rows, **options)
    store: UserStore = app.state.users
    for role in ("admin", "labeller", "viewer"):
        store.add(role, role, PASSWORD, f"{role}@example.org")
    return app, backend


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """The CSRF token embedded in the form of ``path``."""
    html = client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(app: Any, name: str) -> TestClient:
    """A TestClient logged in as ``name`` through the login form."""
    client = TestClient(app, follow_redirects=False)
    token = csrf_of(client)
    res = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
    assert res.status_code == 303, res.text
    return client


def engine_app(engine: Any, tmp_path: Path, **options: Any):
    """(app, backend) over the REAL engine (an ``index.Index`` from the ``engine`` fixture).

    The seeded ads are bulk-indexed with their captures under ``tmp_path/evidence``
    (the app's evidence store); users admin, labeller, viewer have cheap hashes.
    """
    from workbench.backend import Backend

    engine.ensure_ads_index()
    result = engine.bulk_upsert(seed_ads(tmp_path / "evidence"))
    assert result.failed == 0, result.errors
    engine.refresh()
    backend = Backend(engine)
    options.setdefault("password_hasher", FAST_HASHER)
    options.setdefault("evidence_dir", tmp_path / "evidence")
    app = create_app(backend, secret="engine-test-secret", **options)
    for role in ("admin", "labeller", "viewer"):
        app.state.users.add(role, role, PASSWORD, f"{role}@example.org")
    return app, backend


def api_client(app: Any, name: str, password: str = PASSWORD, address: str = "testclient") -> TestClient:
    """A TestClient logged in through ``POST /api/login`` from ``address``; its CSRF token in headers."""
    client = TestClient(app, client=(address, 50000))
    res = client.post("/api/login", json={"name": name, "password": password})
    assert res.status_code == 200, res.text
    client.headers["x-csrf-token"] = res.json()["csrf_token"]
    return client
