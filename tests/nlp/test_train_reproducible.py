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
    for name in ("config.json", "heads.json", "heads.npz", "vocabulary.json", "manifest.json", "README.md",
                 "pr_curve.png", "calibration.png"):
        assert (tmp_path / "a" / name).is_file()
    assert not list((tmp_path / "a").glob("*.joblib"))  # no pickle in a model folder
    # Same data + seed -> the same bytes: every file hash in the manifest (the card included) matches.
    assert (tmp_path / "a" / "manifest.json").read_text() == (tmp_path / "b" / "manifest.json").read_text()
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


@pytest.fixture(scope="module")
def tiny_real(tmp_path_factory) -> Path:
    """A real-corpus folder written here: postings from three boards and lures quoted by four outlets."""
    d = tmp_path_factory.mktemp("real")
    jobs = ["Auxiliar contable", "Analista de datos", "Vendedor de mostrador", "Recepcionista de hotel"]
    posts = [{"id": f"p{i}", "lang": "es", "title": jobs[i % 4], "source": f"Board{i % 3}", "repo": "x/y",
              "employer": f"Comercial {i} S.A.S.", "label": 0,
              "text": f"{jobs[i % 4]} con contrato a término indefinido, prestaciones de ley, sede {i}."}
             for i in range(18)]
    lures = [{"id": f"l{i}", "lang": "es", "channel": "whatsapp", "label": 1, "source_url": f"https://o{i % 4}.example/n",
              "text": f"Hola! trabajo desde casa dando likes, ganas {i + 2}00 mil diarios, escribe a mi WhatsApp"}
             for i in range(8)]
    (d / "postings.jsonl").write_text("".join(json.dumps(r) + "\n" for r in posts), encoding="utf-8")
    (d / "lures.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lures), encoding="utf-8")
    return d


@pytest.mark.slow
def test_real_corpus_gives_loso_numbers_thresholds_and_card(tiny_data, tiny_real, tmp_path):
    args = TrainingArguments(kind="charngram", seed=5, folds=3, real_dir=str(tiny_real))
    model = train([tiny_data], tmp_path / "r", args, progress=False)
    cfg = json.loads((tmp_path / "r" / "config.json").read_text())
    assert cfg["n_real"] == 26 and cfg["n_train"] == 48 - cfg["n_test"] + 26  # the test split is never trained on
    m, s = cfg["real_metrics"], cfg["standin_real_metrics"]
    assert m["real_n_pos"] == 8 and m["real_n_neg"] == 18 and 0.0 <= m["real_p2_pr_auc"] <= 1.0
    assert "standin_p2_pr_auc" in s and "real_kind_chat_p2_pr_auc" in m
    assert {r["source"] for r in cfg["real_sources"]} >= {"Board0", "Board1", "Board2", "o0.example"}
    assert set(cfg["real_fire_rates"]) == set(cfg["indicator_names"])
    assert "real_dir" not in cfg["training_args"]  # where the corpus sits is not part of the model
    card = (tmp_path / "r" / "README.md").read_text()
    assert "leave-one-source-out" in card and "stand-in" in card and "Board1" in card
    for name in ("real_pr_curve.png", "real_calibration.png"):
        assert (tmp_path / "r" / name).is_file()
    # The real rows are trained on: the lures now score above the postings.
    real = load_examples([tiny_real / "postings.jsonl", tiny_real / "lures.jsonl"])
    p = np.array(model.predict_proba([e.text for e in real]))
    y = np.array([e.label for e in real])
    assert p[y == 1].min() > p[y == 0].max()
