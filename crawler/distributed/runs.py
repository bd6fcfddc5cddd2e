"""Following the runs of one source from a worker: seed once, end once, start each run afresh.

``RunFollower.follow`` is called by the worker's scheduler at every frontier check:

* a run requested by ``crawl SOURCE --distributed`` is seeded by exactly one worker (a Lua
  claim with a deadline: a seeder that dies is replaced), which queues the spider's own
  start requests; workers never seed on their own (``NoStartMiddleware``);
* a new run id makes every worker forget its spider's per-process page memory, so links
  seen in the last run are followed again (the run's shared dupefilter is what counts now);
* once a running run has nothing queued or leased, exactly one worker ends it and marks
  the source's ads not seen since it started as gone (``crawler.distributed.gone``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request

from crawler.distributed.frontier import Frontier

logger = logging.getLogger(__name__)


class RunFollower:
    """The run side of one worker's scheduler."""

    def __init__(self, crawler: Any, frontier: Frontier, worker_id: str, seed_deadline_ms: int) -> None:
        self.crawler, self.frontier = crawler, frontier
        self.worker_id, self.seed_deadline_ms = worker_id, seed_deadline_ms
        self.run_id: str | None = None
        self.seeding = False

    def follow(self, spider: Any, holding: bool) -> bool:
        """One check of the source's run; True when this worker has nothing at all to do."""
        run = self.frontier.run()
        if run is not None and run.id != self.run_id:
            self.run_id = run.id
            forget_pages(spider)
        if run is not None and run.state in ("requested", "seeding") and not self.seeding:
            claimed = self.frontier.claim_seeding(self.worker_id, self.seed_deadline_ms)
            if claimed is not None:
                from scrapy.utils.defer import deferred_from_coro

                self.seeding = True
                deferred_from_coro(self._seed(spider, claimed.id)).addBoth(self._seeded)
        elif run is not None and run.state == "running" and not holding and self.frontier.finish_run(run.id):
            from crawler.distributed.gone import finish

            finish(self.crawler, run.started)
        return run is None and not holding and self.frontier.sizes()["queued"] == 0

    async def _seed(self, spider: Any, run_id: str) -> None:
        count = 0
        async for request in spider.start():
            if isinstance(request, Request):
                self.crawler.engine.crawl(request)  # through the scheduler: dupefilter and queue
                count += 1
        self.frontier.seeded(run_id)
        logger.info("run %s of %s: %d seed requests queued", run_id, self.frontier.source, count)

    def _seeded(self, result: Any) -> Any:
        self.seeding = False
        if hasattr(result, "value"):  # a Failure: another worker claims the seeding after the deadline
            logger.error("seeding failed: %s", result.value)
            return None
        return result


def forget_pages(spider: Any) -> None:
    """A new run: the spider's own per-process memory of requested pages and its page count start over."""
    if isinstance(getattr(spider, "_seen", None), set):
        spider._seen.clear()
    if isinstance(getattr(spider, "_pages", None), int):
        spider._pages = 0
