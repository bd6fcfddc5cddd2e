"""CrawlProgress: a tqdm bar on a terminal, plain progress lines elsewhere, both read from stats."""

from __future__ import annotations

import io

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
from twisted.internet.task import Clock

from crawler.progress import CrawlProgress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _crawler():
    crawler = get_crawler(settings_dict={"ANZUELO_PROGRESS": True, "ANZUELO_SOURCE": "demo-jobs"})
    for key, value in {"response_received_count": 12, "item_scraped_count": 4, "drop_item/unchanged": 3,
                       "anzuelo/ads/new": 4, "anzuelo/index/indexed": 4}.items():
        crawler.stats.set_value(key, value)
    return crawler


def test_progress_is_off_unless_asked():
    with pytest.raises(NotConfigured):
        CrawlProgress.from_crawler(get_crawler())


def test_progress_line_when_stderr_is_not_a_terminal():
    out = io.StringIO()
    ext = CrawlProgress(_crawler(), "demo-jobs", 5.0, 0, 0, stream=out)
    assert not ext.tty and ext.interval == 5.0
    ext.update()
    assert out.getvalue() == "[demo-jobs] pages 12  ads 7 (new 4, changed 0, unchanged 0)  indexed 4\n"


def test_progress_bar_on_a_terminal_shows_pages_ads_indexed():
    out = Tty()
    clock = Clock()  # not the reactor: installing one here would break later forked crawls
    ext = CrawlProgress(_crawler(), "demo-jobs", 5.0, 0, 100, stream=out, clock=clock)
    assert ext.tty and ext.interval < 5.0
    ext.spider_opened(None)
    clock.advance(ext.interval)  # the periodic update
    ext.spider_closed(None, "finished")
    assert not clock.getDelayedCalls()
    last = out.getvalue().split("\r")[-1]
    assert "demo-jobs" in last and "12/100" in last and "ads=7" in last and "indexed=4" in last
