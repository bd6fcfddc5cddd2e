"""Stage timings: a real crawl with scoring reports the seconds spent scoring and indexing.

The score and index pipelines sum the wall time of their batches into
``anzuelo/score/seconds`` and ``anzuelo/index/seconds``; the summary (``anzuelo
crawl --json``) shows them as ``score_seconds`` and ``index_seconds``.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from crawler.pipelines.timing import StageTimer
from crawler.summary import summarize
from tests.crawler.crawl_helpers import crawl_env, crawl_json, sources_file


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, float] = {}

    def set_value(self, key: str, value: float) -> None:
        self.values[key] = value


def test_timing_stage_timer_sums_blocks_from_several_threads():
    stats = _Stats()
    timer = StageTimer(SimpleNamespace(stats=stats), "anzuelo/score/seconds")
    gate = threading.Barrier(4)

    def work() -> None:
        with timer:
            gate.wait()  # four blocks open at once, each with its own start time
            sum(range(20000))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert stats.values["anzuelo/score/seconds"] == round(timer.total, 3) > 0


def test_timing_summary_reads_the_stage_seconds():
    job = SimpleNamespace(source="s", spider="generic")
    stats = {"anzuelo/score/seconds": 1.23456, "anzuelo/index/seconds": 0.5}
    out = summarize(job, stats, "2026-01-01T00:00:00Z", False, 0.0).to_dict()
    assert (out["score_seconds"], out["index_seconds"]) == (1.235, 0.5)
    empty = summarize(job, {}, "2026-01-01T00:00:00Z", False, 0.0).to_dict()
    assert (empty["score_seconds"], empty["index_seconds"]) == (0.0, 0.0)


@pytest.mark.integration
@pytest.mark.slow
def test_timing_crawl_with_scoring_reports_score_and_index_seconds(tmp_path, engine, engine_url, demo_sites):
    sources = sources_file(tmp_path, demo_sites.urls)
    summary = crawl_json("demo-jobs", sources, crawl_env(tmp_path / "home", engine_url, engine.prefix))
    assert summary["finish_reason"] == "finished"
    assert summary["scored"] > 0 and summary["indexed"] > 0
    assert summary["score_seconds"] > 0
    assert summary["index_seconds"] > 0
    # both are parts of the crawl, which ran longer than either stage alone
    assert summary["score_seconds"] < summary["duration_s"] + 1
