"""Sessions end at once, everywhere: logout, password change, disable (and re-create), role change."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.workbench.helpers import PASSWORD, api_client, csrf_of, engine_app, login
from workbench import audit
from workbench.auth import UserStore

pytestmark = pytest.mark.integration


@pytest.fixture
def app_backend(engine, tmp_path):
    # No user cache: a change made by another process (the CLI) is seen at the next request.
    return engine_app(engine, tmp_path, user_cache_ttl=0)


def _replay(app, client: TestClient) -> TestClient:
    """A new client carrying a copy of ``client``'s saved session cookie (as a thief would)."""
    return TestClient(app, cookies={"anzuelo_session": client.cookies["anzuelo_session"]})


def test_logout_ends_every_session_of_the_user(app_backend):
    app, backend = app_backend
    laptop, phone = api_client(app, "labeller"), api_client(app, "labeller")
    saved = _replay(app, laptop)
    assert saved.get("/api/me").status_code == 200
    assert laptop.post("/api/logout").json() == {"ok": True}
    for client in (laptop, phone, saved):
        assert client.get("/api/me").status_code == 401
    assert api_client(app, "labeller").get("/api/me").status_code == 200  # logging in again works
    assert [e["user"] for e in audit.query(backend, action="logout")] == ["labeller"]


def test_logout_form_ends_saved_cookie(app_backend):
    app, backend = app_backend
    client = login(app, "viewer")
    saved = _replay(app, client)
    res = client.post("/logout", data={"csrf": csrf_of(client, "/")}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"
    assert saved.get("/", follow_redirects=False).status_code == 303  # back to the login page
    assert audit.query(backend, action="logout")[0]["detail"] == "web"


def test_password_change_ends_sessions(app_backend):
    app, backend = app_backend
    client = api_client(app, "viewer")
    UserStore(backend).set_password("viewer", "a-new-password-2")  # `anzuelo users password`, another process
    assert client.get("/api/me").status_code == 401
    assert TestClient(app).post("/api/login", json={"name": "viewer", "password": PASSWORD}).status_code == 401
    assert api_client(app, "viewer", "a-new-password-2").get("/api/me").status_code == 200


def test_disable_and_recreate_does_not_revive_old_cookie(app_backend):
    app, _ = app_backend
    client = api_client(app, "labeller")
    saved = _replay(app, client)
    app.state.users.set_disabled("labeller")
    assert client.get("/api/me").status_code == 401
    app.state.users.add("labeller", "labeller", PASSWORD)  # the same name and even the same password
    assert saved.get("/api/me").status_code == 401
    assert api_client(app, "labeller").get("/api/me").status_code == 200


def test_role_change_from_admin_page_ends_sessions(app_backend):
    app, backend = app_backend
    labeller = api_client(app, "labeller")
    admin = login(app, "admin")
    res = admin.post("/admin/users/labeller/role", data={"role": "viewer", "csrf": csrf_of(admin, "/admin/users")})
    assert res.status_code == 303
    assert labeller.get("/api/me").status_code == 401
    me = api_client(app, "labeller").get("/api/me").json()
    assert me["role"] == "viewer"
    assert audit.query(backend, action="user-role")[0]["target"] == "labeller"
    assert admin.get("/api/me").status_code == 200  # the admin's own session is untouched


def test_revoke_from_cli_store(app_backend):
    app, backend = app_backend
    client = api_client(app, "admin")
    UserStore(backend).revoke_sessions("admin")  # `anzuelo users logout admin`
    assert client.get("/api/me").status_code == 401
