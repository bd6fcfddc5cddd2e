"""No ad left unscored: which unchanged ads a scoring crawl sends to be scored again, and the summary."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest
from scrapy.utils.test import get_crawler

from crawler.pipelines.incremental import IncrementalPipeline
from crawler.state import SeenStore
from crawler.summary import CrawlSummary, counts, rescore_line, summarize
from index import fields as F


def _pipe(score: bool = True, version: str | None = "m2") -> IncrementalPipeline:
    pipe = IncrementalPipeline(get_crawler(settings_dict={"ANZUELO_SCORE_ENABLED": score}))
    pipe.model_version = version
    return pipe


def _row(version):
    return SimpleNamespace(model_version=version)


@pytest.mark.parametrize(("doc", "row", "reason"), [
    ({F.SCORE: None, F.MODEL_VERSION: None}, _row(""), "missing"),  # indexed by a --no-score crawl
    ({F.SCORE: 0.3, F.MODEL_VERSION: "m1"}, _row("m1"), "other_version"),
    ({F.SCORE: 0.3, F.MODEL_VERSION: "m2"}, _row("m2"), None),
    # rows of a seen-store from before versions were recorded: the engine copy tells
    ({F.SCORE: None}, _row(None), "missing"),
    ({F.SCORE: 0.3, F.MODEL_VERSION: "m1"}, _row(None), "other_version"),
    ({F.SCORE: 0.3, F.MODEL_VERSION: "m2"}, _row(None), None),
    ({F.SCORE: 0.3, F.MODEL_VERSION: "m2"}, None, None),  # ad in the engine, not in this store
    ({F.SCORE: 0.3}, None, "missing"),  # a score without a version cannot be trusted
])
def test_incremental_rescore_reason(doc, row, reason):
    assert _pipe().rescore_reason(doc, row) == reason


def test_incremental_rescore_never_when_not_scoring_or_no_scorer():
    unscored = {F.SCORE: None}
    assert _pipe(score=False).rescore_reason(unscored, _row("")) is None
    assert _pipe(version="").rescore_reason(unscored, _row("")) is None  # scorer failed to load


def test_state_records_model_versions_and_forgets_them(tmp_path):
    store = SeenStore.in_dir(tmp_path)
    store.upsert("https://x.example/a", "s", "h1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    assert store.get("https://x.example/a").model_version is None
    store.set_model_versions({"https://x.example/a": ""})
    assert store.get("https://x.example/a").model_version == ""
    store.set_model_versions({"https://x.example/a": "m2"})
    assert store.get("https://x.example/a").model_version == "m2"
    store.forget(["https://x.example/a"])
    row = store.get("https://x.example/a")
    assert (row.content_hash, row.model_version) == ("", None)
    store.close()


def test_state_older_store_gains_the_version_column(tmp_path):
    with sqlite3.connect(tmp_path / "seen.sqlite") as db:  # the schema before model versions
        db.execute("CREATE TABLE seen (canonical_url TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT NOT NULL"
                   " DEFAULT '', first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'online',"
                   " gone_at TEXT)")
        db.execute("INSERT INTO seen VALUES ('https://x.example/a', 's', 'h', 't0', 't0', 'online', NULL)")
    store = SeenStore.in_dir(tmp_path)
    assert store.get("https://x.example/a").model_version is None  # unknown: the engine copy decides
    store.close()


def test_summary_rescored_counts_and_line():
    stats = {"anzuelo/ads/unchanged": 10, "drop_item/unchanged": 4, "anzuelo/ads/rescore/missing": 5,
             "anzuelo/ads/rescore/other_version": 1, "item_scraped_count": 6, "anzuelo/score/scored": 6}
    assert counts(stats)["ads"] == 10
    job = SimpleNamespace(source="s", spider="jobposting")
    summary = summarize(job, stats, "2026-01-01T00:00:00Z", False, 0.0)
    assert (summary.rescored, summary.rescored_missing, summary.rescored_other_version) == (6, 5, 1)
    assert rescore_line(summary) == "rescored 6 unchanged ads: missing score 5, other model version 1"
    assert rescore_line(CrawlSummary(run_id="r", source="s", spider="x", started="t")) is None


def test_summary_rescored_line_printed_by_crawl():
    from anzuelo.cli.crawl import summary_lines

    summary = CrawlSummary(run_id="r", source="s", spider="x", started="t", unchanged=3, rescored=3, rescored_missing=3)
    assert "  rescored 3 unchanged ads: missing score 3, other model version 0" in summary_lines(summary)


def test_summary_prints_scoring_and_indexing_time_only_when_measured():
    from anzuelo.cli.crawl import summary_lines

    timed = CrawlSummary(run_id="r", source="s", spider="x", started="t", score_seconds=12.345, index_seconds=0.5)
    assert "  time scoring 12.3s   indexing 0.5s" in summary_lines(timed)
    untimed = CrawlSummary(run_id="r", source="s", spider="x", started="t")
    assert not any("time scoring" in line for line in summary_lines(untimed))
