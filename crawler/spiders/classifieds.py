"""``classifieds``: ads from listing -> detail sites without structured data.

With per-source ``selectors`` (sources file) listing pages give ad links and
a next page, and ad pages give title/body/contact/location/date. Without
selectors every in-domain link is followed and pages that look like an ad
(enough main text, few links) are extracted with trafilatura.

    scrapy crawl classifieds -a url=https://clasificados.example/empleo -a country=MX \\
        -a 'selectors={"listing_links": "a.ad-link", "next_page": "a.next", "title": "h1", "body": ".ad-body"}'
"""

from __future__ import annotations

import re

from crawler.extract.jobposting import iso_datetime
from crawler.extract.text import html_to_text, main_text, normalize_space
from crawler.spiders.base import AnzueloSpider
from crawler.spiders.params import ClassifiedsParams, Selectors


def select(response, query: str | None):
    """Nodes matching a CSS or (when starting with / or ( ) XPath query."""
    if not query:
        return []
    return response.xpath(query) if query.lstrip().startswith(("/", "(", "./")) else response.css(query)


def select_text(response, query: str | None, html: bool = False) -> str:
    """Text of the matched nodes; ``html=True`` keeps paragraph breaks; attributes/::text as they are."""
    texts = []
    for node in select(response, query):
        value = node.get()
        if html and value.lstrip().startswith("<"):
            texts.append(html_to_text(value))
        elif value.lstrip().startswith("<"):
            texts.append(normalize_space(" ".join(node.xpath(".//text()").getall())))
        else:
            texts.append(normalize_space(value))
    return "\n\n".join(t for t in texts if t).strip()


class ClassifiedsSpider(AnzueloSpider):
    """Listing pages -> ad pages, by selectors or by main-text heuristics."""

    name = "classifieds"
    params_model = ClassifiedsParams

    async def start(self):
        params: ClassifiedsParams = self.params  # type: ignore[assignment]
        for url in params.sitemap_urls:
            yield self.nav_request(url, self.parse_sitemap)
        for url in params.start_urls:
            if (req := self.page_request(url, self.parse_page)) is not None:
                yield req

    @property
    def selectors(self) -> Selectors:
        return self.params.selectors  # type: ignore[attr-defined]

    def parse_page(self, response):
        """Ad page -> item; listing page -> ad links and the next page."""
        if not hasattr(response, "text"):
            self.crawler.stats.inc_value("anzuelo/pages/not_html")
            return
        sel = self.selectors
        detail = self._is_detail(response)
        if detail:
            self.crawler.stats.inc_value("anzuelo/pages/ad")
            if (item := self.make_item(response, *self._fields(response))) is not None:
                yield item
        else:
            self.crawler.stats.inc_value("anzuelo/pages/listing")
        links = [response.urljoin(h) for h in select(response, sel.listing_links).xpath("@href").getall()] if sel.listing_links else []
        links += [response.urljoin(h) for h in select(response, sel.next_page).xpath("@href").getall()] if sel.next_page else []
        for url in links:
            if self.in_scope(url) and (req := self.page_request(url, self.parse_page)) is not None:
                yield req
        if not links and not detail:
            # no selectors, or a page they do not fit (a home or category index): follow every in-domain link
            yield from self.follow_links(response, self.parse_page)

    def _is_detail(self, response) -> bool:
        sel = self.selectors
        if sel.detail_url_pattern:
            return re.search(sel.detail_url_pattern, response.url) is not None
        if sel.title and sel.body:
            return bool(select(response, sel.body))
        # fallback: enough prose and a low share of link text (listings are mostly links)
        text = " ".join(response.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
        link_text = " ".join(response.xpath("//body//a//text()").getall())
        words, link_words = len(text.split()), len(link_text.split())
        return words >= self.params.min_text_chars // 6 and link_words < 0.3 * max(words, 1)  # type: ignore[attr-defined]

    def _fields(self, response) -> tuple[dict, None, str]:
        sel = self.selectors
        title = select_text(response, sel.title) if sel.title else ""
        title = title or normalize_space(response.css("meta[property='og:title']::attr(content)").get("")
                                         or response.css("h1").xpath("string()").get("")
                                         or response.css("title::text").get(""))
        text = select_text(response, sel.body, html=True) if sel.body else ""
        if not text:
            text = main_text(response.text, response.url)
            if len(text) < self.params.min_text_chars and not sel.body:  # type: ignore[attr-defined]
                self.crawler.stats.inc_value("anzuelo/pages/short_text")
        date = None
        if sel.date:
            nodes = select(response, sel.date)
            date = iso_datetime(nodes.xpath("@datetime").get() or select_text(response, sel.date)) if nodes else None
        fields = {"title": title, "text": text, "posted_at": date,
                  "location": select_text(response, sel.location) or None,
                  "employer": select_text(response, sel.employer) or None}
        return fields, None, select_text(response, sel.contact)
