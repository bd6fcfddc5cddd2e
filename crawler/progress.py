"""CrawlProgress: a Scrapy extension showing how a crawl is going, read from its stats.

On a terminal (stderr is a TTY) each crawl gets a live tqdm bar: pages fetched
(out of the page budget when there is one), with ads found and ads indexed as
its postfix. Elsewhere (the scheduler's log files, CI) a plain line is written
every ``ANZUELO_PROGRESS_INTERVAL`` seconds instead, so logs are not flooded
with bar redraws. Spiders know nothing of it.

Settings: ``ANZUELO_PROGRESS`` (False -> NotConfigured; ``crawler.run`` turns it
on), ``ANZUELO_PROGRESS_INTERVAL`` (seconds between lines),
``ANZUELO_PROGRESS_POSITION`` (bar row when several crawls run at once),
``ANZUELO_PROGRESS_TOTAL`` (page budget, 0 = unknown).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from anzuelo import settings as defaults
from crawler.summary import counts, progress_line


class CrawlProgress:
    """A tqdm bar on a TTY, periodic lines otherwise."""

    def __init__(self, crawler: Crawler, source: str, interval: float, position: int, total: int,
                 stream: TextIO | None = None, clock: Any = None) -> None:
        self.crawler, self.source, self.position, self.total = crawler, source, position, total
        self.stream = stream or sys.stderr
        # None: the running reactor, looked up when the crawl opens. Tests pass a task.Clock:
        # importing twisted.internet.reactor (LoopingCall does in its __init__) installs a
        # default reactor in the test process, and forked test crawls then cannot run.
        self.clock = clock
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        # A bar redraws often (cheap, one line in place); plain lines only every `interval`.
        self.interval = defaults.CRAWL_PROGRESS_BAR_INTERVAL if self.tty else interval
        self.bar: Any = None
        self.call: Any = None  # the pending delayed update (IDelayedCall)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        """NotConfigured unless ``ANZUELO_PROGRESS`` is on."""
        s = crawler.settings
        if not s.getbool("ANZUELO_PROGRESS", False):
            raise NotConfigured  # no message: Scrapy would log a warning in every plain crawl
        ext = cls(crawler, str(s.get("ANZUELO_SOURCE") or "crawl"),
                  s.getfloat("ANZUELO_PROGRESS_INTERVAL", defaults.CRAWL_PROGRESS_INTERVAL),
                  s.getint("ANZUELO_PROGRESS_POSITION", 0), s.getint("ANZUELO_PROGRESS_TOTAL", 0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        """Open the bar (TTY) and start the periodic update."""
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total or None, desc=self.source, unit="page", position=self.position,
                            file=self.stream, dynamic_ncols=True, leave=True)
        if self.clock is None:
            from twisted.internet import reactor

            self.clock = reactor
        self.call = self.clock.callLater(self.interval, self._tick)

    def _tick(self) -> None:
        self.update()
        self.call = self.clock.callLater(self.interval, self._tick)

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Stop updating; a bar is brought up to date and closed."""
        if self.call is not None and self.call.active():
            self.call.cancel()
        self.call = None
        if self.bar is not None:
            self.update()
            self.bar.close()
            self.bar = None

    def update(self) -> None:
        """Show the current stats once."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        if self.bar is None:
            print(progress_line(self.source, stats), file=self.stream, flush=True)
            return
        c = counts(stats)
        self.bar.n = c["pages"]
        self.bar.set_postfix(ads=c["ads"], indexed=c["indexed"], refresh=False)
        self.bar.refresh()
