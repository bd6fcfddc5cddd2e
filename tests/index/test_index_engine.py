"""Integration: the index layer against the real OpenSearch node (session fixture).

Each test gets ``engine``: an ``index.Index`` on its own prefix, dropped afterwards.
"""

from __future__ import annotations

import json

import pytest

from anzuelo import settings
from anzuelo.errors import EXIT_ENGINE, EngineError
from index import Index, doc_id, parse_args
from index.aliases import alias_targets

pytestmark = pytest.mark.integration


def ad(n: int, **extra) -> dict:
    """A small ad with a deterministic URL."""
    doc = {"canonical_url": f"https://jobs.test/ad/{n}", "url": f"https://jobs.test/ad/{n}?ref=x",
           "source": "demo-jobs", "title": f"Oferta {n}", "text": "Trabajo de oficina en Bogotá.",
           "score": 0.1, "risk": "low", "status": "online", "lang": "es", "country": "CO"}
    doc.update(extra)
    return doc


def load(idx: Index, docs: list[dict]) -> None:
    idx.ensure_ads_index()
    result = idx.bulk_upsert(docs)
    assert result.failed == 0, result.errors
    idx.refresh()


def ids(result) -> list[str]:
    return [h.source["canonical_url"].rsplit("/", 1)[-1] for h in result.hits]


def test_connect_detects_opensearch_and_unreachable_is_exit_3(engine):
    assert engine.engine.info.distribution == "opensearch" and engine.engine.is_opensearch
    assert engine.engine.info.major == 2
    with pytest.raises(EngineError) as err:
        Index.connect("http://127.0.0.1:9", timeout=2)
    assert err.value.exit_code == EXIT_ENGINE and "anzuelo engine start" in err.value.hint


def test_ads_index_is_versioned_behind_alias(engine):
    assert engine.search(parse_args({})).total == 0  # before any index exists: empty, no error
    name = engine.ensure_ads_index()
    assert name == f"{engine.prefix}-ads-v1"
    assert engine.ensure_ads_index() == name  # idempotent
    assert alias_targets(engine.engine, engine.ads_alias) == [name]
    mapping = engine.engine.request("GET", f"/{name}/_mapping")[name]["mappings"]
    assert mapping["dynamic"] in (False, "false")
    assert mapping["properties"]["text"]["fields"]["es"]["analyzer"] == "anz_es"
    health = engine.engine.request("GET", f"/_cluster/health/{name}")
    assert health["status"] == "green"  # auto_expand_replicas: no unassigned replica on one node


def four_languages_ads() -> list[dict]:
    """Four ads in Spanish, English and Portuguese for the analyzer and synonym cases."""
    return [
        ad(1, title="Se buscan MODELOS", text="Trabajo en el EXTRANJERO, 3000 dólares al mes.", score=0.9),
        ad(2, title="Modelo para agencia", text="Sesiones de fotos.", score=0.5),
        ad(3, title="Recruiting for jobs abroad", text="Paid travel.", lang="en", score=0.3),
        ad(4, title="Viagens pagas", text="Trabalho no exterior.", lang="pt", score=0.2),
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("modelos", ["1", "2"]),           # Spanish plural finds singular
    ("modelo", ["1", "2"]),
    ("extranjero", ["1"]),             # lower case finds EXTRANJERO
    ("dolares", ["1"]),                # no accent finds dólares
    ("dólares", ["1"]),
    ("jobs abroad", ["3"]),            # English stemming
    ("viagem", ["4"]),                 # Portuguese: viagens
    ('"trabajo en el extranjero"', ["1"]),
    ("modelo -agencia", ["1"]),
    ('foo" AND ((( ~~ [', []),         # broken syntax never errors
])
def test_multilingual_analysis(engine, query, expected, tmp_path, monkeypatch):
    # The analyzers alone: an empty synonyms file (cross-language synonyms are tested below).
    (tmp_path / "none.txt").write_text("# no synonyms\n", encoding="utf-8")
    monkeypatch.setattr(settings, "SEARCH_SYNONYMS_FILE", str(tmp_path / "none.txt"))
    load(engine, four_languages_ads())
    assert ids(engine.search(parse_args({"q": query}))) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("extranjero", ["1", "3", "4"]),   # abroad (en) and exterior (pt) through the shipped synonyms file
    ("viagem", ["3", "4"]),            # travel
])
def test_shipped_synonyms_cross_languages(engine, query, expected):
    load(engine, four_languages_ads())
    assert ids(engine.search(parse_args({"q": query}))) == expected


def test_bulk_is_idempotent_by_canonical_url(engine):
    load(engine, [ad(1, title="first"), ad(1, title="second"), ad(2)])
    load(engine, [ad(1, title="third")])
    assert engine.count() == 2
    stored = engine.get_ad(doc_id("https://jobs.test/ad/1"))
    assert stored["title"] == "third" and stored["id"] == doc_id("https://jobs.test/ad/1")


def test_failed_item_goes_to_dead_letter_while_others_are_indexed(engine, tmp_path):
    engine.ensure_ads_index()
    dead = tmp_path / "dead.jsonl"
    result = engine.bulk_upsert([ad(1), ad(2, score="not-a-number"), ad(3, unknown_key={"x": [1]})],
                                dead_letter=dead)
    assert (result.indexed, result.failed, result.retried) == (2, 1, 0)
    engine.refresh()
    assert engine.count() == 2
    letters = [json.loads(line) for line in dead.read_text().splitlines()]
    assert len(letters) == 1
    assert letters[0]["id"] == doc_id("https://jobs.test/ad/2") and letters[0]["status"] == 400
    assert "score" in letters[0]["reason"] and letters[0]["doc"]["score"] == "not-a-number"
    # Unknown keys (dynamic: false) are kept in _source, not indexed, never an error.
    assert engine.get_ad(doc_id("https://jobs.test/ad/3"))["unknown_key"] == {"x": [1]}


def test_filters_sort_and_facets(engine):
    load(engine, [
        ad(1, score=0.95, risk="high", phones=["+573001112233"], posted_at="2024-05-01", indicators=["pays_travel"]),
        ad(2, score=0.60, risk="medium", posted_at="2024-06-01", country="BR", lang="pt"),
        ad(3, score=0.20, risk="low", posted_at="2024-07-01", status="gone", whatsapp=["+5511999"]),
        ad(4, risk="low", source="other", score=None),  # no score: sorted last
    ])
    search = lambda **a: ids(engine.search(parse_args(a)))  # noqa: E731
    assert search() == ["1", "2", "3", "4"]
    assert search(sort="date") == ["3", "2", "1", "4"]
    assert search(min_score="0.5") == ["1", "2"]
    assert search(max_score="0.5") == ["3"]
    assert search(risk=["high", "medium"]) == ["1", "2"]
    assert search(source="other") == ["4"]
    assert search(country="br") == ["2"]
    assert search(has_phone="true") == ["1"] and search(has_whatsapp="true") == ["3"]
    assert search(has_phone="false") == ["2", "3", "4"]
    assert search(status="gone") == ["3"]
    assert search(indicator="pays_travel") == ["1"]
    assert search(posted_from="2024-05-15", posted_to="2024-06-30") == ["2"]
    assert search(size="2", page="2") == ["3", "4"]
    result = engine.search(parse_args({}))
    assert result.total == 4
    assert result.facets["risk"] == {"low": 2, "high": 1, "medium": 1}
    assert result.facets["source"] == {"demo-jobs": 3, "other": 1}
    assert result.facets["status"] == {"online": 3, "gone": 1}
    assert engine.search(parse_args({"status": "gone"})).facets["status"] == {"gone": 1}
    assert result.hits[0].score == 0.95


def test_highlight_is_html_encoded(engine):
    load(engine, [ad(1, title="Modelos <b>ya</b>", text="Escribe <script>alert('x')</script> modelos ahora")])
    hit = engine.search(parse_args({"q": "modelos script"})).hits[0]
    text = " ".join(hit.highlights["text"])
    assert "<script>" not in text and "&lt;" in text and "<em>script</em>" in text
    assert "<em>" in hit.highlights["title"][0] and "&lt;b&gt;" in hit.highlights["title"][0]


def test_linked_ads_by_contact_and_near_identical_text(engine):
    copy = "Agencia internacional busca chicas jóvenes para trabajar como modelos en Europa con pasaje pagado"
    load(engine, [
        ad(1, phones=["+573001112233"], text=copy),
        ad(2, phones=["+573001112233"], text="Otra cosa distinta."),
        ad(3, source="classifieds", text=copy + "."),
        ad(4, text="Cajero para supermercado, turno de noche."),
        ad(5, telegram=["reclutador"], text="Nada en común."),
    ])
    first = engine.get_ad(doc_id("https://jobs.test/ad/1"))
    result = engine.linked(first)
    by_id = {h.source["canonical_url"].rsplit("/", 1)[-1]: h.matched for h in result.hits}
    assert by_id == {"2": ["phones"], "3": ["text"]}
    rec = engine.recruiter("phones", "+573001112233")
    assert sorted(ids(rec)) == ["1", "2"] and rec.facets["source"] == {"demo-jobs": 2}


def test_partial_updates_mget_and_mark_gone(engine):
    load(engine, [ad(1), ad(2), ad(3), ad(4, source="other")])
    one, two, three = (doc_id(f"https://jobs.test/ad/{n}") for n in (1, 2, 3))
    assert engine.update_partial(one, {"label": "deceptive", "labels": [{"label": "deceptive", "user": "ana"}]})
    assert engine.update_partial("missing", {"label": "unsure"}) is False
    assert engine.get_ad(one)["label"] == "deceptive" and engine.get_ad(one)["title"] == "Oferta 1"
    assert engine.get_ad("missing") is None
    got = engine.mget([one, "missing"])
    assert got["missing"] is None and got[one]["label"] == "deceptive"
    res = engine.update_partial_many({two: {"last_seen": "2024-09-01T00:00:00Z"}})
    assert res.indexed == 1
    assert engine.mark_gone("demo-jobs", [one], now="2024-09-02T00:00:00.000Z") == 2
    assert [engine.get_ad(i)["status"] for i in (one, two, three)] == ["online", "gone", "gone"]
    assert engine.get_ad(two)["gone_at"] == "2024-09-02T00:00:00.000Z" and "gone_at" not in engine.get_ad(one)
    assert engine.count({"range": {"gone_at": {"gte": "2024-09-01"}}}) == 2  # a date field, searchable
    assert engine.get_ad(two)["last_seen"] == "2024-09-01T00:00:00Z"
    assert engine.count() == 4  # never deletes
    assert engine.count({"term": {"status": "online"}}) == 2
    assert engine.search(parse_args({"label": "none"})).total == 3


def test_bulk_upsert_merges_so_labels_survive_a_changed_ad(engine):
    load(engine, [ad(1, first_seen="2024-01-01T00:00:00Z", salary_raw="$100")])
    one = doc_id("https://jobs.test/ad/1")
    engine.update_partial(one, {"label": "deceptive", "labels": [{"label": "deceptive", "user": "ana"}]})
    # the crawler re-sends a changed version: no labels, no first_seen, a salary it lost
    load(engine, [ad(1, text="Texto nuevo.", salary_raw=None, status="online", gone_at=None)])
    got = engine.get_ad(one)
    assert got["text"] == "Texto nuevo." and got["label"] == "deceptive" and got["labels"][0]["user"] == "ana"
    assert got["first_seen"] == "2024-01-01T00:00:00Z" and got["salary_raw"] is None
    assert engine.search(parse_args({"label": ["deceptive"]})).total == 1


def test_ensure_ads_index_puts_fields_added_since_creation(engine):
    from index.aliases import add_missing_fields

    engine.ensure_ads_index()
    name = engine.ads_index_name()
    # an index created before gone_at existed: dynamic false, so the field is not indexed yet
    engine.engine.request("DELETE", f"/{name}")
    body = __import__("index.mapping", fromlist=["x"]).ads_index_body(engine.ads_version)
    del body["mappings"]["properties"]["gone_at"]
    body["aliases"] = {engine.ads_alias: {"is_write_index": True}}
    engine.engine.request("PUT", f"/{name}", body=body)
    assert engine.ensure_ads_index() == name
    props = engine.engine.request("GET", f"/{name}/_mapping")[name]["mappings"]["properties"]
    assert props["gone_at"] == {"type": "date"}
    assert add_missing_fields(engine.engine, name) == []


def test_store_creation_race_is_quiet(engine, caplog):
    body = {"settings": {"index": {"number_of_shards": 1}}}
    name = engine.store_name("race")
    assert engine.engine.create_index(name, body) is True
    with caplog.at_level("WARNING"):
        assert engine.engine.create_index(name, body) is False  # another process won: not an error
    assert not [r for r in caplog.records if "400" in r.getMessage()]
    with pytest.raises(EngineError):
        engine.engine.create_index("Bad-Upper-Name", body)  # any other 400 still raises


def test_generic_stores(engine):
    assert engine.search_docs("audit", {"query": {"match_all": {}}}) == []
    assert engine.get_doc("users", "ana") is None
    engine.put_doc("users", "ana@x.org", {"name": "ana@x.org", "role": "admin", "created_at": "2024-01-01T00:00:00Z"})
    engine.put_doc("audit", "e1", {"at": "2024-01-02", "user": "ana", "action": "search", "detail": "q=modelos"})
    engine.put_doc("audit", "e2", {"at": "2024-01-03", "user": "bob", "action": "view"})
    assert engine.get_doc("users", "ana@x.org")["role"] == "admin"
    latest = engine.search_docs("audit", {"query": {"match_all": {}}, "sort": [{"at": {"order": "desc"}}]})
    assert [e["user"] for e in latest] == ["bob", "ana"]
    assert engine.search_docs("audit", {"query": {"term": {"action": "search"}}})[0]["user"] == "ana"
    assert engine.delete_doc("users", "ana@x.org") is True and engine.delete_doc("users", "ana@x.org") is False
    assert engine.get_doc("users", "ana@x.org") is None


def test_reindex_to_new_version_swaps_alias(engine):
    load(engine, [ad(1), ad(2)])
    new = engine.reindex_to(2)
    assert new == f"{engine.prefix}-ads-v2"
    assert alias_targets(engine.engine, engine.ads_alias) == [new]
    assert engine.count() == 2 and engine.ensure_ads_index() == new
    load(engine, [ad(3)])
    assert engine.engine.request("GET", f"/{new}/_count")["count"] == 3


def test_scan_pages_past_one_request(engine):
    load(engine, [ad(n, score=n / 100) for n in range(25)])
    from index.query import build_body
    from index.search import scan

    rows = list(scan(engine, build_body(parse_args({"q": "oferta"})), page=10))
    assert len(rows) == 25 and rows[0]["score"] == 0.24
    assert len(list(engine.scan(build_body(parse_args({})), max_rows=7))) == 7
