"""`anzuelo train --from-labels`: investigators' labels read from the real index, conflicts reported, then trained on."""

from __future__ import annotations

import json

import pytest

from tests.crawler.crawl_helpers import anzuelo, crawl_env
from tests.index.rescore_helpers import index_ads, invented_ad

pytestmark = [pytest.mark.integration]


def _entry(user: str, label: str, minute: int) -> dict:
    return {"label": label, "note": f"por {user}", "user": user, "at": f"2026-03-01T10:{minute:02d}:00Z"}


def _label(engine, n: int, *entries: dict) -> str:
    ad_id = invented_ad(n)["id"]
    assert engine.update_partial(ad_id, {"label": entries[-1]["label"], "labels": list(entries)})
    return ad_id


@pytest.fixture
def labelled(engine):
    """12 ads: 4 labelled by ana, 3 by bea, one each way by both (conflicts), one unsure."""
    index_ads(engine, 12)
    for n in (0, 2, 4, 6):
        _label(engine, n, _entry("ana", "deceptive", n))
    for n in (1, 3, 5):
        _label(engine, n, _entry("bea", "legitimate", n))
    split = _label(engine, 7, _entry("ana", "legitimate", 1), _entry("bea", "deceptive", 2))
    three = _label(engine, 8, _entry("ana", "deceptive", 1), _entry("carl", "deceptive", 2), _entry("bea", "legitimate", 3))
    _label(engine, 9, _entry("ana", "unsure", 1))
    engine.refresh()
    return {"split": split, "three": three}


def test_train_from_labels_reports_conflicts_and_counts_and_leaves_them_out(tmp_path, engine, engine_url, labelled):
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    proc = anzuelo(["train", "--from-labels", "--labels-only", "--out", str(tmp_path / "m"), "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])["labels"]
    assert out["per_class"] == {"deceptive": 4, "legitimate": 3} and out["excluded"] == 2
    assert out["per_labeller"] == {"ana": {"deceptive": 5, "legitimate": 1}, "bea": {"deceptive": 1, "legitimate": 4},
                                   "carl": {"deceptive": 1}}
    assert {c["id"]: c["votes"] for c in out["conflicts"]} == {
        labelled["split"]: {"ana": "legitimate", "bea": "deceptive"},
        labelled["three"]: {"ana": "deceptive", "carl": "deceptive", "bea": "legitimate"}}
    rows = [json.loads(line) for line in (tmp_path / "m" / "index-labels.jsonl").read_text().splitlines()]
    assert len(rows) == 7 and {r["id"] for r in rows}.isdisjoint(labelled.values())
    assert "2 ads with conflicting labels, left out" in proc.stderr and "labeller carl: deceptive 1" in proc.stderr


@pytest.mark.parametrize(("how", "split", "three"), [("latest", 1, 0), ("majority", None, 1)])
def test_train_from_labels_resolve(tmp_path, engine, engine_url, labelled, how, split, three):
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    proc = anzuelo(["train", "--from-labels", "--resolve", how, "--labels-only", "--out", str(tmp_path / "m")], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"2 ads with conflicting labels, resolved by --resolve {how}" in proc.stdout
    rows = {r["id"]: r["label"] for r in map(json.loads, (tmp_path / "m" / "index-labels.jsonl").read_text().splitlines())}
    assert rows.get(labelled["split"]) == split and rows.get(labelled["three"]) == three


def test_train_from_labels_bad_usage_exits_2(tmp_path, engine, engine_url):
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    proc = anzuelo(["train", "--out", str(tmp_path / "m")], env)
    assert proc.returncode == 2 and "no training data given" in proc.stderr
    proc = anzuelo(["train", "--resolve", "latest", "x.jsonl", "--out", str(tmp_path / "m")], env)
    assert proc.returncode == 2 and "go with --from-labels" in proc.stderr
    engine.ensure_ads_index()
    proc = anzuelo(["train", "--from-labels", "--out", str(tmp_path / "m")], env)
    assert proc.returncode == 2 and "no usable labels in the index" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_train_from_labels_with_a_file_trains_a_model(tmp_path, engine, engine_url, labelled):
    env = crawl_env(tmp_path / "home", engine_url, engine.prefix)
    out = tmp_path / "m"
    proc = anzuelo(["train", "data/labelled/ads-dev-es.jsonl", "--from-labels", "--out", str(out), "--kind", "charngram",
                    "--folds", "3", "--json"], env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["labels"]["rows"] == 7 and result["data"][-1].endswith("index-labels.jsonl")
    assert result["model_version"] and (out / "config.json").is_file()
