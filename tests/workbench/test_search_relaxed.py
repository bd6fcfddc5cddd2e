"""Searches that do not dead-end, through the workbench: the JSON API and the page say when relaxed.

On the demo index (the demo sites crawled and scored, ``tests/fixtures/demo_index.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.browser import PASSWORD
from tests.workbench.helpers import FAST_HASHER, api_client, login
from workbench import create_app
from workbench.backend import Backend

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEAD_ENDS = ["trabajo en el exterior pasaporte", "trabajo exterior", "modelo webcam", "trabajar en el extranjero"]


@pytest.fixture(scope="module")
def app(demo_index):
    app = create_app(Backend(demo_index), secret="relaxed-test-secret", password_hasher=FAST_HASHER)
    for role in ("admin", "viewer"):
        if app.state.users.get(role) is None:
            app.state.users.add(role, role, PASSWORD, f"{role}@example.org")
    return app


@pytest.mark.parametrize("text", DEAD_ENDS)
def test_api_search_returns_ads_and_says_whether_relaxed(app, text):
    res = api_client(app, "viewer").get("/api/search", params={"q": text})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["total"] > 0 and body["hits"], body
    assert isinstance(body["relaxed"], bool)
    if body["relaxed"]:
        assert body["strict_total"] < 3 and all(h["matched"] for h in body["hits"])
    else:
        assert body["strict_total"] is None


def test_api_relaxed_names_words_and_can_be_turned_off(app):
    client = api_client(app, "viewer")
    body = client.get("/api/search", params={"q": "pasaporte webcam tiktok"}).json()
    assert body["relaxed"] is True and body["strict_total"] == 0 and body["total"] > 0
    assert {w for h in body["hits"] for w in h["matched"]} <= {"pasaporte", "webcam", "tiktok"}
    strict = client.get("/api/search", params={"q": "pasaporte webcam tiktok", "relax": "false"}).json()
    assert strict["total"] == 0 and strict["relaxed"] is False


def test_page_says_plainly_when_relaxed(app):
    client: TestClient = login(app, "viewer")
    html = client.get("/", params={"q": "pasaporte webcam tiktok"}).text
    assert "No ad has all of these words" in html and "showing ads with some of them" in html
    assert 'class="matched small"' in html and "relax=false" in html
    plain = client.get("/", params={"q": "pasaporte"}).text
    assert "all of these words" not in plain


def test_bad_synonyms_file_is_a_400_naming_the_line(app, tmp_path, monkeypatch):
    from anzuelo import settings

    bad = tmp_path / "syn.txt"
    bad.write_text("modelo, model\nwebcam\n", encoding="utf-8")
    monkeypatch.setattr(settings, "SEARCH_SYNONYMS_FILE", str(bad))
    res = api_client(app, "viewer").get("/api/search", params={"q": "modelo"})
    assert res.status_code == 400
    assert f"{bad}:2" in res.text and "one term only" in res.text


@pytest.mark.browser
def test_browser_relaxed_banner(demo_server, browser_page):
    page, base = browser_page, demo_server
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/")
    page.fill("input[name=name]", "viewer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.fill("form.searchbar input[name=q]", "pasaporte webcam tiktok")
    page.click("form.searchbar button[type=submit]")
    page.wait_for_load_state()
    banner = page.locator("#relaxed")
    assert banner.is_visible()
    assert "No ad has all of these words" in banner.inner_text()
    assert page.locator("li.hit").count() > 0
    assert "Has:" in page.locator("li.hit .matched").first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "demo-search-relaxed.png"), full_page=False)
    assert (SHOTS / "demo-search-relaxed.png").stat().st_size > 10_000
    page.click("#relaxed a")  # back to all words only: no banner, no hits
    page.wait_for_load_state()
    assert page.locator("#relaxed").count() == 0 and page.locator("li.hit").count() == 0
