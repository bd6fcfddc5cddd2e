"""Shared spider machinery: validated arguments, the page budget, sitemaps and building ads."""

from __future__ import annotations

import gzip
import io
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from pydantic import BaseModel, ValidationError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from anzuelo.errors import InputError
from crawler.extract.contacts import extract_contacts
from crawler.extract.page import page_facts, page_links
from crawler.extract.pagetype import PageType, PageTypeConfig, classify_page
from crawler.extract.salary import find_salary
from crawler.extract.text import normalize_space
from crawler.extract.urls import canonical_url, normalize_url
from crawler.items import AdItem
from crawler.spiders.params import SpiderParams
from crawler.spiders.scope import CrawlScope


def params_error(spider: str, exc: ValidationError) -> InputError:
    """An InputError naming the spider and each bad field."""
    lines = [f"spider '{spider}': field '{'.'.join(map(str, e['loc'])) or '-'}': {e['msg']}" for e in exc.errors()]
    return InputError("; ".join(lines), "see `scrapy list` / the spider's params model in crawler/spiders/params.py")


#: Messages of Scrapy's IgnoreRequest/cancel errors -> refusal reason.
_REFUSALS = (("robots.txt", "robots_txt"), ("offsite", "offsite"), ("download_maxsize", "too_large"),
             ("max size", "too_large"), ("maxsize", "too_large"))


def _page_lang(response) -> str | None:
    """Primary language subtag of ``<html lang>`` ('es' for 'es-CO'), None for feeds and unmarked pages."""
    facts = page_facts(response)
    code = ((facts.lang if facts is not None else None) or "").strip().split("-")[0].split("_")[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


class AnzueloSpider(scrapy.Spider):
    """Base of anzuelo spiders: ``self.params`` is the validated argument model."""

    params_model: ClassVar[type[SpiderParams]] = SpiderParams

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # private keys (e.g. scrapyd's _job) are not spider arguments
        kwargs = {k: v for k, v in kwargs.items() if not k.startswith("_")}
        try:
            self.params = self.params_model.model_validate(kwargs)
        except ValidationError as exc:
            raise params_error(self.name, exc) from None
        super().__init__(*args)
        urls = self.params.all_urls()
        self.source = self.params.source or (urlsplit(urls[0]).hostname if urls else self.name)
        self.max_pages = self.params.max_pages
        self._seen: set[str] = set()
        self._pages = 0
        self._in_scope: dict[str, bool] = {}  # host -> allowed (hosts repeat on every page)
        self._out_of_scope: set[str] = set()  # links refused once, not counted again
        self.pagetype = PageTypeConfig()
        self.set_scope(self.params.scope or "host")

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if not spider.max_pages:
            spider.max_pages = crawler.settings.getint("ANZUELO_MAX_PAGES", 0)
        if not spider.params.scope:
            spider.set_scope(crawler.settings.get("ANZUELO_SCOPE_DEFAULT") or "host")
        spider.pagetype = PageTypeConfig.from_settings(crawler.settings)
        return spider

    # --- scope ------------------------------------------------------------------
    def set_scope(self, scope: str) -> None:
        """Which links are followed: ``path`` (seed folder and below), ``host`` or ``domain`` (``crawler.spiders.scope``)."""
        try:
            self.crawl_scope = CrawlScope(scope, self.params.all_urls(), list(self.params.allowed_domains))
        except ValueError as exc:
            raise InputError(f"spider '{self.name}': field 'scope': {exc}", "use path, host or domain") from None
        self.scope = scope
        self.allowed_domains = self.crawl_scope.allowed_domains
        self._in_scope = {}

    def link_in_scope(self, url: str) -> bool:
        """True when a link found on a page may be followed; else counted as ``anzuelo/scope/<why>``."""
        refused = self.crawl_scope.refusal(url)
        if refused:
            self.crawler.stats.inc_value(f"anzuelo/scope/{refused}")
        return refused is None

    # --- page type --------------------------------------------------------------
    def page_type(self, response, jobpostings: int = 0, rich: int = 0) -> PageType:
        """The page's kind (ad / listing / other), counted as ``anzuelo/pages/type/<kind>``."""
        kind = classify_page(response, self.pagetype, jobpostings, rich)
        self.crawler.stats.inc_value(f"anzuelo/pages/type/{kind.kind}")
        self.logger.debug("page type %s of %s (%s)", kind.kind, response.url, " ".join(kind.reasons))
        return kind

    def drop_page(self, response, kind: PageType) -> None:
        """Count a page that is not an ad (``drop_item/page_type/<kind>``); its links are still followed."""
        self.crawler.stats.inc_value(f"drop_item/page_type/{kind.kind}")
        self.logger.info("not an ad (%s): %s [%s]", kind.kind, response.url, " ".join(kind.reasons))

    def page_title(self, response) -> str:
        """The page's title: its one h1 (a title part inside it first), else og:title or <title> without the site name."""
        h1s = [n for n in response.xpath("//body//h1") if n.xpath("normalize-space()").get()]
        if len(h1s) == 1:
            # a title part inside the h1 (Craigslist: the title without its price and place): the shortest one
            inner = [t for n in h1s[0].xpath(".//*[contains(@id, 'title') or contains(@class, 'title')]")
                     if (t := n.xpath("normalize-space()").get())]
            text = normalize_space(min(inner, key=len) if inner else h1s[0].xpath("normalize-space()").get(""))
            if text and len(text) <= 250:
                return text
        for query in ("//meta[@property='og:title']/@content", "//title/text()"):
            text = normalize_space(response.xpath(query).get("") or "")
            if text:
                # a lesser heading the page title contains is the ad's own title ("<h4>T</h4>", "T - Emprego - OLX")
                heads = [normalize_space(n.xpath("string()").get("")) for n in response.xpath(_HEADINGS)]
                if found := max((h for h in heads if len(h) >= 4 and h in text), key=len, default=""):
                    return found
                site = normalize_space(response.xpath("//meta[@property='og:site_name']/@content").get("") or "")
                return _strip_site(text, site, urlsplit(response.url).hostname or "")
        return ""

    # --- requests -------------------------------------------------------------
    def page_request(self, url: str, callback, **kwargs: Any) -> scrapy.Request | None:
        """A request for an HTML page, or None if already requested or over ``max_pages``."""
        url = normalize_url(url)
        if url in self._seen:
            return None
        if self.max_pages and self._pages >= self.max_pages:
            self.crawler.stats.inc_value("anzuelo/pages/over_limit")
            return None
        self._seen.add(url)
        self._pages += 1
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def nav_request(self, url: str, callback, **kwargs: Any) -> scrapy.Request:
        """A request for robots.txt, a sitemap or a feed (not counted as a page)."""
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def on_error(self, failure) -> None:
        """Count each failed request with its reason (``anzuelo/refused/<reason>`` or ``anzuelo/errors/<type>``)."""
        msg = str(failure.value)
        if msg.startswith("anzuelo refused"):
            return  # counted and logged by crawler.middlewares
        low = msg.lower()
        reason = next((r for key, r in _REFUSALS if key in low), None)
        key = f"anzuelo/refused/{reason}" if reason else f"anzuelo/errors/{type(failure.value).__name__}"
        self.crawler.stats.inc_value(key)
        url = getattr(getattr(failure, "request", None), "url", "?")
        self.logger.info("request failed: %s (%s: %s)", url, key, msg[:200])

    # --- sitemaps -------------------------------------------------------------
    def parse_robots(self, response):
        """Follow the ``Sitemap:`` lines of a robots.txt."""
        for url in sitemap_urls_from_robots(response.text, base_url=response.url):
            yield self.nav_request(url, self.parse_sitemap)

    def parse_sitemap(self, response):
        """Sitemap index -> sitemaps; urlset -> pages (parsed by ``parse_page``)."""
        body = self._sitemap_body(response)
        if body is None:
            self.crawler.stats.inc_value("anzuelo/sitemaps/invalid")
            return
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield self.nav_request(response.urljoin(loc), self.parse_sitemap)
            elif sitemap.type == "urlset" and (req := self.page_request(response.urljoin(loc), self.parse_page)):
                yield req

    def _sitemap_body(self, response) -> bytes | None:
        body = response.body
        if body[:2] == b"\x1f\x8b":  # .xml.gz served as a file, not as Content-Encoding
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(limit + 1)
            if len(body) > limit:
                self.crawler.stats.inc_value("anzuelo/refused/too_large")
                return None
        return body if b"<" in body[:1000] else None

    def parse_page(self, response):  # pragma: no cover - each spider defines it
        raise NotImplementedError

    # --- items ------------------------------------------------------------------
    def make_item(self, response, fields: dict[str, Any], url: str | None = None, extra_text: str = "") -> AdItem | None:
        """An AdItem from mapped ``fields``, with contacts, salary from text, hints and content hash."""
        title, text = (fields.get("title") or "").strip(), (fields.get("text") or "").strip()
        if not (title or text):
            self.crawler.stats.inc_value(f"drop_item/{self.name}/empty")
            self.logger.info("dropped %s: no title and no text", response.url)
            return None
        canonical = normalize_url(url) if url else canonical_url(response)
        if url and (frag := urlsplit(url).fragment).startswith("job-"):
            canonical += "#" + frag  # several jobs inline on one page: one document each, not one overwritten
        item = AdItem(url=url or response.url, canonical_url=canonical, source=self.source, spider=self.name)
        for key, value in fields.items():
            if value not in (None, "") and hasattr(item, key):
                setattr(item, key, value)
        item.title, item.text = title, text
        item.country = item.country or self.params.country
        item.lang = item.lang or self.params.lang or _page_lang(response)
        if not item.salary_raw and (salary := find_salary(text, item.country)):
            item.salary_raw, item.salary_amount = salary.raw, salary.amount
            item.salary_currency, item.salary_period = salary.currency, salary.period
        item.set_contacts(extract_contacts("\n".join(filter(None, (title, text, extra_text))), item.country))
        self.crawler.stats.inc_value(f"anzuelo/items/{self.name}")
        return item.finalize()

    def follow_links(self, response, callback):
        """Requests for in-domain links of an HTML page (when ``follow_links``)."""
        if not self.params.follow_links:
            return
        # page_links, not Scrapy's LinkExtractor: that one walks every element and attribute of
        # the page in Python and gathers each link's text, costing more than the ad's extraction
        for url in page_links(response):
            if url in self._out_of_scope:
                continue
            if not self.link_in_scope(url):
                self._out_of_scope.add(url)  # counted once per link, not once per page linking to it
            elif (req := self.page_request(url, callback)) is not None:
                yield req

    def in_scope(self, url: str) -> bool:
        """True when the URL's host is an allowed domain or a subdomain of one (ports ignored); paths not checked."""
        host = (urlsplit(url).hostname or "").lower()
        allowed = self._in_scope.get(host)
        if allowed is None:
            allowed = any(host == d or host.endswith("." + d) for d in (x.lower() for x in self.allowed_domains))
            self._in_scope[host] = allowed
        return allowed


_HEADINGS = "(//body//h2 | //body//h3 | //body//h4 | //body//h5)[position() <= 20]"


def _strip_site(title: str, site: str, host: str) -> str:
    """'Vendedor - Bogotá | Computrabajo' -> 'Vendedor - Bogotá' when the last part names the site."""
    label = host.removeprefix("www.").split(".")[0].lower()
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        head, found, tail = title.rpartition(sep)
        if found and head and (tail.strip().lower() in (site.lower(), label) or label in tail.lower().replace(" ", "")
                               or (site and site.lower() in tail.lower())):
            return head.strip()
    return title


__all__ = ["AnzueloSpider", "BaseModel", "params_error"]
