"""Ad content is never live HTML; security headers; exports are capped, attachments, checksummed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.workbench.helpers import login, make_app
from workbench.security import CSP


@pytest.fixture
def app_backend(tmp_path):
    return make_app(tmp_path, export_max_rows=5)


def test_xss_ad_page_is_inert(app_backend):
    app, _ = app_backend
    html = login(app, "viewer").get("/ads/ring-a-3").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html and "<img src=x" not in html
    assert "<script" not in html  # the workbench itself ships no script at all


def test_search_page_escapes_titles_and_highlights(app_backend):
    app, backend = app_backend
    backend.highlights["ring-a-3"] = {"text": ["&lt;script&gt;alert(1)&lt;&#x2F;script&gt; <em>chicas</em>"]}
    html = login(app, "viewer").get("/").text
    assert "<script" not in html and 'href="javascript:' not in html
    assert "<mark>chicas</mark>" in html
    assert "Modelos &lt;script&gt;alert(1)&lt;/script&gt; urgente" in html


def test_security_headers_everywhere(app_backend):
    app, _ = app_backend
    client = login(app, "viewer")
    for path in ("/", "/healthz", "/static/style.css", "/ads/nope", "/api/search"):
        res = client.get(path)
        assert res.headers["content-security-policy"] == CSP
        assert "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" in CSP
        assert res.headers["x-content-type-options"] == "nosniff"


def test_csv_export_is_capped_streamed_and_formula_safe(app_backend):
    app, backend = app_backend
    backend.ads["legit-1"]["title"] = "=HYPERLINK(\"http://evil\")"
    backend.ads["legit-1"]["score"] = 0.99
    res = login(app, "viewer").get("/export?format=csv&q=x")
    assert res.status_code == 200 and res.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(res.text)))
    assert rows[0][0] == "id" and len(rows) == 1 + 5
    assert rows[1][3].startswith("'=HYPERLINK")


def test_json_export_is_capped(app_backend):
    app, _ = app_backend
    res = login(app, "viewer").get("/api/export?format=json")
    data = json.loads(res.text)
    assert len(data) == 5 and "entities" not in data[0]
    assert res.headers["x-export-max-rows"] == "5"


def test_capture_is_an_attachment_never_rendered(app_backend):
    app, backend = app_backend
    res = login(app, "viewer").get("/ads/ring-a-3/capture")
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/octet-stream"
    assert res.headers["content-disposition"].startswith("attachment;")
    evidence = backend.ads["ring-a-3"]["evidence"]
    assert res.content == Path(evidence["path"]).read_bytes()
    # The crawler records the digest of the page body, not of the .warc.gz: both are sent, and checked.
    assert res.headers["x-capture-sha256"] == hashlib.sha256(res.content).hexdigest()
    assert res.headers["x-payload-sha256"] == evidence["sha256"] != res.headers["x-capture-sha256"]
    assert res.headers["x-payload-verified"] == "true"


def test_capture_under_another_hash_is_not_served(app_backend):
    # The hash names the file: an ad whose recorded hash matches no stored capture gets nothing.
    app, backend = app_backend
    evidence = backend.ads["ring-a-3"]["evidence"]
    backend.ads["ring-a-3"]["evidence"] = {**evidence, "sha256": "0" * 64}
    assert login(app, "viewer").get("/api/ads/ring-a-3/capture").status_code == 404


def test_evidence_package_has_checksums(app_backend):
    app, backend = app_backend
    res = login(app, "viewer").get("/ads/ring-a-1/evidence.zip")
    assert res.headers["content-type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(res.content))
    names = set(zf.namelist())
    capture = "capture/" + Path(backend.ads["ring-a-1"]["evidence"]["path"]).name
    assert {"metadata.json", "score.json", "SHA256SUMS", capture} <= names
    for line in zf.read("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(zf.read(name)).hexdigest() == digest
    assert json.loads(zf.read("score.json"))["score"] == backend.ads["ring-a-1"]["score"]
    assert json.loads(zf.read("metadata.json"))["exported_by"] == "viewer"


def test_unknown_ad_is_404_page(app_backend):
    app, _ = app_backend
    res = login(app, "viewer").get("/ads/does-not-exist")
    assert res.status_code == 404 and "Not found" in res.text
