"""Rescore into a new index version behind the alias (index.rescore, index.pit, index.versions), on the real engine.

The page transform here is a small deterministic scorer of its own (model
"new-model-2"), so these tests measure the copy, the catch-up, the swap and the
merge; `tests/cli/test_rescore_cli.py` runs the same steps with the real model.
The Elasticsearch 9 path runs when ES_URL is set.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

from index import Index, aliases, pit, versions
from index import rescore as R
from index.rescore_merge import merge_labels, reconcile
from index.rescore_plan import RescoreState
from tests.index.rescore_helpers import index_ads, invented_ad

NEW = "new-model-2"
KEEP = ("label", "labels", "first_seen", "last_seen", "status", "gone_at", "evidence", "content_hash", "source", "text")


def transform(ads: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """Scores by text length; clears the old model's fields the way the CLI's transform does."""
    out = [{**a, "score": round(len(a.get("text") or "") / 1000, 3), "risk": "low", "indicators": [], "ages": None,
            "model_version": NEW, "scored_at": "2026-02-01T00:00:00Z"} for a in ads]
    return out, len(out), 0


def run(idx: Index, state: RescoreState, slices: int = 1, page: int = 7) -> dict[str, Any]:
    plan = R.start(idx, state, slices=slices, keep_alive="2m", model_version=NEW, scope={})
    for i in range(slices):
        R.copy_slice(idx, state, plan, i, transform, page)
    return R.finish(idx, state, plan, transform, page=page, rounds=3, grace=0.0)


@pytest.mark.integration
def test_rescore_alias_swapped_count_unchanged_and_people_fields_survive(engine, tmp_path):
    before = {a["id"]: a for a in index_ads(engine, 23, {1: "deceptive", 2: "legitimate", 5: "deceptive"})}
    old = aliases.alias_targets(engine.engine, engine.ads_alias)
    result = run(engine, RescoreState(tmp_path, engine.ads_alias))
    assert result["swapped"] and result["source_count"] == result["target_count"] == 23
    assert aliases.alias_targets(engine.engine, engine.ads_alias) == [result["index"]] == [f"{engine.prefix}-ads-v1-r2"]
    assert result["previous"] == old[0] and engine.count() == 23
    after = engine.mget(before)
    for ad_id, ad in before.items():
        assert {k: after[ad_id].get(k) for k in KEEP} == {k: ad.get(k) for k in KEEP}
        assert after[ad_id]["model_version"] == NEW and after[ad_id]["ages"] is None
    assert not (tmp_path / engine.ads_alias).exists()  # plan and checkpoints cleared after the swap


@pytest.mark.integration
def test_rescore_alias_counts_mismatch_refused_and_alias_left(engine, tmp_path):
    index_ads(engine, 12)
    state = RescoreState(tmp_path, engine.ads_alias)
    plan = R.start(engine, state, slices=1, keep_alive="2m", model_version=NEW, scope={})
    R.copy_slice(engine, state, plan, 0, transform, 5)
    lost = invented_ad(3)["id"]
    engine.engine.request("DELETE", f"/{plan.target}/_doc/{lost}", params={"refresh": "true"})
    with pytest.raises(R.CountMismatch, match=r"holds 11 ads but .* holds 12.*still points at"):
        R.finish(engine, state, plan, transform, page=5, rounds=2, grace=0.0)
    assert aliases.alias_targets(engine.engine, engine.ads_alias) == [plan.source]
    assert state.load_plan() is not None  # kept: a re-run (or --abort) picks it up
    assert R.abort(engine, state) == plan.target
    assert engine.engine.request("GET", f"/{plan.target}", ignore=(404,)) is None


@pytest.mark.integration
def test_rescore_alias_slices_cover_every_doc_exactly_once(engine, tmp_path):
    index_ads(engine, 31)
    state = RescoreState(tmp_path, engine.ads_alias)
    plan = R.start(engine, state, slices=3, keep_alive="2m", model_version=NEW, scope={})
    seen: list[list[str]] = []
    for i in range(3):
        ids: list[str] = []
        R.copy_slice(engine, state, plan, i, lambda ads, ids=ids: (ids.extend(a["id"] for a in ads), transform(ads))[1], 4)
        seen.append(ids)
    flat = [i for ids in seen for i in ids]
    assert len(flat) == len(set(flat)) == 31 and all(seen)  # each slice got some, none twice
    assert sum(c.read for c in state.checkpoints(3)) == 31


@pytest.mark.integration
def test_rescore_alias_writes_after_the_pit_are_caught_up(engine, tmp_path):
    index_ads(engine, 10)
    state = RescoreState(tmp_path, engine.ads_alias)
    plan = R.start(engine, state, slices=1, keep_alive="2m", model_version=NEW, scope={})
    label = {"label": "deceptive", "labels": [{"label": "deceptive", "note": "x", "user": "bea", "at": "2026-02-02T00:00:00Z"}]}
    assert engine.update_partial(invented_ad(4)["id"], label)  # through the alias, after the PIT opened
    engine.bulk_upsert([invented_ad(50)])  # a crawl adds an ad meanwhile
    R.copy_slice(engine, state, plan, 0, transform, 4)
    scored: list[str] = []
    result = R.finish(engine, state, plan, lambda ads: (scored.extend(a["id"] for a in ads), transform(ads))[1],
                      page=4, rounds=3, grace=0.0)
    assert result["caught_up"] >= 2 and result["target_count"] == 11
    assert scored == [invented_ad(50)["id"]]  # the labelled ad kept the score just copied: same text, same model
    assert engine.get_ad(invented_ad(4)["id"])["labels"] == label["labels"]
    assert engine.get_ad(invented_ad(50)["id"])["model_version"] == NEW


@pytest.mark.integration
def test_rescore_alias_late_label_in_old_index_merged_after_swap(engine, tmp_path):
    index_ads(engine, 6, {2: "legitimate"})
    state = RescoreState(tmp_path, engine.ads_alias)
    plan = R.start(engine, state, slices=1, keep_alive="2m", model_version=NEW, scope={})
    R.copy_slice(engine, state, plan, 0, transform, 10)
    since = pit.max_seq_no(engine.engine, plan.source)
    target_mark = pit.max_seq_no(engine.engine, plan.target)
    aliases.swap_alias(engine.engine, engine.ads_alias, plan.target)
    # Sent just before the swap, landed in the old index: one on an ad nobody touched since, one on
    # an ad that also got a label in the new index after the swap.
    late = {"label": "deceptive", "note": "", "user": "ana", "at": "2026-02-03T10:00:00Z"}
    after = {"label": "unsure", "note": "", "user": "bea", "at": "2026-02-03T10:00:01Z"}
    a1, a2 = invented_ad(1)["id"], invented_ad(2)["id"]
    engine.engine.request("POST", f"/{plan.source}/_update/{a1}", body={"doc": {"label": "deceptive", "labels": [late]}})
    old2 = engine.get_ad(a2)["labels"]
    engine.engine.request("POST", f"/{plan.source}/_update/{a2}", body={"doc": {"label": "deceptive", "labels": old2 + [late]}})
    assert engine.update_partial(a2, {"label": "unsure", "labels": old2 + [after]})  # alias: the new index
    assert reconcile(engine.engine, plan.source, plan.target, since, target_mark, transform) == 2
    assert engine.get_ad(a1)["labels"] == [late] and engine.get_ad(a1)["model_version"] == NEW
    got = engine.get_ad(a2)
    assert got["labels"] == old2 + [late, after] and got["label"] == "unsure"


def test_rescore_merge_labels_union_in_time_order():
    a = {"label": "x", "labels": [{"label": "legitimate", "user": "ana", "at": "2026-01-01T00:00:00Z"}]}
    b = {"labels": [{"label": "deceptive", "user": "bea", "at": "2026-01-02T00:00:00Z"}, *a["labels"]]}
    assert merge_labels(a, b) == {"label": "deceptive", "labels": [a["labels"][0], b["labels"][0]]}
    assert merge_labels(b, a) is None


def test_rescore_pit_slice_body_as_json():
    assert pit.slice_body("P", "5m", 1, 2, 100, ["abc"]) == {
        "size": 100, "pit": {"id": "P", "keep_alive": "5m"}, "sort": [{"id": "asc"}], "track_total_hits": False,
        "query": {"match_all": {}}, "slice": {"field": "_id", "id": 1, "max": 2}, "search_after": ["abc"]}
    assert "slice" not in pit.slice_body("P", "5m", 0, 1, 100, None)


def test_rescore_generation_names():
    assert aliases.split_name("anzuelo-ads-v1") == ("anzuelo-ads-v1", 1, 1)
    assert aliases.split_name("anzuelo-ads-v3-r12") == ("anzuelo-ads-v3", 3, 12)
    assert aliases.same_mapping("anzuelo-ads-v1-r2", "anzuelo-ads-v1")
    assert not aliases.same_mapping("anzuelo-ads-v2", "anzuelo-ads-v1")


@pytest.mark.integration
def test_rescore_alias_rollback_carries_new_ads_and_labels_back_then_prune(engine, tmp_path):
    index_ads(engine, 8)
    state = RescoreState(tmp_path, engine.ads_alias)
    first = run(engine, state)
    entry = {"label": "deceptive", "note": "", "user": "ana", "at": "2026-02-04T00:00:00Z"}
    assert engine.update_partial(invented_ad(3)["id"], {"label": "deceptive", "labels": [entry]})
    engine.bulk_upsert([invented_ad(60)])
    back = versions.rollback(engine)
    assert back == {"index": first["previous"], "previous": first["index"], "copied_back": 1, "labels_merged": 1}
    assert aliases.alias_targets(engine.engine, engine.ads_alias) == [first["previous"]]
    assert engine.get_ad(invented_ad(3)["id"])["labels"] == [entry] and engine.count() == 9
    second = run(engine, state)
    assert second["index"] == f"{engine.prefix}-ads-v1-r3"
    assert versions.prune(engine.engine, engine.ads_alias, keep=1) == [first["previous"]]
    assert [n for n, _ in versions.versions(engine.engine, engine.ads_alias)] == [first["index"], second["index"]]


@pytest.mark.elasticsearch
def test_rescore_alias_on_elasticsearch(tmp_path):
    url = os.environ.get("ES_URL")
    if not url:
        pytest.skip("ES_URL is not set: no Elasticsearch 9 cluster to test the _pit API against")
    idx = Index.connect(url, prefix=f"t{uuid.uuid4().hex[:10]}")
    try:
        index_ads(idx, 15, {1: "deceptive"})
        result = run(idx, RescoreState(tmp_path, idx.ads_alias), slices=2)
        assert result["swapped"] and result["target_count"] == 15 and idx.count() == 15
        assert idx.get_ad(invented_ad(1)["id"])["label"] == "deceptive"
    finally:
        idx.drop_all()
        idx.close()
