"""A small, realistic seeded index for workbench tests: ~20 ads with shared recruiter contacts.

Fictional ads (invented people, numbers and employers). Three recruiter rings
share contacts across sources; one ad carries a script and javascript: links
to prove the workbench renders ad content inert.
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

XSS_TITLE = 'Modelos <script>alert(1)</script> urgente'
XSS_TEXT = (
    'Buscamos chicas de 18 a 25 años <script>alert(1)</script> para trabajo en el exterior. '
    '<a href="javascript:alert(2)">Postula aquí</a> javascript:alert(3) '
    '<img src=x onerror=alert(4)> Viaje pagado, escribe al WhatsApp +573001112233.'
)
BASE = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)

# (id, source, country, lang, title, text, contacts, score, risk, indicators, days_ago, status)
_ADS: list[tuple] = [
    ("ring-a-1", "demo-jobs", "CO", "es", "Modelos webcam, sin experiencia",
     "Se buscan señoritas de 18 a 24 años para modelaje en Medellín. Sin experiencia, pago diario alto. "
     "Escribe al WhatsApp +573001112233, solo mujeres jóvenes.",
     {"whatsapp": ["+573001112233"], "phones": ["+573001112233"]}, 0.94, "high",
     ["age_targeting", "gender_appearance", "no_experience", "high_pay_low_skill", "private_contact"], 2, "online"),
    ("ring-a-2", "demo-classifieds", "CO", "es", "Trabajo en el exterior para meseras",
     "Oportunidad en Panamá: meseras jóvenes, viaje pagado y alojamiento incluido. Enviar fotos de cuerpo completo "
     "al +573001112233. Pasaporte lo gestionamos nosotros.",
     {"whatsapp": ["+573001112233"]}, 0.91, "high",
     ["relocation_abroad", "travel_paid", "accommodation_provided", "photo_request", "document_request"], 5, "online"),
    ("ring-a-3", "demo-classifieds", "PA", "es", XSS_TITLE, XSS_TEXT,
     {"whatsapp": ["+573001112233"]}, 0.97, "high", ["age_targeting", "travel_paid", "private_contact"], 1, "online"),
    ("ring-b-1", "demo-jobs", "MX", "es", "Edecanes para eventos en Cancún",
     "Agencia busca edecanes de 18 a 23 años, buena presencia. Hospedaje y transporte cubiertos. "
     "Informes por Telegram @reclutamx_vip. Sueldo 25,000 MXN a la semana.",
     {"telegram": ["reclutamx_vip"]}, 0.88, "high",
     ["age_targeting", "gender_appearance", "accommodation_provided", "high_pay_low_skill", "private_contact"], 3, "online"),
    ("ring-b-2", "demo-classifieds", "MX", "es", "Edecanes para eventos en Cancún",
     "Agencia busca edecanes de 18 a 23 años, buena presencia. Hospedaje y transporte cubiertos. "
     "Informes por Telegram @reclutamx_vip. Sueldo 25,000 MXN a la semana.",
     {"telegram": ["reclutamx_vip"]}, 0.87, "high",
     ["age_targeting", "gender_appearance", "accommodation_provided", "high_pay_low_skill", "private_contact"], 9, "gone"),
    ("ring-b-3", "demo-jobs", "GT", "es", "Anfitrionas bar Guatemala, pago semanal",
     "Se necesitan anfitrionas jóvenes para bar en zona 10. Sin experiencia. Contacto reclutamx.vip@gmail.com "
     "o Telegram @reclutamx_vip. Adelantamos el pasaje.",
     {"telegram": ["reclutamx_vip"], "emails": ["reclutamx.vip@gmail.com"]}, 0.9, "high",
     ["no_experience", "travel_paid", "private_contact", "upfront_fee_or_debt"], 12, "online"),
    ("ring-c-1", "demo-jobs", "BR", "pt", "Vagas para trabalhar em Portugal, sem experiência",
     "Trabalho em estufas em Portugal. Passagem paga, desconto no salário. Taxa de inscrição R$ 500. "
     "Fale com a agente Sueli: sueli.recruta@outlook.com",
     {"emails": ["sueli.recruta@outlook.com"]}, 0.83, "high",
     ["relocation_abroad", "travel_paid", "upfront_fee_or_debt", "no_experience"], 4, "online"),
    ("ring-c-2", "demo-classifieds", "BR", "pt", "Colheita na Europa - embarque imediato",
     "Embarque imediato para colheita na Espanha. Alojamento garantido, pagamento da taxa antes da viagem. "
     "Contato: sueli.recruta@outlook.com",
     {"emails": ["sueli.recruta@outlook.com"]}, 0.8, "high",
     ["relocation_abroad", "urgency", "accommodation_provided", "upfront_fee_or_debt"], 7, "online"),
    ("mid-1", "demo-jobs", "PE", "es", "Promotoras de ventas, Lima",
     "Empresa de consumo masivo busca promotoras para supermercados de Lima. Medio tiempo, pago quincenal. "
     "Llamar al +51987654321.", {"phones": ["+51987654321"]}, 0.52, "medium", ["gender_appearance"], 6, "online"),
    ("mid-2", "demo-classifieds", "EC", "es", "Trabajo desde casa, ganancias diarias",
     "Gana 80 dólares diarios dando likes a videos. Solo necesitas un celular. Depósito inicial de 20 dólares. "
     "Escríbenos al WhatsApp +593991234567.", {"whatsapp": ["+593991234567"]}, 0.61, "medium",
     ["high_pay_low_skill", "upfront_fee_or_debt", "private_contact"], 2, "online"),
    ("mid-3", "demo-jobs", "US", "en", "Hostesses wanted, travel opportunities",
     "Young hostesses wanted for yacht events. Travel paid. Send photos to crew.events@protonmail.com",
     {"emails": ["crew.events@protonmail.com"]}, 0.66, "medium", ["gender_appearance", "travel_paid", "photo_request"], 8, "online"),
]
_LEGIT = [
    ("legit-1", "demo-jobs", "CO", "es", "Auxiliar contable - Bogotá",
     "Contadores Asociados SAS busca auxiliar contable con 2 años de experiencia en Siigo. Contrato a término fijo, "
     "salario 2.100.000 COP más prestaciones. Enviar hoja de vida a talento@contadoresasociados.co"),
    ("legit-2", "demo-jobs", "MX", "es", "Cocinero de línea - Guadalajara",
     "Restaurante La Tapatía contrata cocinero de línea. Experiencia de un año, horario rotativo, IMSS desde el primer día."),
    ("legit-3", "demo-jobs", "AR", "es", "Vendedor/a de mostrador - Rosario",
     "Ferretería Del Centro incorpora vendedor/a de mostrador. Secundario completo, conocimiento de herramientas."),
    ("legit-4", "demo-classifieds", "CL", "es", "Conductor clase B para reparto",
     "Distribuidora Andes busca conductor con licencia clase B para reparto en Santiago. Sueldo base más bonos."),
    ("legit-5", "demo-jobs", "US", "en", "Barista - part time",
     "Copper Kettle Coffee is hiring part-time baristas in Portland. $17.50/hour plus tips, paid sick leave."),
    ("legit-6", "demo-jobs", "BR", "pt", "Recepcionista de clínica - São Paulo",
     "Clínica Vida Plena contrata recepcionista. Ensino médio completo, CLT, vale-transporte e plano de saúde."),
    ("legit-7", "demo-classifieds", "PE", "es", "Profesor de inglés - Arequipa",
     "Instituto Misti busca profesor de inglés con certificación C1. Horario de tarde, contrato por planilla."),
    ("legit-8", "demo-jobs", "VE", "es", "Técnico de refrigeración",
     "Servicios Frío Caracas requiere técnico en refrigeración con experiencia comprobada. Llamar al +582125551234.",),
    ("legit-9", "demo-jobs", "ES", "es", "Temporeros para la vendimia en La Rioja",
     "Bodegas Valdelagua contrata temporeros para la vendimia. Contrato legal, alojamiento en albergue municipal, "
     "sin ningún cobro al trabajador. Inscripción en la oficina de empleo de Haro."),
]


_CUES = {
    "age_targeting": ["18 a 2", "Young", "jóvenes", "18"], "gender_appearance": ["señoritas", "buena presencia", "promotoras", "hostesses", "chicas"],
    "no_experience": ["Sin experiencia", "sem experiência", "Sin experiencia"], "high_pay_low_skill": ["pago diario alto", "Sueldo", "Gana 80"],
    "private_contact": ["WhatsApp", "Telegram", "@"], "relocation_abroad": ["exterior", "Portugal", "Europa", "Panamá"],
    "travel_paid": ["iaje pagado", "Passagem paga", "pasaje", "Travel paid", "transporte"], "accommodation_provided": ["alojamiento", "Hospedaje", "Alojamento"],
    "photo_request": ["fotos", "photos"], "document_request": ["Pasaporte"], "upfront_fee_or_debt": ["Taxa", "taxa", "Depósito", "Adelantamos"],
    "urgency": ["imediato", "urgente"],
}


def _hits(title: str, text: str, indicators: list[str]) -> list[dict[str, Any]]:
    """Indicator evidence as the scorer would store it: offsets into title + newline + text."""
    full, out = f"{title}\n{text}", []
    for i, name in enumerate(indicators):
        for cue in _CUES.get(name, []):
            start = full.find(cue)
            if start >= 0:
                out.append({"name": name, "evidence": cue, "start": start, "end": start + len(cue), "weight": round(0.9 - 0.1 * i, 2)})
                break
    return out


def write_warc(folder: Path, source: str, url: str, html: str) -> dict[str, Any]:
    """A capture written by the crawler's own writer; returns the evidence dict stored on the ad.

    Same layout and digests as a real crawl (``sha256`` is of the page body,
    the file is ``<source>/<sha[:2]>/<sha>.warc.gz`` with request + response).
    """
    from scrapy.http import HtmlResponse, Request

    from crawler.evidence import write_evidence

    request = Request(url)
    response = HtmlResponse(url, status=200, body=html.encode(), encoding="utf-8", request=request,
                            headers={"Content-Type": "text/html; charset=utf-8"})
    evidence = write_evidence(folder, source, request, response, fetched_at=BASE.isoformat())
    gzip.decompress(Path(evidence["path"]).read_bytes())  # sanity: a valid gzip member stream
    return evidence


def seed_ads(evidence_dir: Path) -> list[dict[str, Any]]:
    """The seeded ads as index documents (contract of index/fields.py)."""
    ads = []
    rows = [r for r in _ADS] + [(*r[:6], {"phones": ["+582125551234"]} if "+58" in r[5] else {}, 0.05 + 0.02 * i, "low", [], 10 + i, "online") for i, r in enumerate(_LEGIT)]
    for ad_id, source, country, lang, title, text, contacts, score, risk, indicators, days, status in rows:
        first = BASE - timedelta(days=days)
        url = f"https://{source}.example/ads/{ad_id}"
        ad = {
            "id": ad_id, "url": url, "canonical_url": url, "source": source, "spider": "jobposting",
            "title": title, "text": text, "employer": "" if risk != "low" else title.split(" - ")[0],
            "location": {"CO": "Medellín", "PA": "Ciudad de Panamá", "MX": "Cancún", "GT": "Guatemala"}.get(country, country),
            "country": country, "lang": lang, "posted_at": first.isoformat(), "first_seen": first.isoformat(),
            "last_seen": (BASE - timedelta(days=max(0, days - 2))).isoformat(), "fetched_at": first.isoformat(), "status": status,
            "content_hash": hashlib.sha256(f"{title}\n{text}".encode()).hexdigest(),
            "phones": [], "whatsapp": [], "telegram": [], "emails": [], "handles": [],
            "score": score, "risk": risk, "indicators": indicators, "indicator_hits": _hits(title, text, indicators),
            "entities": {"ages": [18, 24] if "18" in text else [], "cities": []},
            "model_version": "anzuelo-test-1", "scored_at": first.isoformat(),
            "evidence": write_warc(evidence_dir, source, url, f"<html><body><h1>{title}</h1><p>{text}</p></body></html>"),
        }
        for key, values in contacts.items():
            ad[key] = list(values)
        ads.append(ad)
    return ads
