"""``classifieds``: ads from listing -> detail sites without structured data.

With per-source ``selectors`` (sources file) listing pages give ad links and
a next page, and ad pages give title/body/contact/location/date. Without
selectors (or without ``detail_url_pattern``/``title``+``body``, which tell
ads apart) ``crawler.extract.pagetype`` decides from the page's structure:
an ad page is extracted (its one JobPosting when it has one, else h1 and
trafilatura's main text); listing and other pages are counted as
``drop_item/page_type/<kind>`` and their in-scope links followed.

    scrapy crawl classifieds -a url=https://clasificados.example/empleo -a country=MX \\
        -a 'selectors={"listing_links": "a.ad-link", "next_page": "a.next", "title": "h1", "body": ".ad-body"}'
"""

from __future__ import annotations

import re

from crawler.extract.identity import description_words, merge_postings
from crawler.extract.jobposting import find_job_postings, iso_datetime, map_job_posting
from crawler.extract.page import page_facts
from crawler.extract.pagetype import AD
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
        if sel.detail_url_pattern or (sel.title and sel.body):
            yield from self._parse_with_selectors(response)
            return
        # no selectors that tell ads apart: weigh the page's structure (crawler.extract.pagetype)
        postings = self._postings(response)
        rich = sum(description_words(p) >= self.pagetype.thin_description_words for p in postings)
        kind = self.page_type(response, len(postings), rich)
        if kind.kind == AD:
            self.crawler.stats.inc_value("anzuelo/pages/ad")
            fields, extra = self._generic_fields(response, postings[0] if len(postings) == 1 else None)
            if (item := self.make_item(response, fields, None, extra)) is not None:
                yield item
            return
        self.drop_page(response, kind)
        self.crawler.stats.inc_value(f"anzuelo/pages/{kind.kind}")
        yield from self._follow(response, self._links(response))
        yield from self.follow_links(response, self.parse_page)

    def _parse_with_selectors(self, response):
        detail = self._is_detail(response)
        if detail:
            self.crawler.stats.inc_value("anzuelo/pages/ad")
            if (item := self.make_item(response, *self._fields(response))) is not None:
                yield item
        else:
            self.crawler.stats.inc_value("anzuelo/pages/listing")
        links = self._links(response)
        yield from self._follow(response, links)
        if not links and not detail:
            # a page the selectors do not fit (a home or category index): follow every in-scope link
            yield from self.follow_links(response, self.parse_page)

    def _links(self, response) -> list[str]:
        sel = self.selectors
        links = [response.urljoin(h) for h in select(response, sel.listing_links).xpath("@href").getall()] if sel.listing_links else []
        links += [response.urljoin(h) for h in select(response, sel.next_page).xpath("@href").getall()] if sel.next_page else []
        return links

    def _follow(self, response, links: list[str]):
        for url in links:
            if self.link_in_scope(url) and (req := self.page_request(url, self.parse_page)) is not None:
                yield req

    def _postings(self, response) -> list[dict]:
        facts = page_facts(response)
        if facts is None or not (facts.jsonld or facts.microdata or facts.rdfa):
            return []
        found = find_job_postings(response.text, response.url, facts.jsonld, markers=(facts.microdata, facts.rdfa),
                                  tree=response.selector.root)
        return merge_postings(found, response.url)

    def _is_detail(self, response) -> bool:
        sel = self.selectors
        if sel.detail_url_pattern:
            return re.search(sel.detail_url_pattern, response.url) is not None
        return bool(select(response, sel.body))

    def _generic_fields(self, response, posting: dict | None) -> tuple[dict, str]:
        """Fields of an ad page without selectors: its one JobPosting when rich, else title, main text, employer."""
        fields = map_job_posting(posting) if posting else {}
        sel = self.selectors
        fields["title"] = select_text(response, sel.title) if sel.title else fields.get("title") or self.page_title(response)
        if len((fields.get("text") or "").split()) < self.pagetype.thin_description_words:
            text = select_text(response, sel.body, html=True) if sel.body else main_text(response.text, response.url)
            if len(text) < self.params.min_text_chars:  # type: ignore[attr-defined]
                self.crawler.stats.inc_value("anzuelo/pages/short_text")
            if len(text) > len(fields.get("text") or ""):
                fields["text"] = text
        fields["employer"] = fields.get("employer") or select_text(response, sel.employer) or page_employer(response)
        if sel.location:
            fields["location"] = select_text(response, sel.location) or fields.get("location")
        return fields, select_text(response, sel.contact)

    def _fields(self, response) -> tuple[dict, None, str]:
        sel = self.selectors
        title = select_text(response, sel.title) if sel.title else ""
        title = title or self.page_title(response)
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


# class names real boards give the advertiser's name (Computrabajo, OCC, Indeed, Bumeran, Vagas, Catho ...)
_EMPLOYER = ("//*[@itemprop='hiringOrganization']//*[@itemprop='name'] | //*[@data-testid='company-name' or "
             "@data-company or @data-company-name or contains(@data-testid, 'companyName') or contains(@class, 'company-name') or contains(@class, 'companyName') or "
             "contains(@class, 'company_name') or contains(@class, 'nombre-empresa') or contains(@class, 'empresa') "
             "or contains(@class, 'employer') or contains(@class, 'hiring-org') or contains(@class, 'anunciante') "
             "or contains(@class, 'topcard__org-name') or contains(@class, 'job-company')]")


_AT = re.compile(r"^(?:at|en|em|chez|bei)\s+", re.I)  # Greenhouse: "at Harbor & Finch"


# then a link to the advertiser's profile page
_EMPLOYER_LINK = ("//body//a[contains(@href, '/empresas/') or contains(@href, '/empresa/') or contains(@href, '/company/') "
                  "or contains(@href, '/cmp/') or contains(@href, '/perfiles/empresa')]")


def page_employer(response) -> str | None:
    """The advertiser named on an ad page by a company/empresa class or profile link, None when none is."""
    for node in [*response.xpath(_EMPLOYER)[:5], *response.xpath(_EMPLOYER_LINK)[:2]]:
        if node.root.tag in ("img", "body", "html", "meta"):
            continue
        text = _AT.sub("", normalize_space(node.xpath("normalize-space()").get("")).strip(" ·|-"))
        if 2 <= len(text) <= 80:
            return text
    return None
