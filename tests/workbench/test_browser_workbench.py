"""The workbench in a real browser: log in, search, filter, open, link, label, export; XSS stays inert."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.fixtures.browser import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_investigator_walkthrough(wb_server, wb_backend, browser_page):
    page, base = browser_page, wb_server
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _login(page, base, "labeller")

    # search + filter
    page.fill("input[name=q]", "viaje")
    page.click("form.searchbar button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("li.hit").count() >= 2
    assert page.locator("li.hit mark").count() >= 1  # highlighted snippets
    page.check("#filters input[name=country][value=CO]")
    page.click("#filters button[type=submit]")
    page.wait_for_load_state()
    assert "country=CO" in page.url
    titles = page.locator("li.hit h2").all_inner_texts()
    assert titles == ["Trabajo en el exterior para meseras"]
    chip = page.locator("li.hit .chip").first
    assert ":" in (chip.get_attribute("title") or "")  # chip tooltip shows evidence
    SHOTS.mkdir(parents=True, exist_ok=True)

    # open the ad, follow a linked ad across sources
    page.click("li.hit h2 a")
    page.wait_for_url(re.compile(r".*/ads/ring-a-2$"))
    assert page.locator(".adtext mark.ev").count() >= 3
    linked = page.locator("#linked tbody tr")
    assert linked.count() >= 2
    assert "same WhatsApp +573001112233" in page.locator("#linked").inner_text()
    page.click("#linked a[href='/ads/ring-a-1']")
    page.wait_for_url(re.compile(r".*/ads/ring-a-1$"))

    # label it
    page.check("input[name=label][value=deceptive]")
    page.fill("input[name=note]", "Same WhatsApp as the Panamá ads")
    page.click(".labelform button[type=submit]")
    page.wait_for_url(re.compile(r".*/ads/ring-a-1"))
    assert "Same WhatsApp as the Panamá ads" in page.locator("#label").inner_text()
    stored = wb_backend.get_ad("ring-a-1")
    assert stored["label"] == "deceptive" and stored["labels"][-1]["user"] == "labeller"

    # recruiter view from the contact list
    page.click("a[href='/recruiters/whatsapp/%2B573001112233']")
    page.wait_for_url(re.compile(r".*/recruiters/whatsapp/.*"))
    assert page.locator("table.linked tbody tr").count() == 3

    # export CSV of a search
    page.goto(f"{base}/?risk=high")
    with page.expect_download() as info:
        page.click("a.button:has-text('Export CSV')")
    download = info.value
    rows = Path(download.path()).read_text().splitlines()
    assert rows[0].startswith("id,score,risk") and 1 < len(rows) <= 16  # cap 15 rows in the fixture
    with page.expect_download() as info:
        page.click("a.button:has-text('Export JSON')")
    assert all(ad["risk"] == "high" for ad in json.loads(Path(info.value.path()).read_text()))
    assert dialogs == []


def test_xss_ad_is_inert(wb_server, browser_page):
    page, base = browser_page, wb_server
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _login(page, base, "viewer")
    for url in (f"{base}/?q=chicas", f"{base}/?q=script", f"{base}/ads/ring-a-3", f"{base}/recruiters/whatsapp/%2B573001112233"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.locator("script").count() == 0
        assert page.locator("img").count() == 0
        assert page.evaluate("Array.from(document.querySelectorAll('[href]')).filter(e => /^\\s*javascript:/i.test(e.getAttribute('href'))).length") == 0
        assert page.evaluate("Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length") == 0
    page.goto(f"{base}/ads/ring-a-3")
    assert "<script>alert(1)</script>" in page.locator(".adtext").inner_text()  # shown as text
    page.wait_for_timeout(300)
    assert dialogs == []


def test_viewer_cannot_label_or_manage_users(wb_server, browser_page):
    page, base = browser_page, wb_server
    _login(page, base, "viewer")
    page.goto(f"{base}/ads/ring-a-2")
    assert page.locator(".labelform").count() == 0
    assert "not add them" in page.locator("#label").inner_text()
    assert page.locator("a[href='/admin/users']").count() == 0
    res = page.goto(f"{base}/admin/users")
    assert res.status == 403
    token = page.evaluate("fetch('/api/me').then(r => r.json()).then(j => j.csrf_token)")
    status = page.evaluate(
        "t => fetch('/api/ads/ring-a-2/label', {method: 'POST', headers: {'content-type': 'application/json', 'x-csrf-token': t},"
        " body: JSON.stringify({label: 'legitimate'})}).then(r => r.status)", token)
    assert status == 403


def test_screenshots(wb_server, browser_page):
    """Screenshots of the main pages for docs/workbench.md."""
    page, base = browser_page, wb_server
    _login(page, base, "admin")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in (("search", "/?q=viaje+%7C+trabajo+%7C+edecanes&sort=score"), ("ad", "/ads/ring-a-2"),
                      ("recruiter", "/recruiters/telegram/reclutamx_vip"), ("recruiters", "/recruiters"),
                      ("audit", "/admin/audit")):
        page.goto(base + url)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000
