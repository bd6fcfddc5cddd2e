"""Spider arguments as pydantic models: validated, documented, and shared with the sources file.

Scrapy passes ``-a name=value`` arguments as strings, so list fields also
accept comma/space separated strings and ``selectors`` accepts a JSON string.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def check_url(url: str) -> str:
    """An absolute http(s) URL, stripped; ValueError otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    return url


def _split(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            return json.loads(value)
        return [v for v in re.split(r"[,\s]+", value) if v]
    return value


class Selectors(BaseModel):
    """CSS (or XPath, when starting with / or ( ) selectors of a classifieds site."""

    model_config = ConfigDict(extra="forbid")

    listing_links: str | None = Field(None, description="links from a listing page to ad pages")
    next_page: str | None = Field(None, description="link to the next listing page")
    title: str | None = Field(None, description="ad title on an ad page")
    body: str | None = Field(None, description="ad text on an ad page")
    contact: str | None = Field(None, description="contact line (phone, e-mail, handle)")
    location: str | None = Field(None, description="city or region")
    date: str | None = Field(None, description="publication date (a datetime attribute is preferred)")
    employer: str | None = Field(None, description="advertiser or company name")
    detail_url_pattern: str | None = Field(None, description="regex: URLs matching it are ad pages")

    @field_validator("detail_url_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v:
            re.compile(v)
        return v


class SpiderParams(BaseModel):
    """Arguments every anzuelo spider takes."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field("", description="source name (from the sources file); default: the first start URL's host")
    url: str | None = Field(None, description="one start URL (shortcut for start_urls)")
    start_urls: list[str] = Field(default_factory=list, description="pages to start from")
    allowed_domains: list[str] = Field(default_factory=list, description="domains links may lead to; default: the start URLs' hosts")
    max_pages: int = Field(0, ge=0, description="HTML pages fetched at most (0 = ANZUELO_MAX_PAGES, 0 there = no limit)")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 hint when a page names no country")
    lang: str | None = Field(None, description="language hint: es, en, pt ...")
    follow_links: bool = Field(True, description="follow links within allowed_domains")
    scope: Literal["path", "host", "domain"] | None = Field(
        None, description="links followed: path (the seed's folder and below), host, or domain "
                          "(registrable domain); default ANZUELO_SCOPE_DEFAULT")

    @field_validator("start_urls", "allowed_domains", mode="before")
    @classmethod
    def _lists(cls, v: Any) -> Any:
        return _split(v)

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return [check_url(u) for u in v]

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        return check_url(v) if v else v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as 'CO', got {v!r}")
        return v.upper()

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[a-z]{2,3}", v.lower()):
            raise ValueError(f"lang must be a language code such as 'es', got {v!r}")
        return v.lower() if v else v

    @model_validator(mode="after")
    def _merge_url(self) -> SpiderParams:
        if self.url and self.url not in self.start_urls:
            self.start_urls = [self.url, *self.start_urls]
        return self

    def all_urls(self) -> list[str]:
        """Every URL the spider starts from (pages, sitemaps, feeds)."""
        return list(self.start_urls)


class SitemapSpiderParams(SpiderParams):
    """Arguments shared by spiders that start from pages and/or sitemaps."""

    sitemap_urls: list[str] = Field(default_factory=list, description="sitemaps or sitemap indexes (.xml or .xml.gz)")

    _sitemaps = field_validator("sitemap_urls", mode="before")(lambda cls, v: _split(v))

    @field_validator("sitemap_urls")
    @classmethod
    def _check_sitemaps(cls, v: list[str]) -> list[str]:
        return [check_url(u) for u in v]

    @model_validator(mode="after")
    def _need_one(self) -> SitemapSpiderParams:
        if not (self.start_urls or self.sitemap_urls):
            raise ValueError("give url/start_urls or sitemap_urls")
        return self

    def all_urls(self) -> list[str]:
        return [*self.start_urls, *self.sitemap_urls]


class JobPostingParams(SitemapSpiderParams):
    """Arguments of the ``jobposting`` spider."""

    robots_sitemaps: bool = Field(True, description="also read Sitemap: lines of the start hosts' robots.txt")


class ClassifiedsParams(SitemapSpiderParams):
    """Arguments of the ``classifieds`` spider."""

    selectors: Selectors = Field(default_factory=Selectors, description="per-site selectors; empty = main-text fallback")
    min_text_chars: int = Field(150, ge=0, description="fallback: shortest main text of an ad page")

    @field_validator("selectors", mode="before")
    @classmethod
    def _json(cls, v: Any) -> Any:
        return json.loads(v) if isinstance(v, str) else v


class FeedParams(SpiderParams):
    """Arguments of the ``feed`` spider (``url``/``start_urls`` are also read as feeds)."""

    feed_urls: list[str] = Field(default_factory=list, description="RSS or Atom feed URLs")
    follow_links: bool = Field(False, description="fetch each entry's page for the full text")

    _feeds = field_validator("feed_urls", mode="before")(lambda cls, v: _split(v))

    @field_validator("feed_urls")
    @classmethod
    def _check_feeds(cls, v: list[str]) -> list[str]:
        return [check_url(u) for u in v]

    @model_validator(mode="after")
    def _need_one(self) -> FeedParams:
        self.feed_urls = list(dict.fromkeys([*self.feed_urls, *self.start_urls]))
        if not self.feed_urls:
            raise ValueError("give feed_urls (or url)")
        return self

    def all_urls(self) -> list[str]:
        return list(self.feed_urls)
