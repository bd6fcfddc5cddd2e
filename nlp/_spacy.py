"""Import spaCy without torch: import this module before any ``spacy`` import in ``nlp``."""

from __future__ import annotations

import importlib.abc
import sys


def _import_spacy_without_torch() -> None:
    """Import spaCy without letting thinc import torch (5 s, 1 GB) for blank pipelines.

    thinc probes ``import torch`` at import time; the rule pipeline never
    needs it. When torch is already loaded (a trained model came first) or
    spaCy is already imported, nothing is blocked. torch stays importable
    afterwards for whoever needs it.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return

    class _NoTorch(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "torch" or name.startswith("torch."):
                raise ImportError("torch is not needed by the anzuelo rule pipeline")
            return None

    blocker = _NoTorch()
    sys.meta_path.insert(0, blocker)
    try:
        import spacy  # noqa: F401
    finally:
        sys.meta_path.remove(blocker)


_import_spacy_without_torch()

