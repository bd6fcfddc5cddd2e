"""Cases through the JSON API and the pages, on the real engine: roles, validation, history, audit, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.workbench.helpers import api_client, engine_app, login
from workbench import audit

pytestmark = pytest.mark.integration


@pytest.fixture
def app(engine, tmp_path):
    return engine_app(engine, tmp_path)


def test_cases_create_add_ads_recruiter_notes_and_timeline(app):
    app, be = app
    lab = api_client(app, "labeller")
    res = lab.post("/api/cases", json={"name": "Red Cancún", "assignees": ["labeller", "admin"]})
    assert res.status_code == 201, res.text
    case_id = res.json()["id"]
    assert lab.post(f"/api/cases/{case_id}/ads", json={"ads": ["ring-a-1", "ring-a-2"]}).status_code == 200
    recruiter = {"field": "telegram", "value": "reclutamx_vip"}
    assert lab.post(f"/api/cases/{case_id}/recruiters", json=recruiter).status_code == 200
    note = lab.post(f"/api/cases/{case_id}/notes", json={"text": "Mismo número en dos sitios"}).json()["notes"][0]
    edited = lab.post(f"/api/cases/{case_id}/notes/{note['id']}", json={"text": "Mismo WhatsApp en dos sitios"}).json()
    assert edited["notes"][0]["text"] == "Mismo WhatsApp en dos sitios"
    assert edited["notes"][0]["history"][0]["text"] == "Mismo número en dos sitios"  # the earlier text is kept
    assert lab.post(f"/api/cases/{case_id}", json={"status": "active"}).json()["status"] == "active"

    got = api_client(app, "viewer").get(f"/api/cases/{case_id}").json()
    assert sorted(got["ads"]) == ["ring-a-1", "ring-a-2", "ring-b-1", "ring-b-2", "ring-b-3"]  # + the recruiter's ads
    events = {(e["ad"], e["event"]) for e in got["timeline"]}
    assert ("ring-a-1", "first seen") in events and ("ring-b-3", "last seen") in events
    assert [e["event"].split(" by ")[0] for e in got["timeline"] if not e["ad"]][:1] == ["case create"]
    actions = [h["action"] for h in got["case"]["history"]]
    assert actions == ["create", "add-ads", "add-recruiter", "note", "note-edit", "update"]
    trail = [e["action"] for e in audit.query(be, size=50) if e["target"] == f"case:{case_id}"]
    assert {"case-create", "case-add-ads", "case-add-recruiter", "case-note", "case-note-edit", "case-update",
            "case-view"} <= set(trail)
    listed = api_client(app, "viewer").get("/api/cases", params={"ad": "ring-a-1"}).json()["cases"]
    assert [c["id"] for c in listed] == [case_id]


@pytest.mark.parametrize("path, body, message", [
    ("/api/cases", {"name": ""}, "the case name is empty"),
    ("/api/cases", {"name": "x" * 201}, "201 characters"),
    ("/api/cases", {"name": "ok", "status": "archived"}, "unknown case status 'archived'"),
    ("/api/cases", {"name": "ok", "assignees": ["nobody"]}, "no workbench user named 'nobody'"),
    ("/api/cases", {"name": ["list"]}, "name must be a string"),
    ("/api/cases", ["not", "an", "object"], "must be a JSON object"),
    ("{case}/ads", {"ads": ["no-such-ad"]}, "no indexed ad with id no-such-ad"),
    ("{case}/ads", {"ads": "ring-a-1"}, "ads must be a list of strings"),
    ("{case}/recruiters", {"field": "fax", "value": "1"}, "unknown contact field 'fax'"),
    ("{case}/notes", {"text": "   "}, "the note is empty"),
    ("{case}/notes/nope", {"text": "x"}, "the case has no note 'nope'"),
    ("{case}", {"colour": "red"}, "unknown key colour"),
])
def test_cases_bad_input_is_a_400_with_a_plain_message(app, path, body, message):
    app, _ = app
    lab = api_client(app, "labeller")
    case_id = lab.post("/api/cases", json={"name": "Valid"}).json()["id"]
    res = lab.post(path.replace("{case}", f"/api/cases/{case_id}"), json=body)
    assert res.status_code == 400, res.text
    assert message in res.json()["detail"]


def test_cases_viewers_read_but_cannot_change(app):
    app, _ = app
    case_id = api_client(app, "admin").post("/api/cases", json={"name": "Admin's case"}).json()["id"]
    viewer = api_client(app, "viewer")
    assert viewer.get(f"/api/cases/{case_id}").status_code == 200
    assert viewer.post("/api/cases", json={"name": "mine"}).status_code == 403
    assert viewer.post(f"/api/cases/{case_id}/notes", json={"text": "hola"}).status_code == 403
    assert viewer.get("/api/cases/nope").status_code == 400
    page = login(app, "viewer").get(f"/cases/{case_id}")
    assert page.status_code == 200 and "Admin&#39;s case" in page.text and 'id="addnote"' not in page.text
    no_token = api_client(app, "labeller")
    no_token.headers.pop("x-csrf-token")
    assert no_token.post(f"/api/cases/{case_id}/notes", json={"text": "x"}).status_code == 403


def test_cases_concurrent_notes_are_all_kept(app):
    app, _ = app
    clients = [api_client(app, "labeller") for _ in range(8)]
    case_id = clients[0].post("/api/cases", json={"name": "Busy"}).json()["id"]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda n: clients[n].post(f"/api/cases/{case_id}/notes", json={"text": f"n{n}"})
                              .status_code, range(8)))
    assert codes == [200] * 8
    notes = clients[0].get(f"/api/cases/{case_id}").json()["case"]["notes"]
    assert sorted(n["text"] for n in notes) == [f"n{n}" for n in range(8)]


def test_cases_pages_create_add_and_remove(app):
    app, _ = app
    web = login(app, "labeller")
    csrf = __import__("re").search(r'name="csrf" value="([^"]+)"', web.get("/cases").text).group(1)
    res = web.post("/cases", data={"csrf": csrf, "name": "Desde la web", "ad": "ring-c-1"})
    assert res.status_code == 303
    case_path = res.headers["location"]
    assert "Vagas para trabalhar em Portugal" in web.get(case_path).text
    picker = web.get("/cases/add", params={"field": "whatsapp", "value": "+573001112233"}).text
    assert "Desde la web" in picker
    web.post(f"{case_path}/add", data={"csrf": csrf, "field": "whatsapp", "value": "+573001112233"})
    web.post(f"{case_path}/remove", data={"csrf": csrf, "ad": "ring-c-1"})
    page = web.get(case_path).text
    ads_table = page.split('id="caseads"')[1].split("</table>")[0]
    assert "via recruiter" in page and "Vagas para trabalhar em Portugal" not in ads_table
    assert web.get("/cases/add", params={"field": "fax", "value": "1"}).status_code == 400
