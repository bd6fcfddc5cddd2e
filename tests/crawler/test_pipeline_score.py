"""ScorePipeline: batches off the reactor thread, attaches scores, survives a bad ad."""

from __future__ import annotations

import json

from crawler.pipelines.score import apply_score, merge_values
from nlp.types import Indicator, Score
from tests.crawler.harness import ad, run_pipelines

PIPES = {"crawler.pipelines.validate.ValidatePipeline": 100, "crawler.pipelines.score.ScorePipeline": 300,
         "crawler.pipelines.output.JsonlOutputPipeline": 900}


def test_apply_score_attaches_fields_and_merges_contacts():
    item = {"phones": ["+571"], "text": "x"}
    score = Score(0.8, "high", [Indicator("debt_bondage", "deuda", 0, 5, 0.5), Indicator("urgency", "ya", 6, 8, 0.2)],
                  {"phones": ["+571", "+572"], "whatsapp": ["+573"], "countries": ["MX"], "ages": [18]}, "es", "m-1")
    out = apply_score(item, score, "2026-01-01T00:00:00Z")
    assert out["score"] == 0.8 and out["risk"] == "high" and out["model_version"] == "m-1"
    assert out["indicators"] == ["debt_bondage", "urgency"]
    assert out["indicator_hits"][0] == {"name": "debt_bondage", "evidence": "deuda", "start": 0, "end": 5, "weight": 0.5}
    assert out["phones"] == ["+571", "+572"] and out["whatsapp"] == ["+573"]
    assert out["countries_mentioned"] == ["MX"] and out["ages"] == [18]
    assert out["lang"] == "es" and out["scored_at"] == "2026-01-01T00:00:00Z"


def test_merge_values_keeps_order_and_skips_empty():
    assert merge_values(["a", ""], ["b", "a", None]) == ["a", "b"]


def test_score_pipeline_batches_and_isolates_a_failing_ad(tmp_path):
    items = [ad(i, "trabajo urgente en el exterior" if i % 2 else "cajero") for i in range(70)]
    items.append(ad(99, "BAD ad that breaks the scorer"))
    out = tmp_path / "ads.jsonl"
    stats = run_pipelines(tmp_path, items, {
        "ITEM_PIPELINES": PIPES, "ANZUELO_INDEX_ENABLED": False, "ANZUELO_OUTPUT": str(out),
        "ANZUELO_SCORER_FACTORY": "tests.crawler.pipeline_harness.stub_factory",
        "ANZUELO_SCORE_BATCH_SIZE": 32, "ANZUELO_SCORE_BATCH_MAX_WAIT": 0.5,
    })
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 70
    assert stats["anzuelo/score/scored"] == 70
    assert stats["anzuelo/score/failed"] == 1 and stats["drop_item/score_failed"] == 1
    assert stats["anzuelo/score/batch_failed"] == 1
    assert max(stats["stub_batches"]) == 32  # batched, not one call per ad
    by_url = {r["canonical_url"]: r for r in rows}
    high = by_url["http://jobs.test/ad/1"]
    assert high["score"] == 0.9 and high["risk"] == "high" and high["indicators"] == ["urgency"]
    assert high["phones"] == ["+573001112233"] and high["countries_mentioned"] == ["CO"]
    assert by_url["http://jobs.test/ad/2"]["indicators"] == []


def test_score_pipeline_switched_off_passes_ads_unscored(tmp_path):
    out = tmp_path / "ads.jsonl"
    stats = run_pipelines(tmp_path, [ad(1)], {
        "ITEM_PIPELINES": PIPES, "ANZUELO_INDEX_ENABLED": False, "ANZUELO_OUTPUT": str(out),
        "ANZUELO_SCORE_ENABLED": False,
    })
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 1 and "score" not in rows[0]
    assert "anzuelo/score/scored" not in stats
