"""`anzuelo schedule --once`: every enabled source crawled in its own process; a second pass runs nothing."""

from __future__ import annotations

import json

import pytest

from tests.crawler.crawl_helpers import anzuelo, crawl_env, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_schedule_cli_once_runs_each_source_then_nothing(tmp_path, engine, engine_url, demo_sites):
    sources = sources_file(tmp_path, demo_sites.urls)
    # yearly slots: the second pass cannot meet a new slot while the test runs
    text = sources.read_text().replace('"0 * * * *"', '"0 0 1 1 *"').replace('"30 * * * *"', '"0 0 1 1 *"')
    sources.write_text(text)
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    proc = anzuelo(["schedule", "--once", "--sources", str(sources), "--json"], env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert json.loads(proc.stdout) == {"demo-jobs": 0, "demo-classifieds": 0}  # demo-feed is disabled
    assert engine.count() == len(demo_sites.manifest)
    state = json.loads((tmp_path / "home" / "crawl" / "schedule.json").read_text())
    assert set(state) == {"demo-jobs", "demo-classifieds"} and all(s["exit_code"] == 0 for s in state.values())
    assert "finished" in (tmp_path / "home" / "crawl" / "logs" / "demo-jobs.log").read_text()

    again = anzuelo(["schedule", "--once", "--sources", str(sources), "--json"], env)
    assert again.returncode == 0 and json.loads(again.stdout) == {}  # this hour's slots already ran

    runs = anzuelo(["runs", "--json"], env)
    assert runs.returncode == 0
    assert {r["source"] for r in json.loads(runs.stdout)} == {"demo-jobs", "demo-classifieds"}
