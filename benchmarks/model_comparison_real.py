"""Real-text settings of the model comparison: leave-one-source-out and ours->real.

Imported by ``benchmarks/model_comparison.py`` (``--only real``). Two settings per variant:

* ``real loso``  trained on our files (data/labelled + data/extra) + the real corpus minus one
                 source, tested on that source: ``nlp.model.train.real_loso`` over
                 ``nlp.model.realeval.loso_folds``, exactly as ``anzuelo train --real`` measures it;
* ``ours->real`` trained on our files only, tested on every real row (what the old default faced).

Both are reported with ``nlp.model.realeval.real_report`` (2% prevalence; all, per language,
per text kind) plus a bootstrap 90% interval of PR-AUC@2% and of its difference from the
TF-IDF stand-in on the same rows: with 17 real lures, one lure moves PR-AUC@2% by several points.
The real texts are read from ``../shared`` and never written anywhere; only metrics leave here.
"""

from __future__ import annotations

import sys
import time

import numpy as np

#: Variant name -> (classifier kind, frozen encoders). ``combo+USE`` is the shipped default.
VARIANTS = {"rules": ("rules", ()), "indicators": ("indicators", ("minilm",)), "charngram": ("charngram", ("minilm",)),
            "transformer": ("transformer", ("minilm",)), "combo": ("combo", ("minilm",)),
            "combo+USE": ("combo", ("minilm", "use"))}
STANDIN = "stand-in (TF-IDF)"
REAL_SETTINGS = ["real loso", "ours->real"]
SCOPES = ["real", "real_es", "real_en", "real_pt", "real_kind_chat", "real_kind_posting"]
PREVALENCE, BOOT, SEED = 0.02, 1000, 13


def bootstrap(y, p, p_ref=None, reps: int = BOOT, seed: int = SEED) -> dict[str, float]:
    """90% intervals of PR-AUC@2% (and of ``p - p_ref``'s difference), resampling lures and postings apart."""
    from sklearn.metrics import average_precision_score

    from nlp.model.metrics import prevalence_weights

    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    w = prevalence_weights(y, PREVALENCE)
    vals, diffs = [], []
    for _ in range(reps):
        idx = np.concatenate([rng.choice(pos, len(pos)), rng.choice(neg, len(neg))])
        a = average_precision_score(y[idx], p[idx], sample_weight=w[idx])
        vals.append(a)
        if p_ref is not None:
            diffs.append(a - average_precision_score(y[idx], p_ref[idx], sample_weight=w[idx]))
    out = {"real_p2_pr_auc_lo": float(np.percentile(vals, 5)), "real_p2_pr_auc_hi": float(np.percentile(vals, 95))}
    if diffs:
        out.update(vs_standin_lo=float(np.percentile(diffs, 5)), vs_standin_hi=float(np.percentile(diffs, 95)))
    return out


def _features(s, use_emb) -> dict:
    return {"texts": s.texts, "y": s.y, "emb": {"minilm": s.emb, "use": use_emb}, "inds": s.inds}


def real_rows(ours, real, use_embeddings, variants=None, seed: int = SEED) -> dict:
    """{(setting, variant): metrics} of every variant (and the stand-in) in both real settings."""
    from nlp.model.classifier import StackedClassifier
    from nlp.model.features import indicator_names
    from nlp.model.realeval import real_report, standin_proba
    from nlp.model.train import TrainingArguments, real_loso

    names, t0 = indicator_names(), time.time()
    base, real_f = _features(ours, use_embeddings(ours)), _features(real, use_embeddings(real))
    probs: dict[tuple[str, str], np.ndarray] = {}
    stand = None
    for name in variants or VARIANTS:
        kind, encoders = VARIANTS[name]
        if kind == "rules":  # the shipped rules model is fixed: never trained on real text
            probs[("real loso", name)] = probs[("ours->real", name)] = real.rules_proba()
        else:
            args = TrainingArguments(kind=kind, encoders=encoders, seed=seed)
            p, p_stand = real_loso(args, names, base, real.ex, real_f, progress=True)
            if stand is not None and not np.allclose(stand, p_stand):
                print("warning: the stand-in differed between variants (not deterministic?)", file=sys.stderr)
            stand, probs[("real loso", name)] = p_stand, p
            clf = StackedClassifier(kind, seed=seed, indicator_names=names, encoders=encoders)
            clf.fit(base["texts"], base["y"], base["emb"], base["inds"])
            probs[("ours->real", name)] = clf.predict_proba(real_f["texts"], real_f["emb"], real_f["inds"])
        print(f"{name}: real settings done ({time.time() - t0:.0f}s)", file=sys.stderr)
    if stand is None:  # only the rules variant asked for: the stand-in's folds still need a run
        from nlp.model.realeval import loso_folds, loso_oof

        stand = loso_oof(lambda tr, te: standin_proba(list(ours.texts) + [real.texts[i] for i in tr],
                                                      np.concatenate([ours.y, real.y[tr]]),
                                                      [real.texts[i] for i in te], seed=seed),
                         len(real.y), loso_folds(real.ex))
    probs[("real loso", STANDIN)] = stand
    probs[("ours->real", STANDIN)] = standin_proba(ours.texts, ours.y, real.texts, seed=seed)
    results = {}
    for (setting, name), p in probs.items():
        ref = None if name == STANDIN else probs[(setting, STANDIN)]
        results[(setting, name)] = {**real_report(real.ex, p), **bootstrap(real.y, p, ref)}
    return results


def _f(v) -> str:
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


def real_tables(results: dict) -> tuple[str, str]:
    """Main table (one row per setting and variant) and the per-scope detail table."""
    rows = [(k, m) for k, m in results.items() if k[0] in REAL_SETTINGS]
    rows.sort(key=lambda km: (REAL_SETTINGS.index(km[0][0]), list(VARIANTS).index(km[0][1])
                              if km[0][1] in VARIANTS else len(VARIANTS)))
    main = ["| setting | model | PR-AUC@2% | 90% interval | minus stand-in (90%) | P@R80@2% | ROC-AUC "
            "| es PR-AUC@2% | en PR-AUC@2% | pt PR-AUC@2% | chat PR-AUC@2% | commit |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    detail = ["| setting | model | scope | lures / postings | PR-AUC@2% | P@R80@2% | ROC-AUC |",
              "|---|---|---|---|---|---|---|"]
    for (setting, name), m in rows:
        vs = "-" if "vs_standin_lo" not in m else f"{m['vs_standin_lo']:+.3f}..{m['vs_standin_hi']:+.3f}"
        main.append(f"| {setting} | {name} | {_f(m.get('real_p2_pr_auc'))} | "
                    f"{_f(m.get('real_p2_pr_auc_lo'))}..{_f(m.get('real_p2_pr_auc_hi'))} | {vs} | "
                    f"{_f(m.get('real_p2_p_at_r80'))} | {_f(m.get('real_roc_auc'))} | "
                    + " | ".join(_f(m.get(f"{s}_p2_pr_auc")) for s in SCOPES[1:5]) + f" | {m.get('commit', '?')} |")
        for s in SCOPES:
            if f"{s}_n_pos" not in m:
                continue  # no real lure in that scope (every real lure is a chat message)
            label = "all" if s == "real" else s[5:].replace("kind_", "kind: ")
            vals = " | ".join(_f(m.get(f"{s}_{k}")) for k in ("p2_pr_auc", "p2_p_at_r80", "roc_auc"))
            detail.append(f"| {setting} | {name} | {label} | {m[f'{s}_n_pos']} / {m[f'{s}_n_neg']} | {vals} |")
    return "\n".join(main), "\n".join(detail)
