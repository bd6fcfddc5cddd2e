"""The trained classifier: base scorers stacked under a calibrated logistic head.

Kinds (``--kind``):

* ``indicators``  logistic regression on indicator features only (a rules baseline);
* ``charngram``   TF-IDF of character n-grams (char_wb 2-5) and word 1-2-grams + logistic regression
                  (models trained before words were added keep their character-only ``char`` base);
* ``transformer`` frozen MiniLM embeddings + logistic regression;
* ``combo``       both base scores plus indicator features;
* ``linear``      one logistic regression on TF-IDF of char_wb 1-5 and word 1-3-grams with a larger vocabulary,
                  its C picked by inner CV (``LINEAR_C``); the head only calibrates its one score, so it ranks
                  exactly as a plain linear model (the recipe that beat the stacked kinds on EMSCAD, BENCHMARKS.md).

``encoders`` picks the frozen sentence encoders of the embedding bases:
``("minilm",)`` (the old models) or ``("minilm", "use")``, which adds a
logistic regression on multilingual USE embeddings as one more base score.
Embeddings are passed as one array (MiniLM only) or a dict ``{encoder: array}``.

Base models are fitted on the training data; the head is fitted on their
*out-of-fold* scores (so it learns how much to trust each), then calibrated
with Platt scaling on held-in folds (``CalibratedClassifierCV``, sigmoid).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from nlp.model.cascade import choose_band, cv_proba, head_estimator
from nlp.model.features import char_vectorizer, indicator_matrix, text_vectorizer
from nlp.model.metrics import prevalence_weights

KINDS = ("combo", "charngram", "transformer", "indicators", "linear")
BASES = {"combo": ("char", "emb"), "charngram": ("char",), "transformer": ("emb",), "indicators": (), "linear": ("char",)}
USES_INDICATORS = {"combo", "indicators"}
ENCODERS = ("minilm", "use")
#: Base name of each encoder's logistic model ("emb" stays MiniLM's so old pickles load).
ENCODER_BASE = {"minilm": "emb", "use": "use"}


def base_names(kind: str, encoders=("minilm",)) -> tuple[str, ...]:
    """Base scorers of ``kind``: ``char`` and one embedding base per encoder."""
    names = []
    for b in BASES[kind]:
        names += [ENCODER_BASE[e] for e in encoders] if b == "emb" else [b]
    return tuple(names)


#: Inverse regularisation of each base's logistic model. Chosen by the labelled-set CV and the
#: real-text leave-one-source-out CV together (BENCHMARKS.md, "Choosing the recipe"): for the
#: word+char ``text`` base, C=1 gained 0.005 PR-AUC@2% on real text (17 lures: noise) but lost
#: 0.05 on the labelled set; C=10 keeps the labelled set at 0.85.
BASE_C = {"char": 10.0, "text": 10.0}


#: C grid of the ``linear`` kind, picked at fit time by inner (grouped when groups are given) CV on
#: PR-AUC at 2%. C=1 (the stand-in's) lost to C 10-100 in every TF-IDF variant tried by grouped CV on
#: EMSCAD's training part, and to C=10 on the labelled set (BENCHMARKS.md), so the grid starts at 10.
LINEAR_C = (10.0, 100.0)


def linear_vectorizer(char_features: int = 200000, word_features: int = 100000):
    """TF-IDF of the ``linear`` kind: char_wb 1-5 and word 1-3-grams, vocabulary capped for model size."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True, min_df=2,
                        max_features=char_features, dtype=np.float32),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, min_df=2,
                        max_features=word_features, dtype=np.float32))


def _base(name: str, seed: int, c: float | None = None):
    return LogisticRegression(C=BASE_C.get(name, 2.0) if c is None else c, max_iter=3000, class_weight="balanced", random_state=seed)


def _logit(model, X) -> np.ndarray:
    return model.decision_function(X)


class StackedClassifier:
    """Base models + calibrated head; ``predict_proba`` takes texts, embeddings and indicators."""

    def __init__(self, kind: str = "combo", seed: int = 13, folds: int = 5, indicator_names: Sequence[str] = (),
                 encoders: Sequence[str] = ("minilm",), cascade: dict | None = None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if not encoders or any(e not in ENCODERS for e in encoders):
            raise ValueError(f"encoders must be a non-empty subset of {ENCODERS}")
        self.kind, self.seed, self.folds = kind, seed, folds
        self.encoders = tuple(encoders)
        self.indicator_names = tuple(indicator_names)
        self.bases: dict = {}
        self.vectorizer = None
        self.head = None
        self.train_prior = 0.5
        self.head_c = 0.1  # strong head regularisation: few rows, ~20 features (0.1 > 0.3 > 1 in CV)
        self.text_base = "text"  # char + word TF-IDF; pickles from before it have no attribute: "char"
        # Cascade (nlp.model.cascade): {"max_recall_cost", "max_false_alarm", "prevalence"}
        # to fit a gate and its band; None: no gate (every ad embedded).
        self.cascade = dict(cascade) if cascade else None
        self.gate = None
        self.band = None

    @property
    def used_encoders(self) -> tuple[str, ...]:
        """Encoders whose embeddings this classifier reads (pickles from before ``encoders``: MiniLM)."""
        return getattr(self, "encoders", ("minilm",)) if "emb" in BASES[self.kind] else ()

    @property
    def needs_embeddings(self) -> bool:
        """Whether this kind reads sentence embeddings."""
        return bool(self.used_encoders)

    @property
    def base_names(self) -> tuple[str, ...]:
        """The base scorers, in head-column order."""
        names = base_names(self.kind, self.used_encoders or ("minilm",))
        return tuple(getattr(self, "text_base", "char") if n == "char" else n for n in names)

    def _inputs(self, name, texts, emb):
        # The TF-IDF vocabulary is fitted once on the training texts (no labels
        # involved), so the inner folds below only refit the logistic model.
        if name in ("char", "text"):
            return self.vectorizer.transform(list(texts))
        enc = "use" if name == "use" else "minilm"
        if isinstance(emb, dict):
            return emb[enc]
        if enc != "minilm":
            raise ValueError("this model also needs USE embeddings: pass emb as {'minilm': ..., 'use': ...}")
        return emb

    def _head_features(self, scores: list[np.ndarray], indicators) -> np.ndarray:
        cols = [s.reshape(-1, 1) for s in scores]
        if self.kind in USES_INDICATORS:
            cols.append(indicator_matrix(indicators, self.indicator_names))
        return np.hstack(cols).astype(np.float64)

    def fit(self, texts: Sequence[str], y, emb: np.ndarray | None = None, indicators=None,
            sample_weight=None, groups=None) -> StackedClassifier:
        """Fit base models, the head on out-of-fold base scores, and its calibration.

        ``sample_weight`` (one per row, default 1) lets one large source (e.g. a thousand real
        postings) teach the model without drowning the rest of the negatives.
        """
        y = np.asarray(y)
        n = len(y)
        w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.train_prior = float(y.mean())
        folds = min(self.folds, int(min(np.bincount(y, minlength=2))))
        # Inner folds keep groups (near-duplicates) whole when given: else C is picked on leaked rows.
        if groups is not None and len(set(groups)) >= max(2, folds) * 2:
            splits = list(StratifiedGroupKFold(n_splits=max(2, folds), shuffle=True, random_state=self.seed)
                          .split(np.zeros(n), y, groups))
        else:
            splits = list(StratifiedKFold(n_splits=max(2, folds), shuffle=True, random_state=self.seed)
                          .split(np.zeros(n), y))
        oof = []
        self.base_c = {}  # C of each base (the linear kind's from its grid); reported, not needed to predict
        if "char" in BASES[self.kind]:
            vec = linear_vectorizer() if self.kind == "linear" else (
                text_vectorizer() if self.text_base == "text" else char_vectorizer())
            self.vectorizer = vec.fit(list(texts))
            _drop_pruned_terms(self.vectorizer)
        for name in self.base_names:
            X = self._inputs(name, texts, emb)
            best = None
            for c in LINEAR_C if self.kind == "linear" else (BASE_C.get(name, 2.0),):
                scores = np.zeros(n)
                for tr, te in splits:
                    m = _base(name, self.seed, c).fit(_take(X, tr), y[tr], sample_weight=w[tr])
                    scores[te] = _logit(m, _take(X, te))
                ap = average_precision_score(y, scores, sample_weight=w * prevalence_weights(y, 0.02))
                if best is None or ap > best[0] + 1e-9:
                    best = (ap, c, scores)
            oof.append(best[2])
            self.base_c[name] = best[1]
            self.bases[name] = _base(name, self.seed, best[1]).fit(X, y, sample_weight=w)
        H = self._head_features(oof, indicators)
        self.head = head_estimator(self.head_c, self.seed, folds).fit(H, y, sample_weight=w)
        self.gate, self.band = None, None
        if self.cascade and self.kind == "combo" and self.used_encoders:
            self._fit_gate(H, y, w, folds)
        return self

    @property
    def gate_columns(self) -> list[int]:
        """Head columns the gate reads: the TF-IDF base score and the indicators (no encoder scores)."""
        n = len(self.base_names)
        return [i for i, b in enumerate(self.base_names) if b in ("text", "char")] + list(
            range(n, n + len(self.indicator_names) * (self.kind in USES_INDICATORS)))

    def _fit_gate(self, H: np.ndarray, y: np.ndarray, w: np.ndarray, folds: int) -> None:
        cols = self.gate_columns
        full = cv_proba(H, y, w, self.head_c, self.seed, folds)
        gate = cv_proba(H[:, cols], y, w, self.head_c, self.seed, folds)
        self.gate = head_estimator(self.head_c, self.seed, folds).fit(H[:, cols], y, sample_weight=w)
        self.band = choose_band(gate, full, y, w, **self.cascade)

    def predict_proba(self, texts: Sequence[str], emb: np.ndarray | None = None, indicators=None) -> np.ndarray:
        """Calibrated probability of deceptive recruitment for each text (through the gate when it has one)."""
        if self.gate is not None:
            return self.predict_cascade(texts, indicators, lambda idx: _rows(emb, idx))[0]
        scores = [_logit(self.bases[name], self._inputs(name, texts, emb)) for name in self.base_names]
        return self.head.predict_proba(self._head_features(scores, indicators))[:, 1]

    def predict_cascade(self, texts: Sequence[str], indicators, embed) -> tuple[np.ndarray, np.ndarray]:
        """Gate every text; ``embed(indices)`` embeds only the ones inside the band. Returns (p, embedded mask)."""
        texts = list(texts)
        indicators = indicators if indicators is not None else [[] for _ in texts]
        text_score = _logit(self.bases[self.base_names[0]], self._inputs(self.base_names[0], texts, None))
        H = self._head_features([text_score] + [np.zeros(len(texts))] * (len(self.base_names) - 1), indicators)
        p = self.gate.predict_proba(H[:, self.gate_columns])[:, 1]
        inside = (p >= self.band.lo) & (p <= self.band.hi)
        idx = np.flatnonzero(inside)
        if len(idx):
            emb = embed(idx)
            for j, name in enumerate(self.base_names[1:], start=1):
                H[idx, j] = _logit(self.bases[name], self._inputs(name, None, emb))
            p[idx] = self.head.predict_proba(H[idx])[:, 1]
        return p, inside


def _drop_pruned_terms(vectorizer) -> None:
    """Forget the terms TF-IDF pruned (``stop_words_``): only kept for introspection, they would make
    the saved model several times larger (sklearn's own advice before pickling)."""
    parts = [t for _, t in getattr(vectorizer, "transformer_list", [])] or [vectorizer]
    for part in parts:
        if hasattr(part, "stop_words_"):
            part.stop_words_ = None


def _take(X, idx):
    return X[idx]


def _rows(emb, idx):
    """The embeddings (one array or ``{encoder: array}``) of rows ``idx``."""
    if emb is None:
        return None
    return {k: v[idx] for k, v in emb.items()} if isinstance(emb, dict) else emb[idx]
