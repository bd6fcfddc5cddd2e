"""The ``telegram`` spider on t.me/s preview pages served from 127.0.0.1 (a host that is not t.me)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from crawler.evidence import read_evidence
from crawler.ingest.params import TelegramParams, channel_of
from crawler.spiders.telegram import count
from crawler.state import SeenStore
from tests.fixtures.channels import CHANNEL, FIXTURES, ChannelSite

#: Without indexing there is no seen-store to stop at: every page is read.
NO_INDEX = {"ANZUELO_INDEX_ENABLED": False}
PAGES = FIXTURES / "tme" / "s" / CHANNEL


@pytest.fixture
def channel_site():
    with ChannelSite() as site:
        yield site


def _ids(result) -> list[int]:
    return sorted(int(it["message_id"]) for it in result.items)


def test_telegram_spider_every_page_every_message(crawl, channel_site, tmp_path):
    result = crawl("telegram", NO_INDEX, url=f"{channel_site.base_url}/s/{CHANNEL}")
    hits = dict(channel_site.hits)
    for path in (f"/s/{CHANNEL}", f"/s/{CHANNEL}?before=121", f"/s/{CHANNEL}?before=116"):
        assert hits.get(path) == 1, hits
    assert len(hits) == 4  # + robots.txt; the oldest page has no link further back
    # 15 messages: 2 photos/videos without text, 1 service message
    assert _ids(result) == [111, 112, 113, 115, 116, 117, 118, 120, 121, 122, 123, 125]
    assert result.stat("drop_item/telegram/media_only") == 2 and result.stat("drop_item/telegram/service") == 1
    ads = {int(it["message_id"]): it for it in result.items}
    lure = ads[125]
    assert lure["canonical_url"] == lure["url"] == f"https://t.me/{CHANNEL}/125"  # t.me, whatever host served it
    assert lure["channel"] == CHANNEL and lure["channel_title"] == "Empleos Norte (demo)"
    assert lure["posted_at"] == "2024-03-20T08:45:02+00:00" and lure["views"] == 1200
    assert lure["attachments"] == ["photo"] and lure["spider"] == "telegram"
    assert "https://wa.me/5218125550167" in lure["urls"] and lure["telegram"] == ["reclutadora_norte_demo"]
    assert "Ganas 2,000 dólares a la semana" in lure["text"]
    assert ads[123]["forwarded_from"] == "Bolsa de Trabajo Saltillo (demo)" and ads[123]["views"] == 845
    assert ads[122]["text"].startswith("Actualización:") and "Reynosa" not in ads[122]["text"]  # reply quote left out
    assert ads[121]["attachments"] == ["document"]
    # each page kept once as a WARC capture; every ad points at its page's
    captures = {it["evidence"]["path"] for it in result.items}
    assert len(captures) == 3
    _, body = read_evidence(ads[125]["evidence"]["path"])
    assert body == (PAGES / "index.html").read_bytes()


@pytest.mark.parametrize(("seen_hash", "pages"), [("a" * 64, 2), ("", 3)])
def test_telegram_spider_stops_paging_at_indexed_messages(crawl, channel_site, tmp_path, seen_hash, pages):
    # message 118 (second page) already indexed by an earlier crawl: the third page is never fetched;
    # a row whose indexing failed (hash cleared) does not count as indexed
    store = SeenStore.in_dir(tmp_path / "state")
    store.upsert(f"https://t.me/{CHANNEL}/118", "t.me", seen_hash, "2024-03-16T08:00:00Z", "2024-03-16T08:00:00Z")
    store.close()
    result = crawl("telegram", url=f"{channel_site.base_url}/s/{CHANNEL}")
    fetched = [p for p in channel_site.hits if p.startswith("/s/")]
    assert len(fetched) == pages
    assert (f"/s/{CHANNEL}?before=116" in fetched) is (pages == 3)
    assert result.stat("anzuelo/telegram/stopped_at_seen") == (1 if pages == 2 else 0)
    assert 125 in _ids(result) and 118 in _ids(result)  # the page holding the known message is still read


def test_telegram_spider_max_pages_and_no_paging(crawl, channel_site):
    one = crawl("telegram", NO_INDEX, url=f"{channel_site.base_url}/s/{CHANNEL}", max_pages=1)
    assert _ids(one) == [121, 122, 123, 125]
    assert one.stat("anzuelo/pages/over_limit") == 1


def test_telegram_spider_private_address_refused_without_allow(crawl, channel_site):
    result = crawl("telegram", {**NO_INDEX, "ANZUELO_ALLOWED_PRIVATE_HOSTS": []}, url=f"{channel_site.base_url}/s/{CHANNEL}")
    assert result.items == [] and not channel_site.hits


def test_telegram_spider_not_a_preview_page_counted(crawl, channel_site, tmp_path):
    result = crawl("telegram", NO_INDEX, url=f"{channel_site.base_url}/s/nosuchchannel")
    assert result.items == []
    assert result.stat("anzuelo/telegram/pages_without_messages") in (0, 1)  # a 404 is not parsed at all
    assert result.stat("downloader/response_status_count/404") >= 1


@pytest.mark.parametrize(("url", "start", "name"), [
    ("https://t.me/s/empleos_norte_demo", "https://t.me/s/empleos_norte_demo", "empleos_norte_demo"),
    ("https://t.me/empleos_norte_demo", "https://t.me/s/empleos_norte_demo", "empleos_norte_demo"),
    ("http://127.0.0.1:8080/s/Canal_Demo?before=10", "http://127.0.0.1:8080/s/Canal_Demo?before=10", "Canal_Demo"),
    ("https://archive.example/web/2024/https://t.me/s/canal_demo", "https://archive.example/web/2024/https://t.me/s/canal_demo",
     "canal_demo"),
])
def test_telegram_spider_params_take_any_host(url, start, name):
    assert TelegramParams(url=url).start_urls == [start]
    assert channel_of(start) == name


def test_telegram_spider_params_need_a_url():
    with pytest.raises(ValidationError, match="channel preview page"):
        TelegramParams()


@pytest.mark.parametrize(("raw", "views"), [("950", 950), ("1.2K", 1200), ("3,4M", 3_400_000), ("", None), ("n/a", None)])
def test_telegram_spider_views(raw, views):
    assert count(raw) == views


@pytest.mark.integration
@pytest.mark.slow
def test_telegram_spider_cli_crawl_then_incremental_recrawl(tmp_path, engine, engine_url, channel_site):
    import json

    from tests.crawler.crawl_helpers import anzuelo, crawl_env

    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    args = ["crawl", "--url", f"{channel_site.base_url}/s/{CHANNEL}", "--spider", "telegram", "--allow-private", "--json"]
    first = anzuelo(args, env)
    assert first.returncode == 0, first.stderr[-3000:]
    one = json.loads(first.stdout)[0]
    assert (one["new"], one["indexed"], one["failed"], one["gone"]) == (12, 12, 0, 0)
    assert one["source"] == f"telegram:{CHANNEL}"  # one source per channel, whatever host served it
    engine.refresh()
    docs = {d["canonical_url"]: d for d in engine.scan({"query": {"match_all": {}}})}
    lure = docs[f"https://t.me/{CHANNEL}/125"]
    assert lure["views"] == 1200 and lure["score"] > 0.5 and lure["evidence"]["format"] == "warc.gz"

    again = json.loads(anzuelo(args, env).stdout)[0]
    # the newest page holds indexed messages: nothing older is fetched again, nothing is marked gone
    assert (again["new"], again["changed"], again["unchanged"], again["gone"]) == (0, 0, 4, 0)
    assert channel_site.hits[f"/s/{CHANNEL}"] == 2 and channel_site.hits[f"/s/{CHANNEL}?before=121"] == 1
    assert engine.count() == 12
