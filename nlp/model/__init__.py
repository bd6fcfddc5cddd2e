"""The trained classifier of anzuelo: data loading, features, training, metrics, model cards.

``load_model(model_dir)`` is what ``nlp.Scorer`` calls for non-rule models; it
returns an object with ``version``, ``thresholds`` and
``predict_proba(texts, langs, indicators)``. torch is imported only when a
model that needs the MiniLM encoder scores its first batch.
"""

from __future__ import annotations

from pathlib import Path

#: The default model shipped inside the package.
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "default"


def load_model(model_dir: str | Path | None = None):
    """Load a model folder written by ``anzuelo train`` (default: the shipped model)."""
    from nlp.model.model import AnzueloModel

    return AnzueloModel.load(model_dir or DEFAULT_MODEL_DIR)


__all__ = ["DEFAULT_MODEL_DIR", "load_model"]
