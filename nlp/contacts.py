"""Contact details in an ad: phones (E.164), WhatsApp, Telegram, e-mails, URLs.

Investigators link recruiters across ads by these values, so they are
normalised: phones to E.164 with ``phonenumbers`` (default region from the
ad's country), e-mails and handles lower-cased, domains without ``www.``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
# Lenient region default when the ad gives no country (documented in the report).
LANG_REGION = {"es": "CO", "pt": "BR", "en": "US"}

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_TLDS = (r"com|net|org|info|biz|io|co|mx|br|pt|es|pe|ar|ve|ec|cl|uy|bo|py|gt|pa|cr|do|uk|us|ca|de|fr|it|nl|"
         r"jobs|work|me|ly|gle|link|ee|site|online|store|app|ae|th|jp|kh|ph|my|sg|cn|ru|tr|pl|ch|ac")
_URL = re.compile(
    r"(?:https?://[^\s<>\"')\]]+|(?<![@\w.])(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:" + _TLDS + r")\b(?:/[^\s<>\"')\]]*)?)",
    re.IGNORECASE,
)
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
    if sum(map(str.isdigit, text)) < 8:
        # Every number kept below has 8+ digits, all of them digits of ``text``
        # (cleaning only blanks characters): skip the costly matcher.
        return _unique(found), _unique(whatsapp)
    cleaned = _clean_for_phones(_WA_LINK.sub(lambda m: " " * len(m.group(0)), text))
    cleaned = _MX_ONE.sub(lambda m: m.group(1) + " ", cleaned)
    for m in phonenumbers.PhoneNumberMatcher(cleaned, region, leniency=phonenumbers.Leniency.VALID):
        before = cleaned[max(0, m.start - 12) : m.start]
        if re.search(r"[$€£]\s*$|R\$\s*$", before) or _ID_CONTEXT.search(before):
            continue  # an amount or a tax id, not a phone
        if sum(c.isdigit() for c in m.raw_string) < 8:
            continue
        e164 = _e164(m.number)
        found.append(e164)
        window = cleaned[max(0, m.start - 45) : m.start] + " " + cleaned[m.end : m.end + 20]
        if _WA_WORD.search(window):
            whatsapp.append(e164)
    return _unique(found), _unique(whatsapp)


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
    """URLs and bare domains (``empresa.com.co/empleos``), e-mails excluded."""
    masked = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    return _unique(m.group(0).rstrip(".,;:!?") for m in _URL.finditer(masked))


def domain(url_or_email: str) -> str:
    """The lower-cased host of a URL or e-mail, without ``www.``."""
    host = url_or_email.split("@", 1)[1] if "@" in url_or_email else re.sub(r"^[a-z]+://", "", url_or_email, flags=re.I)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
