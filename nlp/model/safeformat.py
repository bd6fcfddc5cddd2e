"""The model folder format that loads without unpickling: arrays in ``.npz``, everything else in JSON.

A pickle is a program: ``joblib.load`` on a shared model folder runs whatever
the file says. This format holds only numbers and strings:

    heads.json        kind, seed, encoders, indicator order, base names, TF-IDF analyzer parameters
    heads.npz         every array (logistic coefficients, Platt scaling a/b, TF-IDF idf), read with
                      ``np.load(..., allow_pickle=False)``
    vocabulary.json   the TF-IDF terms of each vectorizer, in column order
    manifest.json     SHA-256 of every file in the folder (``nlp.model.manifest``), checked first

Loading rebuilds the scikit-learn TF-IDF vectorizers (their analyzers tokenise
exactly as at training) and replaces the logistic models and the calibrated head
by the few lines of numpy they amount to (``LinearScorer``, ``SigmoidHead``), so
``StackedClassifier.predict_proba`` gives the same numbers as the fitted objects.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.utils.extmath import safe_sparse_dot

from nlp.model.cascade import Band
from nlp.model.classifier import StackedClassifier

FORMAT = 1
HEADS_JSON, HEADS_NPZ, VOCAB = "heads.json", "heads.npz", "vocabulary.json"
FILES = (HEADS_JSON, HEADS_NPZ, VOCAB)
#: TfidfVectorizer parameters kept (all plain values); callables (tokenizer, preprocessor) are refused.
_PARAMS = ("analyzer", "binary", "decode_error", "encoding", "input", "lowercase", "max_df", "max_features", "min_df",
           "ngram_range", "norm", "smooth_idf", "strip_accents", "sublinear_tf", "token_pattern", "use_idf")


class LinearScorer:
    """A fitted logistic model's ``decision_function``: ``X @ coef.T + intercept`` (sklearn's own arithmetic)."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray) -> None:
        self.coef_, self.intercept_ = coef, intercept

    def decision_function(self, X) -> np.ndarray:
        return (safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_).reshape(-1)


class SigmoidHead:
    """The calibrated head: Platt scaling ``1 / (1 + exp(a * s + b))`` of a logistic score ``s``.

    ``CalibratedClassifierCV(method="sigmoid", ensemble=False)`` holds one such pair
    (head logistic model, sigmoid calibrator); ``predict_proba`` returns the same two columns.
    """

    def __init__(self, scorer: LinearScorer, a: float, b: float) -> None:
        self.scorer, self.a, self.b = scorer, float(a), float(b)

    def predict_proba(self, H) -> np.ndarray:
        p = expit(-(self.a * self.scorer.decision_function(H) + self.b))
        return np.column_stack([1.0 - p, p])


def _linear(model) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(model.coef_), np.asarray(model.intercept_)


def _head_parts(head) -> tuple[np.ndarray, np.ndarray, float, float]:
    if isinstance(head, SigmoidHead):
        return (*_linear(head.scorer), head.a, head.b)
    cals = getattr(head, "calibrated_classifiers_", None)
    if not cals or len(cals) != 1 or getattr(cals[0], "method", "") != "sigmoid" or len(cals[0].calibrators) != 1:
        raise ValueError("only a binary CalibratedClassifierCV(method='sigmoid', ensemble=False) head can be saved")
    cal = cals[0]
    return (*_linear(cal.estimator), float(cal.calibrators[0].a_), float(cal.calibrators[0].b_))


def _vectorizer_parts(vec) -> list[tuple[str, TfidfVectorizer]]:
    if vec is None:
        return []
    return list(vec.transformer_list) if isinstance(vec, FeatureUnion) else [("tfidf", vec)]


def _params(vec: TfidfVectorizer) -> dict:
    if vec.tokenizer is not None or vec.preprocessor is not None or callable(vec.analyzer) or vec.stop_words:
        raise ValueError("a TF-IDF vectorizer with custom callables or stop words cannot be saved as data")
    params = {k: getattr(vec, k) for k in _PARAMS}
    params["ngram_range"] = list(params["ngram_range"])
    params["dtype"] = np.dtype(vec.dtype).name
    return params


def to_files(clf: StackedClassifier) -> dict[str, bytes]:
    """The three files (name -> bytes) holding a fitted classifier, pickle-free."""
    arrays: dict[str, np.ndarray] = {}
    for name in clf.base_names:
        arrays[f"base.{name}.coef"], arrays[f"base.{name}.intercept"] = _linear(clf.bases[name])
    coef, intercept, a, b = _head_parts(clf.head)
    arrays.update({"head.coef": coef, "head.intercept": intercept, "head.ab": np.array([a, b])})
    if getattr(clf, "gate", None) is not None:  # the cascade's gate (nlp.model.cascade)
        coef, intercept, a, b = _head_parts(clf.gate)
        arrays.update({"gate.coef": coef, "gate.intercept": intercept, "gate.ab": np.array([a, b])})
    parts, terms = [], []
    for i, (name, vec) in enumerate(_vectorizer_parts(clf.vectorizer)):
        arrays[f"tfidf.{i}.idf"] = np.asarray(vec.idf_)
        parts.append({"name": name, "params": _params(vec)})
        vocab = vec.vocabulary_
        order = sorted(vocab, key=vocab.__getitem__)
        if [vocab[t] for t in order] != list(range(len(order))):
            raise ValueError("TF-IDF vocabulary indices are not 0..n-1")
        terms.append(order)
    meta = {
        "format": FORMAT, "kind": clf.kind, "seed": clf.seed, "folds": clf.folds,
        "encoders": list(getattr(clf, "encoders", ("minilm",))), "indicator_names": list(clf.indicator_names),
        "text_base": getattr(clf, "text_base", "char"), "train_prior": float(clf.train_prior),
        "head_c": float(getattr(clf, "head_c", 0.1)), "base_names": list(clf.base_names),
        "cascade": None if getattr(clf, "gate", None) is None else
        {"band": clf.band.as_dict(), "settings": clf.cascade, "gate_columns": clf.gate_columns},
        "vectorizer": None if clf.vectorizer is None else
        {"union": isinstance(clf.vectorizer, FeatureUnion), "parts": parts},
    }
    return {HEADS_JSON: _json(meta), HEADS_NPZ: npz_bytes(arrays), VOCAB: _json({"terms": terms}, indent=None)}


def from_dir(d: Path) -> StackedClassifier:
    """Rebuild the classifier from the files ``to_files`` wrote (no pickle is ever read)."""
    meta = json.loads((d / HEADS_JSON).read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"unknown heads.json format {meta.get('format')!r} (this anzuelo reads {FORMAT})")
    with np.load(d / HEADS_NPZ, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    clf = StackedClassifier(meta["kind"], seed=meta["seed"], folds=meta["folds"],
                            indicator_names=meta["indicator_names"], encoders=tuple(meta["encoders"]))
    clf.text_base, clf.train_prior, clf.head_c = meta["text_base"], meta["train_prior"], meta["head_c"]
    if tuple(meta["base_names"]) != clf.base_names:
        raise ValueError(f"heads.json lists bases {meta['base_names']} but kind {clf.kind} has {list(clf.base_names)}")
    clf.bases = {n: LinearScorer(arrays[f"base.{n}.coef"], arrays[f"base.{n}.intercept"]) for n in clf.base_names}
    a, b = arrays["head.ab"].tolist()
    clf.head = SigmoidHead(LinearScorer(arrays["head.coef"], arrays["head.intercept"]), a, b)
    if meta.get("cascade"):
        a, b = arrays["gate.ab"].tolist()
        clf.gate = SigmoidHead(LinearScorer(arrays["gate.coef"], arrays["gate.intercept"]), a, b)
        clf.band, clf.cascade = Band(**meta["cascade"]["band"]), meta["cascade"]["settings"]
        if meta["cascade"]["gate_columns"] != clf.gate_columns:
            raise ValueError(f"heads.json's gate reads columns {meta['cascade']['gate_columns']}, "
                             f"kind {clf.kind} has {clf.gate_columns}")
    if meta["vectorizer"]:
        terms = json.loads((d / VOCAB).read_text(encoding="utf-8"))["terms"]
        parts = [(p["name"], _vectorizer(p["params"], terms[i], arrays[f"tfidf.{i}.idf"]))
                 for i, p in enumerate(meta["vectorizer"]["parts"])]
        clf.vectorizer = FeatureUnion(parts) if meta["vectorizer"]["union"] else parts[0][1]
    return clf


def _vectorizer(params: dict, terms: list[str], idf: np.ndarray) -> TfidfVectorizer:
    params = {k: params[k] for k in _PARAMS + ("dtype",)}
    params["ngram_range"], params["dtype"] = tuple(params["ngram_range"]), np.dtype(params["dtype"]).type
    vec = TfidfVectorizer(**params)
    vec.vocabulary_ = {t: i for i, t in enumerate(terms)}
    vec.idf_ = idf
    return vec


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An ``.npz`` with fixed member dates and order, so the same model gives the same bytes (and hash)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            arr = np.ascontiguousarray(arrays[key])
            if arr.dtype == object:
                raise ValueError(f"array {key} holds Python objects: not storable without pickle")
            out = io.BytesIO()
            np.lib.format.write_array(out, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, out.getvalue())
    return buf.getvalue()


def _json(obj, indent: int | None = 1) -> bytes:
    return (json.dumps(obj, indent=indent, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
