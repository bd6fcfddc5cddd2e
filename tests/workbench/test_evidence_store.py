"""Captures come only from the evidence store, by content hash, checked before serving; no server paths."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.workbench.helpers import api_client, engine_app, login
from tests.workbench.seed_ads import write_warc

pytestmark = pytest.mark.integration


@pytest.fixture
def app_backend(engine, tmp_path):
    return engine_app(engine, tmp_path)


def _plant(engine, ad_id: str, evidence: dict) -> None:
    """Write an ad straight into the (unauthenticated, loopback) engine, as an attacker could."""
    engine.bulk_upsert([{"id": ad_id, "url": f"https://planted.example/{ad_id}", "canonical_url": f"https://planted.example/{ad_id}",
                         "source": "planted", "title": "Planted", "text": "planted ad", "evidence": evidence}])
    engine.refresh()


def test_planted_path_to_the_session_secret_is_404(app_backend, engine, tmp_path):
    app, _ = app_backend
    secret = tmp_path / "workbench-secret"
    secret.write_text("forge-me-an-admin-session")
    _plant(engine, "planted-1", {"path": str(secret), "sha256": "ab" * 32, "format": "warc.gz"})
    _plant(engine, "planted-2", {"path": str(secret)})  # no hash at all
    client = api_client(app, "viewer")
    for ad_id in ("planted-1", "planted-2"):
        for path in (f"/api/ads/{ad_id}/capture", f"/ads/{ad_id}/capture"):
            res = client.get(path)
            assert res.status_code == 404 and b"forge-me" not in res.content
        package = client.get(f"/api/ads/{ad_id}/evidence.zip")
        assert package.status_code == 200 and b"forge-me" not in package.content
        names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
        assert not any(n.startswith("capture/") for n in names)
        assert str(tmp_path) not in zipfile.ZipFile(io.BytesIO(package.content)).read("metadata.json").decode()


def test_planted_hash_of_a_file_outside_the_store_is_404(app_backend, engine, tmp_path):
    # A real capture outside the store (or reached through a symlink) is not served either.
    app, _ = app_backend
    outside = write_warc(tmp_path / "elsewhere", "planted", "https://planted.example/x", "<p>outside</p>")
    _plant(engine, "planted-3", outside)
    store = tmp_path / "evidence"
    link = store / "planted" / outside["sha256"][:2]
    link.mkdir(parents=True)
    os.symlink(outside["path"], link / f"{outside['sha256']}.warc.gz")
    assert api_client(app, "viewer").get("/api/ads/planted-3/capture").status_code == 404


def test_capture_altered_in_the_store_is_404(app_backend, engine):
    app, backend = app_backend
    ad = backend.get_ad("ring-a-2")
    path = Path(ad["evidence"]["path"])
    fresh = write_warc(path.parent / "tmp", "x", "https://x.example/", "<p>something else</p>")
    path.write_bytes(Path(fresh["path"]).read_bytes())  # same name, other page body
    client = api_client(app, "viewer")
    assert client.get("/api/ads/ring-a-2/capture").status_code == 404
    assert client.get("/api/ads/ring-a-1/capture").status_code == 200  # an untouched one still is


def test_verified_capture_is_served_with_hashes(app_backend):
    app, backend = app_backend
    evidence = backend.get_ad("ring-a-1")["evidence"]
    res = api_client(app, "viewer").get("/api/ads/ring-a-1/capture")
    assert res.status_code == 200 and res.content == Path(evidence["path"]).read_bytes()
    assert res.headers["x-payload-sha256"] == evidence["sha256"] and res.headers["x-payload-verified"] == "true"
    assert evidence["path"] not in res.headers["content-disposition"]


def test_no_server_paths_in_api_pages_or_exports(app_backend, tmp_path):
    app, _ = app_backend
    store = str(tmp_path)
    client = api_client(app, "viewer")
    bodies = {
        "ad": client.get("/api/ads/ring-a-1").text,
        "search": client.get("/api/search", params={"q": "modelos"}).text,
        "linked": client.get("/api/ads/ring-a-1/linked").text,
        "recruiter": client.get("/api/recruiters/whatsapp/+573001112233").text,
        "json export": client.get("/api/export", params={"format": "json"}).text,
        "csv export": client.get("/api/export", params={"format": "csv"}).text,
        "ad page": login(app, "viewer").get("/ads/ring-a-1").text,
    }
    package = zipfile.ZipFile(io.BytesIO(client.get("/api/ads/ring-a-1/evidence.zip").content))
    bodies["zip"] = "".join(package.read(n).decode() for n in package.namelist() if not n.startswith("capture/"))
    for name, body in bodies.items():
        assert store not in body, name
    assert json.loads(bodies["ad"])["ad"]["evidence"]["sha256"]  # the hash stays: it is what names the capture
    assert any(n.startswith("capture/") for n in package.namelist())
