"""The real-text part of a model card: leave-one-source-out tables, fire rates and plots.

``real_section`` returns Markdown for README.md; ``real_plots`` draws
``real_pr_curve.png`` and ``real_calibration.png`` from the out-of-source scores,
weighted to 2% prevalence (and, for calibration, moved to a 2% prior as a
deployment sees them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nlp.model.metrics import prevalence_weights, prior_shift

#: A rule indicator firing on more real legitimate postings than this is noise (issue 8).
FIRE_RATE_LIMIT = 0.10


def _fmt(v) -> str:
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.3f}"


def comparison_table(model: dict, standin: dict) -> str:
    """Rows per scope (all, languages, text kinds): model vs stand-in at 2% prevalence."""
    scopes = [k[len("real"):-len("_p2_pr_auc")].lstrip("_") or "all" for k in model if k.endswith("_p2_pr_auc")]
    rows = ["| scope | deceptive / legitimate | PR-AUC@2% | stand-in PR-AUC@2% | P@R80@2% | stand-in P@R80@2% "
            "| ROC-AUC | stand-in ROC-AUC |", "|---|---|---|---|---|---|---|---|"]
    for scope in scopes:
        m = "real" if scope == "all" else f"real_{scope}"
        s = "standin" if scope == "all" else f"standin_{scope}"
        rows.append(f"| {scope.replace('kind_', 'kind: ')} | {model.get(f'{m}_n_pos')} / {model.get(f'{m}_n_neg')} | "
                    f"{_fmt(model.get(f'{m}_p2_pr_auc'))} | {_fmt(standin.get(f'{s}_p2_pr_auc'))} | "
                    f"{_fmt(model.get(f'{m}_p2_p_at_r80'))} | {_fmt(standin.get(f'{s}_p2_p_at_r80'))} | "
                    f"{_fmt(model.get(f'{m}_roc_auc'))} | {_fmt(standin.get(f'{s}_roc_auc'))} |")
    return "\n".join(rows)


def sources_table(rows: list[dict]) -> str:
    """Per source: rows, deceptive rows, mean out-of-source score, share flagged medium / high."""
    out = ["| source | rows | deceptive | mean score | >= medium | >= high |", "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['source']} | {r['n']} | {r['deceptive']} | {r['mean_score']:.3f} | "
                   f"{r['at_medium']:.1%} | {r['at_high']:.1%} |")
    return "\n".join(out)


def fire_rate_table(rates: dict[str, float]) -> str:
    """Each indicator's fire rate on real legitimate postings, flagged above the limit."""
    out = ["| indicator | fires on real legitimate postings |", "|---|---|"]
    for name, r in sorted(rates.items(), key=lambda kv: -kv[1]):
        out.append(f"| `{name}` | {r:.1%}{' (above the 10% limit)' if r > FIRE_RATE_LIMIT else ''} |")
    return "\n".join(out)


def real_section(config: dict) -> str:
    """Markdown of the real-text evaluation, or a line saying it was not run."""
    if not config.get("real_metrics"):
        return ("\n## Real text\nNot measured: this model was trained without `--real` "
                "(the real corpus in `../shared/data/real` was not given).\n")
    return f"""
## Real text: leave-one-source-out CV ({config.get('n_real', 0)} real rows)
Real postings from {len({r['source'] for r in config['real_sources'] if r['deceptive'] == 0})} job boards and
real lures quoted by police, agencies and news (`{', '.join(config.get('real_data', []))}`, read from
`../shared/data/real`, never copied into the repo). Each fold holds out one board (and the outlets dealt to it);
the model of that fold is trained on our own data and every other source. Lures are few (see the counts):
each one moves these numbers, so read them with their error bars in mind. "kind: chat" ranks real chat lures
against every real posting; the TF-IDF stand-in (char 2-5 + word 1-2, logistic regression) runs on the same folds.

{comparison_table(config['real_metrics'], config.get('standin_real_metrics', {}))}

![real PR curve](real_pr_curve.png) ![real calibration](real_calibration.png)

### Per source (out-of-source scores)

{sources_table(config['real_sources'])}

### Rule indicators on real legitimate postings

{fire_rate_table(config.get('real_fire_rates', {}))}
"""


def real_plots(out: Path, y, p, train_prior: float) -> None:
    """PR curve at 2% prevalence and a reliability curve at a 2% prior, from out-of-source scores."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    y, p = np.asarray(y), np.asarray(p, dtype=float)
    w = prevalence_weights(y, 0.02)
    fig, ax = plt.subplots(figsize=(5, 4))
    prec, rec, _ = precision_recall_curve(y, p, sample_weight=w)
    ax.plot(rec, prec, label="2% prevalence")
    ax.set(xlabel="recall", ylabel="precision", title="Real text, leave-one-source-out", ylim=(0, 1.02))
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "real_pr_curve.png", dpi=80)
    plt.close(fig)

    # Probabilities are calibrated on the training mix: move them to a 2% prior first.
    pc = prior_shift(p, train_prior, 0.02)
    fig, ax = plt.subplots(figsize=(5, 4))
    edges = np.array([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0001])
    xs, ys = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (pc >= lo) & (pc < hi)
        if w[m].sum() > 0:
            xs.append(np.average(pc[m], weights=w[m]))
            ys.append(np.average(y[m], weights=w[m]))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect")
    ax.plot(xs, ys, "o-", label="model (2% prior)")
    ax.set(xlabel="predicted probability at 2% prior", ylabel="fraction deceptive (2% weighted)",
           title="Reliability on real text")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "real_calibration.png", dpi=80)
    plt.close(fig)
