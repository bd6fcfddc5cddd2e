"""JsonlOutputPipeline: write every scored ad as one JSON object a line (``--output``).

Setting ``ANZUELO_OUTPUT`` (a path; unset -> NotConfigured). Runs after
scoring, so each line holds the item fields plus score, risk and indicators.
Lines are flushed as written, so a stopped crawl leaves a valid file.
Stats: ``anzuelo/output/written``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class JsonlOutputPipeline:
    """Appends each ad to a JSON-lines file."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.fh: IO[str] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "JsonlOutputPipeline":
        """NotConfigured unless ``ANZUELO_OUTPUT`` names a file."""
        path = crawler.settings.get("ANZUELO_OUTPUT")
        if not path:
            raise NotConfigured("no --output file")
        return cls(crawler, Path(path))

    def open_spider(self) -> None:
        """Open the file for appending (a resumed crawl adds to it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.path.open("a", encoding="utf-8")

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Write the ad and pass it on."""
        assert self.fh is not None
        line = {k: v for k, v in item.items() if not k.startswith("_")}
        self.fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        self.fh.flush()
        self.crawler.stats.inc_value("anzuelo/output/written")
        return item

    def close_spider(self) -> None:
        """Close the file."""
        if self.fh is not None:
            self.fh.close()
