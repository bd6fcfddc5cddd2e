"""``anzuelo crawl``: crawl one configured source or a one-off URL, score and index its ads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.errors import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EngineError, InputError

SPIDERS = ("jobposting", "classifieds", "feed", "telegram")
SCOPES = ("path", "host", "domain")
SCOPED_SPIDERS = ("jobposting", "classifieds")  # the spiders that follow links


def check_engine(url: str, prefix: str) -> None:
    """Fail fast (exit 3) when the engine cannot be reached, before any page is fetched."""
    from crawler.pipelines.engine import connect

    try:
        connect(url, prefix).close()
    except EngineError:
        raise
    except Exception as exc:  # noqa: BLE001 - any client error means "not usable"
        raise EngineError(
            f"search engine not reachable at {url}: {exc}",
            "start the local node with `anzuelo engine start` (or set ANZUELO_ENGINE_URL), "
            "or crawl without it: --no-index --output ads.jsonl",
        ) from exc


def crawl_options(output: Path | None, no_index: bool, no_score: bool, model: Path | None,
                  as_json: bool, verbose: bool) -> Any:
    """CrawlOptions from the CLI flags and the settings (entry point: env vars read here)."""
    from crawler.run import CrawlOptions

    return CrawlOptions(
        state_dir=settings.home() / str(settings.get("CRAWL_STATE_DIR")),
        engine_url=settings.engine_url(),
        index_prefix=str(settings.get("INDEX_PREFIX")),
        index=bool(settings.get("INDEX_ENABLED")) and not no_index,
        score=bool(settings.get("SCORE_ENABLED")) and not no_score,
        model_dir=str(model) if model else settings.get("SCORE_MODEL_DIR"),
        output=output,
        progress=True,
        log_level="INFO" if verbose else "WARNING",
        progress_interval=float(settings.get("CRAWL_PROGRESS_INTERVAL")),
    )


def summary_lines(summary: Any) -> list[str]:
    """Human-readable lines of one crawl summary."""
    s = summary
    lines = [
        f"{s.source} ({s.spider}): {s.finish_reason}{' (resumed)' if s.resumed else ''} in {s.duration_s:.1f}s",
        f"  pages fetched {s.pages}   ads found {s.ads_found}",
        f"  new {s.new}   changed {s.changed}   unchanged {s.unchanged}   gone {s.gone}",
        f"  scored {s.scored}   indexed {s.indexed}   failed {s.failed}   errors logged {s.errors}",
    ]
    from crawler.summary import rescore_line, spool_line

    if rescored := rescore_line(s):
        lines.append("  " + rescored)
    if spooled := spool_line(s):
        lines.append("  " + spooled)
    if s.dropped:
        lines.append("  dropped " + ", ".join(f"{k} {v}" for k, v in sorted(s.dropped.items())))
    if s.score_seconds or s.index_seconds:  # where the crawl's time went (summed over batches)
        lines.append(f"  time scoring {s.score_seconds:.1f}s   indexing {s.index_seconds:.1f}s")
    return lines


def exit_code(summaries: list[Any]) -> int:
    """1 when a crawl ended abnormally (e.g. no scorer), 4 when ads failed, else 0."""
    ok_reasons = ("finished", "shutdown")
    if any(s.finish_reason not in ok_reasons and not s.finish_reason.startswith("closespider") for s in summaries):
        return EXIT_FAILURE
    return EXIT_PARTIAL if any(s.failed for s in summaries) else EXIT_OK


def print_summaries(summaries: list[Any], as_json: bool) -> None:
    """Crawl summaries as JSON (a list) or as text lines, the same for crawls and workers."""
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in summaries], indent=2))
        return
    for s in summaries:
        for line in summary_lines(s):
            click.echo(line)


def report(summaries: list[Any], as_json: bool) -> int:
    """Print the summaries; the exit code."""
    print_summaries(summaries, as_json)
    if not as_json and any(s.finish_reason == "shutdown" for s in summaries):
        click.echo("stopped early: run the same command again to resume where it stopped")
    return exit_code(summaries)


def pipeline_options(no_score_help: str):
    """The output, indexing, scoring and reporting options shared by ``crawl`` and ``ingest``."""
    options = [
        click.option("--output", type=click.Path(path_type=Path, dir_okay=False),
                     help="Also write every scored ad to this JSONL file."),
        click.option("--no-index", is_flag=True, help="Do not write to the search engine (use with --output)."),
        click.option("--no-score", is_flag=True, help=no_score_help),
        click.option("--model", type=click.Path(path_type=Path, file_okay=False),
                     help="Model folder [default: the bundled model]."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
        click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's INFO log."),
    ]

    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


@click.command()
@click.argument("source", required=False)
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Sources file [default: $ANZUELO_SOURCES, ./sources.toml, $ANZUELO_HOME/sources.toml].")
@click.option("--url", help="Crawl this start URL, sitemap or feed instead of a configured source.")
@click.option("--spider", type=click.Choice(SPIDERS), default="jobposting", show_default=True,
              help="Spider for --url: JobPosting pages/sitemaps, classifieds pages, an RSS/Atom feed, or a Telegram channel preview (t.me/s/NAME).")
@click.option("--source", "source_name", help="Source name stored with --url ads (letters, digits, - _ . : only) [default: the URL's host].")
@click.option("--allow-private", is_flag=True, help="Allow loopback/private addresses (local test sites only).")
@click.option("--max-pages", type=int, default=None, help="Stop after N pages (0 = no limit); ads are then never marked gone.")
@click.option("--distributed", is_flag=True,
              help="Queue a run of SOURCE for `anzuelo worker` processes (ANZUELO_FRONTIER_URL) instead of "
                   "crawling here [default: ANZUELO_CRAWL_DISTRIBUTED].")
@click.option("--scope", type=click.Choice(SCOPES), default=None,
              help="Links followed: path = the start URL's folder and below [default for --url], host = its host "
                   "[default for sources, or the source's `scope`], domain = its registrable domain.")
@pipeline_options("Do not score ads (index them unscored).")
def crawl(source: str | None, sources_file: Path | None, url: str | None, spider: str, source_name: str | None,
          allow_private: bool, max_pages: int | None, output: Path | None, no_index: bool, no_score: bool,
          model: Path | None, as_json: bool, verbose: bool, scope: str | None = None,
          distributed: bool = False) -> int:
    """Crawl SOURCE from the sources file, or a one-off --url; score and index the ads found.

    \b
    anzuelo crawl demo-jobs --sources demo/sources.toml
    anzuelo crawl --url https://example.org/sitemap.xml --max-pages 200
    anzuelo crawl --url https://example.org/feed.xml --spider feed --no-index --output ads.jsonl

    Progress lines go to stderr. Stopped with Ctrl-C/SIGTERM, the same command
    resumes without refetching. Unchanged ads are not re-scored; ads missing
    from a complete crawl are marked gone (never deleted).
    """
    from urllib.parse import urlsplit

    from crawler.run import CrawlJob, jobs_from_sources, run_crawls

    if bool(source) == bool(url):
        raise InputError("give either a SOURCE name or --url", "see `anzuelo crawl --help`")
    if distributed or (source and bool(settings.get("CRAWL_DISTRIBUTED"))):
        return request_distributed(source, url, sources_file, as_json)
    if source_name is not None:  # it names the job folder, lock and evidence folder: '..' must never reach them
        from anzuelo.names import check_name

        check_name(source_name, "source name", "--source")
    opts = crawl_options(output, no_index, no_score, model, as_json, verbose)
    if not opts.index and not output:
        raise InputError("--no-index without --output would throw the ads away", "add --output ads.jsonl")
    limit = int(settings.get("CRAWL_MAX_PAGES")) if max_pages is None else max_pages
    if url:
        host = urlsplit(url).hostname
        if not host:
            raise InputError(f"not an absolute http(s) URL: {url}", "e.g. https://example.org/jobs/")
        path = urlsplit(url).path.lower()
        is_sitemap = spider != "feed" and ("sitemap" in path or path.endswith((".xml", ".xml.gz")))
        args = {"sitemap_urls": [url]} if is_sitemap else {"url": url}
        if spider in SCOPED_SPIDERS:
            from crawler import settings as crawl_settings

            args["scope"] = scope or crawl_settings.ANZUELO_SCOPE_URL_DEFAULT
        if spider == "telegram" and not source_name:  # one source per channel: own lock, job folder, runs
            from crawler.ingest.params import channel_of

            source_name = f"telegram:{channel_of(url) or host}"
        jobs = [CrawlJob(source=source_name or host, spider=spider, spider_args=args,
                         allow_private=allow_private, max_pages=limit)]
    else:
        from anzuelo.cli.sources import sources_path

        path = sources_path(sources_file)  # --sources, ANZUELO_SOURCES, ./sources.toml, then the home one
        jobs = jobs_from_sources(path, [source], allow_private=True if allow_private else None)
        if max_pages is not None:
            jobs[0].max_pages = max_pages
        if scope and jobs[0].spider in SCOPED_SPIDERS:
            jobs[0].spider_args["scope"] = scope
    if opts.index:
        check_engine(opts.engine_url, opts.index_prefix)
        from anzuelo.cli.spool import replay_pending

        # What an earlier outage left in the spool goes in first, before this crawl's newer versions.
        replay_pending(lambda line: click.echo(line, err=True))
    return report(run_crawls(jobs, opts), as_json)


def request_distributed(source: str | None, url: str | None, sources_file: Path | None, as_json: bool) -> int:
    """``crawl SOURCE --distributed``: ask the workers for a run (exit 0 also when one is still running)."""
    from anzuelo.cli.sources import sources_path
    from anzuelo.cli.worker import check_frontier, frontier_url
    from crawler.distributed.worker import request_run
    from crawler.run import jobs_from_sources

    if url or not source:
        raise InputError("--distributed runs a configured SOURCE (workers read its spider and limits "
                         "from the sources file)", "add the site to the sources file and name it")
    redis_url = frontier_url()
    jobs_from_sources(sources_path(sources_file), [source])  # an unknown source: exit 2 here, not in the workers
    check_frontier(redis_url)
    info = request_run(redis_url, source, str(settings.get("FRONTIER_PREFIX")))
    if as_json:
        click.echo(json.dumps(info))
    elif info["created"]:
        click.echo(f"{source}: run {info['run']} queued for the workers (`anzuelo worker`)")
    else:
        click.echo(f"{source}: run {info['run']} still in progress ({info['queued']} queued, "
                   f"{info['leased']} in flight): nothing new queued")
    return EXIT_OK


commands = [crawl]
