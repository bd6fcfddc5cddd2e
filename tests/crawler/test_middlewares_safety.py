"""Safety middlewares: private/metadata addresses (every redirect hop), schemes, gzip and brotli bombs."""

from __future__ import annotations

import gzip
import ipaddress
import brotli
import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.middlewares.addressfilter import classify
from crawler.middlewares.schemefilter import SchemeFilterMiddleware
from demo.server import Route, SiteServer

JOB = (b'<html><head><script type="application/ld+json">{"@type": "JobPosting", "title": "Bomb", '
       b'"description": "x"}</script></head><body>')


@pytest.mark.parametrize("ip,reason", [
    ("127.0.0.1", "private_address"), ("10.1.2.3", "private_address"), ("172.16.0.1", "private_address"),
    ("192.168.1.1", "private_address"), ("169.254.1.1", "private_address"), ("100.64.0.1", "private_address"),
    ("::1", "private_address"), ("fd12::1", "private_address"), ("fe80::1", "private_address"),
    ("224.0.0.1", "private_address"), ("0.0.0.0", "private_address"), ("::ffff:10.0.0.1", "private_address"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_classify_addresses(ip, reason):
    assert classify(ipaddress.ip_address(ip)) == reason


@pytest.fixture
def server():
    srv = SiteServer(__import__("demo").SITES_DIR / "jobs")
    import threading

    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def redirect(location: str) -> Route:
    return Route(b"", 302, {"Location": location})


def test_redirect_into_private_address_refused(server, crawl):
    port = server.server_address[1]
    server.routes.update({
        "/to-localhost": redirect(f"http://localhost:{port}/secret"),
        "/to-intranet": redirect("http://intranet.corp.example/secret"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
        "/secret": Route(JOB + b"secret</body></html>"),
    })
    urls = ",".join(f"{server.base_url}{p}" for p in ("/to-localhost", "/to-intranet", "/to-metadata"))
    result = crawl("jobposting", {"ANZUELO_RESOLVE_OVERRIDES": {"intranet.corp.example": "10.20.30.40"}},
                   start_urls=urls, robots_sitemaps="false",
                   allowed_domains="127.0.0.1,localhost,intranet.corp.example,169.254.169.254")
    assert server.hits["/to-localhost"] == 1  # the allowed host itself is fetched
    assert server.hits["/secret"] == 0 and result.items == []
    assert result.stat("anzuelo/refused/private_address") == 2  # localhost, intranet (resolver hook, no DNS)
    assert result.stat("anzuelo/refused/metadata") == 1


def test_public_looking_name_resolving_private_refused(crawl):
    result = crawl("jobposting", {"ANZUELO_RESOLVE_OVERRIDES": {"jobs.example.com": "127.0.0.1"}},
                   url="http://jobs.example.com:9/", robots_sitemaps="false")
    assert result.stat("anzuelo/refused/private_address") == 1


def test_metadata_refused_even_when_private_allowed(crawl):
    result = crawl("jobposting", {"ANZUELO_ALLOW_PRIVATE": True}, url="http://metadata.google.internal/computeMetadata/v1/",
                   robots_sitemaps="false")
    assert result.stat("anzuelo/refused/metadata") == 1


def test_scheme_filter_refuses_and_counts():
    crawler = get_crawler(settings_dict={"ANZUELO_ALLOWED_SCHEMES": ["http", "https"]})
    mw = SchemeFilterMiddleware.from_crawler(crawler)
    stats = crawler.stats
    assert mw.process_request(Request("https://x.example/")) is None
    for url in ("file:///etc/passwd", "ftp://x.example/a", "data:text/html,hi"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    assert stats.get_value("anzuelo/refused/scheme") == 3


@pytest.mark.parametrize("encoding,compress", [("gzip", gzip.compress), ("br", brotli.compress)])
def test_decompression_bomb_dropped(server, crawl, encoding, compress):
    body = compress(JOB + b" " * (20 * 1024 * 1024) + b"</body></html>")  # 20 MB unpacked, a few KB packed
    assert len(body) < 100_000
    server.routes["/bomb.html"] = Route(body, 200, {"Content-Type": "text/html", "Content-Encoding": encoding})
    result = crawl("jobposting", url=server.base_url + "/bomb.html", robots_sitemaps="false")
    assert server.hits["/bomb.html"] == 1 and result.items == []
    assert result.stat("anzuelo/refused/too_large") == 1  # counted (and logged by HttpCompressionMiddleware)
