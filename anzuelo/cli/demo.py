"""``anzuelo demo``: the offline end-to-end run (engine, demo sites, crawl, score, index, top ads).

Steps: make sure a search engine answers (start the local node if none is
configured and none runs; it is left running), serve the bundled demo sites
on 127.0.0.1 (ports DEMO_PORT and DEMO_PORT+1: fixed, because ad URLs carry
the port and a re-run must find the same ads), crawl both sources of
``demo/sources.toml`` through the normal pipelines (loopback allowed for these
two sites only), then print counts and the ten highest-scoring ads. Ads are
keyed by canonical URL, so re-running indexes each demo ad exactly once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from anzuelo import settings
from anzuelo.cli.crawl import crawl_options, exit_code, summary_lines
from anzuelo.errors import EngineError, InputError


def sources_file() -> Path:
    """The bundled ``demo/sources.toml``."""
    import demo as demo_pkg

    return Path(demo_pkg.__file__).parent / "sources.toml"


def ensure_engine(url: str, prefix: str, echo: Any) -> str:
    """Reach the engine at ``url``, starting the local node when it is the default one."""
    from anzuelo.cli.crawl import check_engine

    try:
        check_engine(url, prefix)
        return "already running"
    except EngineError:
        import os

        if os.environ.get("ANZUELO_ENGINE_URL"):
            raise  # a configured engine is the user's: never start something else instead
    from anzuelo.engine import LocalEngine

    echo(f"no search engine at {url}: starting the local OpenSearch node (first start fetches jars)")
    LocalEngine(
        home=settings.home(),
        port=int(settings.get("ENGINE_PORT")),
        heap=str(settings.get("ENGINE_HEAP")),
        start_timeout=float(settings.get("ENGINE_START_TIMEOUT")),
        maven_timeout=float(settings.get("ENGINE_MAVEN_TIMEOUT")),
        echo=echo,
    ).start()
    check_engine(url, prefix)
    return "started here and left running; `anzuelo engine stop` stops it"


def top_ads(client: Any, n: int = 10) -> list[dict[str, Any]]:
    """The ``n`` highest-scoring online ads in the engine (id, title, url, score, risk, indicators)."""
    from index import fields as F
    from index.query import SearchQuery
    from index.search import search

    res = search(client, SearchQuery(status=F.STATUS_ONLINE, sort="score", size=n, highlight=False))
    keep = (F.ID, F.TITLE, F.URL, F.SOURCE, F.SCORE, F.RISK, F.INDICATORS)
    return [{k: hit.source.get(k) for k in keep} for hit in res.hits]


def serve_sites(port: int) -> Any:
    """The demo sites on ``port``/``port+1``; a clear error when the ports are taken."""
    from demo.server import DemoSites

    try:
        return DemoSites(port=port).start()
    except OSError as exc:
        raise InputError(f"demo ports {port}/{port + 1} on 127.0.0.1 are in use ({exc})",
                         "stop the other program or set ANZUELO_DEMO_PORT to a free port") from exc


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--model", type=click.Path(path_type=Path, file_okay=False), help="Model folder [default: bundled].")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's INFO log.")
def demo(as_json: bool, model: Path | None, verbose: bool) -> int:
    """Run the offline demo: engine, bundled job sites, crawl, score, index, top ads.

    Needs no network. Re-running it updates the same ads (no duplicates).
    """
    from crawler.pipelines.engine import connect
    from crawler.run import jobs_from_sources, run_crawls

    def echo(line: str) -> None:
        click.echo(line, err=True)

    opts = crawl_options(None, False, False, model, as_json, verbose)
    engine_state = ensure_engine(opts.engine_url, opts.index_prefix, echo)
    sites = serve_sites(int(settings.get("DEMO_PORT")))
    try:
        echo(f"demo sites: {sites.urls['jobs']}/ (job board), {sites.urls['classifieds']}/ (classifieds)")
        jobs = jobs_from_sources(sources_file(), variables=sites.urls, allow_private=False)
        for job in jobs:  # loopback allowed for the demo sites, nothing else
            job.settings["ANZUELO_ALLOWED_PRIVATE_HOSTS"] = ["127.0.0.1"]
            job.settings["AUTOTHROTTLE_ENABLED"] = False  # our own local sites: no need to be slow
        summaries = run_crawls(jobs, opts)
    finally:
        sites.stop()
    client = connect(opts.engine_url, opts.index_prefix)
    client.refresh()
    total, top = client.count(), top_ads(client, 10)
    client.close()
    result = {
        "engine": {"url": opts.engine_url, "state": engine_state},
        "crawls": [s.to_dict() for s in summaries],
        "pages_fetched": sum(s.pages for s in summaries),
        "ads_found": sum(s.ads_found for s in summaries),
        "ads_indexed": sum(s.indexed for s in summaries),
        "ads_in_index": total,
        "failures": sum(s.failed for s in summaries),
        "top_ads": top,
    }
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return exit_code(summaries)
    click.echo(f"engine: {opts.engine_url} ({engine_state})")
    for s in summaries:
        for line in summary_lines(s):
            click.echo(line)
    click.echo(f"\npages fetched {result['pages_fetched']}, ads found {result['ads_found']}, "
               f"indexed this run {result['ads_indexed']}, ads in the index {total}, failures {result['failures']}")
    click.echo("\nTen highest-scoring ads:")
    for i, ad in enumerate(top, 1):
        indicators = ", ".join(ad.get("indicators") or []) or "-"
        click.echo(f"{i:2}. {ad.get('score', 0):.2f} {ad.get('risk', '?'):6} {(ad.get('title') or '')[:70]}")
        click.echo(f"      {ad.get('url')}\n      indicators: {indicators}")
    click.echo("\nNext: anzuelo search 'trabajo en el exterior' --min-score 0.7   |   anzuelo serve"
               "   |   anzuelo runs")
    return exit_code(summaries)


commands = [demo]
