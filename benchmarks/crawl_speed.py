"""Crawl speed: anzuelo's crawl stack vs a bare Scrapy spider on the same local site.

Builds a large job board (``--copies`` x 40 ads, 2,000 detail pages by default)
served by the deep-backlog demo server, then crawls it twice, each crawl in
its own child process:

* **anzuelo**: the ``jobposting`` spider with ``crawler.settings`` (robots.txt,
  scheme/address filters, backoff retry, JobPosting extraction with extruct,
  contacts, salary, content hash, WARC evidence), item pipelines (scoring,
  indexing) switched off;
* **bare**: a plain ``scrapy.Spider`` following links and yielding the title.

Both run against the same server with the same Scrapy settings where they
overlap (``COMMON``: concurrency 16 per site, no AutoThrottle/delay, robots.txt
obeyed, cookies off, the same User-Agent), so the figure measures processing
overhead, not politeness, and both fetch the same pages (the listing pages link
to a robots-disallowed ``/private/`` page). Prints pages/s of each and the
ratio (target >= 0.8). ``--record`` writes the figures to BENCHMARKS.md.

    .venv/bin/python benchmarks/crawl_speed.py [--copies 50] [--record]
    .venv/bin/python benchmarks/crawl_speed.py --copies 10 --profile anzuelo   # pyinstrument of one crawl
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Settings both crawls share (anzuelo's own politeness values are overridden by these).
COMMON = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
          "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": True, "COOKIES_ENABLED": False,
          "USER_AGENT": "anzuelo-bench", "LOG_LEVEL": "WARNING", "LOG_INSTALL_ROOT_HANDLER": False,
          "TELNETCONSOLE_ENABLED": False}


def _bare_spider():
    import scrapy

    class BareSpider(scrapy.Spider):
        name = "bare"

        def parse(self, response):
            if "/jobs/page/" not in response.url:
                yield {"title": response.css("h1::text").get()}
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse)

    return BareSpider


def _child(conn, kind: str, start_url: str, state: str, profile: bool = False) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    s = Settings()
    if kind == "anzuelo":
        s.setmodule("crawler.settings", priority="project")
        s.update({**COMMON, "ITEM_PIPELINES": {}, "ANZUELO_ALLOWED_PRIVATE_HOSTS": ["127.0.0.1"],
                  "ANZUELO_STATE_DIR": state}, priority="cmdline")
    else:
        s.update(COMMON, priority="cmdline")
    process = CrawlerProcess(s)
    crawler = process.create_crawler("jobposting" if kind == "anzuelo" else _bare_spider())
    args = {"url": start_url, "robots_sitemaps": False} if kind == "anzuelo" else {"start_urls": [start_url]}
    process.crawl(crawler, **args)
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    t0, c0 = time.perf_counter(), time.process_time()
    process.start()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    stats = crawler.stats.get_stats()
    report = ""
    if profiler is not None:
        profiler.stop()
        report = profiler.output_text(unicode=False, color=False) + "\n" + profiler.output_text(flat=True)
    conn.send({"pages": stats.get("response_received_count", 0), "items": stats.get("item_scraped_count", 0),
               "seconds": elapsed, "cpu": cpu, "profile": report})
    conn.close()


def run(kind: str, start_url: str, state: str, profile: bool = False) -> dict:
    """One crawl in a forked child (the Twisted reactor cannot restart); its pages, items and seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, kind, start_url, state, profile))
    proc.start()
    result = parent.recv()
    proc.join()
    result["pps"] = result["pages"] / result["seconds"]
    result["cpu_ms"] = 1000 * result["cpu"] / max(result["pages"], 1)
    return result


def record(text: str) -> None:
    """Replace (or add) this benchmark's section of BENCHMARKS.md."""
    from benchmarks.registry import record_section

    record_section("Crawl speed (benchmarks/crawl_speed.py)", text)


def main() -> None:
    parser = argparse.ArgumentParser(description="Pages/s of anzuelo's crawl stack vs bare Scrapy on a local site.")
    parser.add_argument("--copies", type=int, default=50, help="copies of the 40 demo job ads (50 -> 2,000 pages)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each crawler, alternating; the fastest counts")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    parser.add_argument("--profile", choices=["anzuelo", "bare"],
                        help="profile one crawl of this kind with pyinstrument and print the report (no timing)")
    args = parser.parse_args()

    from demo.build_sites import build
    from demo.server import DemoSites

    with tempfile.TemporaryDirectory(prefix="anzuelo-bench-") as tmp:
        manifest = build(Path(tmp) / "sites", copies=args.copies)
        n_ads = sum(1 for e in manifest if e["site"] == "jobs")
        with DemoSites(Path(tmp) / "sites") as sites:
            start = sites.urls["jobs"] + "/jobs/page/1.html"
            if args.profile:
                print(run(args.profile, start, str(Path(tmp) / "state-profile"), profile=True)["profile"])
                return
            runs: dict[str, list[dict]] = {"bare": [], "anzuelo": []}
            for i in range(args.repeat):  # alternate, so load changes hit both alike
                runs["bare"].append(run("bare", start, tmp))
                runs["anzuelo"].append(run("anzuelo", start, str(Path(tmp) / f"state{i}")))
            bare, full = (max(runs[k], key=lambda r: r["pps"]) for k in ("bare", "anzuelo"))
    ratio = full["pps"] / bare["pps"]
    lines = [
        f"- site: {n_ads} job ads ({n_ads // 10} listing pages), local deep-backlog server, concurrency 16, no delay, "
        "both obeying robots.txt, cookies off",
        f"- bare Scrapy spider: {bare['pages']} pages in {bare['seconds']:.1f} s = **{bare['pps']:.0f} pages/s** "
        f"({bare['cpu_ms']:.1f} ms CPU/page in the crawler process)",
        f"- anzuelo jobposting (settings, middlewares, extraction, WARC evidence; no scoring/indexing): "
        f"{full['pages']} pages, {full['items']} ads in {full['seconds']:.1f} s = **{full['pps']:.0f} pages/s** "
        f"({full['cpu_ms']:.1f} ms CPU/page)",
        f"- ratio anzuelo/bare (pages/s, best of {args.repeat} alternating runs): **{ratio:.2f}** (target >= 0.8); "
        f"CPU per page ratio bare/anzuelo: {bare['cpu_ms'] / full['cpu_ms']:.2f}",
        "- all runs (pages/s): " + ", ".join(f"{k} " + "/".join(f"{r['pps']:.0f}" for r in v) for k, v in runs.items()),
        "- reading: pages/s depends on the machine's load and on the Python test server; CPU per page is the "
        "steadier measure of what anzuelo's stack adds (extraction, contacts, WARC writing) over bare Scrapy",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, shared with other jobs",
    ]
    print("\n".join(lines))
    if args.record:
        record("\n".join(lines))


if __name__ == "__main__":
    main()
