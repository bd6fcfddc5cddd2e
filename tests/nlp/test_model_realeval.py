"""Leave-one-source-out evaluation: folds by source, never by row; flat metrics per language and kind."""

from __future__ import annotations

import json

import numpy as np
import pytest

from anzuelo.errors import InputError
from nlp.model.data import load_examples, load_real
from nlp.model.realeval import loso_folds, loso_oof, per_source, real_report, standin_proba


def _ex(tmp_path, rows, name="rows.jsonl"):
    f = tmp_path / name
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return load_examples([f])


def _posting(i, board, lang="es"):
    return {"id": f"p{i}", "lang": lang, "title": f"Auxiliar {i}", "text": f"Empresa {board} contrata auxiliar {i}",
            "label": 0, "source": board, "repo": "someone/jobs", "employer": f"Empresa {board}" if i % 2 else None}


def _lure(i, url, channel="whatsapp", lang="es"):
    return {"id": f"l{i}", "lang": lang, "channel": channel, "kind": "task_scam", "text": f"gana {i}00 diarios dando likes",
            "label": 1, "source_url": url}


def test_loader_reads_kind_origin_and_employer(tmp_path):
    ex = _ex(tmp_path, [_posting(1, "BoardA"), _lure(1, "https://news.example/a/1"),
                        {"id": "x", "lang": "en", "text": "hi", "label": 0, "platform": "messaging_forward"}])
    assert [e.kind for e in ex] == ["posting", "chat", "chat"]  # a lure's "kind" names the scam, not the text
    assert [e.origin for e in ex] == ["BoardA", "news.example", "rows.jsonl"]
    assert ex[0].employer == "Empresa BoardA" and ex[1].employer is None


def test_folds_hold_out_whole_sources_and_deal_lure_outlets_round_robin(tmp_path):
    rows = [_posting(i, b) for i, b in enumerate(["A"] * 3 + ["B"] * 2 + ["C"] * 2)]
    rows += [_lure(i, f"https://outlet{i % 4}.example/x") for i in range(6)]
    ex = _ex(tmp_path, rows)
    folds = loso_folds(ex)
    assert len(folds) == 3  # one per board holding negatives
    seen = np.concatenate([idx for _, idx in folds])
    assert sorted(seen.tolist()) == list(range(len(ex)))  # every row tested exactly once
    for _, idx in folds:
        origins = {ex[i].origin for i in idx}
        assert sum(o in {"A", "B", "C"} for o in origins) == 1
        for o in origins:  # a source never straddles folds
            assert all(ex[i].origin != o for _, other in folds if other is not idx for i in other)


def test_loso_oof_trains_without_the_held_out_rows():
    folds = [("a", np.array([0, 1])), ("b", np.array([2, 3]))]
    calls = []

    def fit_predict(tr, te):
        calls.append((set(tr.tolist()), set(te.tolist())))
        return np.full(len(te), float(len(tr)))

    p = loso_oof(fit_predict, 4, folds)
    assert calls == [({2, 3}, {0, 1}), ({0, 1}, {2, 3})]
    assert p.tolist() == [2.0, 2.0, 2.0, 2.0]


def test_real_report_per_language_and_kind(tmp_path):
    rows = [_posting(i, "A", "es") for i in range(6)] + [_posting(10 + i, "B", "pt") for i in range(6)]
    rows += [_lure(1, "https://o.example/1", lang="es"), _lure(2, "https://o.example/2", lang="pt")]
    ex = _ex(tmp_path, rows)
    perfect = np.array([0.1] * 12 + [0.9, 0.9])
    m = real_report(ex, perfect)
    assert m["real_p2_pr_auc"] == pytest.approx(1.0) and m["real_roc_auc"] == pytest.approx(1.0)
    assert m["real_es_n_pos"] == 1 and m["real_es_n_neg"] == 6
    # chat lures have no chat negatives here: they are ranked against every posting
    assert m["real_kind_chat_n_pos"] == 2 and m["real_kind_chat_n_neg"] == 12
    worst = real_report(ex, 1 - perfect)
    assert worst["real_roc_auc"] == pytest.approx(0.0) and worst["real_p2_pr_auc"] < 0.1
    rows_by_source = {r["source"]: r for r in per_source(ex, perfect, {"medium": 0.5, "high": 0.8})}
    assert rows_by_source["A"]["at_medium"] == 0.0 and rows_by_source["o.example"]["at_high"] == 1.0


def test_standin_learns_words_and_chars():
    texts = [f"gana dinero dando likes {i}" for i in range(10)] + [f"auxiliar contable con contrato {i}" for i in range(10)]
    y = np.array([1] * 10 + [0] * 10)
    p = standin_proba(texts, y, ["gana dinero con likes", "auxiliar contable"])
    assert p[0] > 0.5 > p[1]


def test_load_real_names_what_is_missing(tmp_path):
    (tmp_path / "postings.jsonl").write_text(json.dumps(_posting(1, "A")) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="lures.jsonl"):
        load_real(tmp_path)
