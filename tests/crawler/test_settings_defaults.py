"""Crawler settings and the item contract: polite, safe defaults; item names match index.fields."""

from __future__ import annotations

import dataclasses

from scrapy.settings import Settings

import index.fields as F
from anzuelo import settings as defaults
from crawler.items import AdItem


def test_polite_and_safe_defaults():
    s = Settings()
    s.setmodule("crawler.settings", priority="project")
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == defaults.CRAWL_CONCURRENT_PER_DOMAIN == 2
    assert s.getint("DOWNLOAD_MAXSIZE") == 5 * 1024 * 1024
    assert "anzuelo" in s.get("USER_AGENT") and "https://" in s.get("USER_AGENT")
    assert s.getdict("DOWNLOAD_HANDLERS") == {"file": None, "s3": None, "ftp": None, "data": None}
    assert not s.getbool("ANZUELO_ALLOW_PRIVATE") and s.getlist("ANZUELO_ALLOWED_PRIVATE_HOSTS") == []
    mws = s.getdict("DOWNLOADER_MIDDLEWARES")
    assert mws["crawler.middlewares.addressfilter.AddressFilterMiddleware"] < 50  # before offsite and robots.txt


def test_item_fields_are_index_fields():
    consts = {v for k, v in vars(F).items() if k.isupper() and isinstance(v, str)}
    names = {f.name for f in dataclasses.fields(AdItem)}
    assert names <= consts
    assert {F.URL, F.CANONICAL_URL, F.CONTENT_HASH, F.EVIDENCE, *F.LINK_FIELDS} <= names
