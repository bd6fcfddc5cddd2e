"""IndexPipeline and IncrementalPipeline against the real engine, through a real Scrapy crawl."""

from __future__ import annotations

import json

import pytest

from index import doc_id
from tests.crawler.harness import ad, run_pipelines

pytestmark = pytest.mark.integration

PIPES = {"crawler.pipelines.validate.ValidatePipeline": 100,
         "crawler.pipelines.incremental.IncrementalPipeline": 200,
         "crawler.pipelines.index.IndexPipeline": 800}


def _settings(tmp_path, engine, engine_url, **extra):
    return {"ITEM_PIPELINES": PIPES, "ANZUELO_ENGINE_URL": engine_url, "ANZUELO_INDEX_PREFIX": engine.prefix,
            "ANZUELO_STATE_DIR": str(tmp_path / "state"), "ANZUELO_SOURCE": "unit",
            "ANZUELO_SCORE_ENABLED": False, "ANZUELO_INDEX_FLUSH_WAIT": 0.5, **extra}


def test_pipeline_index_bulk_writes_and_dead_letters_rejected_docs(tmp_path, engine, engine_url):
    items = [ad(i) for i in range(30)] + [ad(99, score="not-a-number")]  # mapping rejects a text score
    stats = run_pipelines(tmp_path, items, _settings(tmp_path, engine, engine_url, ANZUELO_INDEX_BULK_SIZE=8))
    assert stats["anzuelo/index/indexed"] == 30 and stats["anzuelo/index/failed"] == 1
    assert engine.count() == 30
    dead = [json.loads(line) for line in (tmp_path / "state" / "dead-letter" / "unit.jsonl").read_text().splitlines()]
    assert [d["id"] for d in dead] == [doc_id("http://jobs.test/ad/99")]
    # the failed ad is not remembered as indexed: the next crawl sends it again
    again = run_pipelines(tmp_path, [ad(99)], _settings(tmp_path, engine, engine_url, ANZUELO_MARK_GONE=False))
    assert again["anzuelo/ads/changed"] == 1 and again["anzuelo/index/indexed"] == 1


def test_pipeline_incremental_new_unchanged_changed_gone(tmp_path, engine, engine_url):
    settings = _settings(tmp_path, engine, engine_url)
    first = run_pipelines(tmp_path, [ad(i) for i in range(5)], settings)
    assert first["anzuelo/ads/new"] == 5 and first["anzuelo/index/indexed"] == 5
    before = engine.mget([doc_id(f"http://jobs.test/ad/{i}") for i in range(5)])

    items = [ad(i) for i in range(3)] + [ad(3, "Texto nuevo: se paga el pasaje.")]  # ad 4 gone, ad 3 changed
    second = run_pipelines(tmp_path, items, settings)
    assert second["anzuelo/ads/unchanged"] == 3 and second["drop_item/unchanged"] == 3
    assert second["anzuelo/ads/changed"] == 1 and second["anzuelo/index/indexed"] == 1
    assert second["anzuelo/ads/gone"] == 1
    after = engine.mget(list(before))
    for i in range(5):
        key = doc_id(f"http://jobs.test/ad/{i}")
        assert after[key]["first_seen"] == before[key]["first_seen"]
    changed, gone = after[doc_id("http://jobs.test/ad/3")], after[doc_id("http://jobs.test/ad/4")]
    assert changed["text"].startswith("Texto nuevo") and changed["last_seen"] > before[doc_id("http://jobs.test/ad/3")]["last_seen"]
    assert after[doc_id("http://jobs.test/ad/0")]["last_seen"] > before[doc_id("http://jobs.test/ad/0")]["last_seen"]
    assert gone["status"] == "gone" and gone["gone_at"] and engine.count() == 5


def test_pipeline_incremental_reindexes_ads_the_engine_lost(tmp_path, engine, engine_url):
    settings = _settings(tmp_path, engine, engine_url)
    run_pipelines(tmp_path, [ad(1), ad(2)], settings)
    first_seen = engine.mget([doc_id("http://jobs.test/ad/1")])[doc_id("http://jobs.test/ad/1")]["first_seen"]
    engine.drop_all()  # the engine lost its data; the seen-store still remembers both ads
    again = run_pipelines(tmp_path, [ad(1), ad(2)], settings)
    assert again["anzuelo/ads/changed"] == 2 and again.get("anzuelo/ads/unchanged", 0) == 0
    assert engine.count() == 2
    assert engine.mget([doc_id("http://jobs.test/ad/1")])[doc_id("http://jobs.test/ad/1")]["first_seen"] == first_seen


def test_pipeline_labels_survive_a_changed_ad_and_gone_ads_come_back(tmp_path, engine, engine_url):
    settings = _settings(tmp_path, engine, engine_url)
    run_pipelines(tmp_path, [ad(1), ad(2)], settings)
    one, two = doc_id("http://jobs.test/ad/1"), doc_id("http://jobs.test/ad/2")
    assert engine.update_partial(one, {"label": "deceptive", "labels": [{"label": "deceptive", "user": "ana"}]})
    gone = run_pipelines(tmp_path, [ad(1, "Texto nuevo: se paga el pasaje.")], settings)  # ad 1 changed, 2 gone
    assert gone["anzuelo/ads/changed"] == 1 and gone["anzuelo/ads/gone"] == 1
    got = engine.mget([one, two])
    assert got[one]["text"].startswith("Texto nuevo") and got[one]["label"] == "deceptive"
    assert got[one]["labels"] == [{"label": "deceptive", "user": "ana"}]
    assert got[two]["status"] == "gone" and got[two]["gone_at"]
    back = run_pipelines(tmp_path, [ad(1, "Texto nuevo: se paga el pasaje."), ad(2)], settings)
    assert back["anzuelo/ads/changed"] == 1 and back["anzuelo/ads/unchanged"] == 1
    got = engine.mget([one, two])
    assert got[two]["status"] == "online" and got[two]["gone_at"] is None
    assert got[one]["label"] == "deceptive"
