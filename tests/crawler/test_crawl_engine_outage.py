"""The engine stops mid-crawl: nothing is lost, nothing is fetched again, every ad is indexed once.

A dedicated OpenSearch node (stopped and started again on the same data
folder, so it cannot be the session's shared node) and private copies of the
demo sites, whose servers count every request. Twice: a crawl loses the engine
half-way, finishes with the rest of its ads in the spool, the node comes back,
and the spool is replayed, once by ``anzuelo spool replay`` and once by the next
crawl (of the other site) before it fetches anything.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from anzuelo import settings
from anzuelo.engine import LocalEngine
from anzuelo.errors import EngineError
from anzuelo.engine.net import free_port
from crawler.scheduler import anzuelo_command
from index import Index, doc_id
from tests.crawler.crawl_helpers import ROOT, anzuelo, crawl_env, sources_file

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PREFIX = "outage"


class Node:
    """A node we may stop and start again on the same port and data folder."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.node: LocalEngine | None = None

    def start(self) -> str:
        self.node = LocalEngine(home=settings.home(), port=self.port, data_dir=self.root / "data",
                                run_dir=self.root / "run", heap=str(settings.get("ENGINE_HEAP")),
                                cluster_name="anzuelo-outage", echo=lambda _: None)
        self.node.start()
        return self.node.url

    def stop(self) -> None:
        if self.node is not None:
            self.node.stop()


@pytest.fixture
def node(tmp_path: Path) -> Iterator[Node]:
    n = Node(tmp_path / "node")
    try:
        n.start()
    except Exception as exc:  # integration tests never skip: fail with the node's log
        pytest.fail(f"the outage test node did not start: {exc}\n{n.node.log_tail() if n.node else ''}", pytrace=False)
    try:
        yield n
    finally:
        n.stop()


def _ad_hits(sites, site: str) -> dict[str, int]:
    """Requests per ad page of ``site`` (robots.txt, listings and sitemaps are read by every crawl)."""
    ads = {e["path"] for e in sites.manifest if e["site"] == site}
    return {p: n for p, n in sites.hits(site).items() if p in ads}


def _count(idx: Index, source: str) -> int:
    try:
        idx.refresh()
        return idx.count({"term": {"source": source}})
    except EngineError:  # the crawl has only just created the index (shards not ready yet)
        return 0


def _crawl_losing_the_engine(source: str, site: str, sources: Path, env: dict, sites, node: Node) -> dict:
    """Run ``anzuelo crawl SOURCE``; stop the node once some ads are indexed; the crawl's summary."""
    # unscored: items reach the index pipeline at once, so the outage falls mid-crawl on a busy machine too
    proc = subprocess.Popen([*anzuelo_command(), "crawl", source, "--sources", str(sources), "--json", "--no-score"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    idx = Index.connect(node.node.url, PREFIX)
    deadline = time.monotonic() + 240
    try:
        while _count(idx, source) < 4:
            assert proc.poll() is None, proc.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "no ad indexed: the crawl did not get going"
            time.sleep(0.3)
    finally:
        idx.close()
    total = sum(1 for e in sites.manifest if e["site"] == site)
    assert len(_ad_hits(sites, site)) < total, "the crawl ended before the engine could be stopped"
    node.stop()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{out}\n{err[-4000:]}"
    return json.loads(out)[0]


def _indexed_once(url: str, sites, site: str, base: str) -> None:
    idx = Index.connect(url, PREFIX)
    try:
        idx.refresh()
        want = {doc_id(base + e["path"]) for e in sites.manifest if e["site"] == site}
        found = idx.mget(want)
        assert sorted(i for i, d in found.items() if d is None) == [], "ads missing after the replay"
        # ids are the canonical URL's hash, so "once" means: no other doc of the source besides these
        assert idx.count({"term": {"source": f"demo-{site}"}}) == len(want)
    finally:
        idx.close()


def test_engine_outage_mid_crawl_spools_and_replays_without_refetching(tmp_path, node, mutable_sites):
    sources = sources_file(tmp_path, mutable_sites.urls, delay=0.3, concurrency=1)
    env = {**crawl_env(tmp_path / "home", node.node.url, PREFIX), "ANZUELO_INDEX_FLUSH_WAIT": "0.5",
           "ANZUELO_INDEX_BULK_SIZE": "4"}
    sites = mutable_sites

    # 1. the job board's crawl loses the engine: the rest of its ads go to the spool
    first = _crawl_losing_the_engine("demo-jobs", "jobs", sources, env, sites, node)
    assert first["finish_reason"] == "finished" and first["failed"] == 0
    assert first["spooled"] > 0 and first["spooled_reasons"] == {"unreachable": first["spooled"]}
    assert first["indexed"] + first["spooled"] == first["new"]
    status = json.loads(anzuelo(["spool", "status", "--json"], env).stdout)
    assert status["records"] == first["spooled"] and status["torn"] == 0
    down = anzuelo(["spool", "replay", "--json"], env)
    assert down.returncode == 3, down.stderr  # still down: exit 3, nothing lost
    assert json.loads(anzuelo(["spool", "status", "--json"], env).stdout)["records"] == first["spooled"]

    # 2. the node is back: `anzuelo spool replay` drains the spool; no ad page is fetched again
    before = _ad_hits(sites, "jobs")
    node.start()
    replayed = anzuelo(["spool", "replay", "--json"], env)
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["replayed"] == first["spooled"]
    _indexed_once(node.node.url, sites, "jobs", sites.urls["jobs"])
    assert _ad_hits(sites, "jobs") == before and set(before.values()) == {1}
    assert json.loads(anzuelo(["spool", "status", "--json"], env).stdout)["records"] == 0

    # 3. the classifieds crawl loses the engine too; the next crawl (of the job board) replays first
    second = _crawl_losing_the_engine("demo-classifieds", "classifieds", sources, env, sites, node)
    assert second["spooled"] > 0 and second["spooled_reasons"] == {"unreachable": second["spooled"]}
    before = _ad_hits(sites, "classifieds")
    node.start()
    third = anzuelo(["crawl", "demo-jobs", "--sources", str(sources), "--json", "--no-score"], env)
    assert third.returncode == 0, third.stderr[-4000:]
    assert f"spool: replayed {second['spooled']} documents" in third.stderr
    _indexed_once(node.node.url, sites, "classifieds", sites.urls["classifieds"])
    assert _ad_hits(sites, "classifieds") == before and set(before.values()) == {1}
    assert json.loads(third.stdout)[0]["new"] == 0  # the job board's ads were all there already


def test_crawl_summary_counts_spooled_docs_by_reason_and_says_they_will_be_replayed():
    from types import SimpleNamespace

    from anzuelo.cli.crawl import summary_lines
    from crawler.summary import summarize

    stats = {"finish_reason": "finished", "anzuelo/index/indexed": 5, "anzuelo/index/spooled": 9,
             "anzuelo/index/spooled/unreachable": 7, "anzuelo/index/spooled/429": 2}
    summary = summarize(SimpleNamespace(source="s", spider="jobposting"), stats, "2026-01-01T00:00:00Z", False, 0.0)
    assert (summary.spooled, summary.spooled_reasons, summary.failed) == (9, {"unreachable": 7, "429": 2}, 0)
    assert "  9 documents spooled, will be replayed (429 2, unreachable 7; `anzuelo spool status`)" in summary_lines(summary)


def test_schedule_tick_replays_the_spool_before_starting_crawls(tmp_path, engine):
    from crawler.scheduler import Scheduled, Scheduler
    from index.replay import replay_index
    from index.spool import Record, Spool

    engine.ensure_ads_index()
    spool = Spool(tmp_path / "spool")
    ids = [doc_id(f"https://ofertas.test/tick/{i}") for i in range(3)]
    spool.append([Record("upsert", engine.ads_alias, i, {"id": i, "title": "Modelos", "source": "tick"}) for i in ids])
    calls: list[str] = []

    def replay() -> None:
        calls.append("replay")
        replay_index(engine, spool)

    def broken() -> None:
        raise EngineError("no search engine answers")

    # a source seen for the first time only records its slot: no crawl starts, the spool is replayed anyway
    sched = Scheduler(tmp_path / "sources.toml", tmp_path / "state", [Scheduled("s", "0 * * * *")],
                      echo=lambda _: None, replay=replay)
    assert sched.tick() == [] and calls == ["replay"]
    engine.refresh()
    assert sorted(engine.mget(ids)) == sorted(ids) and all(engine.mget(ids).values())
    assert not spool.pending()
    # a failing replay (engine down) never stops the scheduler
    assert Scheduler(tmp_path / "sources.toml", tmp_path / "state", [Scheduled("s", "0 * * * *")],
                     echo=lambda _: None, replay=broken).tick() == []
