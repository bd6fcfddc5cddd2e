"""``feed``: ads from RSS and Atom feeds of job listings (feedparser).

Each entry becomes an ad (title, summary/content as text, link, published).
With ``follow_links`` the entry's page is fetched for the full text: its
JobPosting when it has one, else its main text.

    scrapy crawl feed -a feed_urls=https://jobs.example/feed.xml -a follow_links=true
"""

from __future__ import annotations

import calendar
import datetime as dt

from crawler.extract.jobposting import find_job_postings, map_job_posting
from crawler.extract.text import html_to_text, main_text
from crawler.spiders.base import AnzueloSpider
from crawler.spiders.params import FeedParams


def _published(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).isoformat().replace("+00:00", "Z")


def entry_fields(entry) -> dict:
    """Ad fields of one feedparser entry."""
    content = entry.get("content") or []
    body = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
    return {"title": html_to_text(entry.get("title", "")), "text": html_to_text(body),
            "posted_at": _published(entry), "employer": entry.get("author") or None}


class FeedSpider(AnzueloSpider):
    """Feeds -> ads, optionally completed from each entry's page."""

    name = "feed"
    params_model = FeedParams

    async def start(self):
        for url in self.params.feed_urls:  # type: ignore[attr-defined]
            yield self.nav_request(url, self.parse_feed)

    def parse_feed(self, response):
        import feedparser

        feed = feedparser.parse(response.body)
        if not feed.entries:
            self.crawler.stats.inc_value("anzuelo/feeds/empty" if not feed.bozo else "anzuelo/feeds/invalid")
            self.logger.warning("no entries in feed %s (%s)", response.url, feed.get("bozo_exception", "empty"))
            return
        for entry in feed.entries:
            fields = entry_fields(entry)
            link = response.urljoin(entry.get("link", "")) if entry.get("link") else None
            if link and self.params.follow_links and self.in_scope(link):
                if (req := self.page_request(link, self.parse_page, cb_kwargs={"entry": fields})) is not None:
                    yield req
                continue
            if (item := self.make_item(response, fields, url=link or response.url)) is not None:
                yield item

    def parse_page(self, response, entry: dict | None = None):
        """An entry's page: JobPosting fields, else main text, completed from the feed entry."""
        entry = dict(entry or {})
        fields = {}
        if hasattr(response, "text"):
            postings = find_job_postings(response.text, response.url)
            if postings:
                fields = map_job_posting(postings[0])
            else:
                text = main_text(response.text, response.url)
                if len(text) > len(entry.get("text") or ""):
                    fields = {"text": text}
        merged = {**entry, **{k: v for k, v in fields.items() if v not in (None, "")}}
        if (item := self.make_item(response, merged)) is not None:
            yield item
