"""The model registry: register, promote, roll back; what scoring loads; side-by-side comparison."""

from __future__ import annotations

import json
import shutil

import pytest

from anzuelo.errors import AnzueloError, InputError
from nlp.model.compare import compare
from nlp.model.manifest import write_manifest
from nlp.model.registry import BUILTIN, BUILTIN_DIR, Registry
from nlp.scorer import DEFAULT_MODEL_DIR, Scorer, resolve_model_dir


def test_registry_register_copies_and_is_idempotent(tiny_models, tmp_path):
    reg = Registry(tmp_path / "models")
    v = reg.register(tiny_models["good"])
    assert v == "charngram-good" and (reg.versions_dir / v / "heads.npz").is_file()
    assert reg.register(tiny_models["good"]) == v and len(reg.registered()) == 1
    assert reg.resolve(v) == reg.versions_dir / v and reg.resolve(BUILTIN) == BUILTIN_DIR


def test_registry_register_refuses_other_content_under_a_known_id(tiny_models, tmp_path):
    reg = Registry(tmp_path / "models")
    reg.register(tiny_models["good"])
    other = tmp_path / "other"
    shutil.copytree(tiny_models["bad"], other)
    config = json.loads((other / "config.json").read_text())
    (other / "config.json").write_text(json.dumps({**config, "version": "charngram-good"}))
    write_manifest(other)
    with pytest.raises(AnzueloError, match="already registered with other content"):
        reg.register(other)


def test_registry_promote_and_rollback_walk_the_history(tiny_models, tmp_path):
    reg = Registry(tmp_path / "models")
    good, bad = reg.register(tiny_models["good"]), reg.register(tiny_models["bad"])
    assert reg.current() is None and reg.promoted_dir() is None
    reg.promote(good, detail="first")
    reg.promote(bad, forced=True, detail="worse, forced")
    assert reg.current() == bad and reg.promoted_dir() == reg.versions_dir / bad
    assert reg.rollback()["version"] == good and reg.current() == good
    assert reg.rollback()["version"] is None and reg.current() is None
    with pytest.raises(AnzueloError, match="nothing to roll back"):
        reg.rollback()
    audit = [json.loads(x) for x in reg.audit_file.read_text().splitlines()]
    assert [a["action"] for a in audit] == ["model-promote", "model-promote-forced", "model-rollback", "model-rollback"]
    assert audit[1]["target"] == bad and "forced" in audit[1]["detail"] and audit[3]["target"] == BUILTIN


def test_registry_promote_needs_a_registered_version(tmp_path):
    with pytest.raises(InputError, match="not registered"):
        Registry(tmp_path / "models").promote("charngram-nope")


def test_registry_scorer_loads_the_promoted_version_then_the_default(tiny_models, tmp_path):
    reg = Registry(tmp_path / "models")
    assert resolve_model_dir(None, reg.root) == DEFAULT_MODEL_DIR  # nothing promoted: the built-in default
    reg.promote(reg.register(tiny_models["good"]))
    assert resolve_model_dir(None, reg.root) == reg.versions_dir / "charngram-good"
    assert resolve_model_dir(tiny_models["bad"], reg.root) == tiny_models["bad"]  # --model always wins
    scorer = Scorer.load(resolve_model_dir(None, reg.root))
    assert scorer.model_version == "charngram-good"
    reg.rollback()
    assert resolve_model_dir(None, reg.root) == DEFAULT_MODEL_DIR


def test_registry_swapped_promoted_folder_is_refused(tiny_models, tmp_path):
    """Replacing a promoted folder wholesale, manifest included, does not match its registration."""
    reg = Registry(tmp_path / "models")
    reg.promote(reg.register(tiny_models["good"]))
    target = reg.versions_dir / "charngram-good"
    shutil.copy(tiny_models["bad"] / "heads.npz", target / "heads.npz")
    write_manifest(target)
    with pytest.raises(AnzueloError, match="not the one registered"):
        resolve_model_dir(None, reg.root)


def test_registry_compare_scores_versions_side_by_side(tiny_models, model_slices):
    res = compare({"good": tiny_models["good"], "bad": tiny_models["bad"]}, [model_slices["test"]], prevalence=0.05)
    good, bad = res["good"], res["bad"]
    assert good["all_n"] == bad["all_n"] == 60
    # The label-flipped model ranks the held-out rows backwards.
    assert good["all_roc_auc"] > 0.7 > 0.3 > bad["all_roc_auc"]
    assert good["all_pr_auc"] > bad["all_pr_auc"]
    langs = {k[:-2] for k in good if k.endswith("_n")} - {"all"}
    assert langs and all(f"{lang}_pr_auc" in good and f"{lang}_p_at_r80" in good for lang in langs)
    assert 0 <= good["all_ece"] <= 1 and 0 <= good["all_p_at_r80"] <= 1


def test_registry_compare_refuses_one_class_test_data(tiny_models, model_slices, tmp_path):
    rows = [json.loads(x) for x in model_slices["test"].read_text().splitlines()]
    one = tmp_path / "one.jsonl"
    one.write_text("".join(json.dumps(r) + "\n" for r in rows if r["label"] == 1))
    with pytest.raises(InputError, match="only one class"):
        compare({"good": tiny_models["good"]}, [one])


def test_registry_promotion_check_compares_with_the_version_in_use(tiny_models, model_slices, tmp_path):
    from nlp.model import promotion

    reg = Registry(tmp_path / "models")
    good, bad = reg.register(tiny_models["good"]), reg.register(tiny_models["bad"])
    reg.promote(good)
    worse = promotion.check(reg, bad, [model_slices["test"]], 0.02, margin=0.005)
    assert worse["previous"] == good and worse["worse"] and worse["pr_auc"] < worse["previous_pr_auc"]
    assert "forced over a worse score" in promotion.detail(worse, [model_slices["test"]], forced=True)
    # The margin decides: one as wide as the whole scale lets the same candidate through.
    assert not promotion.check(reg, bad, [model_slices["test"]], 0.02, margin=1.0)["worse"]
    reg.promote(bad, forced=True)
    better = promotion.check(reg, good, [model_slices["test"]], 0.02, margin=0.005)
    assert better["previous"] == bad and not better["worse"]
