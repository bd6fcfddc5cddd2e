"""Telegram, Instagram and TikTok handles named after their platform (nlp.handles via nlp.contacts).

Phrasings in Spanish, Portuguese and English; every handle and number is invented.
"""

from __future__ import annotations

import pytest

from crawler.extract.contacts import extract_contacts
from nlp.contacts import extract


def found(text: str) -> tuple[list[str], list[str]]:
    got = extract(text, None)
    return got["telegram"], got["handles"]


@pytest.mark.parametrize(("text", "telegram", "handles"), [
    # Telegram named right before the handle
    ("Escríbenos por Telegram: @reclutamiento_fict", ["reclutamiento_fict"], []),
    ("Más info en Telegram @VagasFicticias2026", ["vagasficticias2026"], []),
    ("Contact us on Telegram @HiringDeskDemo", ["hiringdeskdemo"], []),
    ("TG: @ofertas_exterior_demo", ["ofertas_exterior_demo"], []),
    ("chama no telegrama @agencia_fict_br", ["agencia_fict_br"], []),
    # Telegram named earlier in the ad, the handle on a contact line of its own
    ("Trabajo en Asia. Pasaje pagado. Los detalles solo por Telegram, no respondemos llamadas ni correos de "
     "personas curiosas.\nContacto: @RRHH_Demo_AsiaLatam", ["rrhh_demo_asialatam"], []),
    # links
    ("Únete: t.me/Empleos_Demo_CO", ["empleos_demo_co"], []),
    ("https://telegram.me/RecruiterDemoBot", ["recruiterdemobot"], []),
    ("grupo privado https://t.me/+AbCdEfGh123", ["t.me/+AbCdEfGh123"], []),
    # Instagram
    ("Síguenos en Instagram @modelos_demo_top", [], ["instagram:modelos_demo_top"]),
    ("IG @karla.modelos.demo", [], ["instagram:karla.modelos.demo"]),
    ("insta: casting_demo_vip", [], ["instagram:casting_demo_vip"]),
    ("Manda DM no insta: agenciademo", [], ["instagram:agenciademo"]),
    ("Follow us on IG: @demo.talent.agency for castings", [], ["instagram:demo.talent.agency"]),
    ("perfil: instagram.com/agencia.demo.elite/", [], ["instagram:agencia.demo.elite"]),
    # TikTok
    ("tiktok @castingviral_demo", [], ["tiktok:castingviral_demo"]),
    ("Vê o nosso TikTok: @vagas_demo_pt", [], ["tiktok:vagas_demo_pt"]),
    ("https://www.tiktok.com/@agencia_demo_tt/video/123", [], ["tiktok:agencia_demo_tt"]),
    # two platforms in one ad: each @name goes to the platform named right before it
    ("Instagram @fotos_demo y Telegram @citas_demo", ["citas_demo"], ["instagram:fotos_demo"]),
    ("Telegram: @reclu_demo | IG: @reclu_demo", ["reclu_demo"], ["instagram:reclu_demo"]),
    # a link glued to the handle, as some pages print it
    ("Siga no Instagram: @vagasdemohttps://vagasdemo.com.br", [], ["instagram:vagasdemo"]),
])
def test_handles_named_after_their_platform(text, telegram, handles):
    assert found(text) == (telegram, handles)


@pytest.mark.parametrize("text", [
    "Envía tu hoja de vida a talento.humano@empresademo.com",  # e-mail
    "Escribe a @gmail.com con tu foto",  # a domain, not a handle
    "Entrevista mañana @ 5pm en la oficina",  # time
    "Turno @5pm, pago @ $20 la hora",  # time and price
    "Reunión às 14h @ Av. Paulista",  # place
    "Síguenos @tiendademo para ver ofertas",  # no platform named anywhere
    "Instagram: siguenos ahora para más fotos",  # a sentence, not a bare handle
    "Our Facebook page @DemoJobsPage has the details",  # Facebook handles are not kept
    "instagram.com/p/AbC123/ publicación",  # a post, not a profile
])
def test_non_handles_are_not_taken(text):
    assert found(text) == ([], [])


def test_crawler_contacts_carry_the_same_handles():
    text = "Por Telegram: @reclutadora_demo · IG @fotos.demo · tiktok @demo_tt · WhatsApp +57 315 555 0142"
    c = extract_contacts(text, "CO")
    assert c.telegram == ["reclutadora_demo"]
    assert c.handles == ["instagram:fotos.demo", "tiktok:demo_tt"]
    assert c.whatsapp == ["+573155550142"]
