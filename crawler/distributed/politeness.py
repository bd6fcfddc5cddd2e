"""Per-site politeness for the whole cluster: a concurrency semaphore and a delay in Redis.

Each worker's Scrapy keeps its own per-site limits; with N workers a site would see N
times the concurrency. ``ClusterPolitenessMiddleware`` (downloader middleware, next to the
downloader) takes a slot of the site's Redis semaphore before each request and gives it
back when the response or error comes back. One Lua call admits a request only when
fewer than ``limit`` requests of the cluster are in flight to the site *and* ``delay``
seconds passed since the last admitted one; otherwise it answers how long to wait.

The limit is the crawl's ``CONCURRENT_REQUESTS_PER_DOMAIN`` (the source's ``concurrency``)
and the delay its ``DOWNLOAD_DELAY`` (``delay``), so a source's limits hold for the
cluster as written. AutoThrottle still slows each worker down on its own when the site
slows down; the shared delay is the floor for everyone. A slot is held at most
``FRONTIER_SLOT_HOLD`` seconds, so a worker killed mid-request frees it by then.
Stats: ``anzuelo/politeness/waits``, ``anzuelo/politeness/wait_s``. Off without a frontier URL.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

ACQUIRE = """
local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return nxt - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], now + tonumber(ARGV[3]), 'PX', tonumber(ARGV[3]) + 1000) end
return 0
"""

TOKEN_KEY = "_anzuelo_site_token"


class SiteSemaphore:
    """The cluster-wide slots of every site (``client``: a ``redis.Redis``)."""

    def __init__(self, client: Any, prefix: str = "anzuelo", hold_s: float = 120.0) -> None:
        self.client = client
        self.prefix = f"{prefix}:site"
        self.hold_ms = int(hold_s * 1000)
        self._acquire = client.register_script(ACQUIRE)

    def try_acquire(self, site: str, token: str, limit: int, delay_s: float) -> int:
        """0 when admitted; else the milliseconds to wait (-1: the site is full, poll again soon)."""
        keys = [f"{self.prefix}:{{{site}}}:inflight", f"{self.prefix}:{{{site}}}:next"]
        return int(self._acquire(keys=keys, args=[token, max(1, int(limit)), int(delay_s * 1000), self.hold_ms]))

    def release(self, site: str, token: str) -> None:
        self.client.zrem(f"{self.prefix}:{{{site}}}:inflight", token)

    def in_flight(self, site: str) -> int:
        return int(self.client.zcard(f"{self.prefix}:{{{site}}}:inflight"))


class ClusterPolitenessMiddleware:
    """Acquire the site's cluster slot before the download, release it after."""

    #: Polling step while a site is full (ms): short, as slots free at download speed.
    FULL_WAIT_MS = 20

    def __init__(self, crawler: Crawler, semaphore: SiteSemaphore) -> None:
        self.crawler = crawler
        self.semaphore = semaphore
        self.limit = crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2)
        self.delay = crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ClusterPolitenessMiddleware":
        url = crawler.settings.get("ANZUELO_FRONTIER_URL")
        if not url:
            raise NotConfigured("per-site limits are per process without a shared frontier")
        import redis

        client = redis.Redis.from_url(url, socket_timeout=30)
        prefix = crawler.settings.get("ANZUELO_FRONTIER_PREFIX") or "anzuelo"
        return cls(crawler, SiteSemaphore(client, prefix, crawler.settings.getfloat("ANZUELO_FRONTIER_SLOT_HOLD", 120.0)))

    async def process_request(self, request: Any) -> None:
        from twisted.internet import reactor

        site = urlsplit(request.url).hostname or ""
        token = uuid.uuid4().hex
        waited = 0.0
        while (wait := self.semaphore.try_acquire(site, token, self.limit, self.delay)) != 0:
            step = (self.FULL_WAIT_MS if wait < 0 else wait) / 1000
            waited += step
            await maybe_deferred_to_future(deferLater(reactor, step, lambda: None))
        if waited:
            self.crawler.stats.inc_value("anzuelo/politeness/waits")
            self.crawler.stats.inc_value("anzuelo/politeness/wait_s", round(waited, 3))
        request.meta[TOKEN_KEY] = (site, token)

    def _release(self, request: Any) -> None:
        held = request.meta.pop(TOKEN_KEY, None)
        if held:
            self.semaphore.release(*held)

    def process_response(self, request: Any, response: Any) -> Any:
        self._release(request)
        return response

    def process_exception(self, request: Any, exception: Exception) -> None:
        self._release(request)
        return None
