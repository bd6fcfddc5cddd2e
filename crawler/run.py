"""Running crawls from Python: one ``CrawlerProcess``, a resumable job folder per source, a summary.

``run_crawls(jobs, options)`` runs one or more crawls in this process with a
``CrawlerProcess`` (call it once per process: the Twisted reactor cannot be
restarted; the scheduler therefore runs ``python -m anzuelo crawl SOURCE``
subprocesses).

Each source has a job folder ``<state>/jobs/<source>`` used as Scrapy
``JOBDIR``: a crawl stopped with SIGTERM/SIGINT (finish_reason ``shutdown``)
keeps its request queue and seen-request fingerprints there, and the next run
of that source resumes without refetching what it had. Any other ending
(finished, page limit) clears the folder so the next crawl starts afresh. The
run's start time is kept in the folder too, so that "gone" marking after a
resumed crawl counts ads seen by its first attempt.

Jobs and options live in ``crawler.jobs``, summaries in ``crawler.summary``,
the live progress display in ``crawler.progress``; their names are re-exported
here for callers of the run layer.
"""

from __future__ import annotations

import time
from typing import Any

from crawler.jobdir import begin_job, end_job, job_dir, lock_source
from crawler.jobs import CrawlJob, CrawlOptions, crawl_settings, jobs_from_sources, source_job
from crawler.summary import CrawlSummary, progress_line, summarize

__all__ = ["CrawlJob", "CrawlOptions", "CrawlSummary", "begin_job", "crawl_settings", "end_job", "job_dir",
           "jobs_from_sources", "lock_source", "progress_line", "project_settings", "run_crawls", "source_job",
           "summarize"]


def run_crawls(jobs: list[CrawlJob], options: CrawlOptions) -> list[CrawlSummary]:
    """Run ``jobs`` at once in this process and return one summary each (blocks)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.runs import record_run, start_record

    base = project_settings()
    base.set("LOG_LEVEL", options.log_level, priority="cmdline")  # logging is set up from these
    process = CrawlerProcess(base)
    running: list[tuple[CrawlJob, Any, str, bool, float]] = []
    locks = [lock_source(options.state_dir, job.source) for job in jobs]
    for position, job in enumerate(jobs):
        started, resumed = begin_job(job_dir(options.state_dir, job.source))
        crawler = process.create_crawler(_spider_class(job.spider))
        crawler.settings.setdict(crawl_settings(job, options, started, position), priority="cmdline")
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

    process.start(stop_after_crawl=True, install_signal_handlers=True)

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
