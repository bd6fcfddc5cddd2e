"""ValidatePipeline: ads without canonical URL or text are dropped and counted."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import AdItem
from crawler.pipelines.validate import ValidatePipeline


def _pipe():
    crawler = get_crawler()
    crawler.stats.open_spider()
    return crawler, ValidatePipeline.from_crawler(crawler)


@pytest.mark.parametrize(("item", "reason"), [
    ({"url": "http://a/1", "canonical_url": "", "text": "hola"}, "no_canonical_url"),
    ({"url": "http://a/1", "text": "hola"}, "no_canonical_url"),
    ({"url": "http://a/1", "canonical_url": "http://a/1", "text": "   "}, "no_text"),
    ({"url": "http://a/1", "canonical_url": "http://a/1"}, "no_text"),
])
def test_validate_drops_incomplete_ads_with_reason(item, reason):
    crawler, pipe = _pipe()
    with pytest.raises(DropItem, match=reason):
        pipe.process_item(item)
    assert crawler.stats.get_value(f"drop_item/{reason}") == 1


def test_validate_passes_an_aditem_on_as_a_dict():
    crawler, pipe = _pipe()
    item = AdItem(url="http://a/1", canonical_url=" http://a/1 ", source="s", spider="jobposting", title="t", text="hola")
    out = pipe.process_item(item)
    assert isinstance(out, dict) and out["canonical_url"] == "http://a/1" and out["text"] == "hola"
    assert not any(k.startswith("drop_item/") for k in crawler.stats.get_stats())
