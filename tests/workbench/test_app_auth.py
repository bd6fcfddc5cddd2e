"""Access control: login required everywhere but /healthz, sessions, cookie flags, API login."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tests.workbench.fake_backend import FakeBackend
from tests.workbench.helpers import PASSWORD, csrf_of, login, make_app
from workbench import create_app
from workbench.auth import UserStore


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)[0]


@pytest.mark.parametrize("path", ["/", "/ads/ring-a-1", "/recruiters", "/saved", "/admin/users", "/admin/audit", "/export?format=csv"])
def test_pages_redirect_to_login(app, path):
    res = TestClient(app, follow_redirects=False).get(path)
    assert res.status_code == 303
    assert res.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/api/search", "/api/ads/ring-a-1", "/api/recruiters", "/api/saved-searches", "/api/export", "/openapi.json"])
def test_api_requires_login(app, path):
    res = TestClient(app).get(path)
    assert res.status_code == 401
    assert "login" in res.json()["detail"]


def test_healthz_is_open(app):
    res = TestClient(app).get("/healthz")
    assert res.status_code == 200 and res.text == "ok"


def test_swagger_ui_is_off(app):
    assert login(app, "viewer").get("/docs").status_code == 404


def test_login_sets_httponly_lax_cookie(app):
    client = TestClient(app, follow_redirects=False)
    token = csrf_of(client)
    res = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": token, "next": "/"})
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/").status_code == 200


def test_wrong_password_is_rejected(app):
    client = TestClient(app, follow_redirects=False)
    token = csrf_of(client)
    res = client.post("/login", data={"name": "viewer", "password": "nope-nope", "csrf": token})
    assert res.status_code == 401
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_rejects_offsite_next(app):
    client = TestClient(app, follow_redirects=False)
    token = csrf_of(client)
    res = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf": token, "next": "//evil.example/"})
    assert res.headers["location"] == "/"


def test_disabled_user_loses_session(tmp_path):
    app, _ = make_app(tmp_path)
    client = login(app, "labeller")
    assert client.get("/").status_code == 200  # the user is now cached
    app.state.users.set_disabled("labeller")  # what the admin page does: the cache forgets at once
    assert client.get("/").status_code == 303


def test_user_disabled_elsewhere_loses_session_within_ttl(tmp_path):
    # `anzuelo users disable` runs in another process, with its own store: the app sees it after the TTL.
    app, backend = make_app(tmp_path, user_cache_ttl=0.3)
    client = login(app, "labeller")
    assert client.get("/").status_code == 200
    UserStore(backend).set_disabled("labeller")
    time.sleep(0.35)
    assert client.get("/").status_code == 303


def test_user_lookup_is_cached(tmp_path):
    app, backend = make_app(tmp_path)
    client = login(app, "viewer")
    calls = []
    get_doc = backend.get_doc
    backend.get_doc = lambda kind, doc_id: calls.append((kind, doc_id)) or get_doc(kind, doc_id)
    for _ in range(3):
        assert client.get("/api/me").status_code == 200
    assert calls.count(("users", "viewer")) == 1  # first request only


def test_production_hasher_is_argon2_default(tmp_path):
    app = create_app(FakeBackend([]), secret="s")
    hasher = app.state.users.hasher
    default = PasswordHasher()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (default.time_cost, default.memory_cost, default.parallelism)
    assert hasher.memory_cost >= 65536


def test_passwords_are_argon2_hashed(tmp_path):
    _, backend = make_app(tmp_path)
    doc = backend.get_doc("users", "viewer")
    assert doc["password_hash"].startswith("$argon2") and PASSWORD not in str(doc)
    assert all("password_hash" not in u for u in UserStore(backend).list())


def test_api_login_and_me(app):
    client = TestClient(app)
    res = client.post("/api/login", json={"name": "admin", "password": PASSWORD})
    assert res.status_code == 200 and res.json()["role"] == "admin"
    me = client.get("/api/me").json()
    assert me["user"] == "admin" and me["csrf_token"] == res.json()["csrf_token"]
    assert client.get("/openapi.json").json()["info"]["title"].startswith("anzuelo")
    assert client.post("/api/login", json={"name": "admin", "password": "x"}).status_code == 401
