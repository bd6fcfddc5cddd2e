"""Encoders of the embedding bases: old MiniLM-only model folders still load and score (once converted); USE is optional."""

import json

import joblib
import numpy as np
import pytest

from nlp.model.classifier import StackedClassifier
from nlp.model.features import indicator_names
from nlp.model.model import AnzueloModel, convert_legacy

WORDS = ["chicas", "pasaje", "pago", "mesera", "turno", "fotos", "whatsapp", "contrato", "empresa", "salario"]


def _data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    y = np.array([i % 2 for i in range(n)])
    texts = [" ".join(rng.choice(WORDS[:6] if l else WORDS[3:], 8)) for l in y]
    emb = rng.normal(size=(n, 384)).astype(np.float32) + y[:, None] * 0.5
    inds = [["travel_paid", "photo_request"] if l else [] for l in y]
    return texts, y, emb, inds


def _old_model_dir(tmp_path):
    """A combo folder as written before ``encoders`` existed (no config key, no pickled attribute), converted
    from its pickle to the pickle-free format as ``anzuelo models convert DIR --trust`` does."""
    texts, y, emb, inds = _data()
    clf = StackedClassifier("combo", indicator_names=indicator_names())
    clf.text_base = "char"  # the old class had the char-only TF-IDF base
    clf.fit(texts, y, emb, inds)
    del clf.encoders, clf.text_base  # pickles of the old class lack the attributes
    joblib.dump(clf, tmp_path / "heads.joblib")
    config = {"kind": "combo", "version": "combo-old", "bases": ["char", "emb"], "thresholds": {"medium": 0.2, "high": 0.8},
              "indicator_names": list(indicator_names()), "max_length": 64, "batch_size": 8}
    (tmp_path / "config.json").write_text(json.dumps(config))
    convert_legacy(tmp_path, trust=True)
    return texts, y, emb, inds


def test_old_minilm_only_model_dir_loads_and_scores(tmp_path):
    texts, y, emb, inds = _old_model_dir(tmp_path)
    model = AnzueloModel.load(tmp_path)
    assert model.clf.used_encoders == ("minilm",)
    assert model.clf.base_names == ("char", "emb")
    p = np.array(model.predict_proba(texts, ["es"] * len(texts), inds, emb=emb))
    assert p[y == 1].mean() > p[y == 0].mean()


@pytest.mark.slow
def test_old_minilm_only_model_embeds_with_minilm_only(tmp_path):
    texts, *_ = _old_model_dir(tmp_path)
    model = AnzueloModel.load(tmp_path)
    emb = model.embed(texts[:3])
    assert isinstance(emb, np.ndarray) and emb.shape == (3, 384)
    assert model._use is None  # the USE package is never touched by an old model
    assert len(model.predict_proba(texts[:3], ["es"] * 3, [[]] * 3)) == 3


def test_combo_with_use_adds_a_base_and_needs_both_embeddings():
    texts, y, emb, inds = _data()
    use = np.random.default_rng(1).normal(size=(len(y), 512)).astype(np.float32) + y[:, None] * 0.5
    clf = StackedClassifier("combo", indicator_names=indicator_names(), encoders=("minilm", "use"))
    clf.fit(texts, y, {"minilm": emb, "use": use}, inds)
    assert clf.base_names == ("text", "emb", "use") and set(clf.bases) == {"text", "emb", "use"}
    p = clf.predict_proba(texts, {"minilm": emb, "use": use}, inds)
    assert p[y == 1].mean() > p[y == 0].mean()
    with pytest.raises(ValueError, match="USE"):
        clf.predict_proba(texts, emb, inds)
    with pytest.raises(ValueError):
        StackedClassifier("combo", encoders=("bert",))
