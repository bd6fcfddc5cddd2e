"""CSRF on every form and JSON write; viewers cannot label or manage users; audit is admin-only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.workbench.helpers import PASSWORD, csrf_of, login, make_app


@pytest.fixture
def app_backend(tmp_path):
    return make_app(tmp_path)


def test_login_form_needs_csrf(app_backend):
    client = TestClient(app_backend[0], follow_redirects=False)
    res = client.post("/login", data={"name": "admin", "password": PASSWORD})
    assert res.status_code == 403


def test_label_form_without_csrf_is_rejected(app_backend):
    app, backend = app_backend
    client = login(app, "labeller")
    res = client.post("/ads/ring-a-1/label", data={"label": "deceptive", "note": "x"})
    assert res.status_code == 403
    assert backend.get_ad("ring-a-1").get("label") is None


def test_labeller_labels_through_form(app_backend):
    app, backend = app_backend
    client = login(app, "labeller")
    token = csrf_of(client, "/ads/ring-a-1")
    res = client.post("/ads/ring-a-1/label", data={"label": "deceptive", "note": "same WhatsApp as ring", "csrf": token})
    assert res.status_code == 303
    ad = backend.get_ad("ring-a-1")
    assert ad["label"] == "deceptive"
    assert ad["labels"][-1]["user"] == "labeller" and ad["labels"][-1]["note"] == "same WhatsApp as ring"
    actions = [e["action"] for e in backend.search_docs("audit", {"size": 100})]
    assert "label" in actions and "view" in actions


def test_viewer_cannot_label(app_backend):
    app, backend = app_backend
    client = login(app, "viewer")
    page = client.get("/ads/ring-a-1").text
    assert 'action="/ads/ring-a-1/label"' not in page
    token = csrf_of(client, "/")
    assert client.post("/ads/ring-a-1/label", data={"label": "deceptive", "csrf": token}).status_code == 403
    me = client.get("/api/me").json()
    res = client.post("/api/ads/ring-a-1/label", json={"label": "deceptive"}, headers={"x-csrf-token": me["csrf_token"]})
    assert res.status_code == 403
    assert backend.get_ad("ring-a-1").get("label") is None


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit", "/admin/audit.csv"])
def test_viewer_and_labeller_cannot_admin(app_backend, path):
    app, _ = app_backend
    for name in ("viewer", "labeller"):
        assert login(app, name).get(path).status_code == 403


def test_viewer_cannot_add_users(app_backend):
    app, backend = app_backend
    client = login(app, "viewer")
    token = csrf_of(client, "/")
    res = client.post("/admin/users", data={"name": "mallory", "role": "admin", "password": "12345678910", "csrf": token})
    assert res.status_code == 403 and backend.get_doc("users", "mallory") is None


def test_admin_adds_and_disables_users(app_backend):
    app, backend = app_backend
    client = login(app, "admin")
    token = csrf_of(client, "/admin/users")
    assert client.post("/admin/users", data={"name": "ana", "role": "labeller", "password": "long-enough-1", "csrf": token}).status_code == 303
    assert backend.get_doc("users", "ana")["role"] == "labeller"
    assert client.post("/admin/users/ana/disable", data={"csrf": token}).status_code == 303
    assert backend.get_doc("users", "ana")["disabled"] is True
    audit = client.get("/admin/audit.csv")
    assert audit.status_code == 200 and "user-add" in audit.text and "attachment" in audit.headers["content-disposition"]


def test_json_write_needs_header_token(app_backend):
    app, backend = app_backend
    client = TestClient(app)
    token = client.post("/api/login", json={"name": "labeller", "password": PASSWORD}).json()["csrf_token"]
    assert client.post("/api/ads/ring-a-2/label", json={"label": "deceptive"}).status_code == 403
    assert client.post("/api/ads/ring-a-2/label", json={"label": "deceptive"}, headers={"x-csrf-token": "wrong"}).status_code == 403
    res = client.post("/api/ads/ring-a-2/label", json={"label": "legitimate", "note": "checked"}, headers={"x-csrf-token": token})
    assert res.status_code == 200 and backend.get_ad("ring-a-2")["label"] == "legitimate"
    assert client.post("/api/ads/ring-a-2/label", json={"label": "maybe"}, headers={"x-csrf-token": token}).status_code == 422


def test_saved_search_needs_csrf_and_counts_new(app_backend):
    app, backend = app_backend
    client = login(app, "viewer")
    assert client.post("/saved", data={"name": "x", "params": "q=modelos"}).status_code == 403
    token = csrf_of(client, "/")
    assert client.post("/saved", data={"name": "modelos", "params": "q=modelos&page=3", "csrf": token}).status_code == 303
    items = client.get("/api/saved-searches").json()
    assert items[0]["params"] == "q=modelos" and items[0]["new"] == 0
