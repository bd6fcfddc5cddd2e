"""Mapping generated from index.fields, and raw responses turned into typed results."""

from __future__ import annotations

import pytest

from index import fields as F
from index.mapping import STORE_MAPPINGS, ads_index_body, ads_mapping, analysis, store_index_body
from index.search import merge_highlights, to_result


def test_every_contract_field_is_mapped():
    props = ads_mapping()["properties"]
    names = {v for k, v in vars(F).items() if k.isupper() and isinstance(v, str) and not k.startswith(("STATUS_",))}
    assert names <= set(props), names - set(props)
    assert ads_mapping()["dynamic"] is False


def test_field_types():
    props = ads_mapping()["properties"]
    assert props["title"] == {"type": "text", "analyzer": "anz_folded", "fields": {
        "es": {"type": "text", "analyzer": "anz_es"}, "en": {"type": "text", "analyzer": "anz_en"},
        "pt": {"type": "text", "analyzer": "anz_pt"}}}
    assert props["employer"]["fields"]["raw"] == {"type": "keyword", "ignore_above": 256}
    for name in (*F.LINK_FIELDS, "indicators", "risk", "source", "country", "lang", "status", "label"):
        assert props[name]["type"] == "keyword", name
    for name in ("posted_at", "first_seen", "last_seen", "valid_through", "fetched_at", "scored_at"):
        assert props[name] == {"type": "date"}
    assert props["score"] == {"type": "float"} and props["ages"] == {"type": "integer"}
    for name in ("indicator_hits", "entities", "evidence"):
        assert props[name] == {"type": "object", "enabled": False}


def test_language_analyzers_fold_after_stopwords():
    assert analysis()["analyzer"]["anz_es"] == {
        "type": "custom", "tokenizer": "standard",
        "filter": ["lowercase", "anz_es_stop", "asciifolding", "anz_es_stem"]}
    assert analysis()["filter"]["anz_pt_stem"] == {"type": "stemmer", "language": "light_portuguese"}


def test_index_bodies():
    body = ads_index_body(3)
    assert body["mappings"]["_meta"] == {"anzuelo_ads_version": 3}
    assert body["settings"]["index"]["auto_expand_replicas"] == "0-1"
    assert store_index_body("audit")["mappings"]["properties"] == STORE_MAPPINGS["audit"]
    assert store_index_body("other")["mappings"] == {"dynamic": False, "properties": {}}


def test_to_result_reads_both_total_shapes_hits_and_facets():
    raw = {"took": 7, "hits": {"total": {"value": 12, "relation": "eq"}, "hits": [
        {"_id": "a", "_score": None, "_source": {"id": "a", "score": 0.8, "title": "t"},
         "highlight": {"text.es": ["<em>modelo</em>s"], "title": ["<em>T</em>"]},
         "matched_queries": ["text", "phones"]}]},
        "aggregations": {"risk": {"buckets": [{"key": "high", "doc_count": 9}]}, "first": {"value": 1.0}}}
    res = to_result(raw)
    assert (res.total, res.took_ms, res.facets) == (12, 7, {"risk": {"high": 9}})
    hit = res.hits[0]
    assert (hit.id, hit.score, hit.relevance, hit.matched) == ("a", 0.8, None, ["phones", "text"])
    assert hit.highlights == {"text": ["<em>modelo</em>s"], "title": ["<em>T</em>"]}
    assert to_result({"hits": {"total": 3, "hits": []}}).total == 3
    assert res.to_dict()["hits"][0]["ad"] == {"id": "a", "score": 0.8, "title": "t"}


def test_merge_highlights_prefers_base_field():
    assert merge_highlights({"text.en": ["b"], "text": ["a"], "title.pt": ["c"]}) == {"text": ["a"], "title": ["c"]}


def test_connect_reports_refused_credentials():
    """A server answering 401 is reported as an auth problem, not as 'unreachable'."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    import pytest

    from anzuelo.errors import EngineError
    from index.client import Engine

    class Deny(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b'{"error": "unauthorized", "status": 401}'
            self.send_response(401)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Deny)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(EngineError, match="refused anzuelo") as err:
            Engine.connect(f"http://127.0.0.1:{server.server_port}", timeout=5)
        assert "credentials" in err.value.hint and err.value.exit_code == 3
    finally:
        server.shutdown()
        server.server_close()


def test_shards_and_replicas_are_settings(monkeypatch):
    from anzuelo import settings
    from anzuelo.errors import InputError
    from index.mapping import shard_settings

    assert shard_settings() == {"number_of_shards": 1, "auto_expand_replicas": "0-1"}  # one node stays green
    monkeypatch.setattr(settings, "INDEX_SHARDS", 3)
    monkeypatch.setattr(settings, "INDEX_REPLICAS", "2")
    assert ads_index_body(1)["settings"]["index"]["number_of_shards"] == 3
    assert store_index_body("audit")["settings"]["index"] == {"number_of_shards": 3, "number_of_replicas": 2}
    monkeypatch.setattr(settings, "INDEX_REPLICAS", "0-all")
    assert shard_settings()["auto_expand_replicas"] == "0-all"
    for bad in ("two", "-1", "1-"):
        monkeypatch.setattr(settings, "INDEX_REPLICAS", bad)
        with pytest.raises(InputError, match="ANZUELO_INDEX_REPLICAS"):
            shard_settings()
