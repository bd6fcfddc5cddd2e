"""Full crawls of the local demo sites (child processes, anzuelo settings, no pipelines)."""

from __future__ import annotations

import json
import re

from crawler.evidence import read_evidence

SELECTORS = {"listing_links": "a.ad-link", "next_page": "a.next", "title": "h1.ad-title", "body": "div.ad-body",
             "contact": "p.ad-contact", "location": "span.ad-city", "date": "time.ad-date", "detail_url_pattern": "/ad/"}


def ad_ids(result) -> list[str]:
    """Labelled ids of the crawled ads, read back from their evidence captures."""
    ids = []
    for item in result.items:
        _, body = read_evidence(item["evidence"]["path"])
        ids += re.findall(rb'data-ad-id="([^"]+)"', body)
    return sorted(i.decode() for i in ids)


def expected(sites, site: str) -> list[str]:
    return sorted(e["id"] for e in sites.manifest if e["site"] == site)


def test_jobposting_finds_every_demo_ad_once_and_obeys_robots(demo_sites, crawl):
    before = demo_sites.hits("jobs").get("/private/applicants.html", 0)
    result = crawl("jobposting", url=demo_sites.urls["jobs"] + "/", source="demo-jobs")
    assert ad_ids(result) == expected(demo_sites, "jobs")  # every ad, exactly once
    assert len({i["canonical_url"] for i in result.items}) == len(result.items)
    assert all(i["title"] and i["text"] and i["country"] and i["posted_at"] for i in result.items)
    assert demo_sites.hits("jobs").get("/private/applicants.html", 0) == before  # disallowed by robots.txt
    assert result.stat("anzuelo/refused/robots_txt") == 1
    assert result.stat("anzuelo/pages/no_jobposting") >= 5  # index, listings, about
    assert result.stat("anzuelo/evidence/saved") == len(result.items)


def test_jobposting_sitemap_only(demo_sites, crawl):
    result = crawl("jobposting", sitemap_urls=demo_sites.urls["jobs"] + "/sitemap.xml", follow_links="false")
    assert ad_ids(result) == expected(demo_sites, "jobs")
    assert result.stat("anzuelo/pages/no_jobposting") == 0  # the sitemap lists ads only


def test_max_pages_honoured(demo_sites, crawl):
    result = crawl("jobposting", url=demo_sites.urls["jobs"] + "/jobs/page/1.html", max_pages=5, robots_sitemaps="false")
    assert result.stat("downloader/response_status_count/200") <= 5 + 1  # + robots.txt
    assert 1 <= len(result.items) <= 4
    assert result.stat("anzuelo/pages/over_limit") > 0


def test_classifieds_with_selectors(demo_sites, crawl):
    result = crawl("classifieds", url=demo_sites.urls["classifieds"] + "/", selectors=json.dumps(SELECTORS))
    assert ad_ids(result) == expected(demo_sites, "classifieds")
    assert all(i["location"] and i["posted_at"] for i in result.items)
    langs = {e["id"]: e["lang"] for e in demo_sites.manifest}
    assert sorted(i["lang"] for i in result.items) == sorted(langs[i] for i in ad_ids(result))  # from <html lang>
    assert demo_sites.hits("classifieds").get("/admin/users.html", 0) == 0
    assert result.stat("anzuelo/refused/robots_txt") == 1


def test_classifieds_fallback_without_selectors(demo_sites, crawl):
    result = crawl("classifieds", url=demo_sites.urls["classifieds"] + "/c/empleo/1.html")
    assert ad_ids(result) == expected(demo_sites, "classifieds")
    assert result.stat("anzuelo/pages/listing") == 2


def test_feed_follow_links_gets_full_ads(demo_sites, crawl):
    result = crawl("feed", feed_urls=demo_sites.urls["jobs"] + "/feed.xml", follow_links="true", source="demo-feed")
    assert len(result.items) == 20 and len(ad_ids(result)) == 20
    assert all(i["valid_through"] and i["source"] == "demo-feed" for i in result.items)


def test_removed_ad_is_not_an_item(mutable_sites, crawl):
    gone = mutable_sites.remove_ad(expected(mutable_sites, "jobs")[0])
    result = crawl("jobposting", url=mutable_sites.urls["jobs"] + "/")
    assert gone["id"] not in ad_ids(result) and len(result.items) == len(expected(mutable_sites, "jobs")) - 1
    assert result.stat("downloader/response_status_count/404") == 1
