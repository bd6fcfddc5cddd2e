"""Running crawls from Python: settings per source, a resumable job folder, a summary.

``run_crawls(jobs, options)`` runs one or more crawls in this process with a
``CrawlerProcess`` (call it once per process: the Twisted reactor cannot be
restarted; the scheduler therefore runs ``anzuelo crawl SOURCE`` subprocesses).

Each source has a job folder ``<state>/jobs/<source>`` used as Scrapy
``JOBDIR``: a crawl stopped with SIGTERM/SIGINT (finish_reason ``shutdown``)
keeps its request queue and seen-request fingerprints there, and the next run
of that source resumes without refetching what it had. Any other ending
(finished, page limit) clears the folder so the next crawl starts afresh. The
run's start time is kept in the folder too, so that "gone" marking after a
resumed crawl counts ads seen by its first attempt.
"""

from __future__ import annotations

import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from anzuelo import settings as defaults
from crawler.jobdir import begin_job, end_job, job_dir, lock_source
from crawler.pipelines.common import now_iso

__all__ = ["CrawlJob", "CrawlOptions", "CrawlSummary", "begin_job", "end_job", "job_dir", "jobs_from_sources",
           "lock_source", "run_crawls", "source_job"]

@dataclass
class CrawlJob:
    """One crawl: a source name, its spider and the spider's arguments."""

    source: str
    spider: str
    spider_args: dict[str, Any] = field(default_factory=dict)
    allow_private: bool = False
    max_pages: int = 0
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class CrawlOptions:
    """What every crawl of one command shares."""

    state_dir: Path
    engine_url: str = defaults.ENGINE_URL
    index_prefix: str = defaults.INDEX_PREFIX
    index: bool = True
    score: bool = True
    model_dir: str | None = None
    output: Path | None = None
    progress: bool = True
    log_level: str = "WARNING"
    progress_interval: float = defaults.CRAWL_PROGRESS_INTERVAL


@dataclass
class CrawlSummary:
    """What one crawl did (the ``crawl-runs`` document and the printed summary)."""

    run_id: str
    source: str
    spider: str
    started: str
    ended: str = ""
    duration_s: float = 0.0
    finish_reason: str = ""
    resumed: bool = False
    pages: int = 0
    ads_found: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    gone: int = 0
    scored: int = 0
    indexed: int = 0
    failed: int = 0
    errors: int = 0
    dropped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def crawl_settings(job: CrawlJob, options: CrawlOptions, run_started: str) -> dict[str, Any]:
    """Scrapy settings of one crawl, over the project's ``crawler.settings``."""
    folder = job_dir(options.state_dir, job.source)
    extra: dict[str, Any] = {
        "JOBDIR": str(folder),
        "LOG_LEVEL": options.log_level,
        "ANZUELO_SOURCE": job.source,
        "ANZUELO_STATE_DIR": str(options.state_dir),
        "ANZUELO_RUN_STARTED": run_started,
        "ANZUELO_ENGINE_URL": options.engine_url,
        "ANZUELO_INDEX_PREFIX": options.index_prefix,
        "ANZUELO_INDEX_ENABLED": options.index,
        "ANZUELO_SCORE_ENABLED": options.score,
        "ANZUELO_SCORE_MODEL_DIR": options.model_dir,
        "ANZUELO_ALLOW_PRIVATE": job.allow_private,
    }
    if options.output:
        extra["ANZUELO_OUTPUT"] = str(options.output)
    extra.update(job.settings)
    return extra


def summarize(job: CrawlJob, stats: dict[str, Any], started: str, resumed: bool, t0: float) -> CrawlSummary:
    """A CrawlSummary from a finished crawler's stats."""
    dropped = {k.split("/", 1)[1]: int(v) for k, v in stats.items() if k.startswith("drop_item/")}
    new, changed = int(stats.get("anzuelo/ads/new", 0)), int(stats.get("anzuelo/ads/changed", 0))
    unchanged = int(stats.get("anzuelo/ads/unchanged", 0))
    return CrawlSummary(
        run_id=f"{job.source}-{started}",
        source=job.source,
        spider=job.spider,
        started=started,
        ended=now_iso(),
        duration_s=round(time.monotonic() - t0, 1),
        finish_reason=str(stats.get("finish_reason", "")),
        resumed=resumed,
        pages=int(stats.get("response_received_count", 0)),
        ads_found=int(stats.get("item_scraped_count", 0)) + sum(dropped.values()),
        new=new,
        changed=changed,
        unchanged=unchanged,
        gone=int(stats.get("anzuelo/ads/gone", 0)),
        scored=int(stats.get("anzuelo/score/scored", 0)),
        indexed=int(stats.get("anzuelo/index/indexed", 0)),
        failed=int(stats.get("anzuelo/index/failed", 0)) + int(stats.get("anzuelo/score/failed", 0)),
        errors=int(stats.get("log_count/ERROR", 0)),
        dropped=dropped,
    )


def progress_line(job: CrawlJob, stats: dict[str, Any]) -> str:
    """One progress line of a running crawl."""
    return (
        f"[{job.source}] pages {stats.get('response_received_count', 0)}"
        f"  ads {stats.get('item_scraped_count', 0)}"
        f" (new {stats.get('anzuelo/ads/new', 0)}, changed {stats.get('anzuelo/ads/changed', 0)},"
        f" unchanged {stats.get('anzuelo/ads/unchanged', 0)})"
        f"  indexed {stats.get('anzuelo/index/indexed', 0)}"
    )


def run_crawls(jobs: list[CrawlJob], options: CrawlOptions) -> list[CrawlSummary]:
    """Run ``jobs`` at once in this process and return one summary each (blocks)."""
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import task

    from crawler.runs import record_run, start_record

    base = project_settings()
    base.set("LOG_LEVEL", options.log_level, priority="cmdline")  # logging is set up from these
    process = CrawlerProcess(base)
    running: list[tuple[CrawlJob, Any, str, bool, float]] = []
    locks = [lock_source(options.state_dir, job.source) for job in jobs]
    for job in jobs:
        started, resumed = begin_job(job_dir(options.state_dir, job.source))
        crawler = process.create_crawler(_spider_class(job.spider))
        crawler.settings.setdict(crawl_settings(job, options, started), priority="cmdline")
        if options.output and "ITEM_PIPELINES" not in job.settings:
            pipes = dict(crawler.settings.getdict("ITEM_PIPELINES"))
            pipes["crawler.pipelines.output.JsonlOutputPipeline"] = 900
            crawler.settings.set("ITEM_PIPELINES", pipes, priority="cmdline")
        args = dict(job.spider_args)
        if job.max_pages:
            args["max_pages"] = int(job.max_pages)
        process.crawl(crawler, source=job.source, **args)
        running.append((job, crawler, started, resumed, time.monotonic()))
        if options.index:
            start_record(options, job, started, resumed)

    loop = None
    if options.progress:
        def report() -> None:
            for job, crawler, *_ in running:
                if crawler.stats is not None:
                    print(progress_line(job, crawler.stats.get_stats()), file=sys.stderr, flush=True)

        loop = task.LoopingCall(report)
        loop.start(options.progress_interval, now=False)
    process.start(stop_after_crawl=True, install_signal_handlers=True)
    if loop is not None and loop.running:
        loop.stop()

    summaries = []
    for job, crawler, started, resumed, t0 in running:
        summary = summarize(job, crawler.stats.get_stats(), started, resumed, t0)
        end_job(job_dir(options.state_dir, job.source), summary.finish_reason)
        if options.index:
            record_run(options, summary)
        summaries.append(summary)
    for fh in locks:
        fh.close()
    return summaries


def project_settings() -> Any:
    """The Scrapy settings of ``crawler.settings`` (whatever the working folder)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def _spider_class(name: str) -> type:
    """The spider class registered under ``name`` in the project's spider modules."""
    from scrapy.spiderloader import SpiderLoader

    return SpiderLoader.from_settings(project_settings()).load(name)


def jobs_from_sources(path: Path, names: list[str] | None = None, variables: dict[str, str] | None = None,
                      allow_private: bool | None = None) -> list[CrawlJob]:
    """CrawlJobs of the sources named (all when None) in sources file ``path``."""
    from anzuelo.errors import InputError
    from crawler.sources import load_sources

    sources = load_sources(Path(path), variables=variables, enabled_only=not names)
    if isinstance(sources, dict):
        sources = list(sources.values())
    by_name = {s.name: s for s in sources}
    if names:
        missing = [n for n in names if n not in by_name]
        if missing:
            raise InputError(f"no source named {', '.join(missing)} in {path}",
                             f"sources there: {', '.join(sorted(by_name)) or 'none'}")
        sources = [by_name[n] for n in names]
    return [source_job(s, allow_private) for s in sources]


def source_job(source: Any, allow_private: bool | None = None) -> CrawlJob:
    """A CrawlJob from one ``crawler.sources`` entry."""
    args = source.spider_args() if hasattr(source, "spider_args") else dict(getattr(source, "args", {}) or {})
    args.pop("source", None)
    private = getattr(source, "allow_private", False) if allow_private is None else allow_private
    extra = dict(getattr(source, "settings", {}) or {})
    if getattr(source, "delay", None) == 0:
        # An explicit `delay = 0` (own or test sites) also means no AutoThrottle pauses.
        extra["AUTOTHROTTLE_ENABLED"] = False
    return CrawlJob(
        source=source.name,
        spider=source.spider,
        spider_args=args,
        allow_private=bool(private),
        max_pages=int(getattr(source, "max_pages", 0) or 0),
        settings=extra,
    )
