"""Batcher with a WorkerPool: batches run in the stage's own threads, even while the reactor's pool is full.

Each case runs a small script under a real Twisted reactor in a subprocess (a
reactor cannot restart inside pytest) and reads back one JSON line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The reactor's shared pool is filled with jobs blocked until the batch is done; a partial batch
#: is flushed by the Batcher's timer. Before stage pools, the batch queued behind the blocked jobs.
SCRIPT = r"""
import json, threading
from twisted.internet import reactor
from twisted.internet.threads import deferToThread
from crawler.pipelines.batching import Batcher, WorkerPool

pool = WorkerPool("anzuelo-test", 1)
release = threading.Event()
seen = {}

def work(objs):
    seen["thread"] = threading.current_thread().name
    release.set()  # the blocked reactor-pool jobs may finish now
    return [o * 2 for o in objs]

def blocked():
    return release.wait(20)

def report(results):
    pool.stop()
    seen.update(results=results, threads=sorted(t.name for t in threading.enumerate() if "anzuelo-test" in t.name),
                triggers=sum(getattr(c, "__self__", None) is pool for c, *_ in reactor._eventTriggers["shutdown"].during))

def go():
    jobs = [deferToThread(blocked) for _ in range(12)]  # more than the pool's 10 threads
    batcher = Batcher(work, size=100, max_wait=0.05, pool=pool)
    waiters = [batcher.add(i) for i in range(3)]
    from twisted.internet.defer import gatherResults
    gatherResults(waiters).addCallback(report).addBoth(lambda _: gatherResults(jobs)) \
        .addCallback(lambda done: seen.update(unblocked=all(done))).addBoth(lambda _: reactor.stop())

reactor.callWhenRunning(go)
reactor.run()
print("RESULT " + json.dumps(seen))
"""


def test_pipeline_batching_stage_pool_is_not_behind_the_reactor_pool():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    assert proc.returncode == 0 and lines, proc.stderr[-3000:]
    seen = json.loads(lines[-1][7:])
    assert seen["results"] == [0, 2, 4]
    assert seen["thread"].startswith("PoolThread-anzuelo-test")  # its own thread, not the reactor's pool
    # the blocked jobs were released by the batch: it ran while every reactor-pool thread was taken
    assert seen["unblocked"] is True
    assert seen["threads"] == [] and seen["triggers"] == 0  # stopped: no thread, no shutdown trigger left
