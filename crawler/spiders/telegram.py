"""``telegram``: public channels through their web preview (``https://t.me/s/NAME``).

Each ``div.tgme_widget_message[data-post="NAME/ID"]`` becomes an ad: its text
(``.tgme_widget_message_text``, quoted replies and link previews left out),
time (``time[datetime]`` of ``.tgme_widget_message_date``), views, the channel
it was forwarded from, links (the hrefs behind link text too) and attachments
(photo, video, document). The canonical URL is ``https://t.me/NAME/ID``
whatever host served the page, so a mirror or an archived copy of a channel
gives the same ads as t.me. Messages without text (pure media) and service
messages are dropped and counted (``drop_item/telegram/media_only``,
``.../service``, ``.../empty``, ``.../no_message_id``).

Paging goes back in time: the page's ``link[rel=prev]`` or "load more" link
(``?before=ID``). Incremental: when indexing, a page holding a message the
seen-store (``crawler.state``) already records as indexed is the last one
fetched; the pipelines then drop its unchanged messages. Messages are never
marked gone (a channel crawl that stops early saw only its newest messages).

    anzuelo crawl --url https://t.me/s/NAME --spider telegram
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extract.text import html_to_text
from crawler.extract.urls import normalize_url
from crawler.ingest.message import Message, message_item
from crawler.ingest.params import TelegramParams, channel_of
from crawler.spiders.base import AnzueloSpider

#: Text of a message, without the quoted message of a reply.
_TEXT = ".//div[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_text ')" \
        " and not(ancestor::*[contains(@class, 'tgme_widget_message_reply')])]"
_MEDIA = {"tgme_widget_message_photo_wrap": "photo", "tgme_widget_message_video_player": "video",
          "tgme_widget_message_roundvideo_player": "video", "tgme_widget_message_document_wrap": "document",
          "tgme_widget_message_voice_player": "voice", "tgme_widget_message_sticker_wrap": "sticker"}


def count(text: str | None) -> int | None:
    """Views as Telegram writes them: "950", "1.2K", "3,4M" -> int."""
    match = re.fullmatch(r"([\d.,]+)\s*([KkMm]?)", (text or "").strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return int(round(number * {"k": 1_000, "m": 1_000_000}.get(match.group(2).lower(), 1)))


def parse_message(node: Any, channel: str) -> Message | str:
    """The Message of one ``tgme_widget_message`` node, or why it is dropped."""
    name, _, mid = node.attrib.get("data-post", "").rpartition("/")
    if "service_message" in node.attrib.get("class", ""):
        return "service"
    if not mid.isdigit():
        return "no_message_id"
    text_nodes = node.xpath(_TEXT)
    text = html_to_text("".join(text_nodes[0].getall())) if text_nodes else ""
    attachments = [kind for cls, kind in _MEDIA.items() if node.css(f".{cls}")]
    if not text.strip():
        return "media_only" if attachments else "empty"
    links = [h for h in text_nodes[0].css("a::attr(href)").getall() if h.startswith(("http://", "https://"))]
    owner = " ".join(node.css(".tgme_widget_message_owner_name ::text").getall()).strip()
    forwarded = " ".join(t.strip() for t in node.css(".tgme_widget_message_forwarded_from_name ::text").getall())
    return Message(chat=name or channel, sender=owner or None, text=text.strip(), message_id=mid,
                   at=node.css(".tgme_widget_message_date time::attr(datetime)").get(),
                   forwarded_from=forwarded.strip() or None, attachments=attachments,
                   views=count(node.css(".tgme_widget_message_views::text").get()), links=list(dict.fromkeys(links)))


class TelegramSpider(AnzueloSpider):
    """Channel preview pages -> one ad per message, newest page first."""

    name = "telegram"
    params_model = TelegramParams
    custom_settings = {"ANZUELO_MARK_GONE": False}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.store: Any = None

    def open_store(self) -> Any:
        """The crawl's seen-store, when indexing and incremental crawling are on (else None)."""
        settings = self.crawler.settings
        if not (self.params.incremental and settings.getbool("ANZUELO_INDEX_ENABLED", True)  # type: ignore[attr-defined]
                and settings.getbool("ANZUELO_INCREMENTAL", True) and settings.get("ANZUELO_STATE_DIR")):
            return None
        from crawler.state import SeenStore

        return SeenStore.in_dir(settings.get("ANZUELO_STATE_DIR"))

    async def start(self):
        self.store = self.open_store()
        for url in self.params.start_urls:
            if (req := self.page_request(url, self.parse_page)) is not None:
                yield req

    def closed(self, reason: str) -> None:
        if self.store is not None:
            self.store.close()

    def parse_page(self, response):
        """Messages of one preview page, then the page of older messages."""
        stats = self.crawler.stats
        nodes = response.css("div.tgme_widget_message[data-post]")
        channel = channel_of(response.url) or (nodes[0].attrib["data-post"].rpartition("/")[0] if nodes else "")
        title = " ".join(response.css(".tgme_channel_info_header_title ::text").getall()).strip() or None
        if not nodes:
            stats.inc_value("anzuelo/telegram/pages_without_messages")
            self.logger.warning("no messages on %s: not a Telegram channel preview page?", response.url)
            return
        known = False
        for node in nodes:
            msg = parse_message(node, channel)
            if isinstance(msg, str):
                stats.inc_value(f"drop_item/{self.name}/{msg}")
                continue
            name = msg.chat or channel
            url = f"https://t.me/{name}/{msg.message_id}"
            known = known or self._indexed(url)
            stats.inc_value(f"anzuelo/items/{self.name}")
            item = message_item(msg, url=url, source=self.source, spider=self.name, country=self.params.country,
                                lang=self.params.lang, channel=name, channel_title=title)
            yield item
        if known:
            stats.inc_value("anzuelo/telegram/stopped_at_seen")
            self.logger.info("%s holds messages already indexed: not paging further back", response.url)
            return
        if self.params.follow_links and (older := self.older_page(response)):
            if self.in_scope(older) and (req := self.page_request(older, self.parse_page)) is not None:
                yield req

    def older_page(self, response) -> str | None:
        """URL of the page of older messages (``?before=ID``): ``link[rel=prev]`` or the "load more" link.

        The oldest page of a channel has neither, which ends the paging.
        """
        href = (response.css("link[rel=prev]::attr(href)").get()
                or response.css("a.tme_messages_more[data-before]::attr(href)").get())
        return normalize_url(response.urljoin(href)) if href else None

    def _indexed(self, url: str) -> bool:
        row = self.store.get(url) if self.store is not None else None
        return bool(row and row.content_hash)
