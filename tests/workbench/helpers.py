"""Helpers for workbench unit tests: an app over FakeBackend and logged-in TestClients."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.workbench.fake_backend import FakeBackend
from tests.workbench.seed_ads import seed_ads
from workbench import create_app
from workbench.auth import UserStore

PASSWORD = "correct-horse-1"


def make_app(tmp_path: Path, *, export_max_rows: int = 5, ads: list[dict[str, Any]] | None = None):
    """(app, backend) with the seeded ads and users admin, labeller, viewer."""
    backend = FakeBackend(seed_ads(tmp_path / "evidence") if ads is None else ads)
    store = UserStore(backend)
    for role in ("admin", "labeller", "viewer"):
        store.add(role, role, PASSWORD, f"{role}@example.org")
    return create_app(backend, secret="unit-test-secret", export_max_rows=export_max_rows), backend


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
