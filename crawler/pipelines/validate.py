"""ValidatePipeline: drop items that cannot become a searchable ad.

Drops (stats ``drop_item/<reason>``): ``no_canonical_url``, ``no_text``.
Passes on a plain dict (the item's fields) so later pipelines may add the
score, incremental and index fields whatever item class the spider used.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.pipelines.common import drop
from index import fields as F


class ValidatePipeline:
    """Checks the minimum an ad needs: a canonical URL and some text."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ValidatePipeline":
        """Build from the crawler (no settings of its own)."""
        return cls(crawler)

    def process_item(self, item: Any) -> dict[str, Any]:
        """Return the item as a dict, or raise DropItem with a counted reason."""
        ad = ItemAdapter(item).asdict()
        url = (ad.get(F.CANONICAL_URL) or "").strip()
        if not url:
            raise drop(self.crawler, "no_canonical_url", f"item from {ad.get(F.URL)!r} has no canonical URL")
        text = ad.get(F.TEXT)
        if not isinstance(text, str) or not text.strip():
            raise drop(self.crawler, "no_text", f"{url} has no text")
        ad[F.CANONICAL_URL] = url
        return ad
