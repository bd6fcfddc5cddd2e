"""Candidate recipes of ``anzuelo train`` and their grouped cross-validation.

Each candidate is a ``StackedClassifier`` kind, so whichever wins is saved, loaded and
scored like any model. Listed simplest (and fastest) first: that order breaks ties
under the noise rule of ``nlp.model.select``.

* ``linear``     one logistic regression on word 1-3 + char_wb 1-5 TF-IDF, C by inner CV (not stacked);
* ``charngram``  the stacked TF-IDF base at C=10 (the shipped recipe's text part);
* ``combo``      TF-IDF + frozen sentence encoders + rule indicators under a calibrated head;
* ``indicators`` and ``transformer`` can be asked for with ``--candidates``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from nlp.model.classifier import BASES, KINDS
from nlp.model.cv import oof_proba

#: Simplest first (fit time and model size grow along it).
ORDER = ("indicators", "linear", "charngram", "transformer", "combo")
#: What ``anzuelo train`` compares unless ``--candidates`` or ``--kind`` says otherwise.
DEFAULT_CANDIDATES = ("linear", "charngram", "combo")
DESCRIPTION = {
    "indicators": "logistic regression on the rule indicators only",
    "linear": "one logistic regression on TF-IDF word 1-3 + char_wb 1-5 (C by inner grouped CV), calibrated",
    "charngram": "stacked: TF-IDF char_wb 2-5 + word 1-2 base (C=10), calibrated head",
    "transformer": "stacked: frozen sentence-encoder bases, calibrated head",
    "combo": "stacked: TF-IDF base + frozen sentence-encoder bases + rule indicators, calibrated head",
}


def parse_candidates(text: str) -> tuple[str, ...]:
    """``"linear,combo"`` -> ``("linear", "combo")``; ValueError naming the unknown ones."""
    names = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    bad = [c for c in names if c not in KINDS]
    if not names or bad:
        raise ValueError(f"unknown candidates {', '.join(bad) or text!r}: choose from {', '.join(ORDER)}")
    return names


def needs_embeddings(names: Sequence[str]) -> bool:
    """Whether any candidate reads sentence embeddings (they are computed once for all)."""
    return any("emb" in BASES[n] for n in names)


def cross_validate(names: Sequence[str], texts, y, groups, *, emb=None, inds=None, ind_names=(), folds: int = 5,
                   seed: int = 13, encoders=("minilm",), extra_train: dict | None = None,
                   progress: bool = False, cascade: dict | None = None) -> dict[str, dict]:
    """Out-of-fold probabilities and fit time of every candidate, on the same grouped folds.

    Returns ``{name: {"oof": array, "fit_s": seconds per fold}}``.
    """
    out = {}
    it = list(names)
    if progress:
        from tqdm import tqdm

        it = tqdm(it, desc="candidates", unit="recipe", leave=False)
    for name in it:
        t = time.perf_counter()
        oof = oof_proba(name, texts, y, groups, emb=emb, indicators=inds, names=ind_names, k=folds, seed=seed,
                        encoders=encoders, extra_train=extra_train, cascade=cascade)
        out[name] = {"oof": oof, "fit_s": (time.perf_counter() - t) / folds}
    return out


def ordered(names: Sequence[str]) -> list[str]:
    """``names`` simplest first (``ORDER``)."""
    return sorted(names, key=ORDER.index)


def take_rows(ps: dict[str, dict], mask) -> dict[str, np.ndarray]:
    """Each candidate's out-of-fold probabilities on the rows of ``mask``."""
    return {k: np.asarray(v["oof"])[mask] for k, v in ps.items()}
