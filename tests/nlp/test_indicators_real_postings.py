"""Indicators that hold on real legitimate postings (issue 8): each fix has a legitimate
sentence that must not fire and a lure sentence that must still fire. Every sentence here
is written for the test, with invented companies and fictional 555 numbers."""

from __future__ import annotations

import pytest

COUNTRY = {"es": "CO", "pt": "BR", "en": "US"}


def names_of(scorer, text: str, lang: str, country: str | None = None, employer=None, title: str = "") -> set[str]:
    ad = {"text": text, "title": title, "lang": lang, "country": country or COUNTRY[lang], "employer": employer}
    return {i.name for i in scorer.analyse(ad)[2]}


LEGIT = [  # (indicator, lang, country, text): must NOT fire
    ("gender_appearance", "en", "US", "Strong communication skills and experience with data models are required."),
    ("gender_appearance", "en", "US", "Build predictive models for demand planning with our analytics team."),
    ("gender_appearance", "en", "US", "Northwind Analytics is an Equal Opportunity Employer - Females/Minorities/Veterans/Disability."),
    ("gender_appearance", "en", "US", "We offer an attractive benefits package in a beautiful state-of-the-art campus."),
    ("gender_appearance", "es", "ES", "Ofrecemos un salario atractivo. Las personas interesadas pueden enviar su CV."),
    ("gender_appearance", "es", "AR", "Mantener el modelo de reabastecimiento e implementar medidas de seguridad."),
    ("gender_appearance", "es", "EC", "Perfil comercial con fuerte orientación al cliente."),
    ("gender_appearance", "pt", "BR", "Conhecimento em modelos de dados e alinhamento com as partes interessadas."),
    ("gender_appearance", "pt", "BR", "Benefícios atraentes: auxílio creche / babá e um ambiente à altura das suas expectativas."),
    ("gender_appearance", "pt", "BR", "Incentivamos a participação de mulheres, pessoas negras e PcDs no processo seletivo."),
    ("gender_appearance", "pt", "BR", "Forte pensamento analítico e fortes habilidades de comunicação."),
    ("relocation_abroad", "es", "EC", "Atención a clientes en Estados Unidos desde nuestra oficina de Quito."),
    ("relocation_abroad", "es", "CO", "Trabajarás con nuestro equipo en España, en remoto desde Bogotá."),
    ("relocation_abroad", "en", "CA", "You will support customers across Europe from our Toronto office."),
    ("relocation_abroad", "es", "CO", "Empresa americana busca desarrollador backend en Medellín."),
    ("relocation_abroad", "es", "CO", "Operamos en Chile, Perú y México con más de 400 colaboradores."),
    ("relocation_abroad", "es", "AR", "Planificación de pagos a proveedores del exterior."),
    ("relocation_abroad", "pt", "BR", "Suporte técnico às divisões da empresa no exterior."),
    ("relocation_abroad", "en", "US", "Must be able to commute or planning to relocate before starting work."),
    ("relocation_abroad", "en", "US", "Our clinics serve patients in the U.S. and abroad."),
    ("relocation_abroad", "en", "US", "Familiarity with US, EU and Japan regulatory requirements."),
]

LURE = [  # (indicator, lang, country, text): must still fire
    ("gender_appearance", "es", "CO", "Se buscan modelos para eventos en Panamá, mándanos tus medidas"),
    ("gender_appearance", "es", "CO", "Buscamos chicas atractivas y delgadas para atender clientes"),
    ("gender_appearance", "en", "US", "Models wanted for private events in Dubai, send 3 photos"),
    ("gender_appearance", "en", "US", "Physically strong men 20-40 for farm work, housing free"),
    ("gender_appearance", "pt", "BR", "Procuramos modelos femininas, mande sua altura e medidas"),
    ("gender_appearance", "pt", "BR", "Homens fortes para trabalho pesado no garimpo"),
    ("relocation_abroad", "es", "CO", "Trabaja en España, te pagamos el pasaje"),
    ("relocation_abroad", "es", "CO", "Atención al cliente en Camboya, vuelo pagado"),
    ("relocation_abroad", "en", "US", "Customer service jobs in Cambodia, apply today"),
    ("relocation_abroad", "es", "CO", "Viaja a Chile, Perú o México con nosotros"),
    ("relocation_abroad", "pt", "BR", "Trabalhe no exterior com visto garantido"),
]


@pytest.mark.parametrize("indicator,lang,country,text", LEGIT)
def test_indicators_real_legit_sentence_does_not_fire(scorer, indicator, lang, country, text):
    assert indicator not in names_of(scorer, text, lang, country, employer="Acme Test Co")


@pytest.mark.parametrize("indicator,lang,country,text", LURE)
def test_indicators_real_lure_sentence_still_fires(scorer, indicator, lang, country, text):
    assert indicator in names_of(scorer, text, lang, country)


ANONYMOUS = "Trabajo fácil desde casa, pago diario. Escríbeme al WhatsApp 300 555 0101"


@pytest.mark.parametrize("employer", ["Panadería La Espiga", {"@type": "Organization", "name": "Panadería La Espiga"}])
def test_indicators_employer_field_suppresses_no_employer_identity(scorer, employer):
    assert "no_employer_identity" in names_of(scorer, ANONYMOUS, "es")
    assert "no_employer_identity" not in names_of(scorer, ANONYMOUS, "es", employer=employer)


@pytest.mark.parametrize("placeholder", ["NA", "N/A", "Confidencial", "web", " ", ""])
def test_indicators_placeholder_employer_is_no_name(scorer, placeholder):
    assert "no_employer_identity" in names_of(scorer, ANONYMOUS, "es", employer=placeholder)


@pytest.mark.parametrize("lang,text", [
    ("es", "Distribuidora Andina S.A.S. busca auxiliar de bodega con moto."),
    ("es", "Comercializadora del Bajío S.A. de C.V. contrata choferes con licencia."),
    ("es", "Constructora Río Claro Cía. Ltda. requiere albañiles para obra en Cuenca."),
    ("en", "Harbor Lane Logistics LLC needs warehouse associates for the night shift."),
    ("en", "Brightpeak Inc. is looking for a part-time bookkeeper."),
    ("es", "La empresa Textiles Montaña busca costureras con experiencia."),
    ("es", "En Tecnored buscamos un técnico de soporte para turno mañana."),
    ("en", "Quillfeather is hiring a support agent for its Denver office."),
    ("pt", "A Veridiana é uma consultoria de tecnologia com sede em Curitiba. Vaga para analista."),
    ("pt", "Sobre a empresa: atuamos há 20 anos no setor de logística. Vaga para conferente."),
    ("en", "About us: we are a family-run bakery in Leeds. Counter assistant wanted."),
    ("pt", "Vaga para recepcionista (CNPJ 12.345.678/0001-90), horário comercial."),
])
def test_indicators_employer_named_in_text(scorer, lang, text):
    assert "no_employer_identity" not in names_of(scorer, text, lang)


@pytest.mark.parametrize("lang,text", [
    ("es", ANONYMOUS),
    ("en", "Hiring now! Easy online tasks, paid daily. Message me on Telegram @taskboss555"),
    ("pt", "Vagas para Portugal com visto garantido, chama no zap (21) 95555-0187"),
    ("es", "Estamos buscando chicas para trabajar en un bar. Somos serios. Escríbenos al 300 555 0199"),
])
def test_indicators_anonymous_lure_still_has_no_employer(scorer, lang, text):
    assert "no_employer_identity" in names_of(scorer, text, lang)


def test_indicators_long_formal_posting_needs_no_name(scorer):
    # An anonymised board ad: a long description, qualifications asked, benefits and contract stated.
    duties = " ".join(f"Responsabilidad {i}: revisar conciliaciones bancarias, preparar reportes y apoyar el cierre contable mensual."
                      for i in range(20))
    text = (f"Analista contable. Funciones: {duties} Requisitos: título en contabilidad y 3 años de experiencia. "
            "Beneficios: seguro médico privado, contrato indefinido, capacitación continua.")
    assert len(text.split()) >= 200
    assert "no_employer_identity" not in names_of(scorer, text, "es", country="EC")


def test_indicators_explanation_rows_unique(scorer):
    text = ("Se buscan hombres para cosecha. Hombres con experiencia. Los hombres viajan juntos. "
            "Hospedaje incluido, hospedaje incluido para todos. Escribe al WhatsApp 300 555 0133, WhatsApp 24 horas.")
    rows = scorer.analyse({"text": text, "lang": "es", "country": "CO"})[2]
    keys = [(i.name, i.evidence.casefold()) for i in rows]
    assert len(keys) == len(set(keys)), keys
    assert sum(1 for i in rows if i.name == "gender_appearance") == 1


def test_indicators_explanation_rows_unique_on_labelled_ads(labelled_scores):
    for score in labelled_scores:
        keys = [(i.name, " ".join(i.evidence.casefold().split())) for i in score.indicators]
        assert len(keys) == len(set(keys)), keys


@pytest.mark.parametrize("indicator,lang,text,fires", [
    ("secrecy_or_isolation", "en", "Maintain the confidentiality of patient information at all times.", False),
    ("secrecy_or_isolation", "pt", "Conformidade com as políticas de segurança e privacidade da empresa.", False),
    ("secrecy_or_isolation", "es", "Discreción absoluta, nadie tiene que saber dónde trabajas.", True),
    ("urgency", "pt", "Apoiar o gestor imediato nas rotinas da área.", False),
    ("urgency", "en", "401(k) with immediate vesting; benefits begin immediately upon hire.", False),
    ("urgency", "en", "Factory jobs in the UK, start immediately!", True),
])
def test_indicators_duty_is_not_secrecy_or_urgency(scorer, indicator, lang, text, fires):
    assert (indicator in names_of(scorer, text, lang)) is fires


@pytest.mark.parametrize("lang,text,fires", [
    ("es", "Para más información pregunta por la señora Rosa en la tienda.", False),
    ("es", "Cuidador interno para una señora de 88 años en Valencia.", False),
    ("es", "Requisitos: libreta militar (hombres) y bachillerato.", False),
    ("en", "Qualifications: male or female, at least 21 years old.", False),
    ("en", "Family looking for a nanny for twin toddlers.", False),
    ("es", "Se busca señorita de buena presencia para recepción.", True),
    ("en", "Hiring pretty girls 18-24 for VIP hostess work.", True),
])
def test_indicators_gender_words_about_someone_else(scorer, lang, text, fires):
    assert ("gender_appearance" in names_of(scorer, text, lang)) is fires


@pytest.mark.parametrize("text,name", [
    ("About Larkspur Freight\nLarkspur Freight is the regional carrier company of the valley.", "Larkspur Freight"),
    ("Há mais de 10 anos, a Quintalva® é líder em software agrícola.", "Quintalva"),
    ("About Our Client\nOur client is an accounting firm in the city.", None),
    ("Hi, we saw your CV. Can we continue on Telegram?", None),
    ("En Agencia Internacional buscamos modelos", None),
])
def test_indicators_employer_name_from_text(text, name):
    from nlp.employer import employer

    assert employer(text) == name
