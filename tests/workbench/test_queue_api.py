"""The "To label" queue through the workbench on the real engine: API, label-and-next, roles, page."""

from __future__ import annotations

import re

import pytest

from tests.workbench.helpers import FAST_HASHER, PASSWORD, api_client, csrf_of, login
from tests.workbench.queue_ads import index_queue_ads, model_folder
from workbench import create_app
from workbench.backend import Backend

pytestmark = pytest.mark.integration


@pytest.fixture
def queue_app(engine, tmp_path):
    ids = index_queue_ads(engine)
    app = create_app(Backend(engine), secret="queue-test-secret", password_hasher=FAST_HASHER,
                     evidence_dir=tmp_path / "evidence")
    app.state.queue_model_dir = model_folder(tmp_path / "model")
    for role in ("admin", "labeller", "viewer"):
        app.state.users.add(role, role, PASSWORD, f"{role}@example.org")
    return app, ids


def test_api_queue_ranks_and_groups(queue_app):
    app, ids = queue_app
    body = api_client(app, "viewer").get("/api/queue").json()
    assert [i["id"] for i in body["items"]][:2] == [ids["ring-0"], ids["other-en"]]
    assert body["items"][0]["similar"] == 4
    assert body["model"]["version"] == "charngram-queue0test" and body["model"]["n_train"] == 80
    assert body["labels"] == {"labelled": 1, "new_since_model": 0, "since": "2026-11-15T00:00:00+00:00"}


def test_api_label_and_next_moves_past_the_template(queue_app):
    app, ids = queue_app
    client = api_client(app, "labeller")
    res = client.post(f"/api/queue/{ids['ring-0']}/label", json={"label": "deceptive", "note": "template"})
    assert res.status_code == 200, res.text
    # the four other copies of the labelled template leave the queue with it
    assert res.json()["next"]["id"] == ids["other-en"]
    assert res.json()["labels"]["new_since_model"] == 1 and res.json()["labels"]["labelled"] == 2
    res = client.post(f"/api/queue/{ids['other-en']}/label?lang=es", json={"label": "legitimate"})
    assert res.json()["next"]["id"] == ids["mid"]  # filters apply to the next item
    queue = client.get("/api/queue").json()
    assert queue["covered"] == 4 and ids["ring-1"] not in [i["id"] for i in queue["items"]]
    assert queue["labels"]["new_since_model"] == 2


def test_api_queue_filters_skip_and_bad_input(queue_app):
    app, ids = queue_app
    client = api_client(app, "viewer")
    assert [i["id"] for i in client.get("/api/queue?source=site-b").json()["items"]] == [ids["other-en"]]
    assert [i["id"] for i in client.get("/api/queue?lang=pt").json()["items"]] == [ids["low-pt"]]
    skipped = client.get(f"/api/queue?skip={ids['ring-0']}").json()["items"]
    assert skipped[0]["id"] == ids["ring-1"]  # skipping one copy shows the next copy
    for bad in ("limit=0", "limit=abc", "threshold=1.5", "threshold=nan"):
        assert client.get(f"/api/queue?{bad}").status_code == 400, bad


def test_viewer_sees_the_queue_but_cannot_label(queue_app):
    app, ids = queue_app
    viewer = api_client(app, "viewer")
    assert viewer.post(f"/api/queue/{ids['mid']}/label", json={"label": "unsure"}).status_code == 403
    page = login(app, "viewer").get("/queue")
    assert page.status_code == 200 and "can see the queue but not label" in page.text
    assert 'action="/queue/label"' not in page.text


def test_queue_page_label_form_and_next(queue_app):
    app, ids = queue_app
    client = login(app, "labeller")
    page = client.get("/queue?lang=es")
    assert page.status_code == 200
    assert re.search(r'id="n-train">80<', page.text) and re.search(r'id="n-new">0<', page.text)
    assert f'name="ad_id" value="{ids["ring-0"]}"' in page.text and "+4 similar" in page.text
    res = client.post("/queue/label", data={"csrf": csrf_of(client, "/queue"), "ad_id": ids["ring-0"],
                                            "label": "deceptive", "back": "lang=es"})
    assert res.status_code == 303 and res.headers["location"] == "/queue?lang=es"
    after = client.get(res.headers["location"]).text
    assert f'name="ad_id" value="{ids["mid"]}"' in after  # other-en is English: filtered out
    assert re.search(r'id="n-new">1<', after)
