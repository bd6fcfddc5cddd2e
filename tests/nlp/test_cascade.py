"""The cascade: band choice, gate-then-encoders scoring, and its place in the model folder."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from nlp.model import cascade
from nlp.model.classifier import StackedClassifier
from nlp.model.features import indicator_names
from nlp.model.metrics import prevalence_weights
from nlp.model.model import AnzueloModel

NAMES = indicator_names()
CLEAR_LURE = ["fotos", "whatsapp", "pasaje", "gratis", "chicas", "Europa"]
CLEAR_JOB = ["contrato", "empresa", "prestaciones", "turno", "planta", "nómina"]
VAGUE = ["trabajo", "pago", "urgente", "hotel", "viaje", "modelo"]


def _data(n: int, seed: int):
    """Two thirds of the rows tell their class by their words; the vague third only by its embedding."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    vague = rng.random(n) < 1 / 3
    texts = [" ".join(rng.choice(VAGUE if v else (CLEAR_LURE if c else CLEAR_JOB), 8)) + f" ref{seed}x{i}"
             for i, (c, v) in enumerate(zip(y, vague))]
    sep = np.where(vague, 2.5, 0.0)[:, None]
    emb = {"minilm": (rng.normal(size=(n, 16)) + (y[:, None] * 2 - 1) * sep).astype(np.float32),
           "use": rng.normal(size=(n, 8)).astype(np.float32)}
    inds = [[] for _ in range(n)]
    return texts, y, emb, inds, vague


@pytest.fixture(scope="module")
def fitted():
    texts, y, emb, inds, _ = _data(300, 0)
    clf = StackedClassifier("combo", seed=0, folds=3, indicator_names=NAMES, encoders=("minilm", "use"),
                            cascade={"max_recall_cost": 0.01, "max_false_alarm": 0.005})
    return clf.fit(texts, y, emb, inds)


def _ap(y, p):
    return average_precision_score(y, p, sample_weight=prevalence_weights(y, 0.02))


def test_band_sends_only_the_uncertain_rows_and_keeps_quality(fitted):
    texts, y, emb, inds, vague = _data(400, 1)
    assert 0 < fitted.band.share_rows < 0.8  # the clear rows are settled by the gate
    calls = []

    def embed(idx):
        calls.append(idx)
        return {k: v[idx] for k, v in emb.items()}

    p, inside = fitted.predict_cascade(texts, inds, embed)
    assert len(calls) == 1 and list(calls[0]) == list(np.flatnonzero(inside))
    assert inside[vague].mean() > 0.9 and inside[~vague].mean() < 0.2  # encoders see the vague rows
    gate_only = fitted.gate.predict_proba(
        fitted._head_features([fitted.bases["text"].decision_function(fitted.vectorizer.transform(texts)),
                               np.zeros(len(texts)), np.zeros(len(texts))], inds)[:, fitted.gate_columns])[:, 1]
    gate, fitted.gate = fitted.gate, None
    full = fitted.predict_proba(texts, emb, inds)
    fitted.gate = gate
    assert np.allclose(p[~inside], gate_only[~inside]) and np.allclose(p[inside], full[inside])
    assert _ap(y, p) >= _ap(y, full) - 0.02 and _ap(y, p) > _ap(y, gate_only) + 0.05


def test_choose_band_bounds_the_lures_and_legitimate_ads_the_gate_settles():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 2000)
    gate = np.clip(y * 0.6 + rng.normal(0.2, 0.15, 2000), 0, 1)
    full = np.clip(y * 0.9 + rng.normal(0.05, 0.02, 2000), 0, 1)
    for recall_cost, false_alarm in [(0.01, 0.005), (0.05, 0.02), (0.0, 0.0)]:
        band = cascade.choose_band(gate, full, y, max_recall_cost=recall_cost, max_false_alarm=false_alarm)
        settled_lures = ((gate < band.lo) & (y == 1)).sum() / (y == 1).sum()
        settled_jobs = ((gate > band.hi) & (y == 0)).sum() / (y == 0).sum()
        assert settled_lures <= recall_cost and settled_jobs <= false_alarm
        assert band.recall_cost == pytest.approx(settled_lures)
        merged = cascade.merge(gate, full, band.lo, band.hi)
        assert band.pr_auc == pytest.approx(_ap(y, merged)) and band.pr_auc_full == pytest.approx(_ap(y, full))
    assert (band.lo, band.hi, band.share_rows) == (0.0, 1.0, 1.0)  # no cost allowed: every ad is embedded
    loose = cascade.choose_band(gate, full, y, max_recall_cost=0.05, max_false_alarm=0.02)
    assert loose.share_rows < cascade.choose_band(gate, full, y).share_rows < 1.0


def test_weighted_quantile_counts_rows_by_weight():
    v = np.array([1.0, 2.0, 3.0, 4.0])
    assert cascade.weighted_quantile(v, 0.5, np.ones(4)) == 2.0
    assert cascade.weighted_quantile(v, 0.5, np.array([1.0, 1.0, 1.0, 10.0])) == 4.0


def test_gate_survives_the_model_folder_and_embeds_only_the_band(fitted, tmp_path, monkeypatch):
    AnzueloModel(fitted, {"kind": "combo", "version": "combo-t", "indicator_names": list(NAMES)}).save(tmp_path)
    loaded = AnzueloModel.load(tmp_path)
    assert loaded.clf.band.as_dict() == fitted.band.as_dict()
    texts, _, emb, inds, _ = _data(120, 2)
    rows = {t: i for i, t in enumerate(texts)}
    seen = []

    def embed(batch, progress=False):  # the encoders of the loaded model, given this test's vectors
        seen.extend(batch)
        return {k: v[[rows[t] for t in batch]] for k, v in emb.items()}

    monkeypatch.setattr(loaded, "embed", embed)
    p = loaded.predict_proba(texts, None, inds)
    expected, inside = fitted.predict_cascade(texts, inds, lambda idx: {k: v[idx] for k, v in emb.items()})
    assert np.max(np.abs(np.array(p) - expected)) < 1e-9
    assert loaded.last_embedded == int(inside.sum()) == len(seen) < len(texts)


def test_without_cascade_settings_no_gate_is_fitted():
    texts, y, emb, inds, _ = _data(120, 4)
    clf = StackedClassifier("combo", seed=0, folds=3, indicator_names=NAMES, encoders=("minilm", "use"))
    assert clf.fit(texts, y, emb, inds).gate is None
