"""A small training run: reproducible with a fixed seed, writes a model folder with its card."""

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.model.data import load_examples
from nlp.model.train import TrainingArguments, train

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory) -> Path:
    """24 deceptive + 24 legitimate labelled ads (mixed languages)."""
    rows = [json.loads(x) for f in sorted((ROOT / "data" / "labelled").glob("*.jsonl"))
            for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    pick = [r for r in rows if r["label"] == 1][:24] + [r for r in rows if r["label"] == 0][:24]
    path = tmp_path_factory.mktemp("data") / "tiny.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pick), encoding="utf-8")
    return path


@pytest.mark.slow
def test_same_seed_same_model_and_predictions(tiny_data, tmp_path):
    args = TrainingArguments(kind="charngram", seed=5, folds=3)
    m1 = train([tiny_data], tmp_path / "a", args, progress=False)
    m2 = train([tiny_data], tmp_path / "b", args, progress=False)
    texts = [e.text for e in load_examples([tiny_data])]
    p1, p2 = m1.predict_proba(texts), m2.predict_proba(texts)
    assert np.allclose(p1, p2, atol=0)  # bit-identical
    assert m1.version == m2.version and m1.thresholds == m2.thresholds
    for name in ("config.json", "heads.joblib", "README.md", "pr_curve.png", "calibration.png"):
        assert (tmp_path / "a" / name).is_file()
    card = (tmp_path / "a" / "README.md").read_text()
    assert m1.version in card and "PR-AUC" in card and "Known failure modes" in card
    labels = [e.label for e in load_examples([tiny_data])]
    # fitted on these ads: every deceptive ad must outrank the average legitimate one
    assert np.mean([p for p, y in zip(p1, labels) if y]) > np.mean([p for p, y in zip(p1, labels) if not y]) + 0.3


@pytest.mark.slow
def test_other_seed_changes_the_cv_but_model_still_loads(tiny_data, tmp_path):
    from nlp.model import load_model

    train([tiny_data], tmp_path / "c", TrainingArguments(kind="indicators", seed=6, folds=3), progress=False)
    model = load_model(tmp_path / "c")
    assert model.version.startswith("indicators-")
    assert set(model.thresholds) == {"medium", "high"}
    assert 0 <= model.thresholds["medium"] <= model.thresholds["high"] <= 1
