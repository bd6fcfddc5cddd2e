"""Spiders on saved pages (no server): items, canonical URLs, link following, params validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, XmlResponse
from scrapy.utils.test import get_crawler

from anzuelo.errors import InputError
from crawler.items import AdItem
from crawler.spiders.classifieds import ClassifiedsSpider
from crawler.spiders.feed import FeedSpider
from crawler.spiders.jobposting import JobPostingSpider

PAGES = Path(__file__).parent / "pages"


def spider(cls, **kwargs):
    crawler = get_crawler(cls)
    return cls.from_crawler(crawler, **kwargs)


def response(name: str, url: str, cls=HtmlResponse):
    return cls(url=url, body=(PAGES / name).read_bytes(), encoding="utf-8", request=Request(url))


def test_jobposting_spider_yields_ad_with_canonical_url_and_contacts():
    sp = spider(JobPostingSpider, url="https://empleos.example.mx/", source="ex-mx", lang="es")
    out = list(sp.parse_page(response("jobposting_jsonld_graph.html", "https://empleos.example.mx/oferta/123?utm_medium=x")))
    items = [o for o in out if isinstance(o, AdItem)]
    assert len(items) == 1
    ad = items[0]
    assert ad.canonical_url == "https://empleos.example.mx/oferta/123"  # <link rel=canonical>, tracking and fragment dropped
    assert ad.source == "ex-mx" and ad.spider == "jobposting" and ad.lang == "es" and ad.country == "MX"
    assert ad.whatsapp == ["+529981234567"]
    assert len(ad.content_hash) == 64 and ad.fetched_at.endswith("Z")


def test_jobposting_spider_follows_only_in_domain_links_once():
    sp = spider(JobPostingSpider, url="https://x.example/", max_pages=10)
    out = list(sp.parse_page(response("no_jobposting.html", "https://x.example/jobs/page/1.html")))
    assert [r.url for r in out] == ["https://x.example/jobs/a.html", "https://x.example/jobs/b.html"]
    assert list(sp.parse_page(response("no_jobposting.html", "https://x.example/jobs/page/1.html"))) == []  # seen
    assert sp.crawler.stats.get_value("anzuelo/pages/no_jobposting") == 2


def test_max_pages_caps_requests():
    sp = spider(JobPostingSpider, url="https://x.example/", max_pages=1)
    out = list(sp.parse_page(response("no_jobposting.html", "https://x.example/jobs/page/1.html")))
    assert len(out) == 1 and sp.crawler.stats.get_value("anzuelo/pages/over_limit") == 1


def test_classifieds_selectors_extract_fields_and_contact_line():
    sel = {"title": "h1.ad-title", "body": "div.ad-body", "contact": "p.ad-contact", "location": "span.ad-city",
           "date": "time.ad-date", "detail_url_pattern": "/ad/"}
    sp = spider(ClassifiedsSpider, url="https://cl.example/", selectors=json.dumps(sel), country="MX")
    ad = next(o for o in sp.parse_page(response("classified_detail.html", "https://cl.example/ad/1.html")) if isinstance(o, AdItem))
    assert ad.title == "Se solicitan edecanes para eventos"
    assert ad.text.startswith("Buscamos chicas") and "\n\n" in ad.text
    assert ad.location == "Monterrey" and ad.posted_at == "2026-11-07T00:00:00Z"
    assert ad.phones == ["+528112345678"]  # from the contact line, region from the country hint


def test_classifieds_fallback_uses_main_text():
    sp = spider(ClassifiedsSpider, url="https://cl.example/", min_text_chars=60)
    ad = next(o for o in sp.parse_page(response("classified_detail.html", "https://cl.example/ad/1.html")) if isinstance(o, AdItem))
    assert ad.title == "Se solicitan edecanes para eventos" and "eventos privados en hoteles" in ad.text


def test_feed_spider_atom_entries_to_ads():
    sp = spider(FeedSpider, feed_urls="https://empregos.example.org/feed.xml", country="BR")
    items = list(sp.parse_feed(response("feed_atom.xml", "https://empregos.example.org/feed.xml", XmlResponse)))
    assert [i.title for i in items] == ["Modelos para Europa – viagem paga", "Caixa de supermercado"]
    assert items[0].url == "https://empregos.example.org/v/1" and items[1].url == "https://empregos.example.org/v/2"
    assert items[0].posted_at == "2026-11-02T10:00:00Z" and items[0].employer == "Agência Estrela"
    assert items[0].phones == ["+5511987654321"] and items[0].whatsapp == ["+5511987654321"]
    assert (items[1].salary_amount, items[1].salary_currency, items[1].salary_period) == (1800.0, "BRL", "month")


def test_feed_spider_follow_links_requests_pages():
    sp = spider(FeedSpider, feed_urls="https://empregos.example.org/feed.xml", follow_links="true")
    out = list(sp.parse_feed(response("feed_atom.xml", "https://empregos.example.org/feed.xml", XmlResponse)))
    assert [r.url for r in out] == ["https://empregos.example.org/v/1", "https://empregos.example.org/v/2"]
    assert out[0].cb_kwargs["entry"]["title"] == "Modelos para Europa – viagem paga"


@pytest.mark.parametrize("cls,kwargs,field", [
    (JobPostingSpider, {"url": "ftp://x.example/"}, "url"),
    (JobPostingSpider, {"url": "https://x.example/", "country": "Colombia"}, "country"),
    (JobPostingSpider, {"url": "https://x.example/", "max_pages": "-1"}, "max_pages"),
    (JobPostingSpider, {}, "-"),
    (ClassifiedsSpider, {"url": "https://x.example/", "selectors": '{"titel": "h1"}'}, "selectors.titel"),
    (FeedSpider, {"feed_urls": "file:///etc/passwd"}, "feed_urls"),
    (FeedSpider, {"url": "https://x.example/", "bogus": "1"}, "bogus"),
])
def test_spider_arguments_validated(cls, kwargs, field):
    with pytest.raises(InputError) as exc:
        spider(cls, **kwargs)
    assert f"spider '{cls.name}': field '{field}'" in str(exc.value)
