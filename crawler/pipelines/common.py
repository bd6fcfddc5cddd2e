"""Helpers shared by the pipelines: drops with counted reasons, times, ids, settings."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from anzuelo import settings as defaults


def now_iso() -> str:
    """Current UTC time as ISO 8601 with milliseconds (sorts as text, as sqlite needs)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def drop(crawler: Crawler, reason: str, message: str, log_level: str | None = None) -> DropItem:
    """Count ``drop_item/<reason>`` and return the DropItem to raise (Scrapy logs it)."""
    assert crawler.stats is not None
    crawler.stats.inc_value(f"drop_item/{reason}")
    return DropItem(f"{reason}: {message}", log_level=log_level)


def doc_id(canonical_url: str) -> str:
    """Engine _id of an ad: sha1 hex of its canonical URL (same as ``index.doc_id``)."""
    try:
        from index import doc_id as index_doc_id  # the index layer owns the rule
    except ImportError:  # pragma: no cover - index layer not installed
        return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()
    return index_doc_id(canonical_url)


def content_hash(title: str | None, text: str | None) -> str:
    """sha256 of the normalised title + text, the same rule the spiders use."""
    from crawler.extract.text import content_hash as spider_hash

    return spider_hash(title, text)


def setting(crawler: Crawler, name: str) -> Any:
    """Scrapy setting ``ANZUELO_<name>``, else the default from ``anzuelo.settings``."""
    default = getattr(defaults, name, None)
    value = crawler.settings.get(f"ANZUELO_{name}", default)
    if isinstance(default, bool) and not isinstance(value, bool):
        return str(value).strip().lower() in {"1", "true", "yes", "on"}
    return value


def state_dir(crawler: Crawler) -> Path:
    """The crawl state folder (seen-store, dead letters, jobs), created."""
    raw = crawler.settings.get("ANZUELO_STATE_DIR")
    path = Path(raw) if raw else defaults.home() / defaults.CRAWL_STATE_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def source_name(crawler: Crawler, item: dict | None = None) -> str:
    """The configured source this crawl feeds (setting, spider attribute, then item)."""
    name = crawler.settings.get("ANZUELO_SOURCE") or getattr(crawler.spider, "source", None)
    if not name and item:
        name = item.get("source")
    return str(name or getattr(crawler.spider, "name", "unknown"))
