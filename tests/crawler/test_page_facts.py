"""crawler.extract.page: one lookup of a page's JSON-LD, lang, canonical link, markers and links."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from crawler.extract.page import page_facts, page_links
from crawler.extract.urls import canonical_url, normalize_url

ROOT = Path(__file__).resolve().parents[2]

PAGE = b"""<html lang="es-CO"><head><base href="http://other.example/dir/">
<LINK REL="Canonical" href="/late">
<link rel="canonical" href="/oferta/1?utm_source=x#frag">
<script type="application/ld+json">{"@type": "JobPosting"}</script></head>
<body><div itemscope ItemType="https://schema.org/JobPosting">x</div>
<a href=" rel/x.html ">a</a><a href="mailto:x@y.example">m</a><a href="javascript:void(0)">j</a>
<a href="/doc.PDF">p</a><a href="http://[bad">b</a><area href="/map"><a href="#top">t</a>
<a href="//cdn.example/x.html">c</a><a href="ftp://x.example/y">f</a><a href="rel/x.html">dup</a></body></html>"""


def _resp(body: bytes, url: str = "http://h.example/a/b.html", encoding: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(url, body=body, encoding=encoding)


def test_facts_read_once_from_the_tree():
    resp = _resp(PAGE)
    facts = page_facts(resp)
    assert facts.jsonld == ['{"@type": "JobPosting"}'] and facts.lang == "es-CO"
    assert facts.microdata and not facts.rdfa
    assert facts.canonical == "/oferta/1?utm_source=x#frag"  # the exact-case head link wins
    assert page_facts(resp) is facts  # cached per response
    assert canonical_url(resp) == "http://other.example/oferta/1"


def test_canonical_falls_back_to_any_case_and_to_the_url():
    assert canonical_url(_resp(b'<html><body><link rel="CANONICAL" href="https://x.example/c"></body></html>')) \
        == "https://x.example/c"
    assert canonical_url(_resp(b"<html><body>no link</body></html>", "HTTP://H.example:80/p?b=2&a=1#f")) \
        == "http://h.example/p?a=1&b=2"
    assert page_facts(Response("http://h.example/f.bin", body=b"\x00")) is None  # no parsed tree


def test_links_absolute_http_only_unique_without_files():
    assert page_links(_resp(PAGE)) == ["http://other.example/dir/rel/x.html", "http://other.example/map",
                                       "http://other.example/dir/#top", "http://cdn.example/x.html"]


def test_links_match_scrapy_link_extractor_on_the_demo_and_fixture_pages():
    extractor = LinkExtractor(unique=True)
    files = sorted((ROOT / "demo" / "sites").rglob("*.html")) + sorted((ROOT / "tests" / "crawler" / "pages").rglob("*.html"))
    assert len(files) > 30
    for path in files:
        for encoding in ("utf-8", "latin-1"):
            resp = _resp(path.read_bytes(), encoding=encoding)
            want = {normalize_url(link.url) for link in extractor.extract_links(resp) if link.url.startswith("http")}
            got = {normalize_url(u) for u in page_links(resp)}
            assert got == want - {normalize_url(resp.url)} or got == want, path
