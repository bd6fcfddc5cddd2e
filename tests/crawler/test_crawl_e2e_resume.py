"""SIGTERM mid-crawl, then the same command resumes from the job folder without refetching."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from crawler.scheduler import anzuelo_command
from tests.crawler.crawl_helpers import ROOT, crawl_env, crawl_json, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _pages(hits: dict[str, int]) -> dict[str, int]:
    """Hits of job pages (robots.txt is read again by every process, by design)."""
    return {p: n for p, n in hits.items() if p.startswith("/jobs/")}


def test_crawl_e2e_sigterm_resumes_without_refetching(tmp_path, engine, engine_url, mutable_sites):
    sources = sources_file(tmp_path, mutable_sites.urls, delay=0.25, concurrency=1)
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    proc = subprocess.Popen([*anzuelo_command(), "crawl", "demo-jobs", "--sources", str(sources), "--json"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    while len(_pages(mutable_sites.hits("jobs"))) < 12:
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        assert time.monotonic() < deadline, "the crawl did not get going"
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    first = json.loads(out)[0]
    assert first["finish_reason"] == "shutdown"
    jobdir = tmp_path / "home" / "crawl" / "jobs" / "demo-jobs"
    assert jobdir.is_dir()  # kept for the resume
    fetched_first = _pages(mutable_sites.hits("jobs"))
    total_ads = sum(1 for e in mutable_sites.manifest if e["site"] == "jobs")
    assert len([p for p in fetched_first if p.count("/") == 2 and "/page/" not in p]) < total_ads  # stopped early

    second = crawl_json("demo-jobs", sources, env)
    assert second["finish_reason"] == "finished" and second["resumed"] is True
    hits = _pages(mutable_sites.hits("jobs"))
    assert {p: n for p, n in hits.items() if n > 1} == {}  # nothing fetched twice
    assert first["new"] + second["new"] == total_ads == engine.count()
    assert second["gone"] == 0  # ads of the first attempt count as seen in this run
    assert not jobdir.exists()  # a finished crawl clears its job folder
