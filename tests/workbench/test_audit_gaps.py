"""Audit entries for what used to go unrecorded: linked ads, recruiter listings, failed logins, logouts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.workbench.helpers import api_client, engine_app, login
from workbench import audit

pytestmark = pytest.mark.integration


def test_linked_recruiters_failed_login_and_logout_are_audited(engine, tmp_path):
    app, backend = engine_app(engine, tmp_path)
    client = api_client(app, "viewer")
    linked = client.get("/api/ads/ring-a-1/linked").json()["linked"]
    assert linked  # ring A shares a WhatsApp number
    client.get("/api/recruiters")
    client.get("/api/recruiters", params={"field": "telegram"})
    page = login(app, "viewer")
    page.get("/ads/ring-a-1")
    page.get("/recruiters")
    TestClient(app).post("/api/login", json={"name": "viewer", "password": "not-the-password"})
    client.post("/api/logout")

    def entries(action: str) -> list[tuple[str, str, str]]:
        return [(e["user"], e["target"], e["detail"]) for e in audit.query(backend, action=action)]

    assert entries("linked") == [("viewer", "ring-a-1", f"{len(linked)} linked ads, api")]
    assert ("viewer", "ring-a-1", f"{len(linked)} linked ads") in entries("view")
    assert sorted(t for _, t, _ in entries("recruiters")) == ["all", "all", "telegram"]
    assert [(u, t) for u, t, _ in entries("login-failed")] == [("viewer", "viewer")]
    assert entries("logout") == [("viewer", "", "api")]
