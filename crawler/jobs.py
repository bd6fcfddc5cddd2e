"""What to crawl and how: ``CrawlJob`` per source, ``CrawlOptions`` per command, their Scrapy settings.

Jobs come from the sources file (``jobs_from_sources``) or are built by the CLI
for a one-off URL; ``crawl_settings`` turns a job and the options into the
Scrapy settings of its crawler (over the project's ``crawler.settings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anzuelo import settings as defaults
from crawler.jobdir import job_dir


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


def crawl_settings(job: CrawlJob, options: CrawlOptions, run_started: str, position: int = 0) -> dict[str, Any]:
    """Scrapy settings of one crawl, over the project's ``crawler.settings``.

    ``position``: the row of this crawl's progress bar when several run at once.
    """
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
        "ANZUELO_ALLOW_PRIVATE": job.allow_private or bool(defaults.CRAWL_ALLOW_PRIVATE),
        "ANZUELO_PROGRESS": options.progress,
        "ANZUELO_PROGRESS_INTERVAL": options.progress_interval,
        "ANZUELO_PROGRESS_POSITION": position,
        "ANZUELO_PROGRESS_TOTAL": int(job.max_pages or 0),
    }
    if options.output:
        extra["ANZUELO_OUTPUT"] = str(options.output)
    extra.update(job.settings)
    return extra


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
