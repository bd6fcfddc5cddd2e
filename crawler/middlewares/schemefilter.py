"""Refuse every URL scheme but http(s) (``ANZUELO_ALLOWED_SCHEMES``), counted as ``anzuelo/refused/scheme``."""

from __future__ import annotations

from scrapy.utils.httpobj import urlparse_cached

from crawler.middlewares import refuse


class SchemeFilterMiddleware:
    """Downloader middleware: file:, ftp:, data:, s3:, javascript: ... are never fetched."""

    def __init__(self, crawler, schemes: list[str]) -> None:
        self.crawler = crawler
        self.schemes = {s.lower() for s in schemes}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getlist("ANZUELO_ALLOWED_SCHEMES", ["http", "https"]))

    def process_request(self, request):
        scheme = urlparse_cached(request).scheme.lower()
        if scheme not in self.schemes:
            refuse(self.crawler, "scheme", request, scheme)
        return None
