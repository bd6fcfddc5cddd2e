"""Opening the index client from a crawl's settings (one place to adapt to ``index``)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.pipelines.common import setting


def open_client(crawler: Crawler) -> Any:
    """An ``index`` client for ``ANZUELO_ENGINE_URL`` and ``ANZUELO_INDEX_PREFIX``."""
    return connect(str(setting(crawler, "ENGINE_URL")), str(setting(crawler, "INDEX_PREFIX")))


def connect(url: str, prefix: str) -> Any:
    """An ``index`` client with the ads index ready behind its alias."""
    from index import Index

    client = Index.connect(url, prefix=prefix)
    client.ensure_ads_index()
    return client
