"""Scoring several model versions on the same test rows, side by side (``anzuelo models compare``).

Every version scores through its ``Scorer`` exactly as a crawl would, but the
rule pipeline (indicators, language) runs once for all versions: it does not
depend on the model. Metrics come from ``nlp.model.metrics`` at one stated
prevalence: PR-AUC, precision at 80% recall, ROC-AUC (prevalence-free) and the
expected calibration error of the probabilities moved to that prevalence,
overall and per language.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp.model.data import Example, load_examples
from nlp.model.metrics import binary_metrics

#: Metric keys of one scope, in table order.
METRICS = ("pr_auc", "p_at_r80", "roc_auc", "ece")


def analyse_rows(examples: list[Example]) -> list[tuple[str, str, list]]:
    """(scored text, language, indicators) of each row, from the rule pipeline."""
    from nlp.scorer import Scorer

    analyser = Scorer(model=None)
    rows = []
    for e in examples:
        text, lang, inds, _ = analyser.analyse({"text": e.text, "lang": e.lang if e.lang != "und" else None,
                                                "employer": e.employer, "country": e.meta.get("country")})
        rows.append((text, lang, inds))
    return rows


def score_rows(model_dir: Path, rows: list[tuple[str, str, list]], batch_size: int = 64) -> tuple[np.ndarray, dict]:
    """Probabilities of the model in ``model_dir`` for analysed ``rows``, and its config."""
    from nlp.scorer import Scorer

    scorer = Scorer.load(model_dir)
    out: list[float] = []
    for i in range(0, len(rows), batch_size):
        part = rows[i:i + batch_size]
        out += list(scorer.model.predict_proba([r[0] for r in part], [r[1] for r in part], [r[2] for r in part]))
    config = dict(getattr(scorer.model, "config", {}) or {})
    config.setdefault("version", scorer.model_version)
    return np.asarray(out, dtype=float), config


def metrics_at(y, p, langs, prevalence: float, train_prior: float | None) -> dict[str, float]:
    """Flat ``{scope}_{metric}`` (scope ``all`` or a language) at ``prevalence``, plus ``{scope}_n``."""
    y, p, langs = np.asarray(y), np.asarray(p, dtype=float), np.asarray(langs)
    out: dict[str, float] = {}
    for scope in ["all", *sorted(set(langs.tolist()))]:
        m = np.ones(len(y), bool) if scope == "all" else langs == scope
        got = binary_metrics(y[m], p[m], prevalence=prevalence, train_prior=train_prior)
        out[f"{scope}_n"] = got["n"]
        out.update({f"{scope}_{k}": got[k] for k in METRICS})
    return out


def compare(versions: dict[str, Path], paths: list[str | Path], prevalence: float = 0.02, *,
            report_bad=None) -> dict[str, dict]:
    """``{version: metrics}`` of each model folder on the labelled rows of ``paths``."""
    examples = load_examples(paths, report=report_bad)
    y = np.array([e.label for e in examples])
    if len(set(y.tolist())) < 2:
        from anzuelo.errors import InputError

        raise InputError("the test data holds only one class",
                         "give test files with both deceptive and legitimate rows")
    rows = analyse_rows(examples)
    langs = [r[1] for r in rows]
    out = {}
    for name, folder in versions.items():
        p, config = score_rows(folder, rows)
        # Probabilities are moved from the training prior to the prevalence for the ECE, as ``evaluate`` does
        # (the rules model has no training prior: its probabilities are read as they are).
        out[name] = {"version": config.get("version", name), "path": str(folder),
                     **metrics_at(y, p, langs, prevalence, config.get("train_prior"))}
    return out
