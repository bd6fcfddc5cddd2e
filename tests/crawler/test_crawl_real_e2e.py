"""End to end on real-markup fixtures served from 127.0.0.1: listings followed and never indexed, one posting one item.

A small site is assembled from tests/fixtures/real pages (each served with
the HTTP charset its manifest entry gives) and crawled by the generic spiders
in a child process (``crawl`` fixture), and once through ``anzuelo crawl``.
"""

from __future__ import annotations

import json
import threading

import pytest

from demo.server import Route, SiteServer
from tests.crawler.crawl_helpers import anzuelo, crawl_env
from tests.fixtures.real import REAL, load_manifest

PAGES = {p["file"]: p for p in load_manifest()}

INDEX = b"""<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Inicio</title></head><body>
<a href="/empleos/trabajo-de-auxiliar-de-bodega-en-bogota-dc">Bodega</a>
<a href="/empleos/jobs?q=warehouse&amp;l=Leeds">Warehouse</a>
<a href="/empleos/legacy/oferta.html">Profesor</a>
<a href="/otros/blog.html">Blog</a></body></html>"""

#: path on the test site -> fixture served there
SITE = {
    "/empleos/trabajo-de-auxiliar-de-bodega-en-bogota-dc": "computrabajo-co-listing.html",
    "/ofertas-de-trabajo/oferta-de-trabajo-de-auxiliar-de-bodega-en-bogota-dc-7A1F3C90B2D4E5F6": "computrabajo-co-ad.html",
    # a job described in JSON-LD and microdata
    "/ofertas-de-trabajo/oferta-de-trabajo-de-montacarguista-en-bogota-dc-2C3D4E5F60718293": "elempleo-ad.html",
    "/empleos/jobs": "indeed-listing.html",  # JobPosting microdata cards whose titles are links to /rc/clk?jk=...
    "/rc/clk": "indeed-ad.html",
    "/empleos/legacy/oferta.html": "tecnoempleo-ad.html",  # windows-1252 declared in the page only
    "/otros/blog.html": "vagas-home.html",
}


def _route(name: str) -> Route:
    charset = PAGES[name]["charset"]
    ctype = "text/html" + (f"; charset={charset}" if charset else "")
    # absolute links of the fixtures stay off this site; relative ones resolve here
    return Route((REAL / name).read_bytes(), 200, {"Content-Type": ctype})


@pytest.fixture
def real_site(tmp_path):
    routes = {path: _route(name) for path, name in SITE.items()}
    routes["/"] = routes["/empleos/"] = Route(INDEX)
    server = SiteServer(tmp_path, 0, routes)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def _by_path(items: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for item in items:
        path = item["url"].split("127.0.0.1:", 1)[1].split("/", 1)[1].split("?")[0]
        out.setdefault("/" + path, []).append(item)
    return out


@pytest.mark.parametrize("spider", ["classifieds", "jobposting"])
def test_crawl_real_listings_followed_not_indexed(spider, real_site, crawl):
    result = crawl(spider, url=real_site.base_url + "/", source="real")
    by_path = _by_path(result.items)
    # listings were fetched and followed, never items
    assert real_site.hits["/empleos/trabajo-de-auxiliar-de-bodega-en-bogota-dc"] >= 1 and real_site.hits["/empleos/jobs"] >= 1
    assert not {"/", "/empleos/trabajo-de-auxiliar-de-bodega-en-bogota-dc", "/empleos/jobs", "/otros/blog.html"} & set(by_path)
    # classifieds weighs every page; jobposting only pages with JobPostings (the Indeed cards)
    assert result.stat("drop_item/page_type/listing") >= (2 if spider == "classifieds" else 1)
    # one posting, one item: the JSON-LD + microdata page gives one ad
    [mesero] = by_path["/ofertas-de-trabajo/oferta-de-trabajo-de-montacarguista-en-bogota-dc-2C3D4E5F60718293"]
    assert mesero["title"] == "Mesero(a) para restaurante" and mesero["employer"] == "Restaurante Marea Alta"
    [bodega] = by_path["/ofertas-de-trabajo/oferta-de-trabajo-de-auxiliar-de-bodega-en-bogota-dc-7A1F3C90B2D4E5F6"]
    assert bodega["title"] == "Auxiliar de Bodega"
    # the Indeed cards (JobPosting microdata, titles that are links) led to the ad pages: 6 jk ids
    assert real_site.hits["/rc/clk"] == 6
    assert all(not item["title"].startswith(("http", "/")) for item in result.items)
    if spider == "jobposting":
        assert result.stat("anzuelo/jobposting/cards_followed") == 6 and "/rc/clk" not in by_path  # no markup there
    else:  # the ad pages have no JobPosting, and the windows-1252 page neither: only classifieds takes them
        cards = by_path["/rc/clk"]
        assert len(cards) == 6 and {c["title"] for c in cards} == {"Warehouse Associate - Night Shift"}
        [legacy] = by_path["/empleos/legacy/oferta.html"]
        assert "Educación" in legacy["title"] and "24.000€" in legacy["text"] and "“imprescindible”" in legacy["text"]


def test_crawl_real_cli_scope_path_by_default(real_site, tmp_path):
    out = tmp_path / "ads.jsonl"
    env = crawl_env(tmp_path / "home", "http://127.0.0.1:9", "unused")
    proc = anzuelo(["crawl", "--url", real_site.base_url + "/empleos/", "--spider", "classifieds", "--allow-private",
                    "--no-index", "--no-score", "--output", str(out), "--json"], env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)[0]
    assert real_site.hits["/empleos/jobs"] >= 1
    assert real_site.hits["/otros/blog.html"] == 0  # outside the seed's folder /empleos/
    # /rc/clk and /ofertas-de-trabajo/ are outside /empleos/ too: the listings' ads stay unfetched under path scope
    assert real_site.hits["/rc/clk"] == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in rows] == ["Profesor/a de Educación Secundaria – Informática"]
    assert summary["dropped"].get("page_type/listing", 0) >= 2 and summary["ads_found"] == 1


def test_crawl_real_cli_scope_host_follows_the_whole_host(real_site, tmp_path):
    out = tmp_path / "ads.jsonl"
    env = crawl_env(tmp_path / "home", "http://127.0.0.1:9", "unused")
    proc = anzuelo(["crawl", "--url", real_site.base_url + "/empleos/", "--spider", "classifieds", "--scope", "host",
                    "--allow-private", "--no-index", "--no-score", "--output", str(out), "--json"], env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert real_site.hits["/otros/blog.html"] == 1 and real_site.hits["/rc/clk"] == 6
    titles = sorted(json.loads(line)["title"] for line in out.read_text(encoding="utf-8").splitlines())
    assert titles.count("Warehouse Associate - Night Shift") == 6 and "Auxiliar de Bodega" in titles
