"""``anzuelo worker``: crawl from the shared Redis frontier, on any number of machines."""

from __future__ import annotations

import json
from pathlib import Path

import click

from anzuelo import settings
from anzuelo.errors import EXIT_FAILURE, EXIT_OK, EngineError, InputError


def frontier_url() -> str:
    """``ANZUELO_FRONTIER_URL``, checked (InputError, exit 2, when unset or not redis://)."""
    url = str(settings.get("FRONTIER_URL") or "")
    if not url:
        raise InputError("no shared frontier configured", "set ANZUELO_FRONTIER_URL=redis://HOST:6379/0")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise InputError(f"ANZUELO_FRONTIER_URL={url!r} is not a Redis URL", "e.g. redis://127.0.0.1:6379/0")
    return url


def check_frontier(url: str) -> None:
    """Fail fast (exit 3, like an absent engine) when Redis does not answer."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        raise EngineError(f"Redis not reachable at {url}: {exc}",
                          "start it (e.g. `redis-server`, see docs/deploy.md) or fix ANZUELO_FRONTIER_URL") from exc


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Sources file [default: $ANZUELO_SOURCES, ./sources.toml, $ANZUELO_HOME/sources.toml].")
@click.option("--idle-exit", type=float, default=None,
              help="Exit after this many seconds with no run and an empty frontier [default: "
                   "ANZUELO_FRONTIER_IDLE_EXIT, 0 = run until stopped].")
@click.option("--no-score", is_flag=True, help="Index ads unscored.")
@click.option("--json", "as_json", is_flag=True, help="Print the per-source summaries as JSON when stopping.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's INFO log.")
def worker(sources: tuple[str, ...], sources_file: Path | None, idle_exit: float | None, no_score: bool,
           as_json: bool, verbose: bool) -> int:
    """Take requests of SOURCES (default: every enabled source) from the shared frontier.

    \b
    ANZUELO_FRONTIER_URL=redis://10.0.0.5:6379/0 anzuelo worker --sources sources.toml
    ANZUELO_FRONTIER_URL=redis://10.0.0.5:6379/0 anzuelo crawl demo-jobs --distributed

    Start as many workers as you like, on any machine: they share the queue, the
    dupefilter, the seen-store and each site's limits (concurrency, delay). A run
    starts with `anzuelo crawl SOURCE --distributed` (or `anzuelo schedule` with
    ANZUELO_CRAWL_DISTRIBUTED=true). A killed worker's requests go back to the queue
    after ANZUELO_FRONTIER_LEASE seconds; Ctrl-C/SIGTERM gives them back at once.
    """
    from anzuelo.cli.crawl import check_engine, crawl_options, print_summaries
    from anzuelo.cli.sources import sources_path
    from crawler.distributed.worker import run_workers
    from crawler.jobs import jobs_from_sources

    url = frontier_url()
    if idle_exit is not None and idle_exit < 0:
        raise InputError(f"--idle-exit {idle_exit}: must be 0 or more", "0 = run until stopped")
    jobs = jobs_from_sources(sources_path(sources_file), list(sources) or None)
    if not jobs:
        raise InputError("no enabled source to work on", "name sources, or enable some in the sources file")
    opts = crawl_options(None, False, no_score, None, as_json, verbose)
    opts.progress = False  # a worker runs for days: its progress is the frontier's (docs/deploy.md)
    check_frontier(url)
    check_engine(opts.engine_url, opts.index_prefix)
    if idle_exit is not None:
        for job in jobs:
            job.settings["ANZUELO_FRONTIER_IDLE_EXIT"] = idle_exit
    click.echo(f"worker on {len(jobs)} source(s): {', '.join(j.source for j in jobs)}; frontier {url}", err=True)
    summaries = run_workers(jobs, opts, url)
    print_summaries(summaries, as_json)
    bad = [s for s in summaries if s.finish_reason not in ("idle", "shutdown")]
    return EXIT_FAILURE if bad else EXIT_OK


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--sources", "sources_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Sources file [default: $ANZUELO_SOURCES, ./sources.toml, $ANZUELO_HOME/sources.toml].")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for monitoring).")
def frontier(sources: tuple[str, ...], sources_file: Path | None, as_json: bool) -> None:
    """Queue depth of the shared frontier: per source queued, in flight (leased), seen, run.

    Monitor `queued` (growing for hours: add workers) and `leased` (stuck above zero with
    no worker alive: they return after ANZUELO_FRONTIER_LEASE seconds).
    """
    from anzuelo.cli.sources import sources_path
    from crawler.distributed.frontier import Frontier
    from crawler.jobs import jobs_from_sources

    url = frontier_url()
    check_frontier(url)
    rows = []
    for job in jobs_from_sources(sources_path(sources_file), list(sources) or None):
        front = Frontier.from_url(url, job.source, str(settings.get("FRONTIER_PREFIX")))
        run = front.run()
        rows.append({"source": job.source, **front.sizes(), "run": run.id if run else None,
                     "run_state": run.state if run else None, "run_started": run.started if run else None})
        front.client.close()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'source':24} {'queued':>8} {'leased':>8} {'seen':>8}  run")
    for r in rows:
        run = f"{r['run']} {r['run_state']} since {r['run_started']}" if r["run"] else "-"
        click.echo(f"{r['source'][:24]:24} {r['queued']:>8} {r['leased']:>8} {r['seen']:>8}  {run}")


commands = [worker, frontier]
