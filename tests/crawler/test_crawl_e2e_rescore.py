"""End to end: no ad left unscored. A crawl with --no-score, then scoring crawls, on the real engine.

Each crawl runs as a subprocess (fresh Twisted reactor) on its own ANZUELO_HOME
and the test engine's unique index prefix, like ``test_crawl_e2e``.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from index import doc_id
from index import fields as F
from tests.crawler.crawl_helpers import anzuelo, crawl_env, crawl_json, manifest_urls, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _ads(engine) -> dict[str, dict]:
    engine.refresh()
    return {ad[F.CANONICAL_URL]: ad for ad in engine.scan({"query": {"match_all": {}}, "sort": [{"id": "asc"}]})}


def test_crawl_e2e_rescore_unscored_then_other_version_then_nothing(tmp_path, engine, engine_url, demo_sites):
    sources = sources_file(tmp_path, demo_sites.urls)
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    expected = {u for u, e in manifest_urls(demo_sites.manifest, demo_sites.urls).items() if e["site"] == "jobs"}

    proc = anzuelo(["crawl", "demo-jobs", "--sources", str(sources), "--no-score", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    first = json.loads(proc.stdout)[0]
    assert first["new"] == len(expected) and first["scored"] == 0
    assert all(ad[F.SCORE] is None for ad in _ads(engine).values())

    # Same pages, scoring on: every unchanged ad is scored and re-indexed.
    second = crawl_json("demo-jobs", sources, env)
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, len(expected))
    assert (second["rescored"], second["rescored_missing"], second["rescored_other_version"]) == (len(expected), len(expected), 0)
    assert second["scored"] == second["indexed"] == len(expected) and second["failed"] == 0
    ads = _ads(engine)
    assert set(ads) == expected
    version = next(iter(ads.values()))[F.MODEL_VERSION]
    for url, ad in ads.items():
        assert 0.0 <= ad[F.SCORE] <= 1.0 and ad[F.RISK] and ad[F.MODEL_VERSION] == version, url
        assert ad[F.FIRST_SEEN] < ad[F.LAST_SEEN]  # first_seen kept from the unscored crawl

    # Nothing left to score: a third crawl drops every ad as unchanged.
    third = crawl_json("demo-jobs", sources, env)
    assert (third["rescored"], third["scored"], third["indexed"], third["unchanged"]) == (0, 0, 0, len(expected))

    # Three ads scored by an older model, in a seen-store from before versions were recorded:
    # the engine copy tells, and only those three are scored again.
    stale = sorted(expected)[:3]
    engine.update_partial_many({doc_id(u): {F.MODEL_VERSION: "older-model"} for u in stale})
    engine.refresh()
    with sqlite3.connect(tmp_path / "home" / "crawl" / "seen.sqlite") as db:
        db.execute("UPDATE seen SET model_version = NULL")
    fourth = crawl_json("demo-jobs", sources, env)
    assert (fourth["rescored"], fourth["rescored_missing"], fourth["rescored_other_version"]) == (3, 0, 3)
    assert fourth["indexed"] == 3
    assert all(ad[F.MODEL_VERSION] == version for ad in _ads(engine).values())
