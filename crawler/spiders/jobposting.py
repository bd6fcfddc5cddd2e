"""``jobposting``: ads from any site publishing schema.org JobPosting (JSON-LD, microdata, RDFa).

Pages are found through sitemaps (indexes too, and the ``Sitemap:`` lines of
robots.txt) and by following links within ``allowed_domains``. A page without
a JobPosting is not an ad (``anzuelo/pages/no_jobposting``), but its links are
followed, so listings lead to ads.

    scrapy crawl jobposting -a url=https://jobs.example.co/ -a country=CO -a max_pages=200
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.extract.jobposting import find_job_postings, map_job_posting
from crawler.extract.page import page_facts
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
        """Yield an AdItem per JobPosting, then follow links."""
        if not hasattr(response, "text"):
            self.crawler.stats.inc_value("anzuelo/pages/not_html")
            return
        facts = page_facts(response)
        postings = find_job_postings(response.text, response.url, facts.jsonld if facts else None,
                                     markers=(facts.microdata, facts.rdfa) if facts else None)
        if postings:
            self.crawler.stats.inc_value("anzuelo/pages/ad")
        else:
            self.crawler.stats.inc_value("anzuelo/pages/no_jobposting")
        for jp in postings:
            fields = map_job_posting(jp)
            # several postings on one page get distinct URLs (their own url, else a fragment-free index)
            url = None
            if len(postings) > 1:
                own = jp.get("url") if isinstance(jp.get("url"), str) else None
                url = response.urljoin(own) if own else f"{response.url}#job-{postings.index(jp)}"
            if (item := self.make_item(response, fields, url=url)) is not None:
                yield item
        yield from self.follow_links(response, self.parse_page)
