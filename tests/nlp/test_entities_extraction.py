"""Entity extraction: investigators link recruiters by these values, so they are tested hard."""

from __future__ import annotations

import pytest

from nlp.entities import extract_entities


def ents(text, country=None, lang="es", employer=None):
    return extract_entities(text, country=country, lang=lang, employer=employer)


@pytest.mark.parametrize("text,country,expected", [
    ("Llama al +57 300 123 4567", "CO", "+573001234567"),
    ("cel 300.123.4567", "CO", "+573001234567"),
    ("Tel (55) 1234-5678", "MX", "+525512345678"),
    ("llamar al 311-555-0192", "CO", "+573115550192"),
    ("WhatsApp3001234567", "CO", "+573001234567"),
    ("📲3001234567💰", "CO", "+573001234567"),
    ("Whats: +52 1 55 1234 5678", "MX", "+525512345678"),
    ("+521 (33) 1234-5678", None, "+523312345678"),
    ("Zap (11) 98765-4321", "BR", "+5511987654321"),
    ("Info: Don Jairo +57 315 555 0176 (WhatsApp)", "US", "+573155550176"),
    ("(604) 322 4817", "CO", "+576043224817"),
    ("0241-871.22.64", "VE", "+582418712264"),
    ("call 212-555-0143", "US", "+12125550143"),
])
def test_phone_e164(text, country, expected):
    assert expected in ents(text, country)["phones"]


@pytest.mark.parametrize("text,country", [
    ("NIT 901.448.273-5", "CO"),
    ("salario $2.100.000 mensuales", "CO"),
    ("R$ 3.500 por mês", "BR"),
    ("de 8 a 5 pm, 48 horas semanales", "CO"),
])
def test_no_phone_in_amounts_or_ids(text, country):
    assert ents(text, country)["phones"] == []


@pytest.mark.parametrize("text,country,expected", [
    ("escribe al WhatsApp 300 123 4567", "CO", "+573001234567"),
    ("wa.me/573001234567", None, "+573001234567"),
    ("https://api.whatsapp.com/send?phone=5215512345678&text=hola", None, "+525512345678"),
    ("chama no zap (21) 95555-0187", "BR", "+5521955550187"),
    ("3001234567 (wsp)", "CO", "+573001234567"),
])
def test_whatsapp_flag(text, country, expected):
    e = ents(text, country)
    assert expected in e["whatsapp"] and expected in e["phones"]


def test_phone_not_flagged_whatsapp_without_cue():
    e = ents("Oficina: (604) 322 4817, horario de 8 a 5", "CO")
    assert e["whatsapp"] == []


@pytest.mark.parametrize("text,expected", [
    ("Message me on Telegram @andres_hr_asia (not WhatsApp)", "andres_hr_asia"),
    ("canal: t.me/TrabajosAsia", "trabajosasia"),
    ("https://telegram.me/RecruiterBot", "recruiterbot"),
    ("únete t.me/+AbCdEf123", "t.me/+AbCdEf123"),
])
def test_telegram(text, expected):
    assert expected in ents(text)["telegram"]


def test_instagram_handle_is_not_telegram():
    assert ents("síguenos en Instagram @modelos_top")["telegram"] == []


def test_emails_domains_and_free_webmail():
    e = ents("HV a Seleccion@Guaduales.com.co o castingzurich.br@GMAIL.com.")
    assert e["emails"] == ["seleccion@guaduales.com.co", "castingzurich.br@gmail.com"]
    assert e["email_domains"] == ["guaduales.com.co", "gmail.com"]
    assert e["free_email"] == ["castingzurich.br@gmail.com"]


def test_urls_and_domains():
    e = ents("Aplica en conectaandina.co/empleos o https://www.Snowmarket.co.uk/jobs?x=1. Correo a@b.com")
    assert e["urls"] == ["http://conectaandina.co/empleos", "https://www.snowmarket.co.uk/jobs?x=1"]  # normalised
    assert e["domains"] == ["conectaandina.co", "snowmarket.co.uk"]


@pytest.mark.parametrize("text,rng", [
    ("chicas de 18 a 25 años", (18, 25)),
    ("entre 18 y 30", (18, 30)),
    ("moças 18-25 anos", (18, 25)),
    ("ages 18 to 25", (18, 25)),
    ("Ages 19–27", (19, 27)),
    ("Men 20-45, strong", (20, 45)),
    ("até 26 anos", (None, 26)),
    ("mayores de 18", (18, None)),
    ("18+", (18, None)),
    ("Edad: 20 a 35", (20, 35)),
])
def test_age_ranges(text, rng):
    ranges = [(r["min"], r["max"]) for r in ents(text)["age_ranges"]]
    assert rng in ranges
    assert set(n for n in rng if n) <= set(ents(text)["ages"])


@pytest.mark.parametrize("text", ["de 8 a 5 pm", "recoge 80 a 120 kilos diarios", "turnos de 10 a 12 horas", "el 12-13 de abril"])
def test_not_ages(text):
    assert ents(text)["age_ranges"] == []


@pytest.mark.parametrize("text,country,amount,currency,period", [
    ("salario $2.100.000 mensuales", "CO", 2_100_000, "COP", "month"),
    ("USD 1,000 al mes", "CO", 1000, "USD", "month"),
    ("R$ 3.500 por mês", "BR", 3500, "BRL", "month"),
    ("Ganancias de 8 millones al mes", "CO", 8_000_000, "COP", "month"),
    ("€1.200/mes", "ES", 1200, "EUR", "month"),
    ("$500 semanales", "MX", 500, "MXN", "week"),
    ("Salary $1,500 – $3,000 USD", "US", 3000, "USD", None),
    ("S/ 1,800 en planilla", "PE", 1800, "PEN", None),
    ("CAD 32/h", "BR", 32, "CAD", "hour"),
    ("¥500,000+ per month", "US", 500_000, "JPY", "month"),
    ("pago de 1,5 millones quincenal", "CO", 1_500_000, "COP", "fortnight"),
    ("$15,000 pesos al mes", "MX", 15_000, "MXN", "month"),
    ("Ganhos de R$ 800 a R$ 1.500 por dia", "BR", 1500, "BRL", "day"),
])
def test_salaries(text, country, amount, currency, period):
    sal = ents(text, country)["salaries"]
    assert any(s["amount"] == amount and s["currency"] == currency and s["period"] == period for s in sal), sal
    assert all(s["raw"] in text for s in sal)


@pytest.mark.parametrize("text,expected", [
    ("Distribuciones Guaduales S.A.S., empresa dedicada a", "Distribuciones Guaduales S.A.S."),
    ("Grupo Logístico Azteca S.A. de C.V. solicita", "Grupo Logístico Azteca S.A. de C.V."),
    ("Comercial Tacarigua C.A. (RIF J-40218756-3)", "Comercial Tacarigua C.A."),
    ("Construtora Horizonte Ltda. contrata", "Construtora Horizonte Ltda."),
    ("Acme Staffing LLC is hiring", "Acme Staffing LLC"),
    ("Snowmarket Holidays (ATOL-protected) is recruiting", "Snowmarket Holidays"),
    ("Cootransbicentenario, cooperativa de transporte", "Cootransbicentenario"),
])
def test_employer(text, expected):
    assert ents(text)["employer"] == expected


def test_employer_from_input_field_and_absent():
    assert ents("se buscan chicas", employer="Hotel Sol SAS")["employer"] == "Hotel Sol SAS"
    assert ents("Hola chicas 😍 trabajo en Dubái, escríbeme")["employer"] is None


def test_places_through_scorer(scorer):
    _, _, _, e = scorer.analyse({"text": "Trabajo en Dubái y Camboya, salida desde Medellín o CDMX; también São Paulo", "lang": "es"})
    assert {"KH"} <= set(e["countries"])
    assert {"Dubái", "Medellín", "Ciudad de México", "São Paulo"} <= set(e["cities"])


def test_entity_keys_always_present(scorer):
    s = scorer.score_batch([{"text": ""}])[0]
    assert set(s.entities) == {"phones", "whatsapp", "phones_unverified", "telegram", "handles", "emails", "email_domains", "free_email",
                               "urls", "domains", "ages", "age_ranges", "salaries", "countries", "cities", "employer"}
