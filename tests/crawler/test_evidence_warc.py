"""Evidence capture: WARC round trip, content-addressed paths, switch-off setting."""

from __future__ import annotations

import hashlib

from scrapy.http import HtmlResponse, Request

from crawler.evidence import read_evidence, write_evidence


def test_write_then_read_evidence(tmp_path):
    body = "<html><body>Se busca mesera – pago diario</body></html>".encode()
    req = Request("https://x.example/ad/1", headers={"User-Agent": "anzuelo-test"})
    resp = HtmlResponse(req.url, status=200, body=body, request=req,
                        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Server": "t"})
    ev = write_evidence(tmp_path, "demo jobs/../x", req, resp, "2026-11-01T10:00:00Z")
    sha = hashlib.sha256(body).hexdigest()
    assert ev == {"path": str(tmp_path / "demo_jobs_.._x" / sha[:2] / f"{sha}.warc.gz"), "sha256": sha,
                  "fetched_at": "2026-11-01T10:00:00Z", "format": "warc.gz", "size": len(body), "status": 200}
    headers, stored = read_evidence(ev["path"])
    assert stored == body
    assert headers[":status"] == "200" and headers[":url"] == req.url and headers[":date"] == "2026-11-01T10:00:00Z"
    assert headers["Server"] == "t" and "Content-Encoding" not in headers  # stored decoded
    assert write_evidence(tmp_path, "demo jobs/../x", req, resp)["path"] == ev["path"]  # same body, same file


def test_evidence_can_be_switched_off(demo_sites, crawl, tmp_path):
    result = crawl("jobposting", {"ANZUELO_EVIDENCE_ENABLED": False}, sitemap_urls=demo_sites.urls["jobs"] + "/sitemap.xml",
                   max_pages=3)
    assert len(result.items) == 3 and all(i["evidence"] is None for i in result.items)
    assert not (tmp_path / "state" / "evidence").exists()


def test_evidence_dir_setting(demo_sites, crawl, tmp_path):
    folder = tmp_path / "captures"
    result = crawl("jobposting", {"ANZUELO_EVIDENCE_DIR": str(folder)}, sitemap_urls=demo_sites.urls["jobs"] + "/sitemap.xml",
                   max_pages=2, source="demo-jobs")
    assert len(list((folder / "demo-jobs").glob("*/*.warc.gz"))) == 2
    assert all(i["evidence"]["path"].startswith(str(folder)) for i in result.items)


def test_middleware_counts_saved_and_failed_writes_off_the_reactor(tmp_path):
    from scrapy.utils.test import get_crawler

    from crawler.evidence import EvidenceMiddleware
    from crawler.items import AdItem

    (tmp_path / "blocked").write_text("a file where the evidence folder should be")
    mw = EvidenceMiddleware.from_crawler(get_crawler(settings_dict={"ANZUELO_EVIDENCE_DIR": str(tmp_path / "ev")}))
    bad = EvidenceMiddleware.from_crawler(get_crawler(settings_dict={"ANZUELO_EVIDENCE_DIR": str(tmp_path / "blocked")}))
    for n, m in enumerate((mw, mw, bad)):
        req = Request(f"https://x.example/ad/{n}")
        resp = HtmlResponse(req.url, body=f"<p>ad {n}</p>".encode(), request=req)
        item = AdItem(url=req.url, canonical_url=req.url, source="s", spider="jobposting", title="t", text="x")
        assert list(m.process_spider_output(resp, [item]))[0].evidence["sha256"]
    for m in (mw, bad):
        m.pool.shutdown(wait=True)
    assert (mw.saved, mw.failed, bad.saved, bad.failed) == (2, 0, 0, 1)
