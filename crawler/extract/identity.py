"""One posting, one item: JobPostings of one page merged by identity, and titles that are not URLs.

A page often describes its job twice or three times: JSON-LD for search
engines, microdata in the markup, sometimes RDFa. Two postings are the same
job when they share an identifier, a URL, or a normalised title whose
employers do not disagree. The merged posting keeps every field found, the
longest description and a title that is not a URL (microdata takes the
``href`` of an ``<a itemprop="title">`` as the title).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urljoin

from crawler.extract.urls import normalize_url

_URLISH = re.compile(r"^(?:https?:)?//\S+$|^/\S*$|^www\.\S+$|^\S+\.(?:html?|php|aspx?|jsp)(?:[?#]\S*)?$", re.I)
_TAGS = re.compile(r"<[^>]+>")


def looks_like_url(text: str | None) -> bool:
    """True for 'https://x/y', '/viewjob?jk=1', 'www.x.com/a' or 'oferta-123.html': not a job title."""
    return bool(text) and bool(_URLISH.match(text.strip()))


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return _plain(value.get("name") or value.get("value") or value.get("@value") or "")
    return str(value or "").strip()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


def description_words(posting: dict[str, Any]) -> int:
    """Words of a posting's description, tags removed."""
    return len(_TAGS.sub(" ", _plain(posting.get("description"))).split())


def posting_url(posting: dict[str, Any], base: str) -> str | None:
    """The posting's own absolute, normalised http(s) URL (``url`` property), None without one."""
    url = posting.get("url")
    url = url[0] if isinstance(url, list) and url else url
    if isinstance(url, dict):
        url = url.get("@id") or url.get("url")
    if not isinstance(url, str) or not url.strip() or url.strip().startswith(("#", "javascript:")):
        return None
    url = url.strip()
    absolute = url if url.startswith(("http://", "https://")) else urljoin(base, url)
    return normalize_url(absolute) if absolute.startswith(("http://", "https://")) else None


def _keys(posting: dict[str, Any], base: str) -> tuple[str | None, str | None, str | None, str | None]:
    ident = _plain(posting.get("identifier")) or None
    title = _plain(posting.get("title"))
    title = None if not title or looks_like_url(title) else _norm(title)
    employer = _norm(_plain(posting.get("hiringOrganization"))) or None
    return ident, posting_url(posting, base), title, employer


def _same(a: tuple, b: tuple) -> bool:
    (ia, ua, ta, ea), (ib, ub, tb, eb) = a, b
    if ia and ib:
        return ia == ib
    if ua and ub and ua == ub:
        return True
    if ua and ub:  # two different own URLs: two jobs, even with one title
        return False
    return bool(ta and tb and ta == tb and (not ea or not eb or ea == eb))


def merge_postings(postings: list[dict[str, Any]], base: str) -> list[dict[str, Any]]:
    """Postings of one page with duplicates (same job in JSON-LD, microdata, RDFa) merged, page order kept."""
    if len(postings) < 2:
        return [_fix_title(p) for p in postings]
    groups: list[tuple[list[tuple], dict[str, Any]]] = []
    for posting in postings:
        keys = _keys(posting, base)
        for group_keys, merged in groups:
            if any(_same(keys, k) for k in group_keys):
                group_keys.append(keys)
                _absorb(merged, posting)
                break
        else:
            groups.append(([keys], dict(posting)))
    syntaxes = [merged.get("_syntax", "json-ld") for _, merged in groups]
    if len(groups) > 1 and len(set(syntaxes)) == len(syntaxes) and len({k[1] for keys, _ in groups for k in keys} - {None}) <= 1:
        # one posting per syntax and no two own URLs: one job described twice with other wording
        first = groups[0][1]
        for _, merged in groups[1:]:
            _absorb(first, merged)
        groups = groups[:1]
    return [_fix_title(merged) for _, merged in groups]


def _absorb(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key, value in other.items():
        if value in (None, "", [], {}):
            continue
        current = into.get(key)
        if current in (None, "", [], {}) or (key == "title" and looks_like_url(_plain(current))):
            into[key] = value
        elif key == "description" and len(_plain(value)) > len(_plain(current)):
            into[key] = value


def _fix_title(posting: dict[str, Any]) -> dict[str, Any]:
    """A title that is a URL is no title: dropped (the spider falls back to the page's h1), kept as the url."""
    title = _plain(posting.get("title"))
    if looks_like_url(title):
        posting = {k: v for k, v in posting.items() if k != "title"}
        # microdata's <a itemprop="title" href=...> on a listing card: the href is the ad page
        posting.setdefault("url", title)
    return posting
