"""Contact details in an ad: phones (E.164), WhatsApp, Telegram, e-mails, URLs.

The one contact extractor of the project: the scorer (``nlp.entities``) and
the crawler (``crawler.extract.contacts``) both call ``extract``, so an ad's
contacts are the same wherever they are read. Investigators link recruiters
across ads by these values, so they are normalised: phones to E.164 with
``phonenumbers``, e-mails and handles lower-cased, URLs with a scheme, a
lower-case host and no tracking parameters, domains without ``www.``.

A local number ("300 123 4567") is normalised only under a known region: the
ad's country. Without one (no country, no "+"), guessing would turn a
Colombian mobile into a US number and join unrelated recruiters, so the number
is kept as written (its digits) in ``phones_unverified``, which is stored but
never used for linking.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import phonenumbers
from phonenumbers import PhoneNumberType

FREE_MAIL = {
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.es", "hotmail.co", "hotmail.com.br", "outlook.com",
    "outlook.es", "outlook.com.br", "live.com", "live.com.mx", "msn.com", "yahoo.com", "yahoo.es",
    "yahoo.com.mx", "yahoo.com.br", "yahoo.com.ar", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com",
    "aol.com", "protonmail.com", "proton.me", "gmx.com", "gmx.net", "mail.com", "zoho.com", "yandex.com",
    "yandex.ru", "bol.com.br", "uol.com.br", "terra.com.br", "ig.com.br", "sapo.pt", "hotmail.fr", "live.co.uk", "yahoo.co", "rocketmail.com", "inbox.com", "mail.ru", "tutanota.com", "hushmail.com",
}
#: Domains of chat apps and social networks: not an employer's own site.
SOCIAL_DOMAINS = {
    "wa.me", "whatsapp.com", "api.whatsapp.com", "chat.whatsapp.com", "t.me", "telegram.me", "telegram.org",
    "facebook.com", "fb.com", "m.facebook.com", "instagram.com", "tiktok.com", "twitter.com", "x.com",
    "linktr.ee", "bit.ly", "forms.gle", "docs.google.com", "wa.link", "youtube.com", "onlyfans.com",
}
#: Query parameters that only track the visitor: dropped from URLs (as from crawled pages' URLs).
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "ref_src", "_ga"}

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TLDS = (r"com|net|org|info|biz|io|co|mx|br|pt|es|pe|ar|ve|ec|cl|uy|bo|py|gt|pa|cr|do|uk|us|ca|de|fr|it|nl|"
         r"jobs|work|me|ly|gle|link|ee|site|online|store|app|ae|th|jp|kh|ph|my|sg|cn|ru|tr|pl|ch|ac")
_URL = re.compile(
    r"(?:https?://[^\s<>\"')\]]+|(?<![@\w.])(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:" + _TLDS + r")\b(?:/[^\s<>\"')\]]*)?)",
    re.IGNORECASE,
)
# A cheap scan first: most ads mention no link (literal "." and "://" prefixes search fast).
_URL_HINT = re.compile(r"://|\.(?:" + _TLDS + r")\b", re.IGNORECASE)
_WA_LINK = re.compile(r"(?:wa\.me/|whatsapp\.com/send/?\?phone=|wa\.link/)\+?(\d{8,15})", re.IGNORECASE)
_TG_LINK = re.compile(r"(?:t|telegram)\.me/(\+?[A-Za-z0-9_]{3,})", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
_WA_WORD = re.compile(r"wh?ats?h?s?app?|whats|wpp|wsp|wasap|guasap|watsap|zap\b|zapzap|wa\b|ws\b", re.IGNORECASE)
_TG_WORD = re.compile(r"telegr[a]m|\btg\b|telegrama", re.IGNORECASE)
_ID_CONTEXT = re.compile(r"(nit|rif|rut|cnpj|cpf|ruc|rfc|curp|dni|nif|cedula|c\.c\.|id)\W{0,3}$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _phone_char(ch: str) -> str:
    cat = unicodedata.category(ch)
    return ch if (cat[0] in "LNZP" or ch in "+()") else " "


_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d)")


def _clean_for_phones(text: str) -> str:
    """Same-length copy where emoji/symbols are spaces and letters glued to digits are split."""
    s = "".join(map(_phone_char, text))  # cached per character: no category lookup per ad
    # "WhatsApp3001234567" / "llama al3001234567": a letter right before a digit run.
    return _GLUED.sub(" ", s)


# Mexico dropped the mobile "1" after +52 in 2019; old ads still write it.
_MX_ONE = re.compile(r"(\+\s?52)[\s.-]?1[\s.-]?(?=\(?\d{2,3}\)?[\s.-]?\d{3,4}[\s.-]?\d{4}\b)")


def _parse_digits(digits: str) -> phonenumbers.PhoneNumber:
    if digits.startswith("521") and len(digits) == 13:
        digits = "52" + digits[3:]
    return phonenumbers.parse("+" + digits)


def _e164(num: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """True when ``e164`` is a mobile (or possibly mobile) number."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False
    return kind in {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def phones(text: str, region: str | None) -> tuple[list[str], list[str]]:
    """All phone numbers in ``text`` as E.164, and the subset flagged as WhatsApp."""
    found, whatsapp, _ = find_phones(text, region)
    return found, whatsapp


# A run of digits with the separators ads use, not glued to a word, "/" or "+" (a CNPJ's
# "12.345.678/0001-90" and a "+57 ..." number are not local numbers).
_LOCAL = re.compile(r"(?<![\w.+/])\(?\d[\d\s().-]{6,18}\d(?![\w/])")
_DATE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
# 12.000.000 / 1,200,000: thousands groups are an amount; 123.456.789-09 a Brazilian CPF.
_NOT_LOCAL = re.compile(r"\d{1,3}(?:[.,]\d{3})+|\d{3}\.\d{3}\.\d{3}-\d{1,2}")
# Stretches of text without letters that hold digits (candidates for a phone number).
_NO_LETTERS = re.compile(r"[^\w]*\d(?:\d|[^\w])*")
_AMOUNT_BEFORE = re.compile(r"(?:[$€£]|R\$)\s*$")


def find_phones(text: str, region: str | None) -> tuple[list[str], list[str], list[str]]:
    """(E.164 phones, WhatsApp subset, unverified local numbers as digits) of ``text``.

    ``region`` (ISO alpha-2, the ad's country) normalises local numbers; without
    it only international ones ("+52 ...", wa.me links) are normalised and local
    ones are returned, digits only, as unverified (see the module doc).
    """
    found: list[str] = []
    whatsapp: list[str] = []
    for m in _WA_LINK.finditer(text):
        try:
            num = _parse_digits(m.group(1))
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(num):
            found.append(_e164(num))
            whatsapp.append(_e164(num))
    if sum(map(str.isdigit, text)) < 8 or not any(sum(map(str.isdigit, r)) >= 8 for r in _NO_LETTERS.findall(text)):
        # Every number kept below has 8+ digits in one stretch of ``text`` free of letters
        # (cleaning only blanks characters): without such a stretch, skip the costly matcher.
        return _unique(found), _unique(whatsapp), []
    cleaned = _clean_for_phones(_WA_LINK.sub(lambda m: " " * len(m.group(0)), text))
    cleaned = _MX_ONE.sub(lambda m: m.group(1) + " ", cleaned)
    region = (region or "").upper() or None
    spans: list[tuple[int, int]] = []
    for start, end, number in _matches(cleaned, region):
        spans.append((start, end))
        if _not_a_phone(cleaned, start):
            continue  # an amount or a tax id, not a phone
        e164 = _e164(number)
        found.append(e164)
        window = cleaned[max(0, start - 45) : start] + " " + cleaned[end : end + 20]
        if _WA_WORD.search(window):
            whatsapp.append(e164)
    unverified = [] if region else _local_numbers(cleaned, spans)
    return _unique(found), _unique(whatsapp), _unique(unverified)


def _matches(cleaned: str, region: str | None):
    """(start, end, number) of each valid number with 8+ digits in ``cleaned``.

    ``phonenumbers`` parses every digit group it meets, so it is run only on the
    stretches without letters that hold 8+ digits, each with one character of
    context on both sides (its checks for a letter right before or after).
    """
    for run in _NO_LETTERS.finditer(cleaned):
        if sum(map(str.isdigit, run.group())) < 8:
            continue
        lo = max(0, run.start() - 1)
        for m in phonenumbers.PhoneNumberMatcher(cleaned[lo : run.end() + 1], region, leniency=phonenumbers.Leniency.VALID):
            if sum(c.isdigit() for c in m.raw_string) >= 8:
                yield lo + m.start, lo + m.end, m.number


def _not_a_phone(cleaned: str, start: int) -> bool:
    before = cleaned[max(0, start - 12) : start]
    return bool(_AMOUNT_BEFORE.search(before) or _ID_CONTEXT.search(before))


def _local_numbers(cleaned: str, taken: list[tuple[int, int]]) -> list[str]:
    """Digits of local-looking numbers outside ``taken`` spans (no region to normalise them)."""
    out = []
    for m in _LOCAL.finditer(cleaned):
        raw = m.group(0).strip()
        digits = "".join(c for c in raw if c.isdigit())
        if not 8 <= len(digits) <= 15 or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _DATE.fullmatch(raw) or _NOT_LOCAL.fullmatch(raw) or _not_a_phone(cleaned, m.start()):
            continue
        out.append(digits)
    return out


def telegram(text: str) -> list[str]:
    """Telegram handles and invite links, lower-cased, handles without ``@``.

    ``@Name``, ``t.me/name`` and ``telegram.me/NAME`` are one recruiter, so they
    normalise to one value (``name``), the form ``index.fields.TELEGRAM`` stores.
    Private invite links keep their ``t.me/+code`` form.
    """
    out = [m.group(1).lower() if not m.group(1).startswith("+") else "t.me/" + m.group(1)
           for m in _TG_LINK.finditer(text)]
    for m in _HANDLE.finditer(text):
        window = text[max(0, m.start() - 60) : m.end() + 30]
        if _TG_WORD.search(window):
            out.append(m.group(1).lower())
    return _unique(out)


def emails(text: str) -> list[str]:
    """E-mail addresses, lower-cased, in order of appearance."""
    return _unique(m.group(0).lower().rstrip(".") for m in _EMAIL.finditer(text))


def urls(text: str) -> list[str]:
    """URLs and bare domains (``empresa.com.co/empleos``), normalised, e-mails excluded."""
    masked = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for m in _URL.finditer(masked):
        try:
            out.append(normalize_url(m.group(0).rstrip(".,;:!?")))
        except ValueError:  # a bad port or IPv6 literal: not a link anyone can follow
            continue
    return _unique(out)


def normalize_url(url: str) -> str:
    """A URL as mentioned, normalised: scheme (http when none), lower-case host, no default port,
    fragment or utm_*/click ids, sorted query, path "/" when empty (ValueError when unparsable)."""
    url = url.strip()
    if not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "http://" + url
    parts = urlsplit(url)
    scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS)
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def domain(url_or_email: str) -> str:
    """The lower-cased host of a URL or e-mail, without ``www.``."""
    host = url_or_email.split("@", 1)[1] if "@" in url_or_email else re.sub(r"^[a-z]+://", "", url_or_email, flags=re.I)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def extract(text: str, country: str | None) -> dict[str, list[str]]:
    """Every contact of ``text``; ``country`` (ISO alpha-2) is the region of local numbers.

    Keys: ``phones``, ``whatsapp``, ``phones_unverified``, ``telegram``,
    ``emails``, ``email_domains``, ``free_email``, ``urls``, ``domains``.
    """
    text = text or ""
    found, wa, unverified = find_phones(text, country)
    mails = emails(text) if "@" in text else []
    links = urls(text) if _URL_HINT.search(text) else []
    return {
        "phones": found, "whatsapp": wa, "phones_unverified": unverified, "telegram": telegram(text),
        "emails": mails, "email_domains": _unique(domain(e) for e in mails),
        "free_email": [e for e in mails if domain(e) in FREE_MAIL],
        "urls": links, "domains": _unique(domain(u) for u in links),
    }


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
