"""Evidence capture: every response that yields an ad is kept as a gzipped WARC record.

Investigators need to show what a page said when it was seen, even after the
ad is taken down. ``EvidenceMiddleware`` (a spider middleware) sets
``item.evidence`` to ``{path, sha256, fetched_at, format, size, status}`` at
once and hands the write of
``<ANZUELO_EVIDENCE_DIR>/<source>/<sha256[:2]>/<sha256>.warc.gz`` (sha256 of
the body, so identical captures are stored once) to one writer thread; the
crawl's close waits until every capture is on disk, then adds the thread's
counts to the stats. The files are written by
``crawler.warc`` (``write_evidence``, ``read_evidence`` re-exported here).
Stats: ``anzuelo/evidence/saved``, ``anzuelo/evidence/failed``. The source
folder's name is made safe by ``crawler.warc`` and every capture folder is
checked to lie inside the evidence folder before the first write (a capture
that would land outside is refused, logged and counted as failed).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from anzuelo import settings as defaults
from crawler.items import AdItem
from crawler.warc import plan_evidence, read_evidence, write_capture, write_evidence

__all__ = ["EvidenceMiddleware", "read_evidence", "write_evidence"]

logger = logging.getLogger(__name__)


class EvidenceMiddleware:
    """Spider middleware: capture the response behind each AdItem (``ANZUELO_EVIDENCE_ENABLED``).

    Captures are written by one background thread: compressing and writing a
    file per ad on the reactor thread would stall every download, and awaiting
    a thread hop per ad made the whole spider output asynchronous. A failed
    write (a full disk) is logged and counted; the ad itself is never lost.
    """

    def __init__(self, crawler, folder: Path) -> None:
        self.crawler = crawler
        self.folder = folder
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anzuelo-evidence")
        # counted by the one writer thread, added to the stats when the crawl closes: a hop to
        # the reactor thread per capture (callFromThread) woke the event loop once per ad
        self.saved = self.failed = 0

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("ANZUELO_EVIDENCE_ENABLED", True):
            raise NotConfigured("ANZUELO_EVIDENCE_ENABLED is off")
        folder = s.get("ANZUELO_EVIDENCE_DIR") or Path(s.get("ANZUELO_STATE_DIR", "crawl")) / str(defaults.CRAWL_EVIDENCE_DIR)
        mw = cls(crawler, Path(folder).expanduser())
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_spider_output(self, response, result):
        """Point each AdItem at its capture and queue the write."""
        for item in result:
            yield self._capture(response, item)

    async def process_spider_output_async(self, response, result):
        """The same for asynchronous callbacks."""
        async for item in result:
            yield self._capture(response, item)

    def _capture(self, response, item):
        if isinstance(item, AdItem) and response is not None and item.evidence is None:
            item.evidence = plan_evidence(self.folder, item.source, response, item.fetched_at)
            ev = item.evidence
            self.pool.submit(self._write, Path(ev["path"]), response, ev["sha256"], ev["fetched_at"], item.url)
        return item

    def _write(self, path: Path, response, sha: str, fetched_at: str, url: str) -> None:
        """Runs in the writer thread."""
        try:
            write_capture(path, response.request, response, sha, fetched_at, base=self.folder)
        except Exception as exc:  # a full disk, a permission problem: log and go on
            self.failed += 1
            logger.error("evidence not saved for %s: %s", url, exc)
        else:
            self.saved += 1

    async def spider_closed(self, spider, reason: str) -> None:
        """Wait until every queued capture is written."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.threads import deferToThread

        await maybe_deferred_to_future(deferToThread(self.pool.shutdown, wait=True))
        stats = self.crawler.stats
        if self.saved:
            stats.inc_value("anzuelo/evidence/saved", self.saved)
        if self.failed:
            stats.inc_value("anzuelo/evidence/failed", self.failed)
