"""The ad item every spider yields; field names are the ``index.fields`` constants.

A dataclass (Scrapy handles it through ``itemadapter``): pipelines read
``ItemAdapter(item)`` or attributes, and ``to_dict()`` gives the document
fields the crawler fills. Score fields are added by the score pipeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from crawler.extract.contacts import Contacts
from crawler.extract.text import content_hash

#: A JSON "\ud800" escape (JSON-LD, a Telegram export) decodes to a lone surrogate, which no UTF-8
#: writer accepts: the --output line and the engine bulk of such an ad failed and the ad was lost.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utc_now() -> str:
    """Current time as ISO 8601 UTC with a Z, second precision."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class AdItem:
    """One job ad as found on a page (names match ``index.fields``)."""

    url: str
    canonical_url: str
    source: str
    spider: str
    fetched_at: str = field(default_factory=utc_now)
    posted_at: str | None = None
    valid_through: str | None = None
    title: str = ""
    text: str = ""
    employer: str | None = None
    location: str | None = None
    country: str | None = None
    lang: str | None = None
    employment_type: str | None = None
    salary_raw: str | None = None
    salary_amount: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    #: local numbers of an ad without a country, digits as written (stored, never used to link ads)
    phones_unverified: list[str] = field(default_factory=list)
    telegram: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    email_domains: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    content_hash: str = ""
    #: {path, sha256, fetched_at, format: "warc.gz", size, status}; None when capture is off
    evidence: dict[str, Any] | None = None

    def set_contacts(self, contacts: Contacts) -> None:
        """Copy normalised contact lists onto the item."""
        for f in fields(contacts):  # not asdict(): a deep copy per ad for flat lists of strings
            setattr(self, f.name, list(getattr(contacts, f.name)))

    def finalize(self) -> AdItem:
        """Make every text field writable as UTF-8 (lone surrogates -> U+FFFD), then hash title and text; self."""
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                if _LONE_SURROGATE.search(value):
                    setattr(self, f.name, _LONE_SURROGATE.sub("\ufffd", value))
            elif isinstance(value, list) and any(isinstance(v, str) and _LONE_SURROGATE.search(v) for v in value):
                setattr(self, f.name, [_LONE_SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for v in value])
        self.content_hash = content_hash(self.title, self.text)
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of the fields (a fresh copy)."""
        return asdict(self)
