"""Building a case in headless chromium on the demo index: add an ad and a recruiter, a note,
the network view (SVG nodes that open their pages), the evidence package (zip opens, manifest verifies).

The demo's invented network A (``demo/``): one WhatsApp number behind ads on both demo sites in
Medellín, Cali and Guadalajara. Screenshots go to docs/screenshots/ (README "Building a case").
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from index import fields as F
from tests.fixtures.browser import PASSWORD
from tests.workbench.test_recruiters_browser import _ad

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WHATSAPP = "+573155550142"


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_browser_build_a_case_network_and_package(demo_server, demo_index, browser_page, tmp_path):
    page, base = browser_page, demo_server
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, base, "labeller")
    first = _ad(demo_index, "net-a-01")
    page.goto(f"{base}/ads/{first[F.ID]}")
    page.click("#addtocase")
    page.fill("#newcase input[name=name]", "Red WhatsApp Medellín–Cali")
    page.fill("#newcase textarea[name=description]", "Ofertas de modelaje con el mismo WhatsApp en dos sitios.")
    page.click("#newcase button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/[0-9a-f]{12}$"))
    case_url = page.url
    assert first[F.TITLE] in page.locator("#caseads").inner_text()

    page.goto(f"{base}/recruiters/whatsapp/{WHATSAPP.replace('+', '%2B')}")
    page.click("#addtocase")
    page.click("#pickcase button:has-text('Red WhatsApp Medellín–Cali')")
    page.wait_for_url(case_url)
    ads = page.locator("#caseads tbody tr")
    assert ads.count() == 3 and page.locator("#recruiters").inner_text().count(WHATSAPP) == 1
    cities = page.locator("#caseads").inner_text()
    assert all(city in cities for city in ("Medellín", "Cali", "Guadalajara"))
    page.fill("#addnote input[name=text]", "Mismo número en Medellín, Cali y Guadalajara; pedir datos al operador.")
    page.click("#addnote button[type=submit]")
    assert "pedir datos al operador" in page.locator("#notes").inner_text()
    assert "first seen" in page.locator("#timeline").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-case.png"), full_page=True)

    page.click("#networklink")
    page.wait_for_url(f"{case_url}/network")
    svg = page.locator("#network svg")
    assert svg.count() == 1 and svg.locator("a.node-ad").count() >= 3
    assert svg.locator(f"a.node-whatsapp[href='/recruiters/whatsapp/{WHATSAPP.replace('+', '%2B')}']").count() == 1
    assert page.locator("#networktable tbody tr").count() >= 3
    page.screenshot(path=str(SHOTS / "demo-network.png"), full_page=True)
    node = svg.locator("a.node-ad").first
    href = node.get_attribute("href")
    node.click()
    page.wait_for_url(f"{base}{href}")
    assert page.locator("h1").count() == 1

    page.goto(case_url)
    with page.expect_download() as info:
        page.click("#packagelink")
    target = tmp_path / "case.zip"
    info.value.save_as(target)
    with zipfile.ZipFile(target) as zf:
        sums = dict(reversed(line.split("  ", 1)) for line in zf.read("MANIFEST.sha256").decode().splitlines())
        assert set(sums) == set(zf.namelist()) - {"MANIFEST.sha256"}
        assert all(hashlib.sha256(zf.read(name)).hexdigest() == digest for name, digest in sums.items())
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["ads"] == 3 and manifest["captures"] == 3
        assert "pedir datos al operador" in zf.read("report.html").decode()
    assert (SHOTS / "demo-case.png").stat().st_size > 10_000


def test_browser_viewer_sees_a_case_without_edit_controls(demo_server, browser_page):
    page, base = browser_page, demo_server
    _login(page, base, "viewer")
    page.goto(f"{base}/cases")
    assert page.locator("#newcase").count() == 0
    assert page.locator("text=Cases").first.is_visible()
