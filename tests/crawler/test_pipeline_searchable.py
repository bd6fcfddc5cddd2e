"""Scored ads become searchable while the crawl is still scoring, not in steps behind the scoring backlog.

A real ``anzuelo crawl`` of a generated 240-ad board into the test engine, its
scorer slow to load (``tests/crawler/searchable_probe.py``) so that every ad
waits for it at once, as behind the encoders. Half-way through the scoring,
the scorer asks the engine whether it finds any ad yet. It must: the index
pipeline sends a partial bulk ``INDEX_FLUSH_WAIT`` after its oldest ad, in a
thread of its own. When bulk writes shared the reactor's thread pool with the
scoring batches, the first bulk waited behind the whole backlog and nothing was
searchable until nearly the end of the scoring (benchmarks/growth.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.crawler.crawl_helpers import ROOT, crawl_env
from tests.fixtures.adsite import AdSite

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ADS = 240


def test_pipeline_searchable_before_the_scoring_backlog_is_done(tmp_path, engine, engine_url):
    go, out = tmp_path / "go", tmp_path / "probe.json"
    env = {**crawl_env(tmp_path / "home", engine_url, engine.prefix),
           "ANZUELO_SCORE_BATCH_SIZE": "4",  # 60 batches queued at once when the scorer is ready
           "ANZUELO_INDEX_FLUSH_WAIT": "0.2",
           "ANZUELO_CRAWL_DOWNLOAD_DELAY": "0", "ANZUELO_CRAWL_AUTOTHROTTLE_ENABLED": "false",
           "ANZUELO_CRAWL_CONCURRENT_PER_DOMAIN": "16",
           "PROBE_GO": str(go), "PROBE_OUT": str(out), "PROBE_AT": str(ADS // 2)}
    with AdSite(ADS) as site:
        proc = subprocess.Popen([sys.executable, "-m", "tests.crawler.searchable_probe", "crawl", "--url",
                                 f"{site.url}/", "--source", "probe", "--allow-private", "--scope", "host", "--json"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # the scorer finishes loading once every ad page was fetched: all ads wait for it together
            deadline = time.monotonic() + 120
            while sum(n for p, n in site.hits.items() if p.startswith("/ad/")) < ADS and proc.poll() is None:
                assert time.monotonic() < deadline, f"the crawl fetched {dict(site.hits)} in 120 s"
                time.sleep(0.05)
            go.touch()
            stdout, stderr = proc.communicate(timeout=300)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, f"exit {proc.returncode}\n{stdout}\n{stderr[-5000:]}"
    summary = json.loads(stdout)[0]
    assert summary["scored"] == summary["indexed"] == ADS and summary["failed"] == 0

    probe = json.loads(out.read_text(encoding="utf-8"))
    # half the ads scored, the other half still to score: some of the first half is already findable
    assert ADS // 2 <= probe["scored_before"] < ADS
    assert probe["searchable"] > 0, "no scored ad was searchable while the rest of the crawl was being scored"
    assert probe["searchable"] <= probe["scored_before"]  # only ads scored before the probe can be in the engine
    engine.refresh()
    assert engine.count() == ADS
