"""One extractor per fact: the crawler's contacts and salaries are nlp's, for the same ad.

Each case is read twice, as the spiders do (``crawler.extract``) and as the
scorer does (``nlp.entities``), and both readings must be the expected one.
Numbers are fictional.
"""

from __future__ import annotations

import pytest

from crawler.extract.contacts import extract_contacts
from crawler.extract.salary import find_salary
from crawler.pipelines.score import apply_score
from index import fields as F
from index.mapping import ads_mapping
from index.query import build_linked_body
from nlp.entities import extract_entities
from nlp.types import Score
from workbench.backend import link_reasons

CONTACT_KEYS = ("phones", "whatsapp", "phones_unverified", "telegram", "emails", "email_domains", "urls", "domains")


def both(text: str, country: str | None, lang: str = "es") -> tuple[dict, dict]:
    """(crawler contacts, nlp contacts) of ``text`` as dicts of the same keys."""
    crawler = extract_contacts(text, country)
    nlp = extract_entities(text, country=country, lang=lang)
    return {k: getattr(crawler, k) for k in CONTACT_KEYS}, {k: nlp[k] for k in CONTACT_KEYS}


def test_extract_colombian_number_normalised_with_the_ads_country():
    crawler, nlp = both("Interesadas escribir al WhatsApp 300 123 4567", "CO")
    assert crawler == nlp
    assert crawler["phones"] == crawler["whatsapp"] == ["+573001234567"]  # not +1 300...
    assert crawler["phones_unverified"] == []


def test_extract_local_number_without_country_kept_as_written_not_guessed():
    crawler, nlp = both("Interesadas escribir al WhatsApp 300 123 4567", None, lang="es")
    assert crawler == nlp
    assert crawler["phones"] == [] and crawler["whatsapp"] == []  # no region: no E.164 guess (US or CO)
    assert crawler["phones_unverified"] == ["3001234567"]


def test_extract_international_number_without_country_still_normalised():
    crawler, nlp = both("Llama al +57 300 123 4567 o wa.me/5215555550123", None)
    assert crawler == nlp
    assert crawler["phones"] == ["+525555550123", "+573001234567"]  # wa.me links first, Mexico's old mobile "1" dropped
    assert crawler["whatsapp"] == ["+525555550123"]
    assert crawler["phones_unverified"] == []


@pytest.mark.parametrize("country", ["BR", None])
def test_extract_cnpj_is_not_a_phone(country):
    crawler, nlp = both("Agência Ponte Azul Ltda, CNPJ 12.345.678/0001-90, seleciona atendentes", country, lang="pt")
    assert crawler == nlp
    assert crawler["phones"] == crawler["phones_unverified"] == []


def test_extract_cnpj_without_label_is_not_a_phone_but_the_phone_next_to_it_is():
    crawler, nlp = both("Ponte Azul 12.345.678/0001-90 - ligue (11) 95555-0123", "BR", lang="pt")
    assert crawler == nlp
    assert crawler["phones"] == ["+5511955550123"]


def test_extract_urls_and_domains_agree_and_are_normalised():
    text = ("Postula en https://www.Empleos-Ficticios.com.co/Vacantes?utm_source=fb&id=7#top, "
            "en empleos-ficticios.com.co/bogota o escribe a RH@Empleos-Ficticios.com.co. Canal: t.me/VacantesFicticias")
    crawler, nlp = both(text, "CO")
    assert crawler == nlp
    assert crawler["urls"] == ["https://www.empleos-ficticios.com.co/Vacantes?id=7", "http://empleos-ficticios.com.co/bogota",
                               "http://t.me/VacantesFicticias"]
    assert crawler["domains"] == ["empleos-ficticios.com.co", "t.me"]
    assert crawler["emails"] == ["rh@empleos-ficticios.com.co"] and crawler["email_domains"] == ["empleos-ficticios.com.co"]
    assert crawler["telegram"] == ["vacantesficticias"]


@pytest.mark.parametrize("text,country,expected", [
    ("Ganarás 8 millones al mes, pago puntual", "CO", (8_000_000.0, "COP", "month")),
    ("Salário R$ 2.500,00 por mês + moradia", "BR", (2500.0, "BRL", "month")),
    ("Pay: USD 1,200/month, housing included", "PH", (1200.0, "USD", "month")),
    ("Start now, $15/hr cash", "US", (15.0, "USD", "hour")),
    ("Start now, $15/hr cash", None, (15.0, "USD", "hour")),
    ("salario $2.100.000 mensuales", "CO", (2_100_000.0, "COP", "month")),
])
def test_extract_salary_same_reading_in_crawler_and_nlp(text, country, expected):
    crawled = find_salary(text, country)
    scored = extract_entities(text, country=country)["salaries"][0]
    assert (crawled.amount, crawled.currency, crawled.period) == expected
    assert (scored["amount"], scored["currency"], scored["period"]) == expected
    assert crawled.raw == scored["raw"]


def test_extract_unverified_phone_stored_apart_and_never_linked():
    ad = {F.ID: "a1", F.CANONICAL_URL: "https://x.example/a1", F.TEXT: "Llama al 300 123 4567", F.PHONES: []}
    entities = extract_entities(ad[F.TEXT], country=None)
    apply_score(ad, Score(score=0.5, risk="medium", entities=entities, model_version="t"), "2026-01-01T00:00:00Z")
    assert ad[F.PHONES] == [] and ad[F.PHONES_UNVERIFIED] == ["3001234567"]
    assert F.PHONES_UNVERIFIED not in F.LINK_FIELDS
    assert ads_mapping()["properties"][F.PHONES_UNVERIFIED]["index"] is False  # stored, never searchable
    body = build_linked_body({**ad, F.TEXT: ""})
    assert "3001234567" not in str(body)  # no linking query on an unnormalised number
    other = {**ad, F.ID: "a2", F.SOURCE: "x"}
    assert not any("3001234567" in reason for reason in link_reasons(ad, other))
