"""Leave-one-source-out evaluation on real text: the numbers an investigator can defend.

The real corpus (``../shared/data/real``: real postings from job boards, real lures quoted
by police and news) is split by *where it was published*, never by row: each board is one
fold, and the outlets that quoted lures are dealt round-robin over the same folds. A fold's
model is trained on our own data plus every other source, and scores the held-out source,
so a number here says how the model does on a board or outlet it has never seen.

The plain TF-IDF stand-in (char 2-5 + word 1-2, logistic regression) runs on the same folds:
a model that cannot beat it on real text has no business being the default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from nlp.model.data import Example
from nlp.model.metrics import binary_metrics

DEPLOY_PREVALENCE = 0.02


def loso_folds(examples: Sequence[Example]) -> list[tuple[str, np.ndarray]]:
    """(name, test indices) per fold: one fold per source holding negatives; positive-only
    sources (outlets quoting lures) are dealt round-robin over those folds in name order."""
    by_origin: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        by_origin[e.origin or e.source].append(i)
    neg = sorted(o for o, idx in by_origin.items() if any(examples[i].label == 0 for i in idx))
    pos_only = sorted(o for o in by_origin if o not in neg)
    if not neg:  # nothing to anchor folds on: one fold per source
        return [(o, np.array(by_origin[o])) for o in pos_only]
    members: dict[str, list[int]] = {o: list(by_origin[o]) for o in neg}
    names: dict[str, list[str]] = {o: [o] for o in neg}
    for j, o in enumerate(pos_only):
        anchor = neg[j % len(neg)]
        members[anchor] += by_origin[o]
        names[anchor].append(o)
    return [(" + ".join(names[o]), np.array(sorted(members[o]))) for o in neg]


def loso_oof(fit_predict: Callable[[np.ndarray, np.ndarray], np.ndarray], n: int,
             folds: list[tuple[str, np.ndarray]], progress: bool = False) -> np.ndarray:
    """Out-of-source probabilities: ``fit_predict(train_idx, test_idx)`` over the real rows, per fold.

    ``fit_predict`` adds our own training data itself; only real rows are split here.
    """
    out = np.full(n, np.nan)
    it = folds
    if progress:
        from tqdm import tqdm

        it = tqdm(folds, desc="leave-one-source-out", unit="fold", leave=False)
    for _, te in it:
        tr = np.setdiff1d(np.arange(n), te)
        out[te] = fit_predict(tr, te)
    return out


def standin_proba(train_texts: Sequence[str], y_train, test_texts: Sequence[str], seed: int = 13) -> np.ndarray:
    """The reference model of issue 8: TF-IDF char 2-5 + word 1-2, one logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    vec = make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
                     TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2))
    X = vec.fit_transform(list(train_texts))
    m = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced", random_state=seed).fit(X, y_train)
    return m.predict_proba(vec.transform(list(test_texts)))[:, 1]


def real_report(examples: Sequence[Example], p, prefix: str = "real",
                prevalence: float = DEPLOY_PREVALENCE) -> dict[str, float]:
    """Flat metrics of out-of-source scores ``p``: all, per language, per text kind.

    Per language and per kind the deceptive rows of that scope are ranked against the
    legitimate rows *of that scope*, falling back to all legitimate rows when the scope
    has none (real lures are all chat messages, real postings all postings: "chat" then
    asks whether real chat lures rise above every real posting). Keys like
    ``real_p2_pr_auc``, ``real_es_p2_pr_auc``, ``real_kind_chat_p2_pr_auc``, ``real_es_n_pos``.
    """
    y = np.array([e.label for e in examples])
    p = np.asarray(p, dtype=float)
    out: dict[str, float] = {}

    def put(tag: str, pos: np.ndarray, neg: np.ndarray) -> None:
        m = pos | (neg if (neg & (y == 0)).any() else (y == 0))
        out[f"{tag}_n_pos"] = int((m & (y == 1)).sum())
        out[f"{tag}_n_neg"] = int((m & (y == 0)).sum())
        met = binary_metrics(y[m], p[m], prevalence=prevalence)
        for k in ("pr_auc", "p_at_r80", "roc_auc"):
            out[f"{tag}_p{round(prevalence * 100):g}_{k}" if k != "roc_auc" else f"{tag}_roc_auc"] = met[k]

    every = np.ones(len(y), bool)
    put(prefix, every, every)
    langs = np.array([e.lang for e in examples])
    kinds = np.array([e.kind for e in examples])
    for lang in sorted(set(langs.tolist())):
        scope = langs == lang
        if (scope & (y == 1)).any():
            put(f"{prefix}_{lang}", scope & (y == 1), scope & (y == 0))
    for kind in sorted(set(kinds.tolist())):
        scope = kinds == kind
        if (scope & (y == 1)).any():
            put(f"{prefix}_kind_{kind}", scope & (y == 1), scope & (y == 0))
    return out


def per_source(examples: Sequence[Example], p, thresholds: dict[str, float]) -> list[dict]:
    """One row per source: rows, deceptive rows, mean score, share at or above medium and high."""
    p = np.asarray(p, dtype=float)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[e.origin or e.source].append(i)
    rows = []
    for origin, idx in sorted(groups.items()):
        ps = p[idx]
        rows.append({"source": origin, "n": len(idx), "deceptive": int(sum(examples[i].label for i in idx)),
                     "mean_score": float(ps.mean()),
                     "at_medium": float((ps >= thresholds["medium"]).mean()),
                     "at_high": float((ps >= thresholds["high"]).mean())})
    return rows


def judging_folds(y_ours, groups, real: Sequence[Example], real_weight: float = 0.15, k: int = 5,
                  seed: int = 13) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(train rows, test rows, train weights) of both evaluations the default model is judged by.

    Rows are our files (``y_ours``, ``groups``) followed by the ``real`` corpus. First the grouped
    ``k``-fold CV of our files, every real row joining each training fold at ``real_weight``; then the
    real corpus leave-one-source-out, our files and the other sources training (as ``anzuelo train``).
    """
    from nlp.model.cv import grouped_folds

    nb = len(y_ours)
    r_idx = np.arange(nb, nb + len(real))
    folds = [(np.r_[tr, r_idx], te, np.r_[np.ones(len(tr)), np.full(len(r_idx), real_weight)])
             for tr, te in grouped_folds(np.asarray(y_ours), groups, k, seed)]
    for _, te_r in loso_folds(real):
        tr_r = np.setdiff1d(np.arange(len(real)), te_r) + nb
        folds.append((np.r_[np.arange(nb), tr_r], te_r + nb, np.r_[np.ones(nb), np.full(len(tr_r), real_weight)]))
    return folds
