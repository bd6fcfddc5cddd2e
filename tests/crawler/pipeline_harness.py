"""Run ads through the real item pipelines in a real Scrapy crawl, without any site.

``python -m tests.crawler.pipeline_harness ITEMS.json SETTINGS.json`` starts a
spider that yields the ads of ITEMS.json from ``start()``, with the project
settings overridden by SETTINGS.json, and prints the final stats as JSON.
A subprocess because the Twisted reactor cannot restart inside pytest.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess

from crawler.run import project_settings
from nlp.types import Indicator, Score


class ItemsSpider(scrapy.Spider):
    """Yields the given ads, nothing else."""

    name = "items"

    def __init__(self, items: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items = items

    async def start(self):
        for item in self.items:
            yield item


class StubScorer:
    """Deterministic scorer: 'BAD' text raises (as a whole batch), 'urgente' scores high."""

    calls: list[int] = []

    def score_batch(self, ads: list[dict[str, Any]]) -> list[Score]:
        StubScorer.calls.append(len(ads))
        if any("BAD" in ad["text"] for ad in ads):
            raise ValueError("cannot score this ad")
        out = []
        for ad in ads:
            full = f"{ad['title']}\n{ad['text']}"
            hit = full.find("urgente")
            inds = [Indicator("urgency", "urgente", hit, hit + 7, 0.4)] if hit >= 0 else []
            out.append(Score(0.9 if inds else 0.1, "high" if inds else "low", inds,
                             {"phones": ["+573001112233"], "cities": ["Bogotá"], "countries": ["CO"]}, "es", "stub-1"))
        return out


def stub_factory(model_dir: str | None) -> StubScorer:
    """ANZUELO_SCORER_FACTORY target."""
    return StubScorer()


def main() -> None:
    items = json.loads(open(sys.argv[1], encoding="utf-8").read())
    overrides = json.loads(open(sys.argv[2], encoding="utf-8").read())
    settings = project_settings()
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ItemsSpider)
    process.crawl(crawler, items=items)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
    # run as __main__: the factory loaded the module again under its dotted name
    from tests.crawler import pipeline_harness as loaded

    stats["stub_batches"] = loaded.StubScorer.calls
    print("STATS " + json.dumps(stats))


if __name__ == "__main__":
    main()
