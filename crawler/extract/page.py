"""What the spiders read from a parsed HTML page, taken from its lxml tree once.

A crawled page used to be queried through parsel several times (JSON-LD
scripts, ``<html lang>``, the canonical link in the head and then anywhere,
microdata/RDFa markers by regex over the text) and then walked again, element
by element in Python, by Scrapy's LxmlLinkExtractor, which also collects each
link's text. Precompiled lxml XPaths on the response's already-parsed tree
answer all of that for a fraction of the cost; ``page_facts`` caches the result
per response, so ``canonical_url`` and the language lookup share it.

``page_links`` gives the absolute http(s) link targets of a page as
LinkExtractor(unique=True) would (``<a>``/``<area>`` ``href``, ``<base href>``
honoured, whitespace stripped, links to files such as .pdf/.jpg skipped).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from weakref import WeakKeyDictionary

from lxml import etree
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

_JSONLD = etree.XPath('//script[@type="application/ld+json"]/text()')
_LINKS = etree.XPath("//link[@rel]")
_HREFS = etree.XPath("//a/@href | //area/@href")
# the HTML parser lower-cases attribute names, so one spelling of each suffices
_MICRODATA = etree.XPath("boolean(//*[@itemtype])")
_RDFA = etree.XPath("boolean(//*[@typeof or @vocab])")
_SKIP_EXT = frozenset("." + e for e in IGNORED_EXTENSIONS)


@dataclass(frozen=True)
class PageFacts:
    """The parts of an HTML page the spiders use."""

    jsonld: list[str]  # texts of <script type="application/ld+json">
    lang: str | None  # raw <html lang>
    canonical: str | None  # href of <link rel=canonical> (head first), unresolved
    microdata: bool  # some element has itemtype
    rdfa: bool  # some element has typeof or vocab
    hrefs: list[str]  # raw href of every <a>/<area>, document order


_FACTS: WeakKeyDictionary = WeakKeyDictionary()


def page_facts(response) -> PageFacts | None:
    """``PageFacts`` of an HTML/XML text response (cached per response); None when it has no parsed tree."""
    facts = _FACTS.get(response)
    if facts is None:
        try:
            root = response.selector.root
        except (AttributeError, ValueError):  # binary responses have no selector
            return None
        if not isinstance(root, etree._Element):  # an empty body parses to no tree
            return None
        facts = PageFacts(jsonld=[str(t) for t in _JSONLD(root)], lang=root.get("lang") if root.tag == "html" else None,
                          canonical=_canonical(root), microdata=bool(_MICRODATA(root)), rdfa=bool(_RDFA(root)),
                          hrefs=[str(h) for h in _HREFS(root)])
        _FACTS[response] = facts
    return facts


def _canonical(root) -> str | None:
    # /html/head/link[@rel='canonical'] first, then any link whose rel is "canonical" in any case
    links = _LINKS(root)
    for link in links:
        head = link.getparent()
        if link.get("rel") == "canonical" and head is not None and head.tag == "head" and head.getparent() is root:
            return link.get("href")
    for link in links:
        if link.get("rel").lower() == "canonical":
            return link.get("href")
    return None


def page_links(response) -> list[str]:
    """Absolute http(s) URLs of the page's ``<a>``/``<area>`` links, unique, in document order."""
    facts = page_facts(response)
    if facts is None or not facts.hrefs:
        return []
    base = get_base_url(response)
    own = base == response.url  # no <base href>: "#..." links point at the page itself
    out: dict[str, None] = {}
    for href in facts.hrefs:
        href = strip_html5_whitespace(href)
        if own and href.startswith("#"):
            continue
        try:
            url = urljoin(base, href)
            if not url.isascii():
                url = safe_url_string(url, encoding=response.encoding)
            if _followable(url):
                out[url] = None
        except ValueError:  # bogus link, e.g. an invalid IPv6 host
            continue
    return list(out)


def _followable(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    return posixpath.splitext(parts.path)[1].lower() not in _SKIP_EXT
