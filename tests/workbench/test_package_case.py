"""The case evidence package on the real engine: captures by hash, metadata, scores, notes, audit, report, manifest."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile

import pytest

from tests.workbench.helpers import api_client, engine_app

pytestmark = pytest.mark.integration


def _case_with_ads(app) -> tuple[object, str]:
    lab = api_client(app, "labeller")
    case_id = lab.post("/api/cases", json={"name": "Red A =HYPERLINK", "assignees": ["labeller"]}).json()["id"]
    lab.post(f"/api/cases/{case_id}/ads", json={"ads": ["ring-a-1", "ring-a-3"]})
    lab.post(f"/api/cases/{case_id}/recruiters", json={"field": "whatsapp", "value": "+573001112233"})
    note = lab.post(f"/api/cases/{case_id}/notes", json={"text": "primera versión"}).json()["notes"][0]
    lab.post(f"/api/cases/{case_id}/notes/{note['id']}", json={"text": "segunda versión"})
    return lab, case_id


def test_package_holds_every_capture_metadata_notes_audit_and_a_verified_manifest(engine, tmp_path):
    app, be = engine_app(engine, tmp_path)
    lab, case_id = _case_with_ads(app)
    api_client(app, "viewer").get("/ads/ring-a-2")  # a view of one of the case's ads, by someone else
    res = api_client(app, "viewer").get(f"/api/cases/{case_id}/package.zip")
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    assert res.headers["x-package-sha256"] == hashlib.sha256(res.content).hexdigest()
    zf = zipfile.ZipFile(io.BytesIO(res.content))
    names = set(zf.namelist())
    lines = zf.read("MANIFEST.sha256").decode().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines}
    assert set(listed) == names - {"MANIFEST.sha256"}
    for name, digest in listed.items():
        assert hashlib.sha256(zf.read(name)).hexdigest() == digest, name
    ads = json.loads(zf.read("ads.json"))
    assert sorted(a["id"] for a in ads) == ["ring-a-1", "ring-a-2", "ring-a-3"]
    assert all("path" not in (a.get("evidence") or {}) for a in ads)  # no server path leaves the workbench
    captures = sorted(n for n in names if n.startswith("captures/"))
    assert captures == sorted(f"captures/{a['evidence']['sha256']}.warc.gz" for a in ads)
    scores = json.loads(zf.read("scores.json"))
    assert scores["ring-a-1"]["model_version"] == "anzuelo-test-1" and scores["ring-a-1"]["risk"] == "high"
    rows = list(csv.DictReader(io.StringIO(zf.read("ads.csv").decode())))
    assert {r["model_version"] for r in rows} == {"anzuelo-test-1"} and len(rows) == 3
    case = json.loads(zf.read("case.json"))
    note = case["notes"][0]
    assert note["text"] == "segunda versión" and note["history"][0]["text"] == "primera versión"
    trail = json.loads(zf.read("audit.json"))
    assert ("viewer", "view", "ring-a-2") in {(e["user"], e["action"], e["target"]) for e in trail}
    assert ("labeller", "case-note-edit") in {(e["user"], e["action"]) for e in trail}
    assert ("viewer", "export") in {(e["user"], e["action"]) for e in trail if e["target"] == f"case:{case_id}"}
    report = zf.read("report.html").decode()
    assert "segunda versión" in report and "primera versión" in report and "@media print" in report
    assert "<script>alert(1)</script>" not in report and "&lt;script&gt;" in report  # ad text stays text
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["captures"] == 3 and manifest["ads"] == 3
    assert manifest["pdf"] == ("report.pdf" in names)
    if shutil.which("chromium"):
        assert zf.read("report.pdf").startswith(b"%PDF")


def test_package_of_an_unknown_case_is_a_400_and_capture_paths_are_never_trusted(engine, tmp_path):
    app, be = engine_app(engine, tmp_path)
    viewer = api_client(app, "viewer")
    assert viewer.get("/api/cases/nope/package.zip").status_code == 400
    # An ad whose stored path points outside the evidence store: the package resolves by hash only.
    be.update_ad("ring-a-1", {"evidence": {"path": "/etc/passwd", "sha256": "0" * 64}})
    lab, case_id = _case_with_ads(app)
    zf = zipfile.ZipFile(io.BytesIO(viewer.get(f"/api/cases/{case_id}/package.zip").content))
    assert json.loads(zf.read("manifest.json"))["captures"] == 2
    assert not any("passwd" in n for n in zf.namelist())
    assert b"root:" not in b"".join(zf.read(n) for n in zf.namelist())


def test_package_timeline_orders_ad_and_case_events():
    from workbench.package import timeline

    ad = {"id": "a1", "title": "Modelos", "source": "demo-jobs", "posted_at": "2026-01-01T00:00:00",
          "first_seen": "2026-01-02T10:00:00+00:00", "fetched_at": "2026-01-05T09:00:00+00:00",
          "last_seen": "2026-01-06T00:00:00+00:00", "gone_at": "2026-01-07T00:00:00Z",
          "labels": [{"label": "deceptive", "user": "ana", "at": "2026-01-03T00:00:00+00:00"}]}
    case = {"history": [{"at": "2026-01-04T00:00:00+00:00", "user": "ana", "action": "create", "detail": "Red"}]}
    events = [e["event"] for e in timeline(case, [ad])]
    assert events == ["posted", "first seen", "labelled deceptive by ana", "case create by ana: Red",
                      "content changed (latest text fetched)", "last seen", "gone"]
    unchanged = dict(ad, fetched_at=ad["first_seen"])  # fetched once: no change to report
    assert "content changed (latest text fetched)" not in [e["event"] for e in timeline({}, [unchanged])]
