"""Growing one index through several sizes and measuring workbench search at each (``search_latency --sizes``).

Per size: index the ads still missing (chunks of distinct ads sent by a few
threads at once, so no two bulk requests touch the same document), refresh,
read the index's size on disk (``_cat/indices`` store.size), then serve the
workbench and run the same search mix. A sampler polls the node's JVM stats
every second, so the report says how much heap indexing and searching used and
how much time went to garbage collection: the figures to size ``--heap`` from.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timezone
from itertools import islice
from typing import Any

from benchmarks.search_growth_report import print_row, print_report, write  # noqa: F401 - the runner's API
from benchmarks.search_latency import QUERIES, measure, pct, serve, synthetic_ads
from index import BulkResult, Index
from workbench.backend import Backend

MB = 2**20


def parse_sizes(text: str) -> list[int]:
    """``"100000,1000000"`` -> [100000, 1000000]: positive and increasing (the index only grows)."""
    try:
        sizes = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ValueError(f"--sizes {text!r}: give whole numbers separated by commas, e.g. 100000,1000000") from None
    if not sizes or sizes[0] < 1 or any(b <= a for a, b in zip(sizes, sizes[1:])):
        raise ValueError(f"--sizes {text!r}: give increasing positive sizes, e.g. 100000,1000000")
    return sizes


class HeapSampler:
    """Polls ``_nodes/stats/jvm`` once a second; ``phase()`` gives heap and GC figures since the last call."""

    def __init__(self, idx: Index, every: float = 1.0) -> None:
        self.idx, self.every, self.samples = idx, every, []
        self._stop = threading.Event()
        self._last = self._read()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _read(self) -> dict[str, float]:
        nodes = self.idx.engine.request("GET", "/_nodes/stats/jvm")["nodes"].values()
        gcs = [c for n in nodes for c in n["jvm"]["gc"]["collectors"].values()]
        return {"used": sum(n["jvm"]["mem"]["heap_used_in_bytes"] for n in nodes),
                "max": sum(n["jvm"]["mem"]["heap_max_in_bytes"] for n in nodes),
                "gc_count": sum(c["collection_count"] for c in gcs),
                "gc_ms": sum(c["collection_time_in_millis"] for c in gcs),
                "old_count": sum(n["jvm"]["gc"]["collectors"].get("old", {}).get("collection_count", 0) for n in nodes)}

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.samples.append(self._read()["used"])
            except Exception:  # noqa: BLE001 - a busy node missing one poll is not a failure
                pass

    def phase(self) -> dict[str, float]:
        """Peak and lowest heap used since the last call, heap max, GCs and GC time in between."""
        now = self._read()
        samples, self.samples = [*self.samples, now["used"]], []
        out = {"heap_peak_mb": max(samples) / MB, "heap_low_mb": min(samples) / MB, "heap_max_mb": now["max"] / MB,
               "gcs": now["gc_count"] - self._last["gc_count"], "old_gcs": now["old_count"] - self._last["old_count"],
               "gc_s": (now["gc_ms"] - self._last["gc_ms"]) / 1000}
        self._last = now
        return out

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _chunks(items: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def grow(idx: Index, ads: Iterator[dict], count: int, workers: int, chunk: int) -> BulkResult:
    """Index the next ``count`` of ``ads`` with ``workers`` chunks in flight, with a progress bar."""
    from tqdm import tqdm

    total, pending = BulkResult(), set()

    def collect(done: Iterable[Future]) -> None:
        for f in done:
            res = f.result()  # a chunk that raised (engine gone) stops the run here
            total.add(res)
            total.errors[:] = total.errors[:20]  # counts are what we report; keep memory flat
            bar.update(res.indexed + res.failed)
            bar.set_postfix(failed=total.failed, retried=total.retried, refresh=False)

    pool = ThreadPoolExecutor(workers, thread_name_prefix="bench-bulk")
    try:
        with tqdm(total=count, unit="ad", unit_scale=True, desc="indexing", mininterval=2, file=sys.stderr) as bar:
            for part in _chunks(islice(ads, count), chunk):
                if len(pending) >= 2 * workers:  # bounded: generated ads wait in memory for 2 chunks a worker
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
                pending.add(pool.submit(idx.bulk_upsert, part))
            collect(wait(pending).done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # Ctrl-C: drop queued chunks, let the sent ones finish
    return total


def index_stats(idx: Index) -> dict[str, Any]:
    """Docs, store size (primaries and total) and segment count of the concrete ads index."""
    name = idx.ads_index_name()
    row = idx.engine.request("GET", f"/_cat/indices/{name}", params={"format": "json", "bytes": "b"})[0]
    segs = idx.engine.request("GET", f"/{name}/_stats/segments")["_all"]["primaries"]["segments"]["count"]
    return {"docs": int(row["docs.count"]), "store_mb": int(row["store.size"]) / MB,
            "pri_store_mb": int(row["pri.store.size"]) / MB, "segments": int(segs)}


def _stats(m: dict[str, list[float]]) -> dict[str, float]:
    api50, api95, t50, t95 = (pct(m[k], p) for k in ("api_ms", "took_ms") for p in (50, 95))
    return {"api_p50_ms": api50, "api_p95_ms": api95, "took_p50_ms": t50, "took_p95_ms": t95,
            "ratio_p50": api50 / max(t50, 0.1), "ratio_p95": api95 / max(t95, 0.1),
            "hits_mean": statistics.mean(m["hits"]), "per_query": _per_query(m)}


def _per_query(m: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """p50/p95 of each query of the mix: which searches the engine's time goes to as the index grows."""
    out = {}
    for i, q in enumerate(QUERIES):
        api, took = m["api_ms"][i::len(QUERIES)], m["took_ms"][i::len(QUERIES)]
        if api:
            out[q] = {"api_p50_ms": pct(api, 50), "api_p95_ms": pct(api, 95), "took_p50_ms": pct(took, 50),
                      "took_p95_ms": pct(took, 95), "hits": m["hits"][i]}
    return out


def run(url: str, sizes: list[int], args: argparse.Namespace) -> dict[str, Any]:
    """Grow the index through ``sizes``, measuring at each; drops the indices unless ``--keep``."""
    prefix = args.prefix or f"bench{os.urandom(3).hex()}"
    print(f"index prefix {prefix}{' (kept)' if args.keep else ''}; sizes {', '.join(f'{s:,}' for s in sizes)}")
    idx = Index.connect(url, prefix=prefix, timeout=120)
    rows: list[dict[str, Any]] = []
    sampler = None
    try:
        idx.ensure_ads_index()
        have = idx.count()
        ads = islice(synthetic_ads(sizes[-1]), have, None)  # one generator: a size holds the same ads either way
        sampler = HeapSampler(idx)
        for size in sizes:
            row: dict[str, Any] = {"size": size, "load_before": os.getloadavg()[0]}
            t0 = time.perf_counter()
            res = grow(idx, ads, max(0, size - have), args.workers, args.chunk) if size > have else BulkResult()
            idx.refresh()
            row["index_s"], row["indexed"], row["failed"] = time.perf_counter() - t0, res.indexed, res.failed
            have = max(have, size)
            row["index_heap"] = sampler.phase()
            row.update(index_stats(idx))
            print(f"{size:,}: indexed {res.indexed:,} ads in {row['index_s']:.1f}s (failed {res.failed}), "
                  f"{row['docs']:,} in the index, {row['pri_store_mb']:.0f} MB on disk, {row['segments']} segments")
            with serve(Backend(idx)) as base:
                m = measure(base, args.requests)
            row.update(_stats(m), search_heap=sampler.phase(), load_after=os.getloadavg()[0])
            rows.append(row)
            print_row(row, args.requests)
    finally:
        if sampler:
            sampler.stop()
        if not args.keep:
            idx.drop_all()
        idx.close()
    return {"date": f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC", "command": shlex.join(sys.argv),
            "heap": rows[0]["index_heap"]["heap_max_mb"] if rows else None, "requests": args.requests,
            "queries": QUERIES, "workers": args.workers, "cores": os.cpu_count(), "rows": rows}
