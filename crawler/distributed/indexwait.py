"""IndexWaitPipeline: a worker's ad counts as done only once it is in the engine.

The index pipeline passes each ad on at once and writes it later in a bulk (it never
holds the crawl). On one machine that is right; with a shared frontier it would let a
response's lease be acked while its ads still sit in a worker's memory, and a worker
killed then would lose them. This pipeline (after the index pipeline) waits for the
bulk holding the ad, so the ack (``crawler.distributed.scheduler``) follows the write.
A failed write still ends the wait: the ad is in the dead-letter file, as on one machine.

It wraps the index pipeline's ``batcher.add`` to keep the Deferred of each ad's write.
Off (NotConfigured) without ``ANZUELO_FRONTIER_URL`` or without indexing.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.pipelines.common import setting
from index import fields as F


class IndexWaitPipeline:
    """Holds each ad until the bulk that writes it has finished."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.writes: dict[str, Deferred] = {}
        self.wrapped = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "IndexWaitPipeline":
        if not crawler.settings.get("ANZUELO_FRONTIER_URL"):
            raise NotConfigured("only workers of a shared frontier wait for index writes")
        if not setting(crawler, "INDEX_ENABLED"):
            raise NotConfigured("indexing switched off")
        return cls(crawler)

    def open_spider(self) -> None:
        from crawler.pipelines.index import IndexPipeline

        manager = self.crawler.engine.scraper.itemproc
        for pipe in getattr(manager, "middlewares", ()):
            if isinstance(pipe, IndexPipeline):
                self._wrap(pipe.batcher)
        if not self.wrapped:
            raise RuntimeError("IndexWaitPipeline found no IndexPipeline to wait for")

    def _wrap(self, batcher: Any) -> None:
        add = batcher.add

        def add_and_remember(doc: dict[str, Any]) -> Deferred:
            waiter = add(doc)
            done: Deferred = Deferred()

            def passthrough(result: Any) -> Any:
                if not done.called:
                    done.callback(None)
                return result

            waiter.addBoth(passthrough)
            self.writes[str(doc.get(F.ID))] = done
            return waiter

        batcher.add = add_and_remember
        self.wrapped = True

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        done = self.writes.pop(str(item.get(F.ID)), None)
        if done is not None:
            await maybe_deferred_to_future(done)
        return item
