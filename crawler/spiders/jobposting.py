"""``jobposting``: ads from any site publishing schema.org JobPosting (JSON-LD, microdata, RDFa).

Pages are found through sitemaps (indexes too, and the ``Sitemap:`` lines of
robots.txt) and by following links within the crawl's scope. A page without
a JobPosting is not an ad (``anzuelo/pages/no_jobposting``), but its links are
followed, so listings lead to ads. The JobPostings of a page are merged by
identity (JSON-LD, microdata and RDFa of one job give one item); a page that
``crawler.extract.pagetype`` calls a listing (several thin postings, cards,
pagination) gives no item for its cards: their own URLs are followed instead
(``anzuelo/jobposting/cards_followed``), and only full jobs with no page of
their own are kept (``anzuelo/jobposting/inline_on_listing``).

    scrapy crawl jobposting -a url=https://jobs.example.co/ -a country=CO -a max_pages=200
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.extract.identity import description_words, merge_postings, posting_url
from crawler.extract.jobposting import find_job_postings, map_job_posting
from crawler.extract.page import page_facts
from crawler.extract.pagetype import AD
from crawler.extract.text import main_text
from crawler.extract.urls import canonical_url, normalize_url
from crawler.spiders.base import AnzueloSpider
from crawler.spiders.params import JobPostingParams


class JobPostingSpider(AnzueloSpider):
    """Sitemaps + link following; one AdItem per JobPosting found."""

    name = "jobposting"
    params_model = JobPostingParams

    async def start(self):
        params: JobPostingParams = self.params  # type: ignore[assignment]
        for url in params.sitemap_urls:
            yield self.nav_request(url, self.parse_sitemap)
        if params.robots_sitemaps and not params.sitemap_urls:
            origins = dict.fromkeys(f"{p.scheme}://{p.netloc}" for p in map(urlsplit, params.start_urls))
            for origin in origins:
                yield self.nav_request(f"{origin}/robots.txt", self.parse_robots)
        for url in params.start_urls:
            if (req := self.page_request(url, self.parse_page)) is not None:
                yield req

    def parse_page(self, response):
        """One AdItem per job of an ad page; a listing's JobPosting cards lead to their ad pages."""
        if not hasattr(response, "text"):
            self.crawler.stats.inc_value("anzuelo/pages/not_html")
            return
        facts = page_facts(response)
        found = find_job_postings(response.text, response.url, facts.jsonld if facts else None,
                                  markers=(facts.microdata, facts.rdfa) if facts else None,
                                  tree=response.selector.root if facts else None)
        postings = merge_postings(found, response.url)
        if len(found) > len(postings):
            self.crawler.stats.inc_value("anzuelo/jobposting/merged", len(found) - len(postings))
        if not postings:
            self.crawler.stats.inc_value("anzuelo/pages/no_jobposting")
            yield from self.follow_links(response, self.parse_page)
            return
        thin = self.pagetype.thin_description_words
        rich = [description_words(p) >= thin for p in postings]
        own = {canonical_url(response), normalize_url(response.url)}
        elsewhere = [u if (u := posting_url(p, response.url)) and u not in own else None for p in postings]
        if len(postings) == 1 and rich[0] and not elsewhere[0]:
            kind = None  # one rich posting of this very page: an ad, no need to weigh the structure
        else:
            kind = self.page_type(response, len(postings), sum(rich))
        if kind is not None and kind.kind != AD:
            self.drop_page(response, kind)
            for i, url in enumerate(elsewhere):
                if url is None:
                    if rich[i]:  # a full job with no page of its own (a small careers page): it is only here
                        self.crawler.stats.inc_value("anzuelo/jobposting/inline_on_listing")
                        if (item := self._item(response, postings[i], f"{response.url}#job-{i}")) is not None:
                            yield item
                    continue
                if self.link_in_scope(url) and (req := self.page_request(url, self.parse_page)) is not None:
                    self.crawler.stats.inc_value("anzuelo/jobposting/cards_followed")  # its ad page is the ad
                    yield req
            yield from self.follow_links(response, self.parse_page)
            return
        self.crawler.stats.inc_value("anzuelo/pages/ad")
        for i, jp in enumerate(postings):
            if len(postings) > 1 and elsewhere[i] and not rich[i]:
                # a card of another job on an ad page ("similar jobs"): that job's page is the ad
                if self.link_in_scope(elsewhere[i]) and (req := self.page_request(elsewhere[i], self.parse_page)):
                    yield req
                continue
            # several jobs on one page get distinct URLs (their own url, else an index)
            url = (elsewhere[i] or f"{response.url}#job-{i}") if len(postings) > 1 else None
            # one short description in the markup while the page has much more prose: the page's main text is the ad
            fuller = (len(postings) == 1 and not rich[i] and kind is not None and kind.signals is not None
                      and kind.signals.outside_words >= 2 * description_words(jp) + self.pagetype.ad_min_words)
            if (item := self._item(response, jp, url, page_text=fuller)) is not None:
                yield item
        yield from self.follow_links(response, self.parse_page)

    def _item(self, response, posting: dict, url: str | None, page_text: bool = False):
        fields = map_job_posting(posting)
        fields["title"] = fields["title"] or self.page_title(response)
        if page_text:
            text = main_text(response.text, response.url)
            if len(text) > len(fields["text"] or ""):
                fields["text"] = text
        return self.make_item(response, fields, url=url)
