"""Gone-marking when the engine is down at the end of a crawl: a WARNING, a stat, and a retry next time.

The first "crawl" ends with the engine unreachable (a real client on a port
nobody listens on): the marking is skipped, counted in
``anzuelo/ads/gone_skipped/engine_down`` and logged as a WARNING, never an
ERROR, and the seen-store keeps the unseen ad online. The next complete crawl,
with the engine back (the session's real node), marks gone both the ad it did
not see and the one the failed marking left online.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from scrapy.utils.test import get_crawler

from anzuelo.engine.net import free_port
from crawler.pipelines.incremental import IncrementalPipeline
from crawler.state import SeenStore
from index import Index, doc_id
from index.client import Engine, EngineInfo

pytestmark = [pytest.mark.integration]

SOURCE = "gone-test"
URLS = {name: f"https://empleos-demo.example/oferta/{name}" for name in ("a", "b", "c")}


def _pipeline(store: SeenStore, client: Index, run_started: str) -> IncrementalPipeline:
    crawler = get_crawler(settings_dict={"ANZUELO_RUN_STARTED": run_started})
    crawler.stats.open_spider()
    pipe = IncrementalPipeline(crawler)
    pipe.store, pipe.client = store, client
    return pipe


def _dead_index(prefix: str) -> Index:
    """A real client for an engine that does not answer (nothing listens on the port)."""
    url = f"http://127.0.0.1:{free_port()}"
    return Index(Engine(url, OpenSearch(hosts=[url], max_retries=0, timeout=5), EngineInfo("opensearch", "2.19.6")),
                 prefix)


def _status(engine: Index, name: str) -> str:
    return engine.get_ad(doc_id(URLS[name]))["status"]


def test_gone_engine_down_warns_counts_and_next_crawl_marks(tmp_path: Path, engine: Index, caplog):
    engine.ensure_ads_index()
    engine.bulk_upsert([{"canonical_url": u, "url": u, "source": SOURCE, "status": "online", "title": f"Oferta {n}",
                         "text": "Cocina en hotel, turno de noche."} for n, u in URLS.items()])
    engine.refresh()
    store = SeenStore(tmp_path / "seen.sqlite")
    for name, url in URLS.items():  # all three seen by an earlier crawl
        store.upsert(url, SOURCE, f"h{name}", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")

    # Crawl 1 sees a and b, not c; the engine is gone when it ends.
    for name in ("a", "b"):
        store.upsert(URLS[name], SOURCE, f"h{name}", "2026-01-01T00:00:00Z", "2026-01-02T00:00:05Z")
    first = _pipeline(store, _dead_index(engine.prefix), "2026-01-02T00:00:00Z")
    with caplog.at_level(logging.WARNING):
        assert first.mark_gone_or_skip(SOURCE) is None
    assert first.crawler.stats.get_value("anzuelo/ads/gone_skipped/engine_down") == 1
    ours = [r for r in caplog.records if r.name == "crawler.pipelines.incremental"]
    assert [r.levelno for r in ours] == [logging.WARNING]
    assert "not marked gone" in ours[0].getMessage() and SOURCE in ours[0].getMessage()
    assert store.get(URLS["c"]).status == "online"  # store and engine still agree
    assert _status(engine, "c") == "online"

    # Crawl 2 (complete, engine back) sees only a: b and c are marked gone, c included.
    store.upsert(URLS["a"], SOURCE, "ha", "2026-01-01T00:00:00Z", "2026-01-03T00:00:05Z")
    second = _pipeline(store, engine, "2026-01-03T00:00:00Z")
    assert second.mark_gone_or_skip(SOURCE) == 2
    assert second.crawler.stats.get_value("anzuelo/ads/gone_skipped/engine_down") is None
    assert [_status(engine, n) for n in ("a", "b", "c")] == ["online", "gone", "gone"]
    assert [store.get(URLS[n]).status for n in ("a", "b", "c")] == ["online", "gone", "gone"]
    store.close()
