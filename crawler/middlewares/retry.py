"""Retries with exponential backoff: wait ``ANZUELO_RETRY_BACKOFF * 2**(n-1)`` seconds before retry n."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware (RETRY_TIMES, RETRY_HTTP_CODES) that waits before re-sending.

    A struggling site (429, 503) gets time to recover instead of an immediate
    second hit; the wait holds the request, so the site's slot slows down too.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("ANZUELO_RETRY_BACKOFF", 1.0)
        self.backoff_max = settings.getfloat("ANZUELO_RETRY_BACKOFF_MAX", 30.0)

    async def _wait(self, result):
        if isinstance(result, Request) and self.backoff > 0:
            from twisted.internet import reactor  # the running one; a module-level import would install a default

            n = result.meta.get("retry_times", 1)
            delay = min(self.backoff * 2 ** (n - 1), self.backoff_max)
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return result

    async def process_response(self, request, response):
        return await self._wait(super().process_response(request, response))

    async def process_exception(self, request, exception):
        return await self._wait(super().process_exception(request, exception))
