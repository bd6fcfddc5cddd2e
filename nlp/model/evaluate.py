"""Evaluating a model folder on labelled data through the public ``Scorer``.

Scoring goes through ``nlp.Scorer`` (rules -> indicators -> model), exactly
as the crawl pipeline scores, so the numbers are what production sees. The
result is one flat dict (setfit style) with overall and per-language metrics
(balanced and at 2% prevalence), per text kind (chat message vs posting) and per
source (``source/<name>/...``: rows, mean score, share flagged), each indicator's
fire rate on the legitimate rows (``fire_rate/<indicator>``), risk-level counts,
the model's own leave-one-source-out numbers on real text (``loso/...``, from
training) and, when the data has gold ``indicators``, per-indicator precision/recall.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp.model.data import Example, load_examples
from nlp.model.metrics import report


def score_examples(examples: list[Example], model_dir: str | Path | None, batch_size: int = 32, progress: bool = False):
    """Scores (``nlp.types.Score``) of ``examples`` by the Scorer of ``model_dir`` and its config."""
    from nlp.scorer import Scorer

    scorer = Scorer.load(model_dir)
    ads = [{"text": e.text, "lang": e.lang if e.lang != "und" else None, "employer": e.employer,
            "country": e.meta.get("country")} for e in examples]
    starts = range(0, len(ads), batch_size)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, desc="scoring", unit="batch", leave=False)
    scores = [s for i in starts for s in scorer.score_batch(ads[i:i + batch_size])]
    return scores, scorer


def evaluate(paths: list[str | Path], model_dir: str | Path | None = None, *, progress: bool = False,
             report_bad=None) -> dict[str, float]:
    """Flat metrics of the model in ``model_dir`` on the labelled rows of ``paths``."""
    examples = load_examples(paths, report=report_bad)
    scores, scorer = score_examples(examples, model_dir, progress=progress)
    y = np.array([e.label for e in examples])
    p = np.array([s.score for s in scores])
    config = getattr(scorer.model, "config", {}) or {}
    out: dict[str, float] = {"model_version": scorer.model_version}  # type: ignore[dict-item]
    out.update(report(y, p, [e.lang for e in examples], train_prior=config.get("train_prior")))
    from nlp.model.realeval import per_source, real_report

    out.update({k: v for k, v in real_report(examples, p, prefix="all").items() if "_kind_" in k})
    th = scorer.thresholds
    for row in per_source(examples, p, th):
        for k in ("n", "deceptive", "mean_score", "at_medium", "at_high"):
            out[f"source/{row['source']}/{k}"] = row[k]
    legit = [s for e, s in zip(examples, scores) if e.label == 0]
    from nlp.model.features import indicator_names

    for name in indicator_names():
        out[f"fire_rate/{name}"] = (sum(any(i.name == name for i in s.indicators) for s in legit) / len(legit)
                                    if legit else float("nan"))
    for k, v in {**config.get("real_metrics", {}), **config.get("standin_real_metrics", {})}.items():
        out[f"loso/{k}"] = v
    for level in ("high", "medium"):
        flagged = p >= th[level]
        out[f"{level}_threshold"] = th[level]
        out[f"{level}_recall"] = float((flagged & (y == 1)).sum() / max(1, (y == 1).sum()))
        out[f"{level}_precision"] = float((flagged & (y == 1)).sum() / max(1, flagged.sum()))
    gold = [e for e in examples if e.indicators is not None]
    if gold:
        try:
            from nlp.evaluate import evaluate_indicators
        except ImportError:  # rules without their evaluation helper: skip that part
            return out
        pairs = [(e, s) for e, s in zip(examples, scores) if e.indicators is not None]
        records = [{"lang": e.lang, "indicators": e.indicators} for e, _ in pairs]
        predicted = [{i.name for i in s.indicators} for _, s in pairs]
        out.update({f"indicator/{k}": v for k, v in evaluate_indicators(records, predicted).items()})
    return out
