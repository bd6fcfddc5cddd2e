"""End to end: `anzuelo crawl` of the demo sites through the real pipelines into the real engine.

Each crawl runs as a subprocess (fresh Twisted reactor) on its own ANZUELO_HOME
and the test engine's unique index prefix.
"""

from __future__ import annotations

import json

import pytest

from index import doc_id
from tests.crawler.crawl_helpers import crawl_env, crawl_json, manifest_urls, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _all_ads(engine) -> list[dict]:
    engine.refresh()
    return list(engine.scan({"query": {"match_all": {}}, "sort": [{"id": "asc"}]}))


def test_crawl_e2e_every_demo_ad_indexed_once_and_recrawl_is_free(tmp_path, engine, engine_url, demo_sites):
    sources = sources_file(tmp_path, demo_sites.urls)
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    jobs = crawl_json("demo-jobs", sources, env)
    classifieds = crawl_json("demo-classifieds", sources, env)
    expected = manifest_urls(demo_sites.manifest, demo_sites.urls)

    assert jobs["finish_reason"] == classifieds["finish_reason"] == "finished"
    assert jobs["new"] + classifieds["new"] == len(expected)
    assert jobs["failed"] == classifieds["failed"] == 0
    ads = _all_ads(engine)
    assert engine.count() == len(expected) == len(ads)
    by_url = {ad["canonical_url"]: ad for ad in ads}
    assert set(by_url) == set(expected)
    for url, entry in expected.items():
        ad = by_url[url]
        assert ad["id"] == doc_id(url)
        assert ad["source"] == ("demo-jobs" if entry["site"] == "jobs" else "demo-classifieds")
        assert ad["title"] and ad["text"] and ad["status"] == "online"
        assert 0.0 <= ad["score"] <= 1.0 and ad["risk"] in ("low", "medium", "high") and ad["model_version"]
        assert ad["first_seen"] == ad["last_seen"] and ad["content_hash"]
    # robots.txt obeyed: the disallowed pages linked from the listings were never requested
    assert "/private/applicants.html" not in demo_sites.hits("jobs")
    assert "/admin/users.html" not in demo_sites.hits("classifieds")

    again = crawl_json("demo-jobs", sources, env)
    assert (again["new"], again["changed"], again["indexed"]) == (0, 0, 0)
    assert again["unchanged"] == jobs["new"]
    assert engine.count() == len(expected)
    refreshed = {ad["canonical_url"]: ad for ad in _all_ads(engine)}
    some_job = next(u for u, e in expected.items() if e["site"] == "jobs")
    assert refreshed[some_job]["first_seen"] == by_url[some_job]["first_seen"]
    assert refreshed[some_job]["last_seen"] > by_url[some_job]["last_seen"]  # cheap partial update

    runs = engine.search_docs("crawl-runs", {"query": {"term": {"source": "demo-jobs"}}, "size": 10})
    assert sorted(r["finish_reason"] for r in runs) == ["finished", "finished"]


def test_crawl_e2e_edited_ad_updated_removed_ad_gone(tmp_path, engine, engine_url, mutable_sites):
    sources = sources_file(tmp_path, mutable_sites.urls)
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    first = crawl_json("demo-classifieds", sources, env)
    entries = [e for e in mutable_sites.manifest if e["site"] == "classifieds"]
    assert first["new"] == len(entries)
    edited, removed = entries[0], entries[1]
    edited_url = mutable_sites.urls["classifieds"] + edited["path"]
    removed_url = mutable_sites.urls["classifieds"] + removed["path"]
    before = engine.mget([doc_id(edited_url)])[doc_id(edited_url)]

    page = mutable_sites.root / "classifieds" / edited["path"].lstrip("/")
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('<div class="ad-body">', '<div class="ad-body"><p>Pago por adelantado 300 USD.</p>', 1),
                    encoding="utf-8")
    mutable_sites.remove_ad(removed["id"])

    second = crawl_json("demo-classifieds", sources, env)
    assert (second["new"], second["changed"], second["gone"]) == (0, 1, 1)
    assert second["unchanged"] == len(entries) - 2
    docs = engine.mget([doc_id(edited_url), doc_id(removed_url)])
    after, gone = docs[doc_id(edited_url)], docs[doc_id(removed_url)]
    assert "Pago por adelantado" in after["text"]
    assert after["first_seen"] == before["first_seen"] and after["last_seen"] > before["last_seen"]
    assert after["content_hash"] != before["content_hash"]
    assert gone is not None and gone["status"] == "gone" and gone["gone_at"]  # marked, never deleted
    assert engine.count() == len(entries)


def test_crawl_e2e_no_index_writes_jsonl(tmp_path, demo_sites):
    from tests.crawler.crawl_helpers import anzuelo

    out = tmp_path / "ads.jsonl"
    env = crawl_env(tmp_path / "home", "http://127.0.0.1:9", "unused")
    proc = anzuelo(["crawl", "--url", demo_sites.urls["classifieds"] + "/sitemap.xml", "--spider", "classifieds",
                    "--allow-private", "--no-index", "--output", str(out), "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summary = json.loads(proc.stdout)[0]
    assert len(rows) == summary["scored"] > 0
    assert all({"score", "risk", "indicators", "canonical_url", "text"} <= set(r) for r in rows)


def test_crawl_e2e_engine_down_exits_3(tmp_path, demo_sites):
    from tests.crawler.crawl_helpers import anzuelo

    env = crawl_env(tmp_path / "home", "http://127.0.0.1:9", "unused")
    proc = anzuelo(["crawl", "--url", demo_sites.urls["jobs"] + "/", "--allow-private"], env, timeout=120)
    assert proc.returncode == 3
    assert "anzuelo engine start" in proc.stderr
