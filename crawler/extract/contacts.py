"""Contacts on a page: phones (E.164), WhatsApp numbers, Telegram handles, e-mails, URLs.

Simple, robust extraction with regular expressions and ``phonenumbers``; the
NLP entities (``nlp.entities``) extract again from the text at scoring time.
Investigators link recruiters by exact value, so every value is normalised:
E.164 numbers, lower-case e-mails and handles, registrable domains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from crawler.extract.urls import normalize_url, registrable_domain

_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,24}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b(?:wa\.me|t\.me|bit\.ly)/[^\s<>\"')\]]+", re.IGNORECASE)
_WA_LINK = re.compile(r"(?:wa\.me/|api\.whatsapp\.com/send\?phone=)\+?(\d{8,15})", re.IGNORECASE)
_TG_LINK = re.compile(r"(?:t\.me|telegram\.me)/([A-Za-z0-9_]{4,32})", re.IGNORECASE)
_TG_WORD = re.compile(r"(?:telegram|tg)\W{0,6}@([A-Za-z0-9_]{4,32})", re.IGNORECASE)
_WA_WORD = re.compile(r"whats\s?app|wsp|wpp|zap\b", re.IGNORECASE)
# A run of digits with the separators people use in ads: +57 300 123 4567, (55) 1234-5678
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d\s().-]{6,18}\d(?![\w])")
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_DIGIT = re.compile(r"\d")
#: Quick pre-checks before the (costly) regex passes: most ads have no e-mail, link or handle.
_URL_HINTS = ("http", "www.", "wa.me", "t.me", "bit.ly", "telegram.me", "whatsapp.com")


@dataclass
class Contacts:
    """Normalised contact values found in a text."""

    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    telegram: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    email_domains: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)


def _uniq(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _e164(raw: str, region: str | None) -> str | None:
    try:
        num = phonenumbers.parse(raw, None if raw.strip().startswith("+") else (region or "US"))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def extract_contacts(text: str, country: str | None = None) -> Contacts:
    """Find contacts in ``text``; ``country`` (ISO alpha-2) is the default region of local numbers."""
    text = text or ""
    region = (country or "").upper() or None
    emails = _uniq(m.group(0).lower().rstrip(".") for m in _EMAIL.finditer(text)) if "@" in text else []
    phones: list[str] = []
    whatsapp: list[str] = []
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        if len(_DIGIT.findall(raw)) < 8 or _DATE.fullmatch(raw.strip()):
            continue  # too short for a phone, or a date (phonenumbers is only asked about real candidates)
        number = _e164(raw, region)
        if not number:
            continue
        phones.append(number)
        # "WhatsApp 300..." within a few words before the number
        if _WA_WORD.search(text[max(0, m.start() - 40): m.start()]):
            whatsapp.append(number)
    low = text.lower()
    links = any(h in low for h in _URL_HINTS)
    for digits in _WA_LINK.findall(text) if links else ():
        number = _e164("+" + digits, None)
        if number:
            whatsapp.append(number)
            phones.append(number)
    tg = _TG_LINK.findall(text) if links else []
    if "@" in text:
        tg += _TG_WORD.findall(text)
    telegram = _uniq(h.lower() for h in tg)
    urls = []
    for m in _URL.finditer(text) if links else ():
        raw = m.group(0).rstrip(".,;:!?")
        if not raw.lower().startswith("http"):
            raw = "http://" + raw
        try:
            urls.append(normalize_url(raw))
        except ValueError:
            continue
    urls = _uniq(urls)
    return Contacts(
        phones=_uniq(phones),
        whatsapp=_uniq(whatsapp),
        telegram=telegram,
        emails=emails,
        email_domains=_uniq(e.rsplit("@", 1)[1] for e in emails),
        urls=urls,
        domains=_uniq(registrable_domain(u) for u in urls),
    )
