"""One posting, one item: JobPostings merged by identity, URL titles rejected; JSON-LD found where pages nest it."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.extract.identity import looks_like_url, merge_postings
from crawler.extract.jobposting import find_job_postings
from crawler.extract.pagetype import PageTypeConfig

BASE = "https://empleos.example.co/oferta/7"


def jp(**kw):
    return {"@type": "JobPosting", **kw}


@pytest.mark.parametrize("postings,expected", [
    # same identifier (a PropertyValue in JSON-LD, a plain value in microdata)
    ([jp(identifier={"value": "77"}, title="Mesero"), jp(identifier="77", title="Mesero(a)", _syntax="microdata")], 1),
    ([jp(identifier="77", title="Mesero"), jp(identifier="78", title="Mesero")], 2),  # two ids: two jobs
    # same URL, relative or absolute
    ([jp(url="/oferta/7", title="A"), jp(url=BASE + "?utm_source=x", title="B")], 1),
    ([jp(url="/oferta/7", title="Cajero"), jp(url="/oferta/8", title="Cajero")], 2),  # one title, two pages
    # normalised title, employers agreeing or missing
    ([jp(title="Auxiliar de Bodega", hiringOrganization={"name": "Acme"}), jp(title="auxiliar de  bodega")], 1),
    ([jp(title="Vendedor", hiringOrganization="Acme"), jp(title="Vendedor", hiringOrganization="Otra")], 2),
    # one posting per syntax without two own URLs: one job worded twice
    ([jp(title="Profesor de Educación"), jp(title="Profesor de Educación Física", _syntax="microdata")], 1),
])
def test_merge_postings_by_identity(postings, expected):
    assert len(merge_postings(postings, BASE)) == expected


def test_merge_keeps_every_field_longest_description_and_a_real_title():
    merged = merge_postings([jp(title="https://x.example/rc/clk?jk=1", description="corta"),
                             jp(title="Operario", description="una descripción más larga", datePosted="2026-11-01",
                                _syntax="microdata")], BASE)
    assert len(merged) == 1
    assert merged[0]["title"] == "Operario" and merged[0]["description"] == "una descripción más larga"
    assert merged[0]["datePosted"] == "2026-11-01"


def test_url_title_dropped_and_kept_as_the_postings_url():
    [card] = merge_postings([jp(title="/rc/clk?jk=4f1a", hiringOrganization="Acme")], BASE)
    assert "title" not in card and card["url"] == "/rc/clk?jk=4f1a"


@pytest.mark.parametrize("text,expected", [
    ("https://uk.indeed.com/rc/clk?jk=1", True), ("/viewjob?jk=1", True), ("www.example.com/a", True),
    ("oferta-123.html", True), ("Auxiliar de Bodega", False), ("Vendedor/a de salón", False), ("", False),
])
def test_looks_like_url(text, expected):
    assert looks_like_url(text) is expected


@pytest.mark.parametrize("script", [
    '{"@context": "https://schema.org", "@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "T"}}',
    '{"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": {"@type": "JobPosting", "title": "T"}}]}',
    '//<![CDATA[\n{"@type": "JobPosting", "title": "T"}\n//]]>',
    '<!-- {"@type": "schema:JobPosting", "title": "T"} -->',
])
def test_jsonld_jobposting_found_where_pages_nest_it(script):
    found = find_job_postings("", BASE, jsonld_scripts=[script], markers=(False, False))
    assert [p["title"] for p in found] == ["T"]


def test_pagetype_config_from_settings():
    settings = Settings()
    settings.setmodule("crawler.settings")
    assert PageTypeConfig.from_settings(settings) == PageTypeConfig()  # the module's values are the defaults
    settings.set("ANZUELO_PAGETYPE_MIN_CARDS", "7")
    assert PageTypeConfig.from_settings(settings).min_cards == 7


def test_jobposting_spider_full_jobs_inline_kept_cards_followed():
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from crawler.items import AdItem
    from crawler.spiders.jobposting import JobPostingSpider

    desc = " ".join(["Se busca personal con experiencia para turnos rotativos en planta de alimentos."] * 6)
    jobs = [f'{{"@type": "JobPosting", "title": "Operario {n}", "description": "{desc}"}}' for n in range(3)]
    jobs.append('{"@type": "JobPosting", "title": "Bodeguero", "url": "/oferta/99", "description": "Corta."}')
    html = f'<html><body><h1>Trabaja con nosotros</h1><script type="application/ld+json">[{", ".join(jobs)}]</script></body></html>'
    url = "https://planta.example.co/empleo/"
    sp = JobPostingSpider.from_crawler(get_crawler(JobPostingSpider), url=url)
    out = list(sp.parse_page(HtmlResponse(url, body=html.encode(), encoding="utf-8", request=Request(url))))
    items = [o for o in out if isinstance(o, AdItem)]
    assert [i.title for i in items] == ["Operario 0", "Operario 1", "Operario 2"]  # full jobs with no page of their own
    assert [i.url for i in items] == [i.canonical_url for i in items] == [f"{url}#job-{n}" for n in range(3)]
    assert [r.url for r in out if isinstance(r, Request)] == ["https://planta.example.co/oferta/99"]  # the thin card's page
