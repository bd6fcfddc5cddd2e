"""Recruiter networks of the demo, in headless chromium: handles on the ad page, linked ads, 1366 px fit.

On the demo index (``tests/fixtures/demo_index.py``): the demo's invented networks share a
WhatsApp number across both sites and three cities, a Telegram handle across sites and
languages, and an Instagram handle; their texts are near-identical.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index import fields as F
from index import search as S
from index.query import parse_args
from tests.fixtures.browser import PASSWORD
from workbench.backend import Backend

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _ad(demo_index, marker: str) -> dict:
    """The demo ad whose page carries ``data-ad-id=marker`` (found by its canonical URL slug)."""
    hits = S.search(demo_index, parse_args({"size": 100, "relax": "false"})).hits
    return next(h.source for h in hits if h.source[F.CANONICAL_URL].endswith(f"-{marker}.html"))


def test_recruiters_panel_and_linked_ads_are_not_empty(demo_index):
    be = Backend(demo_index)
    whatsapp = {r["value"]: r["count"] for r in be.top_contacts(F.WHATSAPP, 50)}
    telegram = {r["value"]: r["count"] for r in be.top_contacts(F.TELEGRAM, 50)}
    handles = {r["value"]: r["count"] for r in be.top_contacts(F.HANDLES, 50)}
    assert whatsapp["+573155550142"] == 3 and whatsapp["+573015550199"] == 2
    assert telegram["rrhh_horizonte_asia"] == 3
    assert handles["instagram:estudio.luna.demo"] == 2 and handles["tiktok:castings_luna_demo"] == 1
    ads = be.recruiter(F.WHATSAPP, "+573155550142", 50)
    assert {a[F.SOURCE] for a in ads} == {"demo-jobs", "demo-classifieds"}
    assert {a[F.LOCATION].split(",")[0] for a in ads} == {"Medellín", "Cali", "Guadalajara"}  # three cities
    links = be.linked(_ad(demo_index, "net-a-01"), 50)
    reasons = {link["ad"][F.CANONICAL_URL].rsplit("-", 3)[-1]: link["reasons"] for link in links}
    assert any("same WhatsApp +573155550142" in r for r in reasons.get("03.html", [])), reasons
    assert any("other source: demo-classifieds" in r for rs in reasons.values() for r in rs)


def _login(page, base: str) -> None:
    page.goto(f"{base}/")
    page.fill("input[name=name]", "viewer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
def test_browser_handles_on_the_ad_page_and_linked(demo_server, demo_index, browser_page):
    page, base = browser_page, demo_server
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, base)
    studio = _ad(demo_index, "net-c-02")
    page.goto(f"{base}/ads/{studio[F.ID]}")
    contacts = page.locator("ul.plain").first.inner_text()
    assert "Instagram @estudio.luna.demo" in contacts and "TikTok @castings_luna_demo" in contacts
    linked = page.locator("#linked").inner_text()
    assert "same handle instagram:estudio.luna.demo" in linked and "same WhatsApp +573015550199" in linked
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-ad-linked.png"), full_page=True)
    page.click("li.contact-handles a >> nth=0")  # the handle opens every ad using it
    page.wait_for_url(re.compile(r".*/recruiters/handles/instagram(:|%3A)estudio\.luna\.demo$"))
    assert page.locator("table.linked tbody tr").count() == 2

    asia = _ad(demo_index, "net-b-01")  # "por Telegram ... Contacto: @RRHH_Horizonte_Asia"
    page.goto(f"{base}/ads/{asia[F.ID]}")
    assert "@rrhh_horizonte_asia" in page.locator("li.contact-telegram").first.inner_text()
    assert page.locator("#linked tbody tr").count() >= 2
    assert "same Telegram rrhh_horizonte_asia" in page.locator("#linked").inner_text()


@pytest.mark.browser
def test_browser_recruiters_page_fits_1366(demo_server, browser_page):
    page, base = browser_page, demo_server
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, base)
    page.goto(f"{base}/recruiters")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    long_mail = page.locator("#contacts-emails a[title^='seleccion.personal']")
    assert long_mail.count() == 1
    # cut with an ellipsis, the whole address in the tooltip
    assert page.evaluate("a => a.parentElement.scrollWidth > a.parentElement.clientWidth", long_mail.element_handle())
    assert page.locator("#contacts-whatsapp").inner_text().count("+57") >= 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-recruiters-1366.png"), full_page=True)
    assert (SHOTS / "demo-recruiters-1366.png").stat().st_size > 10_000
