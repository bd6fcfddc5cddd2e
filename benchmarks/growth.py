"""End to end and growth: ads per minute from crawl to searchable, time per stage, peak memory.

    .venv/bin/python benchmarks/growth.py [--sizes 1000,10000,100000] [--engine-url URL]
        [--model DIR] [--encoder-ms MS]
        [--plot benchmarks/results/growth.png] [--out benchmarks/results/growth.json]

For each size N it generates a job board of N ads (JSON-LD JobPosting pages,
50 per listing page; each text a new mix of sentences from ``data/labelled``
with its own numbers, so no two ads share a text and no cache can hide the
scoring cost), serves it on loopback, and runs the real ``anzuelo crawl``
(score + index into a real OpenSearch node) with **politeness off**
(no delay, AutoThrottle off, 16 requests at once: a benchmark of
anzuelo, not of a site's patience). While it runs, it samples once a second
the resident memory of the crawl process tree (not the engine's JVM, shown
apart), and twice a second how many ads the engine can already find, without
forcing a refresh (``benchmarks/growth_delay.py``): the "searchable" curve,
and for every ad the delay from its ``scored_at`` to its first searchable
moment (p50/p95/max printed under the table). Stage times come from the
crawl's own stats: fetch+extract is the crawl time minus scoring and indexing time.

A cheap run for the searchable delay: ``--model nlp/models/rules --encoder-ms 50``
scores with the rules-only model plus 50 ms of sleep per ad in the scoring
thread (``benchmarks/growth_scorer.py``): the default model's pace (about 19
ads/s), so the same scoring backlog builds up, without its CPU. Its ads/min
and RSS are not the default model's; its delays are the pipelines'.

Prints one table (ads, wall, ads/min to searchable, crawl/score/index seconds,
peak RSS, RSS at 25/50/75/100% of the crawl: flat or not) and draws the
memory and searchable curves per size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.growth_delay import SearchableTracker  # noqa: E402
from benchmarks.growth_scorer import ENV as ENCODER_ENV  # noqa: E402
from benchmarks.growth_site import build_site  # noqa: E402
from benchmarks.search_latency import engine_url  # noqa: E402


def tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MiB (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def crawl_env(home: Path, url: str, prefix: str) -> dict[str, str]:
    """Environment of the benchmark crawl: its own home and index, politeness off."""
    return {**os.environ, "ANZUELO_HOME": str(home), "ANZUELO_ENGINE_URL": url, "ANZUELO_INDEX_PREFIX": prefix,
            "ANZUELO_CRAWL_DOWNLOAD_DELAY": "0", "ANZUELO_CRAWL_AUTOTHROTTLE_ENABLED": "false",
            "ANZUELO_CRAWL_CONCURRENT_PER_DOMAIN": "16", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def run_size(n: int, url: str, work: Path, seed: int, model: str | None = None,
             encoder_ms: float = 0.0) -> dict:
    """Build, serve and crawl a board of ``n`` ads; the figures and curves of that run."""
    from demo.server import SiteServer

    t_build = time.monotonic()
    start_path = build_site(work / f"site{n}", n, random.Random(seed))
    build_s = time.monotonic() - t_build
    prefix = f"growth{n}-{int(time.time())}"
    alias = f"{prefix}-ads"
    server = SiteServer(work / f"site{n}")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        # the launcher is plain `anzuelo` unless GROWTH_ENCODER_MS is set (benchmarks/growth_scorer.py)
        cmd = [sys.executable, "-m", "benchmarks.growth_scorer", "crawl", "--url", server.base_url + start_path,
               "--source", f"growth{n}", "--allow-private", "--scope", "host", "--json",
               *(["--model", model] if model else [])]
        env = crawl_env(work / f"home{n}", url, prefix)
        if encoder_ms:
            env[ENCODER_ENV] = str(encoder_ms)
        samples: list[tuple[float, float, int]] = []
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        out: list[str] = []
        reader = threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)
        reader.start()
        with httpx.Client(base_url=url, timeout=10) as client:
            tracker = SearchableTracker(client, alias)
            tick = 0
            while proc.poll() is None:
                found_now = tracker.poll()
                if tick % 2 == 0:  # memory once a second, searchable twice
                    samples.append((time.monotonic() - t0, tree_rss_mib(proc.pid), found_now))
                tick += 1
                time.sleep(0.5)
            crawl_s, crawl_end = time.monotonic() - t0, time.time()
            while _count(client, alias) < n and time.monotonic() - t0 < crawl_s + 60:
                time.sleep(0.5)  # the last bulk may still be refreshing
            searchable_s = time.monotonic() - t0
            found = _count(client, alias)
            tracker.poll()  # the ads of the last bulk (refreshed by _count)
            delay = tracker.summary(crawl_end)
        reader.join(timeout=30)
    finally:
        server.shutdown()
        server.server_close()
    summary = _summary("".join(out))
    score_s = float(summary.get("score_seconds") or 0.0)
    index_s = float(summary.get("index_seconds") or 0.0)
    rss = [s[1] for s in samples] or [0.0]
    quart = [rss[min(len(rss) - 1, int(q * (len(rss) - 1)))] for q in (0.25, 0.5, 0.75, 1.0)]
    return {"ads": n, "found": found, "build_s": build_s, "crawl_s": crawl_s, "searchable_s": searchable_s,
            "ads_per_min": 60 * found / searchable_s, "score_s": score_s, "index_s": index_s,
            "fetch_extract_s": max(crawl_s - score_s - index_s, 0.0), "peak_rss_mib": max(rss),
            "rss_quartiles_mib": quart, "rc": proc.returncode, "delay": delay, "model": model or "default",
            "encoder_ms": encoder_ms, "samples": samples}


def _count(client: httpx.Client, alias: str) -> int:
    try:
        client.post(f"/{alias}/_refresh")
        r = client.get(f"/{alias}/_count")
        return int(r.json().get("count", 0)) if r.status_code == 200 else 0
    except (httpx.HTTPError, ValueError):
        return 0


def _summary(text: str) -> dict:
    """The crawl's ``--json`` summary (a list with one summary per source: ours is the only one)."""
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return (data[-1] if data else {}) if isinstance(data, list) else data


def table(rows: list[dict]) -> str:
    head = ("| ads | found | crawl to searchable | ads/min | fetch+extract s | score s | index s | peak RSS MiB "
            "| RSS at 25/50/75/100% MiB |\n|---|---|---|---|---|---|---|---|---|")
    body = [f"| {r['ads']:,} | {r['found']:,} | {r['searchable_s']:.0f} s | {r['ads_per_min']:,.0f} | "
            f"{r['fetch_extract_s']:.0f} | {r['score_s']:.0f} | {r['index_s']:.0f} | {r['peak_rss_mib']:.0f} | "
            + " / ".join(f"{q:.0f}" for q in r["rss_quartiles_mib"]) + " |" for r in rows]
    return "\n".join([head, *body])


def delay_line(r: dict) -> str:
    """One line: how long the ads of a run waited between scoring and searchable."""
    d = r["delay"]
    return (f"{r['ads']:,} ads: scored -> searchable p50 {d['p50_s']:.1f} s, p95 {d['p95_s']:.1f} s, "
            f"max {d['max_s']:.1f} s over {d['ads']:,} ads (polled every 0.5 s, no forced refresh); "
            f"{d['searchable_before_end']:,} searchable before the crawl ended")


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    for r in rows:
        t = [s[0] for s in r["samples"]]
        a.plot(t, [s[1] for s in r["samples"]], label=f"{r['ads']:,} ads")
        b.plot(t, [s[2] for s in r["samples"]], label=f"{r['ads']:,} ads")
    a.set(title="crawl process tree RSS", xlabel="seconds", ylabel="MiB")
    a.axhline(2560, ls="--", c="grey", lw=1)
    b.set(title="ads searchable in the engine", xlabel="seconds", ylabel="ads")
    for ax in (a, b):
        ax.legend()
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated board sizes [1000,10000,100000]")
    ap.add_argument("--engine-url", default=None, help="an existing node [default: start and stop a local one]")
    ap.add_argument("--plot", type=Path, default=ROOT / "benchmarks" / "results" / "growth.png")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "growth.json")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--model", default=None, help="model folder for the crawl [default: the shipped default model]")
    ap.add_argument("--encoder-ms", type=float, default=0.0,
                    help="emulate the encoders: MS of sleep per ad in the scoring thread (benchmarks/growth_scorer.py)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    with engine_url(args.engine_url) as url, tempfile.TemporaryDirectory(prefix="anzuelo-growth-") as tmp:
        for n in sizes:
            print(f"{n:,} ads: building, serving, crawling (politeness off) ...", flush=True)
            rows.append(run_size(n, url, Path(tmp), args.seed, args.model, args.encoder_ms))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
    print("\n" + table(rows))
    for r in rows:
        print(delay_line(r))
    if args.model or args.encoder_ms:
        print(f"model {args.model or 'default'}" + (f", encoders emulated: {args.encoder_ms:g} ms/ad of sleep"
                                                    if args.encoder_ms else ""))
    print("politeness off (no delay, 16 requests at once); RSS is the crawl process tree, the engine apart")
    plot(rows, args.plot)
    args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"plot: {args.plot}; figures: {args.out}")
    return 0 if all(r["found"] == r["ads"] and r["rc"] in (0, 4) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
