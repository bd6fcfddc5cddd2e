"""A real crawl's run record carries the drift check: demo-jobs, whose ads of the week before all
scored near 0, is flagged once the crawl indexes today's demo ads with their real scores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from nlp.scorer import RULES_MODEL_DIR
from tests.crawler.crawl_helpers import crawl_env, crawl_json, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_crawl_run_record_flags_the_drifted_source(tmp_path, engine, engine_url, demo_sites):
    engine.ensure_ads_index()
    last_week = datetime.now(timezone.utc) - timedelta(days=10)
    old = [{"canonical_url": f"https://old.test/{i}", "url": f"https://old.test/{i}", "source": "demo-jobs",
            "title": f"Aviso viejo {i}", "text": "Texto", "lang": "es", "score": 0.0005,
            "first_seen": (last_week - timedelta(minutes=i)).isoformat()} for i in range(20)]
    assert engine.bulk_upsert(old).failed == 0
    env = {**crawl_env(tmp_path / "home", engine_url, engine.prefix), "ANZUELO_DRIFT_MIN_ADS": "5",
           "ANZUELO_SCORE_MODEL_DIR": str(RULES_MODEL_DIR)}  # the rules model: fast, scores spread out
    summary = crawl_json("demo-jobs", sources_file(tmp_path, demo_sites.urls), env)
    assert summary["new"] >= 5
    engine.refresh_store("crawl-runs")
    doc = engine.get_doc("crawl-runs", summary["run_id"])
    assert doc["finish_reason"] == "finished"
    drift = doc["drift"]
    assert drift["this_source_flagged"] is True, drift
    flagged = {f["source"]: f for f in drift["flagged"]}
    assert flagged["demo-jobs"]["psi"] > 0.2 and "score PSI" in flagged["demo-jobs"]["reasons"][0]
