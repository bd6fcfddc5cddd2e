"""Contacts on a crawled page, read by ``nlp.contacts`` (the project's one contact extractor).

The spiders call ``extract_contacts`` when they build an ad, so an ad crawled
with ``--no-score`` has the same contacts the scorer would find: phones in
E.164 under the ad's country, local numbers of an ad without a country kept as
written in ``phones_unverified`` (never used to link ads), Telegram handles and
Instagram/TikTok ``handles`` named after their platform, the same URLs and domains. ``nlp.contacts`` imports only ``re`` and ``phonenumbers``: no spaCy
or torch is loaded into the crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from nlp.contacts import extract


@dataclass
class Contacts:
    """Normalised contact values found in a text (the ad fields they are copied to)."""

    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    phones_unverified: list[str] = field(default_factory=list)
    telegram: list[str] = field(default_factory=list)
    #: Instagram/TikTok handles as ``platform:name`` (nlp.handles)
    handles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    email_domains: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


_FIELDS = tuple(f.name for f in fields(Contacts))


def extract_contacts(text: str, country: str | None = None) -> Contacts:
    """Contacts of ``text``; ``country`` (ISO alpha-2, the ad's) is the region of local numbers."""
    found = extract(text or "", country)
    return Contacts(**{name: found[name] for name in _FIELDS})
