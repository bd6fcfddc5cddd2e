"""Field extraction from saved pages: JobPosting (JSON-LD/@graph, microdata, RDFa), salary, contacts, URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract.contacts import extract_contacts
from crawler.extract.jobposting import find_job_postings, iso_datetime, map_job_posting
from crawler.extract.salary import find_salary, parse_amount
from crawler.extract.text import content_hash, html_to_text
from crawler.extract.urls import normalize_url

PAGES = Path(__file__).parent / "pages"


def _ad(name: str) -> dict:
    html = (PAGES / name).read_text(encoding="utf-8")
    postings = find_job_postings(html, "https://empleos.example.mx/oferta/123")
    assert len(postings) == 1
    return map_job_posting(postings[0])


def test_jobposting_jsonld_graph_maps_every_field():
    ad = _ad("jobposting_jsonld_graph.html")
    assert ad["title"] == "Meseras para restaurante en Cancún"
    assert ad["text"].startswith("Buscamos meseras de 18 a 25 años.\n")  # HTML description -> text
    assert ad["posted_at"] == "2026-10-05T13:30:00Z"  # converted to UTC
    assert ad["valid_through"] == "2026-12-31T00:00:00Z"
    assert ad["employer"] == "Grupo Caribe Mar"
    assert ad["employment_type"] == "FULL_TIME, TEMPORARY"
    assert ad["location"] == "Cancún, Quintana Roo, México" and ad["country"] == "MX"
    assert (ad["salary_amount"], ad["salary_currency"], ad["salary_period"]) == (12000.0, "MXN", "month")
    assert ad["salary_raw"] == "mxn 12000–15000 / MONTH"


def test_jobposting_microdata_with_applicant_location():
    ad = _ad("jobposting_microdata.html")
    assert ad["title"] == "Auxiliar de cozinha em Lisboa"
    assert "visto garantido" in ad["text"]
    assert ad["country"] == "BR" and "remote" in ad["location"]
    assert (ad["salary_amount"], ad["salary_currency"], ad["salary_period"]) == (900.0, "EUR", "month")


def test_jobposting_rdfa_resolves_linked_nodes():
    ad = _ad("jobposting_rdfa.html")
    assert ad["title"] == "Live-in nanny, Doha"
    assert ad["employer"] == "Gulf Family Services LLC"
    assert ad["country"] == "QA"


def test_page_without_jobposting_has_none():
    html = (PAGES / "no_jobposting.html").read_text(encoding="utf-8")
    assert find_job_postings(html, "https://x.example/") == []


@pytest.mark.parametrize("text,country,expected", [
    ("salario $2.100.000 + auxilio", "CO", (2_100_000.0, "COP", None)),
    ("$38.50–$52.00/hr based on experience", "US", (38.5, "USD", "hour")),
    ("R$ 2.350,00 por mês", "BR", (2350.0, "BRL", "month")),
    ("USD 82,000 a 95,000 al año", "MX", (82_000.0, "USD", "year")),
    ("ganas $15k a la semana", "MX", (15_000.0, "MXN", "week")),
    ("£12 per hour", "GB", (12.0, "GBP", "hour")),
])
def test_salary_from_text(text, country, expected):
    s = find_salary(text, country)
    assert (s.amount, s.currency, s.period) == expected


@pytest.mark.parametrize("raw,value", [("2.100.000", 2_100_000), ("2.350,00", 2350), ("82,000", 82_000), ("38.50", 38.5), ("1,5", 1.5)])
def test_parse_amount_separators(raw, value):
    assert parse_amount(raw) == value


def test_salary_needs_a_currency_sign():
    assert find_salary("de 18 a 25 años, 3 días", "CO") is None


def test_contacts_normalised():
    c = extract_contacts("WhatsApp +57 300 123 4567 · t.me/Reclutador_CO · Info@Empleos.co · fecha 12/05/2024 "
                         "o llama al (55) 1234-5678 · www.bit.ly/abc", "MX")
    assert c.whatsapp == ["+573001234567"]
    assert c.phones == ["+573001234567", "+525512345678"]  # the date is not a phone
    assert c.telegram == ["reclutador_co"]
    assert c.emails == ["info@empleos.co"] and c.email_domains == ["empleos.co"]
    assert "bit.ly" in c.domains and "t.me" in c.domains


@pytest.mark.parametrize("url,expected", [
    ("HTTP://Example.COM:80/a?z=1&utm_source=x&a=2#frag", "http://example.com/a?a=2&z=1"),
    ("https://jobs.example.org:443/x?fbclid=1", "https://jobs.example.org/x"),
    ("https://jobs.example.org:8443", "https://jobs.example.org:8443/"),
])
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


def test_content_hash_ignores_spacing_and_case():
    assert content_hash("Mesera ", "Pago  diario\n") == content_hash("mesera", "pago diario")
    assert content_hash("Mesera", "pago diario") != content_hash("Mesera", "pago semanal")


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    assert html_to_text("<p>Hola <b>mundo</b></p><script>x()</script><p>a &amp; b</p>") == "Hola mundo\n\na & b"
    assert iso_datetime("not a date") is None
