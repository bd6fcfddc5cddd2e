"""URL normalisation: canonical URLs without fragments or tracking parameters."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from crawler.extract.page import page_facts

#: Query parameters that only track the visitor; dropped from canonical URLs.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "ref_src", "_ga"}


# Cached: a crawl normalises the same navigation links on every page of a site.
@lru_cache(maxsize=65536)
def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default port and utm_*/click ids, sort the query."""
    try:
        parts = urlsplit(safe_url_string(url.strip()))
        port = parts.port
    except ValueError:  # "http://[::1", port 99999: no page lives there; kept as written, never an error
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    )
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def canonical_url(response) -> str:
    """``<link rel=canonical>`` of an HTML response when it is http(s), else the normalised URL."""
    facts = page_facts(response)
    href = facts.canonical if facts is not None else None
    if href:
        absolute = response.urljoin(href.strip())
        if absolute.startswith(("http://", "https://")):
            return normalize_url(absolute)
    return normalize_url(response.url)


def registrable_domain(url_or_host: str) -> str:
    """example.co.uk for https://jobs.example.co.uk/x (offline public suffix list)."""
    try:
        host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    except ValueError:  # an unclosed "[" of an IPv6 host: no registrable domain
        return ""
    ext = _extractor()(host or "")
    return ".".join(p for p in (ext.domain, ext.suffix) if p) or (host or "")


_EXTRACT = None


def _extractor():
    global _EXTRACT
    if _EXTRACT is None:
        import tldextract

        # suffix_list_urls=() : never fetch the list at run time (offline rule)
        _EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return _EXTRACT
