"""Contact details in an ad: phones (E.164), WhatsApp, Telegram, Instagram/TikTok handles, e-mails, URLs.

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
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from nlp import handles as _handles
from nlp.phones import find_phones, is_mobile, phones

__all__ = ["FREE_MAIL", "SOCIAL_DOMAINS", "domain", "emails", "extract", "find_phones", "handles",
           "is_mobile", "normalize_url", "phones", "telegram", "urls"]

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
_TG_INVITE = re.compile(r"(?:t|telegram)\.me/(\+[A-Za-z0-9_-]{3,}|joinchat/[A-Za-z0-9_-]{3,})", re.IGNORECASE)


def telegram(text: str) -> list[str]:
    """Telegram handles and invite links, lower-cased, handles without ``@``.

    ``@Name`` (when the ad names Telegram, see ``nlp.handles``), ``t.me/name`` and
    ``telegram.me/NAME`` are one recruiter, so they normalise to one value
    (``name``), the form ``index.fields.TELEGRAM`` stores. Private invite links
    keep their ``t.me/+code`` form (the code is case-sensitive).
    """
    invites = ["t.me/" + m.group(1) for m in _TG_INVITE.finditer(text)]
    return _unique([*_handles.find(text)["telegram"], *invites])


def handles(text: str) -> list[str]:
    """Instagram and TikTok handles as ``platform:name`` (``instagram:ana.modelos``), lower-cased."""
    found = _handles.find(text)
    return [f"{p}:{name}" for p in ("instagram", "tiktok") for name in found[p]]


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

    Keys: ``phones``, ``whatsapp``, ``phones_unverified``, ``telegram``, ``handles``,
    ``emails``, ``email_domains``, ``free_email``, ``urls``, ``domains``.
    """
    text = text or ""
    found, wa, unverified = find_phones(text, country)
    social = _handles.find(text)  # once: telegram and the other platforms come from one pass
    mails = emails(text) if "@" in text else []
    links = urls(text) if _URL_HINT.search(text) else []
    return {
        "phones": found, "whatsapp": wa, "phones_unverified": unverified, "telegram": _unique([*social["telegram"], *("t.me/" + m.group(1) for m in _TG_INVITE.finditer(text))]),
        "handles": [f"{p}:{name}" for p in ("instagram", "tiktok") for name in social[p]],
        "emails": mails, "email_domains": _unique(domain(e) for e in mails),
        "free_email": [e for e in mails if domain(e) in FREE_MAIL],
        "urls": links, "domains": _unique(domain(u) for u in links),
    }


def _unique(items) -> list:
    seen: dict = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
