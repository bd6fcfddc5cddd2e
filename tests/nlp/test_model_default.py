"""The shipped default model: loads offline (HF_HUB_OFFLINE=1) and ranks deceptive ads above legitimate ones."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "nlp" / "models" / "default"

SCRIPT = r"""
import json, sys
from sklearn.metrics import roc_auc_score
from nlp.scorer import Scorer
rows = [json.loads(l) for l in sys.stdin if l.strip()]
scorer = Scorer.load(sys.argv[1])
scores = scorer.score_batch(rows)
print(json.dumps({"version": scorer.model_version, "kind": type(scorer.model).__name__,
                  "auc": roc_auc_score([r["label"] for r in rows], [s.score for s in scores]),
                  "risks": [s.risk for s in scores]}))
"""


@pytest.mark.slow
def test_default_model_offline_ranks_deceptive_first():
    assert (DEFAULT / "config.json").is_file() and (DEFAULT / "README.md").is_file()
    rows = []
    for f in sorted((ROOT / "data" / "labelled").glob("*.jsonl")):
        lines = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        rows += lines[::6]  # a spread of languages and categories, ~50 ads
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": "/nonexistent-hf-home"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(DEFAULT)], input="\n".join(json.dumps(r) for r in rows),
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["kind"] == "AnzueloModel"
    assert res["auc"] > 0.9  # in-sample, but through the rules -> model path of production
    assert "high" in res["risks"] and "low" in res["risks"]


def test_default_model_folder_is_small():
    size = sum(p.stat().st_size for p in DEFAULT.rglob("*") if p.is_file())
    assert 0 < size < 5 * 1024 * 1024


@pytest.mark.slow
def test_prefetched_embeddings_give_the_same_probabilities():
    from nlp.model import load_model

    model = load_model(DEFAULT)
    texts = ["Se busca mesera para restaurante en Chapinero, turno tarde, enviar HV a rrhh@fogon.com.co",
             "chicas 18 a 25 pa trabajar en bar en Panama, pasaje pago, manda fotos al whatsapp"]
    inds = [[], ["age_targeting", "gender_appearance", "travel_paid", "photo_request", "private_contact"]]
    plain = model.predict_proba(texts, ["es", "es"], inds)
    model.prefetch(texts)
    assert model.predict_proba(texts, ["es", "es"], inds) == plain
    assert plain[1] > plain[0]
