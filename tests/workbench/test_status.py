"""``/api/status`` (admins only, audited) and ``/healthz`` (plain "ok" for load balancers), on the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.spool import Record, Spool
from tests.workbench.helpers import engine_app, login
from workbench import audit

pytestmark = pytest.mark.integration


def _app(engine, tmp_path: Path, **options):
    spool = Spool(tmp_path / "spool")
    spool.append([Record("upsert", f"{engine.prefix}-ads", f"id{n}", {"title": f"Oferta {n}"}, "unreachable",
                         "2026-01-01T00:00:00+00:00") for n in range(3)])
    for source, started, reason in (("demo-jobs", "2026-01-01T10:00:00Z", "finished"),
                                    ("demo-jobs", "2026-01-02T10:00:00Z", "shutdown"),
                                    ("demo-classifieds", "2026-01-01T11:00:00Z", "finished")):
        engine.put_doc("crawl-runs", f"{source}-{started}", {"run_id": f"{source}-{started}", "source": source,
                                                             "started": started, "finish_reason": reason, "new": 4})
    return engine_app(engine, tmp_path, spool_dir=tmp_path / "spool", **options)


def test_status_admin_gets_engine_model_spool_and_last_crawls(engine, tmp_path):
    app, be = _app(engine, tmp_path)
    res = login(app, "admin").get("/api/status")
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["engine"]["reachable"] is True and body["engine"]["health"] in ("green", "yellow")
    assert body["model"]["version"] and Path(body["model"]["dir"]).is_dir()
    spool = body["spool"]
    assert spool["records"] == 3 and spool["bytes"] > 0 and spool["oldest"].startswith("2026-01-01")
    assert spool["oldest_age_s"] > 0 and spool["reasons"] == {"unreachable": 3}
    crawls = body["crawls"]["sources"]
    assert crawls["demo-jobs"]["started"] == "2026-01-02T10:00:00Z"  # the latest of its two runs
    assert crawls["demo-jobs"]["finish_reason"] == "shutdown"
    assert crawls["demo-classifieds"]["finish_reason"] == "finished"
    be.refresh_docs("audit")
    assert [e["action"] for e in audit.query(be, user="admin", action="status")] == ["status"]


@pytest.mark.parametrize("role", ["viewer", "labeller"])
def test_status_other_roles_are_refused(engine, tmp_path, role):
    app, _ = _app(engine, tmp_path)
    res = login(app, role).get("/api/status")
    assert res.status_code == 403 and "admin" in res.json()["detail"]


def test_status_needs_login_but_healthz_does_not(engine, tmp_path):
    app, _ = _app(engine, tmp_path)
    anon = TestClient(app, follow_redirects=False)
    assert anon.get("/api/status").status_code == 401
    res = anon.get("/healthz")
    assert res.status_code == 200 and res.text == "ok"


def test_status_reports_the_engine_down_without_failing(engine, tmp_path):
    from opensearchpy import OpenSearch

    from anzuelo.engine.net import free_port
    from index.client import Engine, EngineInfo

    # Sessions are checked against the users store in the engine; a user checked a moment ago is
    # answered from the app's cache, so a logged-in admin still reaches the status page.
    app, be = _app(engine, tmp_path, user_cache_ttl=600)
    client = login(app, "admin")
    assert client.get("/api/me").status_code == 200
    url = f"http://127.0.0.1:{free_port()}"
    real = be.idx.engine
    be.idx.engine = Engine(url, OpenSearch(hosts=[url], max_retries=0, timeout=5), EngineInfo("opensearch", "2.19.6"))
    try:
        res = client.get("/api/status")
    finally:
        be.idx.engine = real
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["engine"]["reachable"] is False and body["engine"]["error"]
    assert body["spool"]["records"] == 3  # the spool is read from disk, engine or not
    assert "error" in body["crawls"]
