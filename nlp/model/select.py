"""Choosing the recipe: near-duplicate groups, a grouped test split, and the noise rule.

``anzuelo train`` measures every candidate recipe (``nlp.model.candidates``) by grouped
CV on the rows it trains on and keeps the best on PR-AUC at the stated prevalence, except
that a simpler candidate wins when the best beats it by less than the noise: one standard
error of the paired bootstrap difference (Breiman's one-standard-error rule). A few lucky
positives can then never buy a slower, larger model.

Groups: rows sharing ``Example.group`` stay on one side of every split, and so do
near-duplicate texts (word 5-shingle Jaccard >= 0.5: reposted ads, one template with
another city), which would otherwise let a model be tested on its own training rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.model_selection import StratifiedGroupKFold

from nlp.model.metrics import binary_metrics

#: Two texts sharing at least this share of their word 5-shingles are one group.
NEAR_DUPLICATE_JACCARD = 0.5
#: Bootstrap resamples for the intervals and the noise rule (fixed seed: reproducible).
BOOTSTRAP = 300


def near_duplicate_groups(texts: Sequence[str], groups: Sequence[str] | None = None,
                          threshold: float = NEAR_DUPLICATE_JACCARD) -> np.ndarray:
    """One integer group per text: the given ``groups`` merged with near-duplicate texts."""
    n = len(texts)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    if groups is not None:
        first: dict[str, int] = {}
        for i, g in enumerate(groups):
            parent[find(i)] = find(first.setdefault(g, i))
    vocab: dict[str, int] = {}
    cols, ptr = [], [0]
    for t in texts:
        w = re.sub(r"\W+", " ", t.lower()).split()
        cols += sorted({vocab.setdefault(" ".join(w[j:j + 5]), len(vocab)) for j in range(max(1, len(w) - 4))})
        ptr.append(len(cols))
    X = csr_matrix((np.ones(len(cols), dtype=np.float32), cols, ptr), shape=(n, max(1, len(vocab))))
    sizes = np.asarray(X.sum(1)).ravel()
    inter = (X @ X.T).tocoo()
    for a, b, v in zip(inter.row, inter.col, inter.data):
        if a < b and v / (sizes[a] + sizes[b] - v) >= threshold:
            parent[find(a)] = find(b)
    return np.array([find(i) for i in range(n)])


def holdout_split(y, groups, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) indices: a stratified split keeping each group whole, ``test_size`` of the rows."""
    y = np.asarray(y)
    k = max(2, round(1 / test_size))
    if len(set(np.asarray(groups).tolist())) < 2 * k:  # too few groups for a split that keeps them whole
        return np.arange(len(y)), np.array([], dtype=int)
    tr, te = next(StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y, groups))
    return np.sort(tr), np.sort(te)


def bootstrap_pr_auc(y, ps: dict[str, np.ndarray], prevalence: float, seed: int = 13,
                     n: int = BOOTSTRAP) -> dict[str, np.ndarray]:
    """PR-AUC at ``prevalence`` of each score vector on the same ``n`` row resamples (paired)."""
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    out: dict[str, list[float]] = {k: [] for k in ps}
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        if len(set(y[i].tolist())) < 2:
            continue
        for k, p in ps.items():
            out[k].append(binary_metrics(y[i], np.asarray(p)[i], prevalence=prevalence)["pr_auc"])
    return {k: np.array(v) for k, v in out.items()}


def candidate_rows(y, ps: dict[str, np.ndarray], prevalence: float, seed: int = 13) -> dict[str, dict]:
    """Per candidate: PR-AUC at ``prevalence`` with a 95% bootstrap interval, P@R80 there, ROC-AUC."""
    y = np.asarray(y)
    boots = bootstrap_pr_auc(y, ps, prevalence, seed)
    rows = {}
    for k, p in ps.items():
        m = binary_metrics(y, p, prevalence=prevalence)
        lo, hi = np.percentile(boots[k], [2.5, 97.5]) if len(boots[k]) else (np.nan, np.nan)
        rows[k] = {"pr_auc": m["pr_auc"], "pr_auc_lo": float(lo), "pr_auc_hi": float(hi),
                   "p_at_r80": m["p_at_r80"], "roc_auc": m["roc_auc"], "_boot": boots[k]}
    return rows


def within_noise(rows: dict[str, dict], best: str) -> set[str]:
    """Candidates whose PR-AUC is below the best's by less than one standard error of the paired difference."""
    out = {best}
    for k, r in rows.items():
        diff = rows[best]["_boot"] - r["_boot"]
        gap = rows[best]["pr_auc"] - r["pr_auc"]
        if k != best and len(diff) > 1 and gap <= diff.std(ddof=1):
            out.add(k)
    return out


def choose(tables: Sequence[dict[str, dict]], order: Sequence[str]) -> tuple[str, str]:
    """The chosen candidate and why, from one or more tables (first = the deciding metric).

    ``order`` lists candidates simplest first. The best of the first table wins unless a
    simpler one is within the noise of that best in *every* table (so with the real corpus a
    simpler model must hold on real text and on the labelled CV alike).
    """
    first = tables[0]
    best = max(first, key=lambda k: (first[k]["pr_auc"], -order.index(k)))
    near = set(first)
    for t in tables:  # a simpler candidate must not be clearly worse than the best in any table
        near &= within_noise(t, best)
    pick = min(near, key=order.index)
    if pick == best:
        return best, f"`{best}` has the highest PR-AUC and no simpler candidate is within its noise"
    return pick, (f"`{best}` scored highest, but `{pick}` is within one standard error of the paired bootstrap "
                  f"difference (noise) and is simpler/faster, so it is preferred")
