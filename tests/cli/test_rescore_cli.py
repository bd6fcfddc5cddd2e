"""`anzuelo rescore`: ads scored by another model version get the current model's scores."""

from __future__ import annotations

import json

import pytest

from index import doc_id
from tests.crawler.crawl_helpers import anzuelo, crawl_env
from tests.crawler.harness import ad, run_pipelines

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_rescore_cli_updates_outdated_scores_and_keeps_the_rest(tmp_path, engine, engine_url):
    items = [ad(1, "Viaje pagado a Europa, urgente, enviar fotos por WhatsApp +57 300 111 2233"), ad(2)]
    run_pipelines(tmp_path, items, {
        "ITEM_PIPELINES": {"crawler.pipelines.validate.ValidatePipeline": 100,
                           "crawler.pipelines.incremental.IncrementalPipeline": 200,
                           "crawler.pipelines.score.ScorePipeline": 300,
                           "crawler.pipelines.index.IndexPipeline": 800},
        "ANZUELO_ENGINE_URL": engine_url, "ANZUELO_INDEX_PREFIX": engine.prefix, "ANZUELO_SOURCE": "unit",
        "ANZUELO_STATE_DIR": str(tmp_path / "state"),
        "ANZUELO_SCORER_FACTORY": "tests.crawler.pipeline_harness.stub_factory",
    })
    key = doc_id("http://jobs.test/ad/1")
    before = engine.mget([key])[key]
    assert before["model_version"] == "stub-1"
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)

    proc = anzuelo(["rescore", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["candidates"] == result["rescored"] == 2 and result["failed"] == 0
    after = engine.mget([key])[key]
    assert after["model_version"] == result["model_version"] != "stub-1"
    assert after["first_seen"] == before["first_seen"] and after["text"] == before["text"]

    again = json.loads(anzuelo(["rescore", "--json"], env).stdout.strip().splitlines()[-1])
    assert again["candidates"] == 0  # everything is current now
