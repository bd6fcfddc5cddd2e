"""Model cards: README.md with data, metrics, thresholds and failure modes, plus PNG plots.

Plots (matplotlib, Agg backend, no display needed): ``pr_curve.png`` (balanced
and 2%-prevalence precision-recall of out-of-fold predictions) and
``calibration.png`` (reliability curve, 10 bins).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp.model.metrics import prevalence_weights

KNOWN_FAILURES = """\
- Real lures are scarce: the real-text numbers rest on 17 quoted messages (es 9, pt 4, en 4), so one lure
  moves a language's PR-AUC by several points. Our written messages (data/extra) fill the training side;
  they share their authors' idea of a lure, which is why only real text is used to judge the model.
- Real legitimate postings come from 10 boards with skews (Portuguese rows are mostly tech jobs, Glassdoor
  rows data-science jobs): legitimate ads from trades the corpus lacks may score higher than these tables say.
- MiniLM's vocabulary is English; Spanish and Portuguese rely more on character n-grams, indicators and
  (models with the USE encoder) multilingual USE embeddings. Portuguese has the fewest rows and the weakest numbers.
- Lures written like ordinary corporate postings (real employer named, corporate e-mail, no pay promise)
  score low; so do lures that only say "info por privado" with no other signal.
- Legitimate ads with many look-alike features (youth programmes with age limits, seasonal work abroad
  with housing, nanny jobs) can score medium; investigators should read the indicators, not the number alone.
- Probabilities are calibrated on the training mix (see the prior in config.json). At real prevalence (a few %)
  a given score means a much lower chance of deception; the thresholds below are set for 2% prevalence
  on real text (leave-one-source-out scores), and the real-text reliability curve shows scores moved to a 2% prior.
- EMSCAD-style generic corporate fraud (English, long postings) is a different domain: see BENCHMARKS.md."""


def _plots(out: Path, y, p) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    fig, ax = plt.subplots(figsize=(5, 4))
    for prev, label in ((None, "balanced set"), (0.02, "2% prevalence")):
        prec, rec, _ = precision_recall_curve(y, p, sample_weight=prevalence_weights(y, prev))
        ax.plot(rec, prec, label=label)
    ax.set(xlabel="recall", ylabel="precision", title="Precision-recall (out-of-fold)", ylim=(0, 1.02))
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "pr_curve.png", dpi=80)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 4))
    bins = np.minimum((np.asarray(p) * 10).astype(int), 9)
    xs, ys, ns = [], [], []
    for b in range(10):
        m = bins == b
        if m.any():
            xs.append(np.mean(np.asarray(p)[m]))
            ys.append(np.mean(np.asarray(y)[m]))
            ns.append(int(m.sum()))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect")
    ax.plot(xs, ys, "o-", label="model")
    for x, yy, n in zip(xs, ys, ns):
        ax.annotate(str(n), (x, yy), fontsize=7, xytext=(3, -8), textcoords="offset points")
    ax.set(xlabel="mean predicted probability", ylabel="fraction deceptive", title="Reliability (10 bins)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "calibration.png", dpi=80)
    plt.close(fig)


def metrics_table(metrics: dict) -> str:
    """Markdown table of a flat metrics dict: one row per scope (all/es/en/pt) and prevalence."""
    scopes = sorted({k.split("_")[0] for k in metrics}, key=lambda s: (s != "all", s))
    rows = ["| scope | n | prevalence | PR-AUC | P@R80 | ROC-AUC | ECE |", "|---|---|---|---|---|---|---|"]
    for s in scopes:
        for tag, name in (("bal", "as sampled"), ("p2", "2%")):
            if f"{s}_{tag}_pr_auc" not in metrics:
                continue
            v = [metrics[f"{s}_{tag}_{m}"] for m in ("pr_auc", "p_at_r80", "roc_auc", "ece")]
            rows.append(f"| {s} | {metrics.get(f'{s}_n', '')} | {name} | " + " | ".join(f"{x:.3f}" for x in v) + " |")
    return "\n".join(rows)


def _kinds_line(m: dict) -> str:
    """Per text kind of a held-out set: chat messages and postings, each against its own legitimate rows."""
    parts = [f"{kind}: {m[f'all_kind_{kind}_n_pos']} deceptive / {m[f'all_kind_{kind}_n_neg']} legitimate, "
             f"PR-AUC@2% {m[f'all_kind_{kind}_p2_pr_auc']:.3f}, ROC-AUC {m[f'all_kind_{kind}_roc_auc']:.3f}"
             for kind in ("chat", "posting") if f"all_kind_{kind}_p2_pr_auc" in m]
    return "\n\nPer text kind: " + "; ".join(parts) + "." if parts else ""


def selection_section(config: dict) -> str:
    """The candidates table, why the chosen one won, and the chosen model on the test rows."""
    from nlp.model.candidates import DESCRIPTION

    sel = config.get("selection")
    if not sel:
        return ""
    prev = f"{sel['prevalence']:.2%}".replace(".00%", "%")
    rows = sel["candidates"]
    real = any("real_pr_auc" in r for r in rows)
    head = (f"| candidate | recipe | CV PR-AUC@{prev} [95% interval] | CV P@R80 | CV ROC-AUC |"
            + (f" real LOSO PR-AUC@{prev} [95% interval] | real ROC-AUC |" if real else "") + " |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        mark = "**" if r["name"] == config["kind"] else ""
        cells = [f"{mark}{r['name']}{mark}", DESCRIPTION.get(r["name"], ""),
                 f"{r['cv_pr_auc']:.3f} [{r['cv_pr_auc_lo']:.3f}, {r['cv_pr_auc_hi']:.3f}]",
                 f"{r['cv_p_at_r80']:.3f}", f"{r['cv_roc_auc']:.3f}"]
        if real:
            cells += [f"{r['real_pr_auc']:.3f} [{r['real_pr_auc_lo']:.3f}, {r['real_pr_auc_hi']:.3f}]",
                      f"{r['real_roc_auc']:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    test = config.get("test_metrics") or {}
    args = config["training_args"]
    where = (f"the given test file(s) {', '.join(f'`{t}`' for t in args.get('test_paths') or ())}"
             if args.get("test_paths") else f"a grouped, stratified {args.get('test_size', 0):.0%} split of the data files")
    test_part = (f"\n\n### The chosen model on the test rows\n{config.get('n_test')} rows from {where}, never trained on "
                 f"(ids in config.json `test_ids`). At {prev}: PR-AUC {test['at_prevalence_pr_auc']:.3f}, "
                 f"P@R80 {test['at_prevalence_p_at_r80']:.3f}, ROC-AUC {test['at_prevalence_roc_auc']:.3f}.\n\n"
                 f"{metrics_table(test)}" if "at_prevalence_pr_auc" in test else
                 "\n\nNo test rows were held out (`--test-size 0`, or too few rows of a class).")
    return f"""
## Choosing the recipe
Candidates measured on the same grouped folds ({sel['decided_on']}; groups = the data's own groups merged with
near-duplicate texts). Metric: PR-AUC with legitimate ads re-weighted to {prev} prevalence; intervals from 300
paired bootstrap resamples. Rule: the best wins unless a simpler candidate is within one standard error of the
paired difference (noise), which then wins; "simpler" is the fixed order indicators < linear < charngram <
transformer < combo (fewer fitted models, faster to fit and score), not a measured time, so the same data
and seed always choose the same recipe (`anzuelo train` prints each candidate's fit time). Chosen: **{config['kind']}**, because {sel['why']}.

{chr(10).join(lines)}{test_part}
"""


def cascade_line(config: dict) -> str:
    """The model card's line on the cascade (empty without one)."""
    band = config.get("cascade")
    if not band:
        return ""
    args = config["training_args"]
    return (f"- Cascade: a gate (the head on the TF-IDF score and the indicators only) scores every ad first; only ads "
            f"whose gate probability lies in [{band['lo']:.4f}, {band['hi']:.4f}] are embedded and scored by the full "
            f"head. Band from the training rows' cross-validated gate scores: at most "
            f"{args.get('cascade_max_recall_cost')} of lures settled below it (measured {band['recall_cost']:.3f}), at "
            f"most {args.get('cascade_max_false_alarm')} of legitimate ads above it; {band['share_rows']:.0%} of the "
            f"training rows reach the encoders ({band['share']:.0%} at 2% prevalence). Every metric below was measured "
            f"with the gate and band refitted inside each fold.\n")


def write_card(out: Path, config: dict, y, p_oof, langs, *, real=(), p_real=None) -> Path:
    """Write README.md and the plots for the model in ``out`` (real-text part when ``real`` is given)."""
    from nlp.model.card_real import real_plots, real_section

    _plots(out, np.asarray(y), np.asarray(p_oof))
    if len(real) and p_real is not None:
        real_plots(out, [e.label for e in real], p_real, config["train_prior"])
    args = config["training_args"]
    th = config["thresholds"]
    held = "".join(f"\n\n### Held-out: `{name}`\n\n{metrics_table(m)}{_kinds_line(m)}"
                   for name, m in config["heldout_metrics"].items())
    text = f"""# anzuelo model card: `{config['version']}`

Kind: **{config['kind']}**. Scores job ads (`title + "\\n" + text`) with a calibrated probability that
the ad is deceptive recruitment (a trafficking lure or recruitment fraud).

## Model
- Base scorers: {', '.join({'char': 'char n-gram TF-IDF (char_wb 2-5) + logistic regression',
                             'text': 'TF-IDF of char_wb 1-5 and word 1-3-grams + one logistic regression, C '
                             + str(config.get('base_c', {}).get('text')) + ' picked by inner grouped CV'
                             if config['kind'] == 'linear' else
                             'TF-IDF of char n-grams (char_wb 2-5) and word 1-2-grams + logistic regression',
                             'emb': 'frozen MiniLM-L6 mean-pooled embeddings + logistic regression',
                             'use': 'frozen multilingual USE v3 embeddings + logistic regression'}[b]
                            for b in config.get('bases', [])) or 'none'}{'; indicator features (' + str(len(config['indicator_names'])) + ' rule indicators + count)' if config['kind'] in ('combo', 'indicators') else ''}.
- Head: {'calibration only: its one score, Platt-scaled on held-in folds, so it ranks exactly as the plain linear model' if config['kind'] == 'linear' else 'logistic regression on out-of-fold base scores, Platt-calibrated on held-in folds (CalibratedClassifierCV, sigmoid)'}.
- Encoder(s): {config.get('encoder') or 'not used'}; MiniLM max_length {args['max_length']}. Encoder weights
  come from the installed packages, not from this folder.
{cascade_line(config)}- Indicator features at training came from: **{config['indicator_source']}**{' (gold labels: the rules were not available; scoring uses the rules, so expect lower numbers in production)' if config['indicator_source'] == 'gold' and config['kind'] in ('combo', 'indicators') else ''}.

{selection_section(config)}
## Data
{config['n_train']} rows ({config['n_positive']} deceptive) from: {', '.join(f'`{d}`' for d in config['data'] + config.get('real_data', []))}{' (the last from `../shared/data/real`: ' + str(config.get('n_real')) + ' real rows)' if config.get('n_real') else ''}.

## Metrics on our own files (grouped stratified {args['folds']}-fold CV, seed {args['seed']}, out-of-fold)
{'The real corpus joins every training fold (sample weight ' + str(args.get('real_weight')) + ') but is never tested on here. ' if config.get('n_real') else ''}"labelled" = the 300 hand-labelled ads of `data/labelled` alone; "all" adds the messages and postings of `data/extra`.
"2%" re-weights legitimate ads so deceptive ones are 2% of the population; its ECE uses
probabilities moved to a 2% prior. P@R80 = best precision at recall >= 80%.

{metrics_table(config['cv_metrics'])}{held}

![PR curve](pr_curve.png) ![calibration](calibration.png)
{real_section(config)}
## Thresholds
Set on {'real text (leave-one-source-out scores)' if config.get('real_metrics') else 'the out-of-fold CV scores'}, at 2% prevalence:
- `medium` = {th['medium']}: lowest score whose precision at 2% prevalence reaches 10% (a review queue where 1 ad in 10 is a lure).
- `high` = {th['high']}: lowest score whose precision at 2% prevalence reaches 50%.

## Known failure modes
{KNOWN_FAILURES}

## Reproduce
```
{config['command'] or 'anzuelo train ' + ' '.join(config['data']) + ' --out DIR'}
```
The shipped default is rebuilt with `make model`. Training arguments: `{args}`.
Same data and seed give the same model (version = hash of both); the comparison with the other kinds,
EMSCAD and multilingual encoders is in BENCHMARKS.md (`benchmarks/model_comparison.py`).
"""
    (out / "README.md").write_text(text, encoding="utf-8")
    return out / "README.md"
