"""Recipe selection in ``anzuelo train``: noise rule, grouped test split, --test, card table."""

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.model.classifier import StackedClassifier
from nlp.model.select import candidate_rows, choose, holdout_split, near_duplicate_groups
from nlp.model.train import TrainingArguments, train

ROOT = Path(__file__).resolve().parents[2]

# Invented postings. Both classes carry the same recruiting phrases (so the rule indicators
# fire alike on both), and differ in what the job is: the deceptive ones are the reshipping /
# "payment processing" scams of corporate English fraud, the legitimate ones ordinary roles.
OPENERS = ["Urgent hiring, no experience needed.", "Immediate start, flexible hours.", "Join our growing team today."]
SCAM = ["receive parcels at your home address and forward them to our overseas clients",
        "process customer payments through your personal bank account and keep a commission",
        "repackage electronics received at home and reship them with the labels we email you",
        "accept wire transfers on behalf of our foreign partners and send them on by money order"]
LEGIT = ["serve customers at the front desk of our downtown dental clinic",
         "stock shelves and run the register at our neighbourhood hardware store",
         "prepare salads and sandwiches in the kitchen of our family restaurant",
         "answer phone calls and book appointments for our physiotherapy practice"]
CITIES = ["Springfield", "Riverton", "Lakeside", "Hillview", "Fairmont", "Oakdale", "Brookfield", "Maplewood"]


def _rows(tag: str, n: int) -> list[dict]:
    out = []
    for i in range(n):
        city, opener = CITIES[i % len(CITIES)], OPENERS[i % len(OPENERS)]
        for label, duties in ((1, SCAM), (0, LEGIT)):
            duty = duties[(i // len(CITIES)) % len(duties)] if i >= len(CITIES) else duties[i % len(duties)]
            out.append({"id": f"{tag}-{label}-{i}", "lang": "en", "label": label,
                        "title": ["Assistant", "Coordinator", "Associate"][i % 3] + f" ({city})",
                        "text": f"{opener} We are looking for someone in {city} to {duty}. "
                                f"Shift {i % 4 + 1}, call 555-01{i:02d}."})
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("select") / "written.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows("w", 28)), encoding="utf-8")
    return path


def _rows_table(scores: dict[str, float], spread: float) -> dict[str, dict]:
    rng = np.random.default_rng(0)
    noise = rng.normal(0, spread, 200)  # shared: paired resamples move together
    return {k: {"pr_auc": v, "_boot": v + noise + rng.normal(0, spread / 3, 200)} for k, v in scores.items()}


def test_select_noise_rule_prefers_simpler_only_within_noise():
    order = ("indicators", "linear", "charngram", "combo")
    near = _rows_table({"linear": 0.90, "combo": 0.905}, 0.03)
    assert choose([near], order)[0] == "linear"
    far = _rows_table({"linear": 0.80, "combo": 0.95}, 0.01)
    assert choose([far], order)[0] == "combo"
    # With two tables a simpler candidate must be within noise in both.
    assert choose([near, far], order)[0] == "combo"


def test_select_near_duplicates_share_a_group_and_split_keeps_groups_whole():
    body = "and forward them to our overseas clients with the labels we email you every morning, weekly pay by transfer"
    texts = ["Receive parcels at home in Riverton " + body, "Receive parcels at home in Lakeside " + body,
             "Serve customers at the front desk of our dental clinic downtown, full time"]
    g = near_duplicate_groups(texts, ["a", "b", "c"])
    assert g[0] == g[1] != g[2]
    rows = _rows("s", 20)
    y = [r["label"] for r in rows]
    groups = near_duplicate_groups([r["title"] + "\n" + r["text"] for r in rows], [r["id"] for r in rows])
    tr, te = holdout_split(y, groups, 0.25, seed=3)
    assert not set(groups[tr]) & set(groups[te])
    assert 0.15 <= len(te) / len(y) <= 0.35 and {y[i] for i in te} == {0, 1}


def test_select_too_few_groups_mean_no_test_split_and_a_clear_cv_error():
    from anzuelo.errors import InputError
    from nlp.model.cv import grouped_folds

    tr, te = holdout_split([0, 1] * 4, [1, 1, 2, 2, 3, 3, 4, 4], 0.2, seed=1)
    assert len(tr) == 8 and len(te) == 0  # a split would cut a group: train on all, report no test rows
    assert len(grouped_folds([0, 1] * 3, [1, 1, 2, 2, 3, 3], k=5)) == 3
    with pytest.raises(InputError, match="near-duplicate"):
        grouped_folds([0, 1, 0, 1], ["g"] * 4)


def test_select_candidate_rows_have_interval_roc_and_precision():
    y = np.array([1] * 10 + [0] * 30)
    rows = candidate_rows(y, {"good": np.r_[np.linspace(0.6, 1, 10), np.linspace(0, 0.7, 30)],
                              "bad": np.random.default_rng(1).random(40)}, 0.02)
    assert rows["good"]["pr_auc"] > rows["bad"]["pr_auc"]
    for r in rows.values():
        assert r["pr_auc_lo"] <= r["pr_auc"] <= r["pr_auc_hi"] and 0 <= r["roc_auc"] <= 1 and "p_at_r80" in r


@pytest.fixture(scope="module")
def selected(written, tmp_path_factory):
    """One selection run (indicators vs linear) with every fit's training texts recorded."""
    seen: list[set[str]] = []
    real_fit = StackedClassifier.fit

    def recording_fit(self, texts, *a, **kw):
        seen.append(set(texts))
        return real_fit(self, texts, *a, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(StackedClassifier, "fit", recording_fit)
    out = tmp_path_factory.mktemp("model")
    try:
        model = train([written], out, TrainingArguments(candidates=("indicators", "linear"), folds=3, seed=4),
                      progress=False)
    finally:
        mp.undo()
    return model, out, seen


@pytest.mark.slow
def test_train_select_picks_the_text_model_when_indicators_cannot_tell(selected):
    from nlp.model import load_model

    model, out, _ = selected
    rows = {r["name"]: r for r in model.config["selection"]["candidates"]}
    assert rows["linear"]["cv_pr_auc"] > rows["indicators"]["cv_pr_auc"] + 0.2
    assert model.config["kind"] == "linear" and model.version.startswith("linear-")
    texts = [r["title"] + "\n" + r["text"] for r in _rows("x", 3)]
    # The new recipe saves pickle-free and loads back to the same scores.
    assert np.allclose(load_model(out).predict_proba(texts), model.predict_proba(texts), atol=1e-9)


@pytest.mark.slow
def test_train_select_test_split_never_reaches_training(selected, written):
    model, _, seen = selected
    test_ids = set(model.config["test_ids"])
    by_id = {r["id"]: r["title"] + "\n" + r["text"] for r in map(json.loads, written.read_text().splitlines())}
    assert 0.1 <= len(test_ids) / len(by_id) <= 0.3
    test_texts = {by_id[i] for i in test_ids}
    assert seen and all(not (s & test_texts) for s in seen)  # no CV fold, inner fit or final fit saw a test row
    assert model.config["n_train"] == len(by_id) - len(test_ids)
    assert "at_prevalence_pr_auc" in model.config["test_metrics"]


@pytest.mark.slow
def test_train_select_card_has_candidates_table_and_test_rows(selected):
    _, out, _ = selected
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Choosing the recipe" in card and "| **linear** |" in card and "| indicators |" in card
    assert "CV PR-AUC@2% [95% interval]" in card and "The chosen model on the test rows" in card


@pytest.mark.slow
def test_train_select_cli_honours_test_file_and_kind(written, tmp_path):
    from click.testing import CliRunner

    from anzuelo.cli import cli

    test_file = tmp_path / "given-test.jsonl"
    test_rows = _rows("t", 5)
    test_file.write_text("".join(json.dumps(r) + "\n" for r in test_rows), encoding="utf-8")
    out = tmp_path / "m"
    res = CliRunner().invoke(cli, ["train", str(written), "--out", str(out), "--kind", "indicators", "--folds", "3",
                                   "--test", str(test_file)])
    assert res.exit_code == 0, res.output
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["test_ids"] == [r["id"] for r in test_rows] and cfg["n_train"] == 56
    assert cfg["kind"] == "indicators" and "forced with --kind" in cfg["selection"]["why"]
    bad = CliRunner().invoke(cli, ["train", str(written), "--out", str(out), "--candidates", "linear,bert"])
    assert bad.exit_code == 2 and "bert" in bad.output


@pytest.mark.slow
def test_train_select_with_real_corpus_decides_on_real_text(written, tmp_path):
    """With --real every candidate gets leave-one-source-out numbers, which decide the recipe."""
    real = tmp_path / "real"
    real.mkdir()
    posts = [{"id": f"p{i}", "lang": "en", "source": f"Board{i % 3}", "repo": "x/y", "label": 0,
              "title": "Clinic receptionist", "text": f"Serve patients at the front desk of our clinic, branch {i}."}
             for i in range(12)]
    lures = [{"id": f"l{i}", "lang": "en", "channel": "whatsapp", "label": 1, "source_url": f"https://o{i % 3}.example/n",
              "text": f"Receive parcels at home and forward them overseas, {i + 2}00 dollars a week, text me"}
             for i in range(6)]
    (real / "postings.jsonl").write_text("".join(json.dumps(r) + "\n" for r in posts), encoding="utf-8")
    (real / "lures.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lures), encoding="utf-8")
    model = train([written], tmp_path / "m", TrainingArguments(candidates=("indicators", "linear"), folds=3, seed=4,
                                                               real_dir=str(real)), progress=False)
    sel = model.config["selection"]
    assert sel["decided_on"].startswith("real leave-one-source-out")
    assert all("real_pr_auc" in r and "cv_pr_auc" in r for r in sel["candidates"])
    assert model.config["real_metrics"]["real_n_pos"] == 6 and model.config["kind"] in ("indicators", "linear")
