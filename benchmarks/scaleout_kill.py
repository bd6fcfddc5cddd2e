"""Nothing lost at scale: 3 workers crawl a generated N-ad site, one is SIGKILLed midway.

The CI test (``tests/crawler/test_distributed_workers.py``) does this with 1,000 ads; this
script runs the same with ``--ads`` (5,000 by default) and prints, as JSON, the ads in the
index, whether every ad URL is there, how many documents were written once / twice (a
second write is the survivor refreshing ``last_seen`` of an ad the dead worker wrote but
never acked), pages fetched twice, and the seconds from the run request to the last exit.
Starts its own redis-server and OpenSearch node; scoring off, evidence off, lease 3 s.

    .venv/bin/python benchmarks/scaleout_kill.py [--ads 5000] [--kill-at 0.3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", type=int, default=5000, help="ads on the generated site (at most 10,000)")
    parser.add_argument("--kill-at", type=float, default=0.3, help="share of ad pages fetched when a worker is killed")
    args = parser.parse_args()

    from anzuelo import settings
    from anzuelo.engine import LocalEngine
    from anzuelo.engine.net import free_port
    from index import Index
    from tests.fixtures.adsite import AdSite, sources_toml
    from tests.fixtures.redis import start_redis

    n = args.ads
    with tempfile.TemporaryDirectory(prefix="anzuelo-kill-") as tmpdir:
        tmp = Path(tmpdir)
        redis = start_redis(tmp / "redis")
        node = LocalEngine(home=settings.home(), port=free_port(), data_dir=tmp / "os" / "data", run_dir=tmp / "os" / "run",
                           heap=str(settings.get("ENGINE_HEAP")), cluster_name="anzuelo-kill")
        node.start()
        try:
            with AdSite(n) as site:
                sources = tmp / "sources.toml"
                sources.write_text(sources_toml(site, concurrency=8), encoding="utf-8")
                env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
                env.update({"ANZUELO_HOME": str(tmp / "home"), "ANZUELO_ENGINE_URL": node.url, "ANZUELO_INDEX_PREFIX": "kill",
                            "ANZUELO_FRONTIER_URL": redis.url(1), "ANZUELO_CRAWL_EVIDENCE_ENABLED": "false",
                            "ANZUELO_INDEX_FLUSH_WAIT": "0.5", "ANZUELO_FRONTIER_POLL_INTERVAL": "0.2",
                            "ANZUELO_FRONTIER_LEASE": "3", "HF_HUB_OFFLINE": "1"})
                t0 = time.monotonic()
                subprocess.run([sys.executable, "-m", "anzuelo", "crawl", "gen", "--sources", str(sources), "--distributed"],
                               cwd=ROOT, env=env, check=True, capture_output=True)
                workers = [subprocess.Popen([sys.executable, "-m", "anzuelo", "worker", "gen", "--sources", str(sources),
                                             "--idle-exit", "2", "--no-score", "--json"], cwd=ROOT, env=env,
                                            stdout=open(tmp / f"w{i}.log", "w"), stderr=subprocess.STDOUT)
                           for i in range(3)]
                while sum(site.hits[f"/ad/{i}"] for i in range(n)) < args.kill_at * n:
                    time.sleep(0.2)
                workers[0].send_signal(signal.SIGKILL)
                codes = [w.wait() for w in workers[1:]]
                seconds = time.monotonic() - t0
                idx = Index.connect(node.url, prefix="kill")
                idx.refresh()
                hits = idx.search_ads({"size": n, "version": True, "_source": ["canonical_url"]})["hits"]["hits"]
                versions = [int(h["_version"]) for h in hits]
                print(json.dumps({
                    "ads": n, "indexed": idx.count(),
                    "every_ad_there": {h["_source"]["canonical_url"] for h in hits} == {site.ad_url(i) for i in range(n)},
                    "written_once": versions.count(1), "written_twice": versions.count(2), "max_version": max(versions),
                    "pages_fetched_twice": sum(1 for i in range(n) if site.hits[f"/ad/{i}"] > 1),
                    "seconds": round(seconds, 1), "survivor_exit_codes": codes}))
                idx.close()
        finally:
            node.stop()
            redis.process.terminate()


if __name__ == "__main__":
    main()
