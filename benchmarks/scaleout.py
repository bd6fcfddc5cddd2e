"""Scale-out: pages/s of 1, 2 and 3 ``anzuelo worker`` processes on a latency-bound local site.

Starts a redis-server (Debian's) and an OpenSearch node on free ports, serves ``--sites``
generated job boards on 127.0.0.2, 127.0.0.3, ... (each host its own site, each page
answered after ``--latency`` seconds, as a distant server would), with generous per-site
limits (concurrency 8, no delay). Each worker is held to ``--per-worker`` requests in flight
per source (Scrapy's CONCURRENT_REQUESTS), so one worker is bound by latency, not by the
sites' limits or the CPU: more workers should mean proportionally more pages per second
until the sites' limits (sites x 8) or the machine's cores are reached.

For each worker count: a fresh Redis database and index prefix, ``crawl SOURCE
--distributed`` for every site, then N workers until the frontier is empty; pages/s is
pages fetched over the time from the run request to the last worker's exit (worker start
and the 2 s idle exit included, the same for every N). Scoring is off (it would measure the
model on a shared 2-core machine); indexing into the real node is on.

    .venv/bin/python benchmarks/scaleout.py [--ads 600] [--sites 2] [--latency 0.1] [--per-worker 2] [--record]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def worker_main(sources: str, per_worker: int) -> None:
    """``--worker``: one worker on every source, each crawler held to ``per_worker`` in flight."""
    from anzuelo.cli.crawl import crawl_options
    from crawler.distributed.worker import run_workers
    from crawler.jobs import jobs_from_sources

    jobs = jobs_from_sources(Path(sources))
    for job in jobs:
        job.settings.update({"CONCURRENT_REQUESTS": per_worker, "ANZUELO_FRONTIER_IDLE_EXIT": 2.0})
    opts = crawl_options(None, False, True, None, True, False)
    opts.progress = False
    summaries = run_workers(jobs, opts, os.environ["ANZUELO_FRONTIER_URL"])
    print(json.dumps([s.to_dict() for s in summaries]))


def one_config(n: int, sources: Path, env: dict[str, str], tmp: Path, per_worker: int) -> dict:
    """Request a run of every source, run ``n`` workers to the end; pages, seconds, pages/s."""
    names = re.findall(r"^\[sources\.([\w-]+)\]", sources.read_text(), re.M)
    t0 = time.perf_counter()
    for name in names:
        subprocess.run([sys.executable, "-m", "anzuelo", "crawl", name, "--sources", str(sources), "--distributed"],
                       cwd=ROOT, env=env, check=True, capture_output=True)
    procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(sources), "--per-worker", str(per_worker)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=open(tmp / f"w{n}-{i}.log", "w"))
             for i in range(n)]
    outs = [p.communicate(timeout=900)[0] for p in procs]
    seconds = time.perf_counter() - t0
    summaries = [s for out in outs for s in json.loads(out.decode().strip().splitlines()[-1])]
    pages = sum(s["pages"] for s in summaries)
    indexed = sum(s["indexed"] for s in summaries)
    return {"workers": n, "pages": pages, "indexed": indexed, "seconds": round(seconds, 1), "pps": pages / seconds}


def record(text: str) -> None:
    """Replace (or add) this benchmark's section of BENCHMARKS.md."""
    from benchmarks.registry import record_section

    record_section("Scale-out (benchmarks/scaleout.py)", text)


def main() -> None:
    parser = argparse.ArgumentParser(description="Pages/s of 1, 2 and 3 workers on a latency-bound local site.")
    parser.add_argument("--ads", type=int, default=600, help="ads per site")
    parser.add_argument("--sites", type=int, default=2, help="sites, one loopback host each")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the server waits before each page")
    parser.add_argument("--per-worker", type=int, default=2, help="requests in flight per worker and source")
    parser.add_argument("--workers", default="1,2,3", help="worker counts to measure")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker, args.per_worker)
        return

    from anzuelo import settings
    from anzuelo.engine import LocalEngine
    from anzuelo.engine.net import free_port
    from tests.fixtures.adsite import AdSite, sources_toml
    from tests.fixtures.redis import start_redis

    with tempfile.TemporaryDirectory(prefix="anzuelo-scaleout-") as tmpdir, ExitStack() as stack:
        tmp = Path(tmpdir)
        redis = start_redis(tmp / "redis")
        stack.callback(redis.process.terminate)
        node = LocalEngine(home=settings.home(), port=free_port(), data_dir=tmp / "os" / "data", run_dir=tmp / "os" / "run",
                           heap=str(settings.get("ENGINE_HEAP")), cluster_name="anzuelo-scaleout")
        node.start()
        stack.callback(node.stop)
        sites = [stack.enter_context(AdSite(args.ads, args.latency, host=f"127.0.0.{i + 2}")) for i in range(args.sites)]
        sources = tmp / "sources.toml"
        sources.write_text("\n".join(sources_toml(s, name=f"site{i}", concurrency=8) for i, s in enumerate(sites)))
        rows = []
        for db, n in enumerate(int(x) for x in args.workers.split(",")):
            env = {k: v for k, v in os.environ.items() if not k.startswith("ANZUELO_")}
            env.update({"ANZUELO_HOME": str(tmp / f"home{n}"), "ANZUELO_ENGINE_URL": node.url,
                        "ANZUELO_INDEX_PREFIX": f"scale{n}", "ANZUELO_FRONTIER_URL": redis.url(db + 1),
                        "ANZUELO_CRAWL_EVIDENCE_ENABLED": "false", "ANZUELO_FRONTIER_POLL_INTERVAL": "0.2",
                        "ANZUELO_INDEX_FLUSH_WAIT": "0.5", "HF_HUB_OFFLINE": "1"})
            rows.append(one_config(n, sources, env, tmp, args.per_worker))
            print(f"{n} worker(s): {rows[-1]['pages']} pages in {rows[-1]['seconds']} s = {rows[-1]['pps']:.1f} pages/s "
                  f"(indexed {rows[-1]['indexed']})", flush=True)
    base = rows[0]["pps"]
    table = ["| workers | pages | indexed | seconds | pages/s | speed-up |", "|---:|---:|---:|---:|---:|---:|"]
    table += [f"| {r['workers']} | {r['pages']} | {r['indexed']} | {r['seconds']} | {r['pps']:.1f} | {r['pps'] / base:.2f}x |"
              for r in rows]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    text = (f"{args.sites} sites x {args.ads} ads on loopback hosts, {args.latency * 1000:.0f} ms per page, per-site limit 8, "
            f"{args.per_worker} requests in flight per worker and site, scoring off, indexing into a local node; "
            f"{platform.machine()}, {os.cpu_count()} cores, load {load:.1f} at the end.\n"
            f"`.venv/bin/python benchmarks/scaleout.py --ads {args.ads} --sites {args.sites} --latency {args.latency} "
            f"--per-worker {args.per_worker}`\n\n" + "\n".join(table))
    print(text)
    if args.record:
        record(text)


if __name__ == "__main__":
    main()
