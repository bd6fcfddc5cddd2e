"""The "To label" page in headless chromium on the real engine: keys label and move on, skip, viewers only look.

Screenshot: docs/screenshots/queue.png (the queue as a labeller first sees it).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.fixtures.browser import PASSWORD, serve_app
from tests.workbench.helpers import FAST_HASHER
from tests.workbench.queue_ads import index_queue_ads, model_folder
from workbench import create_app
from workbench.backend import Backend

pytestmark = pytest.mark.integration
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def queue_server(engine, tmp_path):
    """(base URL, ad ids, backend): the workbench over the queue ads, threshold 0.3, served by uvicorn."""
    ids = index_queue_ads(engine)
    backend = Backend(engine)
    app = create_app(backend, secret="queue-" + uuid.uuid4().hex, password_hasher=FAST_HASHER,
                     evidence_dir=tmp_path / "evidence")
    app.state.queue_model_dir = model_folder(tmp_path / "model")
    for role in ("labeller", "viewer"):
        app.state.users.add(role, role, PASSWORD, f"{role}@example.org")
    with serve_app(app) as base:
        yield base, ids, backend


def _login(page, base: str, name: str) -> None:
    page.goto(f"{base}/queue")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/queue")


def test_browser_queue_keys_label_and_move_on(queue_server, browser_page):
    base, ids, backend = queue_server
    page = browser_page
    _login(page, base, "labeller")
    assert page.get_attribute("#current", "data-ad") == ids["ring-0"]
    assert "+4 similar" in page.inner_text("#current")
    assert page.inner_text("#n-train") == "80" and page.inner_text("#n-new") == "0"
    assert page.locator("#queue-list tbody tr").count() == 6
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)

    page.keyboard.press("d")  # deceptive, then the next ad
    page.wait_for_function(f"document.querySelector('#current').dataset.ad !== '{ids['ring-0']}'")
    assert page.get_attribute("#current", "data-ad") == ids["other-en"]  # the template's copies left with it
    assert page.inner_text("#n-new") == "1"
    assert backend.get_ad(ids["ring-0"])["labels"][-1]["user"] == "labeller"

    page.fill("input[name=note]", "sld")  # typing a note never triggers a key
    assert page.get_attribute("#current", "data-ad") == ids["other-en"]
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("s")  # skip: nothing written
    page.wait_for_function(f"document.querySelector('#current').dataset.ad !== '{ids['other-en']}'")
    assert page.get_attribute("#current", "data-ad") == ids["mid"]
    assert "label" not in backend.get_ad(ids["other-en"])
    page.click("button[value=legitimate]")
    page.wait_for_function(f"document.querySelector('#current').dataset.ad !== '{ids['mid']}'")
    assert backend.get_ad(ids["mid"])["label"] == "legitimate"


def test_browser_queue_filter_and_viewer(queue_server, browser_page):
    base, ids, _ = queue_server
    page = browser_page
    _login(page, base, "viewer")
    assert page.locator("#queue-label").count() == 0
    assert "can see the queue but not label" in page.inner_text("#current")
    page.select_option("select[name=lang]", "pt")
    page.click("form.actions button[type=submit]")
    page.wait_for_url("**/queue?*lang=pt*")
    assert page.get_attribute("#current", "data-ad") == ids["low-pt"]
    page.keyboard.press("d")  # no form for a viewer: nothing happens
    assert page.get_attribute("#current", "data-ad") == ids["low-pt"]
