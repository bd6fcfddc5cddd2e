"""The model card's side by side with the model it replaces (``anzuelo train --previous``)."""

from __future__ import annotations

import json

from anzuelo.cli import main
from nlp.model.card_previous import SECTION, add_previous
from nlp.model.manifest import verify_manifest, write_manifest


def _folder(tmp_path, name, **cfg):
    d = tmp_path / name
    d.mkdir()
    (d / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    (d / "README.md").write_text("# card\n\nbody\n", encoding="utf-8")
    write_manifest(d)
    return d


def test_side_by_side_names_both_recipes_and_the_changes(tmp_path):
    old = {"version": "combo-old", "cv_metrics": {"labelled_p2_pr_auc": 0.85, "all_p2_pr_auc": 0.80},
           "real_metrics": {"real_p2_pr_auc": 0.95}, "thresholds": {"medium": 0.003, "high": 0.05}}
    new = _folder(tmp_path, "new", version="combo-new", encoder_runtime="static", truncation="head+tail",
                  use_max_tokens=256, cascade={"lo": 0.08, "hi": 0.94, "share_rows": 0.13},
                  cv_metrics={"labelled_p2_pr_auc": 0.86, "all_p2_pr_auc": 0.82},
                  real_metrics={"real_p2_pr_auc": 0.947}, thresholds={"medium": 0.004, "high": 0.05})
    add_previous(new, old, note="trained by an older trainer")
    add_previous(new, old, note="trained by an older trainer")  # twice: one section, not two
    card = (new / "README.md").read_text(encoding="utf-8")
    assert card.count(SECTION) == 1 and card.startswith("# card")
    assert "encoder_runtime torch, truncation head, use_max_tokens whole text" in card
    assert "encoder_runtime static, truncation head+tail, use_max_tokens 256" in card
    assert "| grouped CV, 300 labelled ads, PR-AUC@2% | 0.8500 | 0.8600 | +0.0100 |" in card
    assert "| real text, leave-one-source-out, PR-AUC@2% | 0.9500 | 0.9470 | -0.0030 |" in card
    assert "none (every ad embedded)" in card and "band [0.080, 0.940]" in card
    assert "older trainer" in card
    cfg = json.loads((new / "config.json").read_text(encoding="utf-8"))
    assert cfg["previous"]["version"] == "combo-old"
    verify_manifest(new, required=("config.json", "README.md"))  # the manifest follows the edits


def test_train_previous_without_a_model_config_is_refused(tmp_path, capsys):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"text": "hola", "label": 1}) + "\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["train", str(data), "--out", str(tmp_path / "m"), "--previous", str(empty)])
    assert code == 2 and "config.json" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()  # refused before training wrote anything
