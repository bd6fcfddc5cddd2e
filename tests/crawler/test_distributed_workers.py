"""Three ``anzuelo worker`` processes crawl one generated site into the real engine.

Real parts only: Debian's redis-server (fixture), the session OpenSearch node, the
generated 1,000-ad site on loopback, workers as separate processes through the CLI.
Scoring is off (``--no-score``): three scorers on the 2-core CI machine would measure
the model, not the frontier; the claim that guards scoring also guards indexing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.fixtures.adsite import sources_toml

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def _env(tmp_path: Path, engine: object, redis_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
    env.update({
        "ANZUELO_HOME": str(tmp_path / "home"),
        "ANZUELO_INDEX_PREFIX": engine.prefix, "ANZUELO_FRONTIER_URL": redis_url,
        "ANZUELO_CRAWL_EVIDENCE_ENABLED": "false", "ANZUELO_INDEX_FLUSH_WAIT": "0.5",
        "ANZUELO_FRONTIER_POLL_INTERVAL": "0.2", "HF_HUB_OFFLINE": "1",
    })
    env.update(extra)
    return env


def _cli(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "anzuelo", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, **kw)


def _worker(sources: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 - the child owns it
    return subprocess.Popen([sys.executable, "-m", "anzuelo", "worker", "gen", "--sources", str(sources),
                             "--idle-exit", "2", "--no-score", "--json"],
                            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def _indexed(engine: object) -> dict[str, int]:
    """canonical_url -> _version of every ad in the test's index."""
    engine.refresh()
    found = engine.search_ads({"size": 10000, "version": True, "_source": ["canonical_url"], "query": {"match_all": {}}})
    return {h["_source"]["canonical_url"]: int(h["_version"]) for h in found["hits"]["hits"]}


def _wait(procs: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for proc in procs:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))


@pytest.fixture
def cluster_env(tmp_path, engine, engine_url, redis_url, ad_site):
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(ad_site, concurrency=8), encoding="utf-8")
    env = _env(tmp_path, engine, redis_url, ANZUELO_ENGINE_URL=engine_url)
    return sources, env


def test_distributed_three_workers_index_every_ad_exactly_once(tmp_path, engine, ad_site, cluster_env):
    sources, env = cluster_env
    queued = _cli(["crawl", "gen", "--sources", str(sources), "--distributed", "--json"], env)
    assert queued.returncode == 0, queued.stderr
    assert json.loads(queued.stdout)["created"] is True
    workers = [_worker(sources, env, tmp_path / f"w{i}.log") for i in range(3)]
    _wait(workers, 240)
    logs = [(tmp_path / f"w{i}.log").read_text() for i in range(3)]
    assert [w.returncode for w in workers] == [0, 0, 0], logs
    versions = _indexed(engine)
    assert len(versions) == 1000, f"{1000 - len(versions)} ads missing"
    assert set(versions) == {ad_site.ad_url(i) for i in range(1000)}
    twice = {u: v for u, v in versions.items() if v != 1}
    assert not twice, f"{len(twice)} ads written more than once: {list(twice.items())[:5]}"
    assert max(ad_site.hits[f"/ad/{i}"] for i in range(1000)) == 1  # no page fetched twice (shared dupefilter)
    summaries = [json.loads(log[log.index("[\n  {"):]) for log in logs]
    assert all(len(s) == 1 and s[0]["pages"] > 0 for s in summaries), "every worker took a share"


def test_distributed_worker_killed_midway_loses_nothing(tmp_path, engine, ad_site, cluster_env):
    sources, env = cluster_env
    env["ANZUELO_FRONTIER_LEASE"] = "3"  # a dead worker's requests come back after 3 s
    assert _cli(["crawl", "gen", "--sources", str(sources), "--distributed"], env).returncode == 0
    workers = [_worker(sources, env, tmp_path / f"w{i}.log") for i in range(3)]
    deadline = time.monotonic() + 120
    while sum(ad_site.hits[f"/ad/{i}"] for i in range(1000)) < 300:
        assert time.monotonic() < deadline, "the workers fetched fewer than 300 ads in 120 s"
        time.sleep(0.1)
    workers[0].send_signal(signal.SIGKILL)  # mid-crawl: leased requests and unwritten ads die with it
    _wait(workers[1:], 240)
    assert [w.returncode for w in workers[1:]] == [0, 0], [(tmp_path / f"w{i}.log").read_text()[-3000:] for i in (1, 2)]
    versions = _indexed(engine)
    assert set(versions) == {ad_site.ad_url(i) for i in range(1000)}, f"{1000 - len(versions)} ads lost"
    # An ad the killed worker wrote but never acked is fetched again; the survivor finds it
    # unchanged in the engine and only refreshes last_seen (version 2), never re-indexes it.
    refetched = sum(1 for i in range(1000) if ad_site.hits[f"/ad/{i}"] > 1)
    assert sum(1 for v in versions.values() if v > 1) <= refetched
    assert max(versions.values()) <= 2


def _crawl_once(tmp_path: Path, sources: Path, env: dict[str, str], tag: str, n_workers: int = 3) -> list[dict]:
    """Queue a run, let ``n_workers`` workers finish it; their summaries."""
    queued = _cli(["crawl", "gen", "--sources", str(sources), "--distributed"], env)
    assert queued.returncode == 0, queued.stderr
    workers = [_worker(sources, env, tmp_path / f"{tag}{i}.log") for i in range(n_workers)]
    _wait(workers, 240)
    logs = [(tmp_path / f"{tag}{i}.log").read_text() for i in range(n_workers)]
    assert [w.returncode for w in workers] == [0] * n_workers, [log[-3000:] for log in logs]
    return [json.loads(log[log.index("[\n  {"):])[0] for log in logs]


def test_distributed_site_concurrency_holds_for_the_cluster(tmp_path, engine, engine_url, redis_url):
    from tests.fixtures.adsite import AdSite

    with AdSite(120, latency=0.05) as site:  # slow pages keep requests in flight long enough to overlap
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(site, concurrency=2), encoding="utf-8")
        env = _env(tmp_path, engine, redis_url, ANZUELO_ENGINE_URL=engine_url)
        summaries = _crawl_once(tmp_path, sources, env, "p")
        # each worker alone may send 2 at once (its Scrapy slot): 6 for three without the shared semaphore
        assert site.max_in_flight == 2, f"{site.max_in_flight} requests in flight at the site (limit 2)"
        assert len(_indexed(engine)) == 120
        assert max(n for path, n in site.hits.items() if path != "/robots.txt") == 1
        assert all(s["pages"] > 0 for s in summaries), "every worker took a share"


def test_distributed_second_run_finds_unchanged_and_gone_ads(tmp_path, engine, engine_url, redis_url):
    from tests.fixtures.adsite import AdSite

    with AdSite(200) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(site, concurrency=8), encoding="utf-8")
        env = _env(tmp_path, engine, redis_url, ANZUELO_ENGINE_URL=engine_url)
        first = _crawl_once(tmp_path, sources, env, "a")
        assert sum(s["new"] for s in first) == 200
        site.n_ads = 180  # twenty ads taken down before the next run
        second = _crawl_once(tmp_path, sources, env, "b")
    assert sum(s["unchanged"] for s in second) == 180  # a new run: dupefilter and page memory start over
    assert sum(s["new"] + s["changed"] for s in second) == 0
    engine.refresh()
    found = engine.search_ads({"size": 300, "_source": ["canonical_url", "status"], "query": {"match_all": {}}})
    status = {h["_source"]["canonical_url"]: h["_source"]["status"] for h in found["hits"]["hits"]}
    assert sorted(u for u, s in status.items() if s == "gone") == sorted(site.ad_url(i) for i in range(180, 200))


def test_distributed_workers_on_a_three_node_cluster_lose_nothing_when_a_worker_and_a_node_die(
        tmp_path, redis_url, ad_site, local_cluster):
    from index import Index

    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(ad_site, concurrency=8), encoding="utf-8")
    env = _env(tmp_path, SimpleNamespace(prefix="tc"), redis_url,
               ANZUELO_ENGINE_URL=local_cluster.url, ANZUELO_FRONTIER_LEASE="3")
    assert _cli(["crawl", "gen", "--sources", str(sources), "--distributed"], env).returncode == 0
    workers = [_worker(sources, env, tmp_path / f"c{i}.log") for i in range(3)]
    deadline = time.monotonic() + 180
    while sum(ad_site.hits[f"/ad/{i}"] for i in range(1000)) < 300:
        assert time.monotonic() < deadline, "the workers fetched fewer than 300 ads in 180 s"
        time.sleep(0.1)
    workers[0].send_signal(signal.SIGKILL)
    os.kill(local_cluster.nodes[0].running_pid(), signal.SIGKILL)  # the node every client asks first
    _wait(workers[1:], 300)
    assert [w.returncode for w in workers[1:]] == [0, 0], [(tmp_path / f"c{i}.log").read_text()[-3000:] for i in (1, 2)]
    idx = Index.connect(",".join(local_cluster.urls[1:]), prefix="tc")
    versions = _indexed(idx)
    idx.close()
    assert set(versions) == {ad_site.ad_url(i) for i in range(1000)}, f"{1000 - len(versions)} ads lost"
    # re-sent only what died unacked with the worker, or a bulk the dead node took but never answered
    assert max(versions.values()) <= 2
