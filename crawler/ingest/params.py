"""Arguments of the channel and chat spiders (``telegram``, ``chatexport``) as pydantic models."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from crawler.ingest.chatdates import ORDERS
from crawler.spiders.params import SpiderParams

#: A Telegram channel username (5-32 letters, digits and underscores).
CHANNEL = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def channel_of(url: str) -> str | None:
    """The channel of a preview URL: ``NAME`` of ``.../s/NAME`` or of ``https://t.me/NAME``."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if len(parts) >= 2 and parts[-2] == "s" and CHANNEL.match(parts[-1]):
        return parts[-1]
    host = (urlsplit(url).hostname or "").lower()
    if host in ("t.me", "telegram.me") and parts and CHANNEL.match(parts[0]):
        return parts[0]
    return None


class TelegramParams(SpiderParams):
    """Arguments of the ``telegram`` spider: a channel's web preview page (``https://t.me/s/NAME``)."""

    follow_links: bool = Field(True, description="page back through older messages (?before=ID)")
    incremental: bool = Field(True, description="stop paging at the first page holding messages already indexed")

    @model_validator(mode="after")
    def _need_url(self) -> TelegramParams:
        if not self.start_urls:
            raise ValueError("give url: a channel preview page such as https://t.me/s/NAME")
        fixed = []
        for url in self.start_urls:
            parts = urlsplit(url)
            name = channel_of(url)
            # t.me/NAME is the channel's landing page; its message preview lives at t.me/s/NAME
            if name and parts.hostname in ("t.me", "telegram.me") and "/s/" not in parts.path:
                url = f"https://t.me/s/{name}"
            fixed.append(url)
        self.start_urls = fixed
        return self


class ChatExportParams(SpiderParams):
    """Arguments of the ``chatexport`` spider (used by ``anzuelo ingest``)."""

    file: str = Field(..., description="WhatsApp .txt/.zip export or Telegram Desktop result.json")
    chat: str | None = Field(None, description="chat name [default: from the file name or the export]")
    date_order: str = Field("auto", description="WhatsApp dates: auto, dmy, mdy or ymd")
    min_chars: int = Field(12, ge=0, description="messages with fewer letters and digits are chit-chat, skipped")
    timezone: str | None = Field(None, description="IANA zone of the exporting phone (America/Bogota): times stored in UTC")
    follow_links: bool = Field(False, description="unused: exports are read, never fetched")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        if v:
            try:
                ZoneInfo(v)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {v!r}: use an IANA name such as America/Bogota") from None
        return v or None

    @field_validator("date_order")
    @classmethod
    def _order(cls, v: str) -> str:
        if v not in ORDERS:
            raise ValueError(f"date_order must be one of {', '.join(ORDERS)}, got {v!r}")
        return v
