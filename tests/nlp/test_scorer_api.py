"""The public Scorer API: order, edge cases, language, ranking quality on the labelled ads."""

from __future__ import annotations

import json

import pytest

from nlp import Indicator, Score, Scorer
from nlp.indicators import INDICATOR_NAMES, indicator_features


def test_score_batch_preserves_order_and_types(scorer):
    ads = [
        {"id": "1", "text": "Empresa Andina S.A.S. requiere contador con 3 años de experiencia. HV a rh@andina.com.co", "lang": "es"},
        {"id": "2", "text": "Chicas 18 a 25 años, modelaje webcam, gana 8 millones al mes, sin experiencia, escríbeme al WhatsApp 3001234567", "country": "CO"},
        {"id": "3", "text": "Cashier wanted at Joe's Diner Inc., apply in person at 12 Main St.", "lang": "en"},
    ]
    scores = scorer.score_batch(ads)
    assert [type(s) for s in scores] == [Score] * 3
    assert scores[1].score > 0.8 and scores[1].risk == "high"
    assert scores[0].risk == "low" and scores[2].risk == "low"
    assert all(0.0 <= s.score <= 1.0 and s.model_version == scorer.model_version for s in scores)
    assert all(isinstance(i, Indicator) for s in scores for i in s.indicators)
    # Reversed input gives reversed output.
    assert [s.score for s in scorer.score_batch(ads[::-1])] == [s.score for s in scores][::-1]


def test_empty_inputs(scorer):
    assert scorer.score_batch([]) == []
    s = scorer.score_batch([{"text": ""}])[0]
    assert s.lang == "und" and s.risk in {"low", "medium", "high"} and 0 <= s.score <= 1


def test_missing_text_is_an_error(scorer):
    from anzuelo.errors import InputError

    with pytest.raises(InputError):
        scorer.score_batch([{"title": "no text"}])


def test_missing_or_empty_title_offsets_into_text(scorer):
    ad = {"text": "Trabajo urgente sin experiencia", "lang": "es"}
    for variant in (ad, {**ad, "title": ""}, {**ad, "title": None}):
        s = scorer.score_batch([variant])[0]
        ind = next(i for i in s.indicators if i.name == "no_experience")
        assert ad["text"][ind.start:ind.end] == ind.evidence == "sin experiencia"


@pytest.mark.parametrize("text,lang", [
    ("Se busca mesera para restaurante en el centro, buen ambiente de trabajo", "es"),
    ("We are hiring a warehouse assistant for our Leeds site, full time", "en"),
    ("Vaga para atendente de loja no shopping, com carteira assinada", "pt"),
    ("hola", "und"),
])
def test_language_detection(scorer, text, lang):
    assert scorer.score_batch([{"text": text}])[0].lang == lang


def test_given_lang_is_normalised(scorer):
    assert scorer.score_batch([{"text": "hola", "lang": "es-CO"}])[0].lang == "es"


def test_indicator_features_fixed_order():
    inds = [Indicator("urgency", "ya", 0, 2, 0.4), Indicator("urgency", "hoy", 3, 6, 0.4), Indicator("minors_ok", "x", 0, 1, 0.8)]
    vec = indicator_features(inds)
    assert len(vec) == len(INDICATOR_NAMES) == 17
    assert vec[INDICATOR_NAMES.index("urgency")] == 0.4 and vec[INDICATOR_NAMES.index("minors_ok")] == 0.8
    assert indicator_features(inds, kind="count")[INDICATOR_NAMES.index("urgency")] == 2


def test_load_default_and_bad_dir(tmp_path):
    assert Scorer.load().model_version  # default model dir or rules-only
    from anzuelo.errors import InputError

    with pytest.raises(InputError):
        Scorer.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"kind": "rules", "version": "rules-test", "bias": 0,
                                                     "thresholds": {"medium": 0.3, "high": 0.9}}))
    s = Scorer.load(tmp_path)
    assert s.model_version == "rules-test"
    assert s.score_batch([{"text": "x"}])[0].score == pytest.approx(0.5)


def _auc(labels, scores):
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@pytest.mark.slow
def test_rules_rank_deceptive_above_legitimate(labelled_scores, labelled_ads):
    scores = [s.score for s in labelled_scores]
    labels = [a["label"] for a in labelled_ads]
    assert _auc(labels, scores) > 0.85
    for lang in ("es", "en", "pt"):
        idx = [i for i, a in enumerate(labelled_ads) if a["lang"] == lang]
        assert _auc([labels[i] for i in idx], [scores[i] for i in idx]) > 0.8, lang


@pytest.mark.slow
def test_indicator_quality_on_labelled(labelled_scores, labelled_ads):
    from nlp.evaluate import evaluate_indicators

    res = evaluate_indicators(labelled_ads, [{i.name for i in s.indicators} for s in labelled_scores])
    assert res["micro/f1"] > 0.7
    assert res["micro/precision"] > 0.8
    for lang in ("es", "en", "pt"):
        assert res[f"micro/{lang}/f1"] > 0.65


def test_evaluate_indicators_flat_dict():
    from nlp.evaluate import evaluate_indicators

    records = [{"lang": "es", "indicators": ["urgency", "minors_ok"]}, {"lang": "en", "indicators": []}]
    res = evaluate_indicators(records, [{"urgency"}, {"urgency"}])
    assert res["urgency/precision"] == 0.5 and res["urgency/recall"] == 1.0
    assert res["urgency/es/f1"] == 1.0 and res["urgency/en/precision"] == 0.0
    assert res["minors_ok/recall"] == 0.0 and res["micro/support"] == 2
    assert all(isinstance(v, float | int) for v in res.values())


@pytest.mark.slow
def test_rules_path_does_not_import_torch():
    import subprocess
    import sys

    code = ("import sys; from nlp import Scorer; s = Scorer.load('nlp/models/rules'); "
            "s.score_batch([{'text': 'hola chicas'}]); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "False"
