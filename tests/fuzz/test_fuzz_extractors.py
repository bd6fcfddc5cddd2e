"""Fuzz: the extractors (``crawler/extract/*``, ``nlp/phones``, ``nlp/salary``, ``nlp/contacts``) never raise.

Random unicode (controls, lone surrogates), the naughty strings, and texts up
to ~1 MB. Beyond "no exception", each result keeps its shape: phones are
E.164, amounts finite and non-negative, URLs http(s) or empty, hashes hex.
"""

from __future__ import annotations

import json
import math
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, TextResponse

from crawler.extract.contacts import extract_contacts
from crawler.extract.jobposting import find_job_postings, map_job_posting
from crawler.extract.page import page_facts, page_links
from crawler.extract.salary import find_salary
from crawler.extract.text import content_hash, html_to_text, main_text, normalize_space
from crawler.extract.urls import canonical_url, normalize_url, registrable_domain
from crawler.items import AdItem
from nlp import contacts as nlp_contacts
from nlp import phones as nlp_phones
from nlp import salary as nlp_salary
from tests.fixtures.fuzz import huge_text, json_values, nasty_text

COUNTRIES = st.one_of(st.sampled_from([None, "CO", "BR", "MX", "US", "ES", "AR", "PE", "VE", "XX", "", "co"]),
                      nasty_text.map(lambda s: s[:3]))
E164 = re.compile(r"\+\d{6,17}")
HTML_PARTS = st.sampled_from([
    "<html lang='es'>", "<head>", "<link rel='canonical' href='", "'>", "<a href='", "<area href='", "<base href='",
    "<script type='application/ld+json'>", "</script>", "<div itemscope itemtype='http://schema.org/JobPosting'>",
    "<span itemprop='title'>", "<div vocab='https://schema.org/' typeof='JobPosting'>", "<p>", "</p>", "<br>",
    "</div>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&bogus;", '{"@type":"JobPosting",',
    '"title":', '"baseSalary":{"value":{"minValue":', "}", "]", "javascript:", "http://", "//", "../", "?utm_source=x",
])
html_docs = st.lists(st.one_of(HTML_PARTS, nasty_text), max_size=30).map("".join)


def _response(html: str, url: str = "https://empleos.example.org/aviso/1") -> HtmlResponse:
    return HtmlResponse(url, body=html.encode("utf-8", "surrogatepass"), encoding="utf-8")


def _check_contacts(c) -> None:
    for phone in c.phones:
        assert E164.fullmatch(phone), phone
    assert set(c.whatsapp) <= set(c.phones) | set(c.whatsapp)
    for field in ("emails", "telegram", "urls", "phones", "whatsapp"):
        assert all(isinstance(v, str) for v in getattr(c, field))


def _check_salary(s) -> None:
    if s is not None:
        assert s.amount is None or (math.isfinite(s.amount) and s.amount >= 0), s
        assert isinstance(s.raw, str)


@given(nasty_text, COUNTRIES)
@example("+57 300 555 0100 wa.me/573005550100", "CO")
@example("\ud800 +55 11 95555-0100", "BR")
def test_fuzz_contacts_phones_salary_never_raise(text, country):
    _check_contacts(extract_contacts(text, country))
    _check_salary(find_salary(text, country))
    found, whatsapp, local = nlp_phones.find_phones(text, country)
    assert all(E164.fullmatch(p) for p in found) and set(whatsapp) <= set(found)
    assert all(d.isdigit() for d in local)
    for row in nlp_salary.salaries_in(text, country):
        assert row["amount"] is None or (math.isfinite(row["amount"]) and row["amount"] >= 0)
    amount = nlp_salary.parse_amount(text)
    assert amount is None or (math.isfinite(amount) and amount >= 0)
    nlp_salary.parse_period(text)
    out = nlp_contacts.extract(text, country)
    assert all(isinstance(v, list) for v in out.values())
    for url in nlp_contacts.urls(text):
        nlp_contacts.domain(nlp_contacts.normalize_url(url))
    nlp_contacts.domain(text)


@given(huge_text, st.sampled_from([None, "CO", "BR"]))
@settings(max_examples=8)
def test_fuzz_cheap_extractors_on_a_megabyte(text, country):
    _check_contacts(extract_contacts(text, country))
    _check_salary(find_salary(text, country))
    assert len(content_hash("t", text)) == 64
    normalize_space(text)


@given(html_docs)
@example("<html><head><link rel='canonical' href='javascript:alert(1)'></head><a href='\x00'>x</a></html>")
@example("<a href='http://[::1'>broken ipv6</a><a href='http://a:99999/'>port</a>")
def test_fuzz_page_text_links_and_jobpostings_never_raise(html):
    response = _response(html)
    facts = page_facts(response)
    links = page_links(response)
    assert all(link.startswith(("http://", "https://")) for link in links)
    assert canonical_url(response).startswith("https://")
    text = html_to_text(html)
    assert isinstance(text, str) and isinstance(main_text(html, response.url), str)
    postings = find_job_postings(html, response.url, facts.jsonld if facts else None)
    for posting in postings:
        assert isinstance(map_job_posting(posting), dict)


@given(st.binary(max_size=400))
def test_fuzz_page_facts_on_raw_bytes(body):
    for response in (HtmlResponse("https://example.org/", body=body), TextResponse("https://example.org/", body=body)):
        page_facts(response)
        page_links(response)
        canonical_url(response)


@given(json_values)
@example({"@type": "JobPosting", "title": {"@value": []}, "baseSalary": {"value": {"value": "NaN"}}})
@example({"@type": "JobPosting", "datePosted": "9999-99-99", "jobLocation": [None, 7, {"address": []}]})
def test_fuzz_map_job_posting_any_json(value):
    posting = value if isinstance(value, dict) else {"@type": "JobPosting", "title": value}
    assert isinstance(map_job_posting({**posting, "@type": "JobPosting"}), dict)
    script = json.dumps({"@type": "JobPosting", "title": value, "description": value})  # ASCII: \ud800 escapes
    for found in find_job_postings("", "https://example.org/", [script]):
        _writable_item(map_job_posting(found))


def _writable_item(fields: dict) -> None:
    """As the spiders build an ad from a posting: the finished item must encode as UTF-8 (--output, bulk)."""
    item = AdItem(url="https://example.org/1", canonical_url="https://example.org/1", source="s", spider="jobposting")
    for key, value in fields.items():
        if value not in (None, "") and hasattr(item, key):
            setattr(item, key, value)
    json.dumps(item.finalize().to_dict(), ensure_ascii=False, default=str).encode("utf-8")


@given(nasty_text)
@example("Oferta \ud800 urgente")
@example("\udc80\ud83d")
def test_fuzz_jsonld_lone_surrogates_never_break_the_item(text):
    """Regression: a JSON-LD "\\ud800" escape gave a lone surrogate that failed the --output line and the bulk."""
    script = json.dumps({"@type": "JobPosting", "title": text, "description": text, "hiringOrganization": {"name": text}})
    postings = find_job_postings("", "https://example.org/", [script])
    assert postings
    _writable_item({**map_job_posting(postings[0]), "text": text, "phones": [text]})


@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", '{"@graph":', '{"a":[']))
@example(100_000, "[")  # regression: RecursionError out of json.loads killed the page's callback
@example(5_000, '{"@graph":')
@settings(max_examples=10)
def test_fuzz_deeply_nested_json_ld(depth, opener):
    script = opener * depth
    assert find_job_postings("", "https://example.org/", [script]) == []
    find_job_postings(f"<script type='application/ld+json'>{script}</script>", "https://example.org/")


@given(nasty_text)
@example("http://[::1")
@example("http://a:99999/")
@example("http://例え.テスト/パス?q=ü#frag")
def test_fuzz_urls_never_raise(text):
    for url in (text, "https://example.org/" + text, "http://" + text):
        out = normalize_url(url)
        assert isinstance(out, str)
        assert isinstance(registrable_domain(url), str)
