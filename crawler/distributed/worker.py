"""Workers of the shared frontier (``anzuelo worker``) and run requests (``crawl --distributed``).

``run_workers(jobs, options, frontier_url)`` runs one crawler per source in this process,
each on ``RedisScheduler`` (the source's frontier), with the seen-store on Redis, the
cluster-wide politeness middleware, no start requests of its own and the index-wait
pipeline; everything else is the normal crawl stack (``crawler.jobs.crawl_settings``),
so a worker scores, indexes and keeps evidence as a crawl does. No JOBDIR: the
frontier is the job state. It blocks until SIGTERM/SIGINT (or ``FRONTIER_IDLE_EXIT``).

``request_run(url, source)`` starts a run of ``source``: it clears the run's dupefilter
and marks the run requested; a worker then queues the spider's start requests.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import Any

from crawler.jobs import CrawlJob, CrawlOptions, crawl_settings
from crawler.pipelines.common import now_iso
from crawler.summary import CrawlSummary, summarize

#: What turns a crawl into a worker of the shared frontier (over ``crawl_settings``).
SCHEDULER = "crawler.distributed.scheduler.RedisScheduler"
POLITENESS = ("crawler.distributed.politeness.ClusterPolitenessMiddleware", 900)
NO_START = ("crawler.distributed.scheduler.NoStartMiddleware", 10)
INDEX_WAIT = ("crawler.distributed.indexwait.IndexWaitPipeline", 850)


#: This process's worker id: its leases' and claims' owner (one per process, whatever the sources).
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def worker_settings(job: CrawlJob, options: CrawlOptions, frontier_url: str, base: Any, position: int = 0) -> dict[str, Any]:
    """Scrapy settings of one source's worker crawler (``base``: the project's settings)."""
    extra = crawl_settings(job, options, now_iso(), position)
    extra.pop("JOBDIR", None)
    extra.update({
        "SCHEDULER": SCHEDULER,
        "ANZUELO_FRONTIER_URL": frontier_url,
        "ANZUELO_STATE_URL": frontier_url,
        "ANZUELO_WORKER_ID": WORKER_ID,
    })
    for key, (path, order) in (("DOWNLOADER_MIDDLEWARES", POLITENESS), ("SPIDER_MIDDLEWARES", NO_START),
                               ("ITEM_PIPELINES", INDEX_WAIT)):
        merged = dict(base.getdict(key))
        merged.update(job.settings.get(key, {}))
        merged[path] = order
        extra[key] = merged
    return extra


def run_workers(jobs: list[CrawlJob], options: CrawlOptions, frontier_url: str) -> list[CrawlSummary]:
    """Run a worker crawler for each job in this process until stopped; their summaries."""
    from scrapy.crawler import CrawlerProcess

    from crawler.run import _spider_class, project_settings

    base = project_settings()
    base.set("LOG_LEVEL", options.log_level, priority="cmdline")
    process = CrawlerProcess(base)
    running = []
    for position, job in enumerate(jobs):
        crawler = process.create_crawler(_spider_class(job.spider))
        crawler.settings.setdict(worker_settings(job, options, frontier_url, base, position), priority="cmdline")
        args = dict(job.spider_args)
        if job.max_pages:
            args["max_pages"] = int(job.max_pages)
        process.crawl(crawler, source=job.source, **args)
        running.append((job, crawler, now_iso(), time.monotonic()))
    process.start(stop_after_crawl=True, install_signal_handlers=True)
    return [summarize(job, crawler.stats.get_stats(), started, False, t0) for job, crawler, started, t0 in running]


def request_run(frontier_url: str, source: str, prefix: str = "anzuelo") -> dict[str, Any]:
    """Ask the workers for a run of ``source``: {source, run, created, queued, leased}."""
    from crawler.distributed.frontier import Frontier

    frontier = Frontier.from_url(frontier_url, source, prefix)
    try:
        created, run_id = frontier.start_run(uuid.uuid4().hex[:12], now_iso())
        return {"source": source, "run": run_id, "created": created, **frontier.sizes()}
    finally:
        frontier.client.close()
