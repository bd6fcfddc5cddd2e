"""``anzuelo queue`` on the real engine: uncertain first, one per near-duplicate group, filters, counts."""

from __future__ import annotations

import json

import pytest

from anzuelo.cli import main
from tests.workbench.queue_ads import index_queue_ads, model_folder

pytestmark = pytest.mark.integration


@pytest.fixture
def queued(engine, monkeypatch, tmp_path):
    monkeypatch.setenv("ANZUELO_ENGINE_URL", engine.url)
    monkeypatch.setenv("ANZUELO_INDEX_PREFIX", engine.prefix)
    return index_queue_ads(engine), model_folder(tmp_path / "model")


def _queue(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main(["queue", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_queue_ranks_uncertain_first_one_per_template(queued, capsys):
    ids, model = queued
    report = _queue(capsys, "--model", str(model))
    order = [i["id"] for i in report["items"]]
    assert order == [ids[k] for k in ("ring-0", "other-en", "mid", "low-pt", "high", "tiny")]
    assert report["items"][0]["similar"] == 4  # the four other copies of the template are not listed
    assert sorted(report["items"][0]["similar_ids"]) == sorted(ids[f"ring-{i}"] for i in range(1, 5))
    assert ids["done"] not in order and report["unlabelled"] == 10
    assert report["threshold"] == 0.3 and report["items"][0]["distance"] < report["items"][1]["distance"]
    assert report["model"]["n_train"] == 80 and report["model"]["index_labels"] == 2


def test_queue_filters_by_source_and_language(queued, capsys):
    ids, model = queued
    assert [i["id"] for i in _queue(capsys, "--model", str(model), "--source", "site-b")["items"]] == [ids["other-en"]]
    assert [i["id"] for i in _queue(capsys, "--model", str(model), "--lang", "pt")["items"]] == [ids["low-pt"]]
    assert len(_queue(capsys, "--model", str(model), "--limit", "2")["items"]) == 2


def test_queue_threshold_option_moves_the_ranking(queued, capsys):
    ids, model = queued
    assert _queue(capsys, "--model", str(model), "--threshold", "0.9")["items"][0]["id"] == ids["high"]


def test_queue_table_names_model_and_new_labels(queued, capsys):
    _, model = queued
    capsys.readouterr()
    assert main(["queue", "--model", str(model)]) == 0
    out = capsys.readouterr().out
    assert "trained on 80 rows, 2 of them index labels" in out
    # the one labelled ad was labelled on 2026-11-01, before the model's 2026-11-15
    assert "labels in the index: 1 ads, 0 new since 2026-11-15" in out
    assert "+4" in out


def test_queue_bad_limit_is_a_usage_error(queued, capsys):
    assert main(["queue", "--limit", "0"]) == 2


def test_queue_bodies_are_plain_score_sorts_around_the_threshold():
    from index.queue import QueueQuery, queue_bodies

    q = QueueQuery(threshold=0.3, sources=["site-b"], langs=["en"], skip=["x1"], limit=5, pool=50)
    above, below = queue_bodies(q)
    assert above == {
        "query": {"bool": {"filter": [{"exists": {"field": "score"}}, {"terms": {"source": ["site-b"]}},
                                      {"terms": {"lang": ["en"]}}, {"range": {"score": {"gte": 0.3}}}],
                           "must_not": [{"exists": {"field": "label"}}, {"ids": {"values": ["x1"]}}]}},
        "sort": [{"score": "asc"}, {"id": "asc"}], "size": 50,
        "_source": ["id", "title", "text", "source", "lang", "country", "score", "risk", "indicators",
                    "content_hash", "first_seen", "url"],
        "track_total_hits": True,
    }
    assert below["query"]["bool"]["filter"][-1] == {"range": {"score": {"lt": 0.3}}}
    assert below["sort"][0] == {"score": "desc"}
