"""``RedisScheduler``: the Scrapy scheduler of ``anzuelo worker``, over the shared frontier.

* ``enqueue_request`` pushes to Redis through the run's dupefilter (one Lua call);
* ``next_request`` leases one request (``FRONTIER_LEASE`` seconds, renewed every third of it
  while this worker lives) and tags it with the lease id;
* the lease is acked when the engine is done with the request: after its response's
  callback output went through every item pipeline (``crawler.distributed.indexwait``
  holds that until the ads are in the engine), or after its failure or redirect was
  handled. A worker killed with SIGKILL acks nothing: its leases expire and any worker
  puts them back (``requeue_expired``); a worker stopped cleanly gives them back at once.
* runs (``crawler.distributed.runs``): ``anzuelo crawl SOURCE --distributed`` only requests
  a run; one worker seeds it, one ends it and marks unseen ads gone (the engine's own start
  is switched off by ``NoStartMiddleware``, so workers never seed on their own);
* the spider never closes while idle (``DontCloseSpider``), except after
  ``FRONTIER_IDLE_EXIT`` seconds with no run and an empty frontier (reason ``idle``).

The engine tells no signal when it is done with a request, so ``open`` wraps the one
call it makes then (its slot's ``remove_request``); without it the scheduler refuses to run.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, NotConfigured

from crawler.distributed.frontier import Frontier
from crawler.distributed.runs import RunFollower
from crawler.distributed.seenstore import worker_key
from crawler.distributed.serialize import FrontierPayloadError, dumps, loads

logger = logging.getLogger(__name__)

LEASE_KEY = "_anzuelo_lease"  # request.meta key of the lease id (stripped before re-queueing)


class NoStartMiddleware:
    """Spider middleware of workers: the engine's start requests are dropped (seeding is per run)."""

    async def process_start(self, start: Any) -> Any:
        if False:  # an async generator that yields nothing and never reads ``start``
            yield None


class RedisScheduler:
    """Reliable shared queue of one source (see the module docstring)."""

    def __init__(self, crawler: Crawler, frontier: Frontier) -> None:
        self.crawler = crawler
        self.frontier = frontier
        s = crawler.settings
        self.lease_ms = int(s.getfloat("ANZUELO_FRONTIER_LEASE", 60.0) * 1000)
        self.poll = s.getfloat("ANZUELO_FRONTIER_POLL_INTERVAL", 0.5)
        self.idle_exit = s.getfloat("ANZUELO_FRONTIER_IDLE_EXIT", 0.0)
        # one id per worker process (worker_settings), shared with the seen-store's claims
        self.worker_id = s.get("ANZUELO_WORKER_ID") or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.heartbeat_key = worker_key(s.get("ANZUELO_FRONTIER_PREFIX") or "anzuelo", self.worker_id)
        self.held: set[str] = set()
        self.runs = RunFollower(crawler, frontier, self.worker_id, self.lease_ms)
        self.spider: Spider | None = None
        self._loop: Any = None
        self._last_renew = 0.0
        self._idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RedisScheduler":
        url = crawler.settings.get("ANZUELO_FRONTIER_URL")
        if not url:
            raise NotConfigured("RedisScheduler needs ANZUELO_FRONTIER_URL (redis://...)")
        source = crawler.settings.get("ANZUELO_SOURCE")
        if not source:
            raise NotConfigured("RedisScheduler needs ANZUELO_SOURCE: the frontier is per source")
        frontier = Frontier.from_url(url, source, crawler.settings.get("ANZUELO_FRONTIER_PREFIX") or "anzuelo")
        sched = cls(crawler, frontier)
        crawler.signals.connect(sched.spider_idle, signal=signals.spider_idle)
        return sched

    # -- Scrapy's scheduler interface -----------------------------------------------
    def open(self, spider: Spider) -> None:
        from twisted.internet.task import LoopingCall

        self.spider = spider
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is None or not hasattr(slot, "remove_request"):
            raise RuntimeError("this Scrapy engine has no slot.remove_request: leases could never be acked")
        original = slot.remove_request

        def remove_request(request: Request) -> None:
            original(request)
            self._done(request)

        slot.remove_request = remove_request
        self.frontier.client.ping()  # fail at open, with the URL, rather than at the first request
        self._loop = LoopingCall(self._tick)
        self._loop.start(self.poll, now=True).addErrback(lambda f: logger.error("frontier loop stopped: %s", f.value))

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.held:  # never processed here: give them back now rather than after the lease
            self.frontier.renew(sorted(self.held), -self.lease_ms)
            self.frontier.requeue_expired()
            logger.info("worker %s stopped (%s): %d requests returned to the queue", self.worker_id, reason, len(self.held))
            self.held.clear()
        self.frontier.client.delete(self.heartbeat_key)
        self.frontier.client.close()

    def has_pending_requests(self) -> bool:
        try:
            return self.frontier.client.zcard(self.frontier.k["queue"]) > 0
        except Exception:  # noqa: BLE001 - Redis away: the worker idles (it never closes) until it is back
            return False

    def __len__(self) -> int:
        return int(self.frontier.client.zcard(self.frontier.k["queue"]))

    def enqueue_request(self, request: Request) -> bool:
        stats = self.crawler.stats
        meta = request.meta
        meta.pop(LEASE_KEY, None)  # a retry or redirect copied its parent's lease; it gets its own
        try:
            payload = dumps(request, self.spider)
        except FrontierPayloadError as exc:
            stats.inc_value("anzuelo/frontier/unserializable")
            logger.error("request %s not queued (cannot be shared): %s", request.url, exc)
            return False
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request).hex()
        if not self.frontier.push(payload, fingerprint, request.priority, request.dont_filter):
            stats.inc_value("dupefilter/filtered")
            return False
        stats.inc_value("anzuelo/frontier/enqueued")
        return True

    def next_request(self) -> Request | None:
        try:
            got = self.frontier.pop(self.lease_ms)
        except Exception as exc:  # noqa: BLE001 - Redis away: nothing to take now, the tick retries
            self.crawler.stats.inc_value("anzuelo/frontier/errors")
            logger.warning("frontier unreachable (%s): no request taken", exc)
            return None
        if got is None:
            return None
        lease_id, payload = got
        try:
            request = loads(payload, self.spider)
        except FrontierPayloadError as exc:
            self.frontier.ack(lease_id)  # unreadable now means unreadable for every worker
            self.crawler.stats.inc_value("anzuelo/frontier/unreadable")
            logger.error("dropped an unreadable request from the frontier: %s", exc)
            return None
        request.meta[LEASE_KEY] = lease_id
        self.held.add(lease_id)
        self.crawler.stats.inc_value("anzuelo/frontier/leased")
        return request

    # -- acks, renewals, seeding, run end ---------------------------------------------
    def _done(self, request: Request) -> None:
        lease_id = request.meta.get(LEASE_KEY)
        if lease_id and lease_id in self.held:
            self.held.discard(lease_id)
            self.frontier.ack(lease_id)
            self.crawler.stats.inc_value("anzuelo/frontier/acked")

    def _tick(self) -> None:
        try:
            now = time.monotonic()
            if now - self._last_renew >= self.lease_ms / 3000:
                self._last_renew = now
                # alive for one more lease: claims of this worker hold while it is (seenstore.claim)
                self.frontier.client.set(self.heartbeat_key, "1", px=self.lease_ms)
                self.frontier.renew(sorted(self.held), self.lease_ms)
                if requeued := self.frontier.requeue_expired():
                    self.crawler.stats.inc_value("anzuelo/frontier/requeued", requeued)
                    logger.warning("%d expired leases (a worker died or hung) returned to the queue", requeued)
            if self.runs.follow(self.spider, bool(self.held)):
                self._idle_since = self._idle_since or time.monotonic()
            else:
                self._idle_since = None
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None:  # an idle engine polls every 5 s; others' requests should not wait that long
                slot.nextcall.schedule()
        except Exception as exc:  # noqa: BLE001 - Redis away for a moment: say so, try again next tick
            self.crawler.stats.inc_value("anzuelo/frontier/errors")
            logger.warning("frontier check failed (%s): retrying in %.1f s", exc, self.poll)

    def spider_idle(self, spider: Spider) -> None:
        """Keep the worker alive; close it after ``FRONTIER_IDLE_EXIT`` seconds of nothing to do."""
        if self.idle_exit and self._idle_since and time.monotonic() - self._idle_since >= self.idle_exit:
            raise CloseSpider("idle")
        raise DontCloseSpider

