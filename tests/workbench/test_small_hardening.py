"""The smaller findings: CSV cells, contact links, GET without side effects, headers, no Server header."""

from __future__ import annotations

import csv
import io
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from anzuelo.cli.serve import uvicorn_options
from anzuelo.engine.net import free_port
from tests.workbench.helpers import api_client, csrf_of, engine_app, login
from workbench import create_app
from workbench.audit import csv_cell
from workbench.security import HSTS

pytestmark = pytest.mark.integration


@pytest.fixture
def app_backend(engine, tmp_path):
    return engine_app(engine, tmp_path)


@pytest.mark.parametrize("value", ["=1+1", "\n=1+1", "\x00=1+1", "\uff1dHYPERLINK(\"http://x\")", "\uff0b1",
                                   "\uff20SUM(A1)", " =1+1", "\t=1", "\r=1", "\nplain", "-2+3", "@cmd"])
def test_csv_cell_neutralises_formula_starts(value):
    cell = csv_cell(value)
    assert cell.startswith("'") and "\x00" not in cell


@pytest.mark.parametrize("value", ["plain", "Medellín", "a=b", "573001112233"])
def test_csv_cell_leaves_ordinary_text(value):
    assert csv_cell(value) == value


def test_csv_export_neutralises_hostile_cells(app_backend, engine):
    app, _ = app_backend
    engine.update_partial("ring-a-1", {"title": "\n=HYPERLINK(\"http://evil.example\")",
                                       "employer": "\uff1dcmd|' /C calc'!A0", "location": "\x00=1+1"})
    res = api_client(app, "viewer").get("/api/export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.text)))
    row = next(r for r in rows if r["id"] == "ring-a-1")
    assert row["title"].startswith("'\n=") and row["employer"].startswith("'\uff1d")
    assert row["location"] == "'=1+1"


def test_contact_links_keep_slashes_in_one_segment(app_backend, engine):
    app, _ = app_backend
    engine.update_partial("ring-b-1", {"telegram": ["../../admin/users"]})
    html = login(app, "viewer").get("/ads/ring-b-1").text
    assert 'href="/recruiters/telegram/..%2F..%2Fadmin%2Fusers"' in html
    assert 'href="/recruiters/telegram/../../admin/users"' not in html
    res = login(app, "viewer").get("/recruiters/telegram/..%2F..%2Fadmin%2Fusers")
    assert res.status_code == 200 and "Users</h1>" not in res.text


def test_get_saved_search_changes_nothing_post_opens_it(app_backend):
    app, backend = app_backend
    client = login(app, "viewer")
    client.post("/saved", data={"name": "modelos", "params": "q=modelos", "csrf": csrf_of(client, "/")})
    item = backend.search_docs("saved-searches", {"query": {"match_all": {}}})[0]
    before = item["last_visit_at"]
    time.sleep(1.1)  # the clock has one-second resolution
    res = client.get(f"/saved/{item['id']}")
    assert res.status_code == 303 and res.headers["location"] == "/?q=modelos"
    assert backend.get_doc("saved-searches", item["id"])["last_visit_at"] == before
    assert client.post(f"/saved/{item['id']}/open", data={}).status_code == 403  # needs the CSRF token
    res = client.post(f"/saved/{item['id']}/open", data={"csrf": csrf_of(client, "/saved")})
    assert res.status_code == 303 and res.headers["location"] == "/?q=modelos"
    assert backend.get_doc("saved-searches", item["id"])["last_visit_at"] > before


def test_permissions_policy_and_hsts(app_backend):
    app, backend = app_backend
    res = TestClient(app).get("/healthz")
    assert "camera=()" in res.headers["permissions-policy"] and "geolocation=()" in res.headers["permissions-policy"]
    assert "strict-transport-security" not in res.headers  # plain http, no setting: browsers would ignore it anyway
    assert TestClient(app, base_url="https://testserver").get("/healthz").headers["strict-transport-security"] == HSTS
    hsts_app = create_app(backend, secret="s", hsts=True)  # WEB_HSTS, or WEB_COOKIE_SECURE behind a TLS proxy
    assert TestClient(hsts_app).get("/login").headers["strict-transport-security"] == HSTS


def test_served_workbench_sends_no_server_header(app_backend):
    # The real server, as `anzuelo serve` configures it.
    import uvicorn

    app, _ = app_backend
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, **{**uvicorn_options("127.0.0.1", port), "log_level": "warning"}))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.time() + 20
        while not server.started and time.time() < deadline:
            time.sleep(0.05)
        res = httpx.get(f"http://127.0.0.1:{port}/healthz")
        assert res.status_code == 200 and "server" not in res.headers
        assert res.headers["x-content-type-options"] == "nosniff"
    finally:
        server.should_exit = True
        thread.join(10)
