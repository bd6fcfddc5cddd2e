"""Live crawl counts: ads are found when they enter the pipelines, not when indexing finishes."""

from __future__ import annotations

import pytest

from crawler.summary import counts


@pytest.mark.parametrize(
    ("stats", "ads"),
    [
        # 40 new ads waiting for the scorer: found, not yet scraped
        ({"anzuelo/ads/new": 40}, 40),
        # the same crawl at the end: every new ad scraped, none counted twice
        ({"anzuelo/ads/new": 40, "item_scraped_count": 40}, 40),
        # a re-crawl: unchanged ads are dropped after their last_seen refresh
        ({"anzuelo/ads/unchanged": 20, "drop_item/unchanged": 20}, 20),
        # incremental off: only scraped items and drops are known
        ({"item_scraped_count": 10, "drop_item/no_text": 2}, 12),
        # changed ads count like new ones
        ({"anzuelo/ads/changed": 3, "anzuelo/ads/new": 1, "item_scraped_count": 2}, 4),
    ],
)
def test_summary_counts_ads_found(stats, ads):
    assert counts(stats)["ads"] == ads


def test_summary_counts_other_fields():
    c = counts({"response_received_count": 7, "anzuelo/index/indexed": 5, "anzuelo/ads/unchanged": 2})
    assert (c["pages"], c["indexed"], c["unchanged"], c["new"], c["changed"]) == (7, 5, 2, 0, 0)
