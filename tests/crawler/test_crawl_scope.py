"""Crawl scope: path (the seed's folder and below), host, domain; out-of-scope links counted; sources' scope field."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from anzuelo.errors import InputError
from crawler.sources import load_sources
from crawler.spiders.classifieds import ClassifiedsSpider
from crawler.spiders.jobposting import JobPostingSpider


def spider(cls=JobPostingSpider, settings=None, **kwargs):
    return cls.from_crawler(get_crawler(cls, settings or {}), **kwargs)


@pytest.mark.parametrize("scope,url,expected,stat", [
    ("path", "https://www.empleos.example.co/ofertas/bogota/oferta-123.html", True, None),
    ("path", "https://empleos.example.co/ofertas/cali/", True, None),  # www. or not: one host
    ("path", "https://www.empleos.example.co/empresas/acme", False, "anzuelo/scope/out_of_scope/path"),
    ("path", "https://blog.empleos.example.co/ofertas/x", False, "anzuelo/scope/out_of_scope/host"),
    ("host", "https://www.empleos.example.co/empresas/acme", True, None),
    ("host", "https://blog.empleos.example.co/ofertas/x", False, "anzuelo/scope/out_of_scope/host"),
    ("domain", "https://blog.empleos.example.co/ofertas/x", True, None),
    ("domain", "https://otro.example.com/ofertas/x", False, "anzuelo/scope/offsite"),
])
def test_crawl_scope_link_in_scope(scope, url, expected, stat):
    sp = spider(url="https://www.empleos.example.co/ofertas/index.html", scope=scope)
    assert sp.link_in_scope(url) is expected
    if stat:
        assert sp.crawler.stats.get_value(stat) == 1


def test_crawl_scope_domain_widens_allowed_domains_for_offsite_middleware():
    assert spider(url="https://jobs.example.co.uk/a/", scope="domain").allowed_domains == ["example.co.uk"]
    assert spider(url="https://jobs.example.co.uk/a/", scope="host").allowed_domains == ["jobs.example.co.uk"]


def test_crawl_scope_default_from_settings_and_argument_checked():
    assert spider(url="https://x.example/a/").scope == "host"  # no ANZUELO_SCOPE_DEFAULT: host
    assert spider(settings={"ANZUELO_SCOPE_DEFAULT": "path"}, url="https://x.example/a/").scope == "path"
    with pytest.raises(InputError, match="field 'scope'"):
        spider(url="https://x.example/", scope="site")


def test_crawl_scope_follow_links_counts_each_refused_link_once():
    from scrapy.http import HtmlResponse, Request

    html = (b'<html><body><a href="/ofertas/1.html">1</a><a href="/ayuda/">ayuda</a><a href="/ayuda/">ayuda</a>'
            b'<a href="https://other.example/x">x</a></body></html>')
    sp = spider(ClassifiedsSpider, url="https://cl.example/ofertas/", scope="path")
    url = "https://cl.example/ofertas/"
    out = list(sp.follow_links(HtmlResponse(url, body=html, encoding="utf-8", request=Request(url)), sp.parse_page))
    assert [r.url for r in out] == ["https://cl.example/ofertas/1.html"]
    assert sp.crawler.stats.get_value("anzuelo/scope/out_of_scope/path") == 1
    assert sp.crawler.stats.get_value("anzuelo/scope/offsite") == 1


def test_crawl_scope_sources_field_validated_and_passed(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.a]\nspider = "jobposting"\nstart_urls = ["https://a.example/"]\nscope = "domain"\n'
                    '[sources.b]\nspider = "classifieds"\nstart_urls = ["https://b.example/"]\n', encoding="utf-8")
    a, b = load_sources(path)
    assert a.spider_args()["scope"] == "domain" and b.spider_args()["scope"] == "host"  # host: the sources default
    path.write_text('[sources.a]\nspider = "jobposting"\nstart_urls = ["https://a.example/"]\nscope = "site"\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_sources(path)
    assert f"{path}: source 'a': field 'scope'" in str(exc.value)
