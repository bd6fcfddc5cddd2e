"""The network of a recruiter or a case on the real engine: SVG nodes link to pages, table, exports, bound."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.workbench.helpers import api_client, engine_app, login
from workbench import audit, network, network_svg
from workbench.backend import Backend

pytestmark = pytest.mark.integration
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture
def app(engine, tmp_path):
    return engine_app(engine, tmp_path)


def test_network_of_a_recruiter_follows_contacts_across_sources_and_countries(app):
    _, be = app
    graph = network.build(be, "t", be.recruiter("whatsapp", "+573001112233", 50))
    ads = {n["id"] for n in graph.nodes if n["kind"] == "ad"}
    assert {"ad:ring-a-1", "ad:ring-a-2", "ad:ring-a-3"} <= ads
    assert {n["country"] for n in graph.nodes if n["kind"] == "ad"} >= {"CO", "PA"}
    assert {n["source"] for n in graph.nodes if n["kind"] == "ad"} == {"demo-jobs", "demo-classifieds"}
    kinds = {(e["source"], e["target"], e["kind"]) for e in graph.edges}
    assert ("ad:ring-a-1", "phones:+573001112233", "phone") in kinds
    assert ("ad:ring-a-2", "whatsapp:+573001112233", "whatsapp") in kinds
    ring_b = network.build(be, "t", be.recruiter("telegram", "reclutamx_vip", 50))
    assert any(e["kind"] == "text" for e in ring_b.edges)  # the two near-identical Cancún ads
    assert not any(n["kind"] == "domain" and n["label"] == "gmail.com" for n in ring_b.nodes)  # webmail: never a node


def test_network_is_bounded_and_says_so(app):
    _, be = app
    seeds = list(be.scan_body({"query": {"match_all": {}}, "sort": [{"id": "asc"}]}, None))
    graph = network.build(be, "all", seeds, max_nodes=6)
    assert len(graph.nodes) <= 6 and graph.truncated and graph.left_out > 0
    assert network.to_json(graph)["truncated"] is True


def test_network_svg_is_deterministic_and_every_node_is_a_link(app):
    _, be = app
    graph = network.build(be, "Red <A>", be.recruiter("whatsapp", "+573001112233", 50))
    svg = network_svg.to_svg(graph)
    assert svg == network_svg.to_svg(network.build(be, "Red <A>", be.recruiter("whatsapp", "+573001112233", 50)))
    root = ET.fromstring(svg)
    links = root.findall("{http://www.w3.org/2000/svg}a")
    assert len(links) == len(graph.nodes)
    assert {a.get("href") for a in links} >= {"/ads/ring-a-1", "/recruiters/whatsapp/%2B573001112233"}
    assert "<script" not in svg and "style=" not in svg and "Red &lt;A&gt;" in svg  # CSP-safe, escaped


def test_network_pages_and_exports_are_audited(app):
    app, be = app
    web = login(app, "viewer")
    page = web.get("/network/recruiter/telegram/reclutamx_vip")
    assert page.status_code == 200 and "<svg" in page.text and 'id="networktable"' in page.text
    assert 'href="/ads/ring-b-1"' in page.text and "near-identical text" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    api = api_client(app, "viewer")
    as_json = api.get("/api/network/recruiter/telegram/reclutamx_vip", params={"format": "json"})
    assert as_json.status_code == 200 and "attachment" in as_json.headers["content-disposition"]
    data = json.loads(as_json.content)
    assert {"ad:ring-b-1", "ad:ring-b-2", "ad:ring-b-3", "telegram:reclutamx_vip"} <= {n["id"] for n in data["nodes"]}
    graphml = api.get("/api/network/recruiter/telegram/reclutamx_vip", params={"format": "graphml"})
    graphml = ET.fromstring(graphml.content)
    nodes = graphml.findall(f"{GRAPHML}graph/{GRAPHML}node")
    assert {n.get("id") for n in nodes} == {n["id"] for n in data["nodes"]}
    assert len(graphml.findall(f"{GRAPHML}graph/{GRAPHML}edge")) == len(data["edges"])
    svg = api.get("/api/network/recruiter/telegram/reclutamx_vip", params={"format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<?xml")
    assert api.get("/api/network/recruiter/telegram/reclutamx_vip", params={"format": "dot"}).status_code == 400
    assert api.get("/api/network/recruiter/fax/1").status_code == 404
    exports = [e["detail"] for e in audit.query(be, action="export") if e["target"] == "telegram:reclutamx_vip"]
    assert sorted(d.split(",")[0] for d in exports) == ["network graphml", "network json", "network svg"]
    lab = api_client(app, "labeller")
    case_id = lab.post("/api/cases", json={"name": "Red B"}).json()["id"]
    lab.post(f"/api/cases/{case_id}/recruiters", json={"field": "telegram", "value": "reclutamx_vip"})
    case_page = web.get(f"/cases/{case_id}/network")
    assert case_page.status_code == 200 and len(re.findall(r'<a class="node node-ad"', case_page.text)) >= 3


def test_network_page_bound_is_the_app_setting_and_the_page_says_so(engine, tmp_path):
    app, _ = engine_app(engine, tmp_path, network_max_nodes=3)
    page = login(app, "viewer").get("/network/recruiter/telegram/reclutamx_vip")
    assert page.status_code == 200 and 'id="truncated"' in page.text
    assert len(re.findall(r'<a class="node ', page.text)) <= 3
    data = api_client(app, "viewer").get("/api/network/recruiter/telegram/reclutamx_vip").json()
    assert data["truncated"] is True and len(data["nodes"]) <= 3 and data["ads_left_out"] >= 1
