"""Opening the index client from a crawl's settings (one place to adapt to ``index``)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.pipelines.common import setting


def index_options(crawler: Crawler) -> dict[str, Any]:
    """Keyword arguments of ``index.Index.connect`` from ``ANZUELO_ENGINE_URL``, ``ANZUELO_INDEX_*``."""
    return {
        "url": str(setting(crawler, "ENGINE_URL")),
        "prefix": str(setting(crawler, "INDEX_PREFIX")),
        "timeout": float(setting(crawler, "INDEX_TIMEOUT")),
        "ads_version": int(setting(crawler, "INDEX_ADS_VERSION")),
        "bulk_size": int(setting(crawler, "INDEX_BULK_SIZE")),
        "max_retries": int(setting(crawler, "INDEX_BULK_MAX_RETRIES")),
        "backoff": float(setting(crawler, "INDEX_BULK_BACKOFF")),
    }


def open_client(crawler: Crawler) -> Any:
    """An ``index`` client for the crawl's engine settings, the ads index ready behind its alias."""
    return connect(**index_options(crawler))


def connect(url: str, prefix: str, **options: Any) -> Any:
    """An ``index`` client with the ads index ready behind its alias (``options``: see ``Index``)."""
    from index import Index

    client = Index.connect(url, prefix=prefix, **options)
    client.ensure_ads_index()
    return client
